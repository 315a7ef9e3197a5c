/**
 * Logistic(loc, scale): CDF σ((x − loc)/scale). Location–scale sampler with ε = G₁ − G₂, the difference
 * of two standard Gumbels (Gumbel 1958, "Statistics of Extremes"; written log E₂ − log E₁ with
 * Eᵢ = −log uᵢ); inverse-CDF sampler loc + scale · logit(u).
 */
import * as tf from '@tensorflow/tfjs-core';
import { LocationScaleDistribution } from './location-scale.js';
import { openUniform } from './noise.js';
import type { Rng } from './rng.js';
import { logit } from './special.js';

/** The logistic distribution. */
export class Logistic extends LocationScaleDistribution {
  /** @param params - `{loc, scale}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Logistic', params, ['location-scale', 'inverse-cdf']);
  }

  /** log σ(z) + log σ(−z) = −softplus(−z) − softplus(z). */
  protected standardLogProb(z: tf.Tensor): tf.Tensor {
    return tf.neg(tf.add(tf.softplus(z), tf.softplus(tf.neg(z))));
  }

  protected standardNoise(shape: readonly number[], rng: Rng): tf.Tensor {
    const e1 = tf.neg(tf.log(openUniform(shape, rng)));
    const e2 = tf.neg(tf.log(openUniform(shape, rng)));
    return tf.sub(tf.log(e2), tf.log(e1));
  }

  protected standardCdf(z: tf.Tensor): tf.Tensor {
    return tf.sigmoid(z);
  }

  protected standardIcdf(u: tf.Tensor): tf.Tensor {
    return logit(u);
  }

  /** loc. */
  mean(): tf.Tensor {
    return tf.tidy(() => this.locOverBatch());
  }

  /** π² scale² / 3. */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul((Math.PI * Math.PI) / 3, tf.square(this.scale)), this.batchShape));
  }

  /** log scale + 2. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.add(this.logScaleOverBatch(), 2));
  }
}
