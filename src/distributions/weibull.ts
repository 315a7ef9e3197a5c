/**
 * Weibull(scale λ, concentration k): CDF 1 − exp(−(x/λ)^k). Inverse-CDF sampler
 * λ (−log(1 − u))^{1/k} (Kingma & Welling 2014, §2.4; Zhang et al. 2018, "WHAI: Weibull hybrid
 * autoencoding inference"), pathwise in both parameters.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { clampPositive, openUniform } from './noise.js';
import type { Rng } from './rng.js';
import { EULER_GAMMA, lgamma } from './special.js';
import { stopGradient } from '../common/stop-gradient.js';

/** The Weibull distribution. */
export class Weibull extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['inverse-cdf'];

  /** @param params - `{scale, concentration}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Weibull', DISTRIBUTIONS.Weibull, params);
  }

  /** log k − log λ + (k − 1) log(x/λ) − (x/λ)^k. */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const k = this.param('concentration');
      const logScale = tf.log(this.param('scale'));
      const logRatio = tf.sub(tf.log(value), logScale);
      const kernel = tf.sub(tf.mul(tf.sub(k, 1), logRatio), tf.exp(tf.mul(k, logRatio)));
      return tf.add(tf.sub(tf.log(k), logScale), kernel);
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(1);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'inverse-cdf') return super.samplePathwise(kind, sampleShape, rng);
    return clampPositive(this.icdf(openUniform(this.drawShape(sampleShape), rng)));
  }

  /** 1 − exp(−(x/λ)^k) for x > 0, else 0. */
  cdf(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const positive = tf.greater(stopGradient(x), 0);
      const safe = tf.where(positive, x, tf.scalar(1));
      const power = tf.exp(tf.mul(this.param('concentration'), tf.log(tf.div(safe, this.param('scale')))));
      return tf.where(positive, tf.neg(tf.expm1(tf.neg(power))), tf.scalar(0));
    });
  }

  /** λ (−log(1 − u))^{1/k}. */
  icdf(u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const e = tf.neg(tf.log1p(tf.neg(u)));
      return tf.mul(this.param('scale'), tf.exp(tf.div(tf.log(e), this.param('concentration'))));
    });
  }

  /** λ Γ(1 + 1/k). */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(this.param('scale'), this.gammaOf(1)), this.batchShape));
  }

  /** λ² (Γ(1 + 2/k) − Γ(1 + 1/k)²). */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(tf.square(this.param('scale')), tf.sub(this.gammaOf(2), tf.square(this.gammaOf(1)))), this.batchShape));
  }

  /** γ (1 − 1/k) + log(λ/k) + 1. */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const k = this.param('concentration');
      const h = tf.add(tf.mul(EULER_GAMMA, tf.sub(1, tf.reciprocal(k))), tf.add(tf.log(tf.div(this.param('scale'), k)), 1));
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  /** Γ(1 + n/k). */
  private gammaOf(n: number): tf.Tensor {
    return tf.exp(lgamma(tf.add(1, tf.div(n, this.param('concentration')))));
  }
}
