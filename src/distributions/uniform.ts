/**
 * Uniform(low, high) on the open interval. Inverse-CDF sampler low + (high − low) · u (Kingma & Welling
 * 2014, §2.4), pathwise in both bounds; draws are kept one float32 step inside the bounds.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { openUniform } from './noise.js';
import type { Rng } from './rng.js';
import { FLOAT32_TINY } from './special.js';

/** The continuous uniform distribution. */
export class Uniform extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['inverse-cdf'];

  /** @param params - `{low, high}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Uniform', DISTRIBUTIONS.Uniform, params);
  }

  private width(): tf.Tensor {
    return tf.sub(this.param('high'), this.param('low'));
  }

  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sub(tf.zerosLike(value), tf.log(this.width())));
  }

  protected override supportPoint(): tf.Tensor {
    return tf.mul(0.5, tf.add(this.param('low'), this.param('high')));
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'inverse-cdf') return super.samplePathwise(kind, sampleShape, rng);
    const x = this.icdf(openUniform(this.drawShape(sampleShape), rng));
    // low + w·u rounds to a bound when u is within a float32 step of 0 or 1; |b|·2⁻²³ is at least one step.
    const step = (b: tf.Tensor): tf.Tensor => tf.maximum(tf.mul(tf.abs(b), 2 ** -23), FLOAT32_TINY);
    // Bounds broadcast explicitly: tfjs's Maximum/Minimum gradients do not reduce over broadcast axes.
    const low = tf.broadcastTo(this.param('low'), x.shape);
    const high = tf.broadcastTo(this.param('high'), x.shape);
    return tf.minimum(tf.maximum(x, tf.add(low, step(low))), tf.sub(high, step(high)));
  }

  /** (x − low)/(high − low), clipped to [0, 1]. */
  cdf(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.clipByValue(tf.div(tf.sub(x, this.param('low')), this.width()), 0, 1));
  }

  /** low + (high − low) · u. */
  icdf(u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(this.param('low'), tf.mul(this.width(), u)));
  }

  /** (low + high) / 2. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.supportPoint(), this.batchShape));
  }

  /** (high − low)² / 12. */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(tf.square(this.width()), 12), this.batchShape));
  }

  /** log(high − low). */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.log(this.width()), this.batchShape));
  }
}
