/**
 * Uniform(low, high) on the open interval. Inverse-CDF sampler low + (high − low) · u (Kingma & Welling
 * 2014, §2.4), pathwise in both bounds; draws are kept one float32 step inside the bounds.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { clampBetween, openUniform } from './noise.js';
import type { Rng } from './rng.js';

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
    return clampBetween(this.icdf(openUniform(this.drawShape(sampleShape), rng)), this.param('low'), this.param('high'));
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
