/**
 * Gamma(concentration α, rate β). Exact sampler only (reparam `none`): Marsaglia & Tsang (2000), "A
 * simple method for generating gamma variables", on the JS side (see scalar-samplers.ts). Implicit
 * reparameterization gradients (Figurnov, Mohamed & Mnih 2018) are not implemented; the estimator uses
 * the score function for Gamma sites.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import type { Rng } from './rng.js';
import { logGammaNumber } from './scalar-samplers.js';
import { digamma, FLOAT32_TINY, lgamma } from './special.js';

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** The Gamma distribution, shape/rate parameterization. */
export class Gamma extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = [];

  /** @param params - `{concentration, rate}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Gamma', DISTRIBUTIONS.Gamma, params);
  }

  /** α log β + (α − 1) log x − βx − log Γ(α). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const alpha = this.param('concentration');
      const beta = this.param('rate');
      const normaliser = tf.sub(tf.mul(alpha, tf.log(beta)), lgamma(alpha));
      return tf.add(normaliser, tf.sub(tf.mul(tf.sub(alpha, 1), tf.log(value)), tf.mul(beta, value)));
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(1);
  }

  protected override sampleExact(sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const shape = this.drawShape(sampleShape);
    const alpha = this.paramValues('concentration', shape);
    const rate = this.paramValues('rate', shape);
    const out = new Float32Array(alpha.length);
    for (let i = 0; i < alpha.length; i++) {
      const x = Math.exp(logGammaNumber(alpha[i] as number, rng) - Math.log(rate[i] as number));
      out[i] = Math.min(Math.max(x, FLOAT32_TINY), FLOAT32_MAX);
    }
    return tf.tensor(out, shape);
  }

  /** α / β. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.param('concentration'), this.param('rate')), this.batchShape));
  }

  /** α / β². */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.param('concentration'), tf.square(this.param('rate'))), this.batchShape));
  }

  /** α − log β + log Γ(α) + (1 − α) ψ(α). */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const alpha = this.param('concentration');
      const h = tf.add(tf.sub(alpha, tf.log(this.param('rate'))), tf.add(lgamma(alpha), tf.mul(tf.sub(1, alpha), digamma(alpha))));
      return tf.broadcastTo(h, this.batchShape);
    });
  }
}
