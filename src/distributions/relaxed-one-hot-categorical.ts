/**
 * The Concrete (Gumbel-softmax, relaxed one-hot categorical) distribution on the simplex at
 * temperature τ: y = softmax((η + G)/τ), G standard Gumbel — Maddison, Mnih & Teh (2016), "The Concrete
 * distribution", eq. (10) for the density; Jang, Gu & Poole (2016), "Categorical reparameterization
 * with Gumbel-softmax". The sampler is a transform of a Gumbel location draw, pathwise in η and τ.
 * log p(y) = log Γ(K) + (K − 1) log τ + Σₖ (ηₖ − (τ + 1) log yₖ) − K logsumexpₖ(ηₖ − τ log yₖ),
 * a density with respect to Lebesgue measure on the first K − 1 coordinates.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS, type DistributionSpec } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { categoricalLogits } from './logits.js';
import { gumbelNoise } from './noise.js';
import type { Rng } from './rng.js';
import { lgammaNumber } from './scalar-samplers.js';
import { FLOAT32_TINY } from './special.js';

/** The row of a relaxed Categorical: Categorical's parameters, support Simplex, a pathwise transform sampler. */
export const RELAXED_ONE_HOT_CATEGORICAL_SPEC: DistributionSpec = {
  ...DISTRIBUTIONS.Categorical,
  support: 'Simplex',
  reparam: 'transform',
  samplers: ['transform'],
  summary: 'Concrete / Gumbel-softmax relaxation of a Categorical at a temperature (Maddison et al. 2016; Jang et al. 2016).',
};

/** The Concrete distribution. */
export class RelaxedOneHotCategorical extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['transform'];

  /**
   * @param params - the parent Categorical's `{probs}` or `{logits}`
   * @param temperature - τ > 0; a number or a tensor broadcasting with the batch shape (not owned)
   */
  constructor(
    params: Readonly<Record<string, tf.Tensor>>,
    readonly temperature: number | tf.Tensor,
  ) {
    super('RelaxedOneHotCategorical', RELAXED_ONE_HOT_CATEGORICAL_SPEC, params, typeof temperature === 'number' ? [] : [temperature.shape]);
  }

  /** τ with a trailing unit axis, to broadcast against the event axis. */
  private tauPerEvent(): tf.Tensor {
    return typeof this.temperature === 'number' ? tf.scalar(this.temperature) : tf.expandDims(this.temperature, -1);
  }

  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const k = this.eventShape[0] as number;
      const eta = categoricalLogits(this.params);
      const tau = this.tauPerEvent();
      const logY = tf.log(value);
      const logTau = typeof this.temperature === 'number' ? tf.scalar(Math.log(this.temperature)) : tf.log(this.temperature);
      const head = tf.add(lgammaNumber(k), tf.mul(k - 1, logTau));
      const linear = tf.sum(tf.sub(eta, tf.mul(tf.add(tau, 1), logY)), -1);
      const normaliser = tf.mul(k, tf.logSumExp(tf.sub(eta, tf.mul(tau, logY)), -1));
      return tf.add(head, tf.sub(linear, normaliser));
    });
  }

  protected override supportPoint(): tf.Tensor {
    const k = this.eventShape[0] as number;
    return tf.fill([k], 1 / k);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'transform') return super.samplePathwise(kind, sampleShape, rng);
    const perturbed = tf.add(categoricalLogits(this.params), gumbelNoise(this.drawShape(sampleShape), rng));
    // In log space, floored at the smallest normal float, so that no coordinate is exactly 0.
    const logY = tf.logSoftmax(tf.div(perturbed, this.tauPerEvent()));
    return tf.exp(tf.maximum(logY, Math.log(FLOAT32_TINY)));
  }
}
