/**
 * The binary Concrete (relaxed Bernoulli) distribution on (0, 1) at temperature τ: y = σ((η + L)/τ),
 * L standard logistic — Maddison, Mnih & Teh (2016), "The Concrete distribution", §3.3 and appendix
 * (binary case); Jang, Gu & Poole (2016), "Categorical reparameterization with Gumbel-softmax".
 * The sampler is a transform of a location–scale draw, pathwise in η and τ.
 * Density: τ e^η y^{−τ−1} (1 − y)^{−τ−1} / (e^η y^{−τ} + (1 − y)^{−τ})².
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS, type DistributionSpec } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import { binaryLogits } from './logits.js';
import type { SamplerKind } from './distribution.js';
import { clampUnit, logisticNoise } from './noise.js';
import type { Rng } from './rng.js';
import { logit } from './special.js';
import { stopGradient } from '../common/stop-gradient.js';

/** The row of a relaxed Bernoulli: Bernoulli's parameters, support (0, 1), a pathwise transform sampler. */
export const RELAXED_BERNOULLI_SPEC: DistributionSpec = {
  ...DISTRIBUTIONS.Bernoulli,
  support: 'Unit',
  reparam: 'transform',
  samplers: ['transform'],
  summary: 'Binary Concrete relaxation of a Bernoulli at a temperature (Maddison et al. 2016).',
};

/** The binary Concrete distribution. */
export class RelaxedBernoulli extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['transform'];

  /**
   * @param params - the parent Bernoulli's `{probs}` or `{logits}`
   * @param temperature - τ > 0; a number or a tensor broadcasting with the batch (not owned)
   */
  constructor(
    params: Readonly<Record<string, tf.Tensor>>,
    readonly temperature: number | tf.Tensor,
  ) {
    super('RelaxedBernoulli', RELAXED_BERNOULLI_SPEC, params, typeof temperature === 'number' ? [] : [temperature.shape]);
  }

  private tau(): tf.Tensor {
    return typeof this.temperature === 'number' ? tf.scalar(this.temperature) : this.temperature;
  }

  /** log τ + η − (τ + 1) log y + (τ − 1) log(1 − y) − 2 softplus(η − τ logit y). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const eta = binaryLogits(this.params);
      const tau = this.tau();
      const logY = tf.log(value);
      const log1mY = tf.log1p(tf.neg(value));
      const head = tf.add(tf.log(tau), eta);
      const powers = tf.sub(tf.mul(tf.sub(tau, 1), log1mY), tf.mul(tf.add(tau, 1), logY));
      const normaliser = tf.mul(2, tf.softplus(tf.sub(eta, tf.mul(tau, tf.sub(logY, log1mY)))));
      return tf.sub(tf.add(head, powers), normaliser);
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(0.5);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'transform') return super.samplePathwise(kind, sampleShape, rng);
    const noise = logisticNoise(this.drawShape(sampleShape), rng);
    return clampUnit(tf.sigmoid(tf.div(tf.add(binaryLogits(this.params), noise), this.tau())));
  }

  /** σ(τ logit y − η) on (0, 1); 0 below, 1 above. */
  cdf(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const xc = stopGradient(x);
      const inside = tf.logicalAnd(tf.greater(xc, 0), tf.less(xc, 1));
      const safe = tf.where(inside, x, tf.scalar(0.5));
      const f = tf.sigmoid(tf.sub(tf.mul(this.tau(), logit(safe)), binaryLogits(this.params)));
      return tf.where(inside, f, tf.where(tf.lessEqual(xc, 0), tf.scalar(0), tf.scalar(1)));
    });
  }

  /** σ((η + logit u)/τ). */
  icdf(u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sigmoid(tf.div(tf.add(binaryLogits(this.params), logit(u)), this.tau())));
  }
}
