/**
 * Gumbel(loc, scale), the type-I extreme value distribution: CDF exp(−exp(−(x − loc)/scale)).
 * Location–scale sampler with ε = −log E, E = (N₁² + N₂²)/2 a standard exponential built from two
 * normals (a χ²₂ / 2; Devroye 1986, §IX.3); inverse-CDF sampler loc − scale · log(−log u) (Gumbel 1954).
 */
import * as tf from '@tensorflow/tfjs-core';
import { LocationScaleDistribution } from './location-scale.js';
import type { Rng } from './rng.js';
import { EULER_GAMMA, FLOAT32_TINY } from './special.js';

/** The Gumbel distribution. */
export class Gumbel extends LocationScaleDistribution {
  /** @param params - `{loc, scale}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Gumbel', params, ['location-scale', 'inverse-cdf']);
  }

  /** −(z + e^{−z}); −∞ (not NaN) when e^{−z} overflows. */
  protected standardLogProb(z: tf.Tensor): tf.Tensor {
    return tf.neg(tf.add(z, tf.exp(tf.neg(z))));
  }

  protected standardNoise(shape: readonly number[], rng: Rng): tf.Tensor {
    const e = tf.mul(0.5, tf.add(tf.square(rng.normal(shape)), tf.square(rng.normal(shape))));
    return tf.neg(tf.log(tf.maximum(e, FLOAT32_TINY)));
  }

  protected standardCdf(z: tf.Tensor): tf.Tensor {
    return tf.exp(tf.neg(tf.exp(tf.neg(z))));
  }

  protected standardIcdf(u: tf.Tensor): tf.Tensor {
    return tf.neg(tf.log(tf.neg(tf.log(u))));
  }

  /** loc + γ scale. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(this.loc, tf.mul(EULER_GAMMA, this.scale)), this.batchShape));
  }

  /** π² scale² / 6. */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul((Math.PI * Math.PI) / 6, tf.square(this.scale)), this.batchShape));
  }

  /** log scale + γ + 1. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.add(this.logScaleOverBatch(), EULER_GAMMA + 1));
  }
}
