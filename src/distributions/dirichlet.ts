/**
 * Dirichlet(concentration α) on the simplex (last axis): normalised Gamma(αₖ, 1) draws (Devroye 1986,
 * "Non-Uniform Random Variate Generation", §XI.4; Marsaglia & Tsang 2000), normalised in log space (a
 * softmax of the log-Gammas) so that small concentrations do not give 0/0. The Gammas carry implicit
 * reparameterization gradients (Figurnov, Mohamed & Mnih 2018, §3.3), so the draw is pathwise in α.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import type { Rng } from './rng.js';
import { implicitLogGamma } from './implicit-gamma.js';
import { digamma, FLOAT32_TINY, logMultivariateBeta } from './special.js';

/** The Dirichlet distribution. */
export class Dirichlet extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['implicit'];

  /** @param params - `{concentration}`, the categories on the last axis */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Dirichlet', DISTRIBUTIONS.Dirichlet, params);
  }

  private get alpha(): tf.Tensor {
    return this.param('concentration');
  }

  /** Σₖ (αₖ − 1) log xₖ − log B(α). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sub(tf.sum(tf.mul(tf.sub(this.alpha, 1), tf.log(value)), -1), logMultivariateBeta(this.alpha)));
  }

  protected override supportPoint(): tf.Tensor {
    const k = this.eventShape[0] as number;
    return tf.fill([k], 1 / k);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'implicit') return super.samplePathwise(kind, sampleShape, rng);
    const logG = implicitLogGamma(tf.broadcastTo(this.alpha, this.drawShape(sampleShape)), rng);
    return tf.maximum(tf.softmax(logG), FLOAT32_TINY);
  }

  /** α / α₀ with α₀ = Σₖ αₖ. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.alpha, tf.sum(this.alpha, -1, true)), [...this.batchShape, ...this.eventShape]));
  }

  /** αₖ (α₀ − αₖ) / (α₀² (α₀ + 1)). */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const a0 = tf.sum(this.alpha, -1, true);
      const v = tf.div(tf.mul(this.alpha, tf.sub(a0, this.alpha)), tf.mul(tf.square(a0), tf.add(a0, 1)));
      return tf.broadcastTo(v, [...this.batchShape, ...this.eventShape]);
    });
  }

  /** log B(α) + (α₀ − K) ψ(α₀) − Σₖ (αₖ − 1) ψ(αₖ). */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const k = this.eventShape[0] as number;
      const a0 = tf.sum(this.alpha, -1);
      const h = tf.sub(
        tf.add(logMultivariateBeta(this.alpha), tf.mul(tf.sub(a0, k), digamma(a0))),
        tf.sum(tf.mul(tf.sub(this.alpha, 1), digamma(this.alpha)), -1),
      );
      return tf.broadcastTo(h, this.batchShape);
    });
  }
}
