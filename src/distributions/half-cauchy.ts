/**
 * HalfCauchy(scale): |X| for X ~ Cauchy(0, scale), the weakly informative prior on scales of Gelman
 * (2006), "Prior distributions for variance parameters in hierarchical models". Inverse-CDF sampler
 * scale · tan(πu/2), pathwise in `scale`. No mean or variance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { clampPositive, openUniform } from './noise.js';
import type { Rng } from './rng.js';
import { stopGradient } from '../common/stop-gradient.js';

/** The half-Cauchy distribution. */
export class HalfCauchy extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['inverse-cdf'];

  /** @param params - `{scale}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('HalfCauchy', DISTRIBUTIONS.HalfCauchy, params);
  }

  private get scale(): tf.Tensor {
    return this.param('scale');
  }

  /** log(2/π) − log s − log(1 + (x/s)²). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sub(tf.sub(Math.log(2 / Math.PI), tf.log(this.scale)), tf.log1p(tf.square(tf.div(value, this.scale)))));
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(1);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'inverse-cdf') return super.samplePathwise(kind, sampleShape, rng);
    return clampPositive(this.icdf(openUniform(this.drawShape(sampleShape), rng)));
  }

  /** (2/π) atan(x/s) for x > 0, else 0. */
  cdf(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.where(tf.greater(stopGradient(x), 0), tf.mul(2 / Math.PI, tf.atan(tf.div(x, this.scale))), tf.scalar(0)));
  }

  /** s · tan(πu/2). */
  icdf(u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(this.scale, tf.tan(tf.mul(Math.PI / 2, u))));
  }

  /** log(2π s): the Cauchy's entropy minus log 2. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.log(this.scale), Math.log(2 * Math.PI)), this.batchShape));
  }
}
