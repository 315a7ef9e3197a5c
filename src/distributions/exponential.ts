/**
 * Exponential(rate). Inverse-CDF sampler −log(1 − u) / rate (Kingma & Welling 2014, §2.4), pathwise in
 * the rate.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { clampPositive, openUniform } from './noise.js';
import type { Rng } from './rng.js';
import { stopGradient } from '../common/stop-gradient.js';

/** The exponential distribution. */
export class Exponential extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['inverse-cdf'];

  /** @param params - `{rate}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Exponential', DISTRIBUTIONS.Exponential, params);
  }

  private get rate(): tf.Tensor {
    return this.param('rate');
  }

  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sub(tf.log(this.rate), tf.mul(this.rate, value)));
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(1);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'inverse-cdf') return super.samplePathwise(kind, sampleShape, rng);
    return clampPositive(this.icdf(openUniform(this.drawShape(sampleShape), rng)));
  }

  /** 1 − e^{−rate·x} for x > 0, else 0. */
  cdf(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.where(tf.greater(stopGradient(x), 0), tf.neg(tf.expm1(tf.neg(tf.mul(this.rate, x)))), tf.scalar(0)));
  }

  /** −log(1 − u) / rate. */
  icdf(u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.div(tf.neg(tf.log1p(tf.neg(u))), this.rate));
  }

  /** 1 / rate. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.reciprocal(this.rate), this.batchShape));
  }

  /** 1 / rate². */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.reciprocal(tf.square(this.rate)), this.batchShape));
  }

  /** 1 − log rate. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.sub(1, tf.log(this.rate)), this.batchShape));
  }
}
