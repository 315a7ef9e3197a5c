/**
 * Cauchy(loc, scale). Location–scale sampler with ε = N₁ / N₂, the ratio of two independent standard
 * normals (Devroye 1986, "Non-Uniform Random Variate Generation", §IX.1.2); inverse-CDF sampler
 * loc + scale · tan(π(u − ½)). No mean or variance.
 */
import * as tf from '@tensorflow/tfjs-core';
import { LocationScaleDistribution } from './location-scale.js';
import type { Rng } from './rng.js';
import { FLOAT32_TINY, LOG_PI } from './special.js';

/** The Cauchy distribution (Student-t with one degree of freedom). */
export class Cauchy extends LocationScaleDistribution {
  /** @param params - `{loc, scale}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Cauchy', params, ['location-scale', 'inverse-cdf']);
  }

  protected standardLogProb(z: tf.Tensor): tf.Tensor {
    return tf.sub(tf.neg(tf.log1p(tf.square(z))), LOG_PI);
  }

  protected standardNoise(shape: readonly number[], rng: Rng): tf.Tensor {
    const numerator = rng.normal(shape);
    const denominator = rng.normal(shape);
    // An exact 0 in float32 would give ±∞; replace it by the smallest normal float.
    const safe = tf.where(tf.equal(denominator, 0), tf.scalar(FLOAT32_TINY), denominator);
    return tf.div(numerator, safe);
  }

  protected standardCdf(z: tf.Tensor): tf.Tensor {
    return tf.add(0.5, tf.div(tf.atan(z), Math.PI));
  }

  protected standardIcdf(u: tf.Tensor): tf.Tensor {
    return tf.tan(tf.mul(Math.PI, tf.sub(u, 0.5)));
  }

  /** log(4π scale). */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.add(this.logScaleOverBatch(), Math.log(4 * Math.PI)));
  }
}
