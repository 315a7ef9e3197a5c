/**
 * Laplace(loc, scale): density exp(−|x − loc|/scale) / (2 scale). Location–scale sampler with
 * ε = log u₁ − log u₂, the difference of two standard exponentials (Devroye 1986, "Non-Uniform Random
 * Variate Generation", §IX.1.4).
 */
import * as tf from '@tensorflow/tfjs-core';
import { LocationScaleDistribution } from './location-scale.js';
import { openUniform } from './noise.js';
import type { Rng } from './rng.js';
import { stopGradient } from '../common/stop-gradient.js';

/** The double exponential distribution. */
export class Laplace extends LocationScaleDistribution {
  /** @param params - `{loc, scale}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Laplace', params, ['location-scale']);
  }

  protected standardLogProb(z: tf.Tensor): tf.Tensor {
    return tf.sub(tf.neg(tf.abs(z)), Math.LN2);
  }

  protected standardNoise(shape: readonly number[], rng: Rng): tf.Tensor {
    return tf.sub(tf.log(openUniform(shape, rng)), tf.log(openUniform(shape, rng)));
  }

  protected standardCdf(z: tf.Tensor): tf.Tensor {
    const halfTail = tf.mul(0.5, tf.exp(tf.neg(tf.abs(z))));
    return tf.where(tf.less(stopGradient(z), 0), halfTail, tf.sub(1, halfTail));
  }

  protected standardIcdf(u: tf.Tensor): tf.Tensor {
    const centred = tf.sub(u, 0.5);
    return tf.neg(tf.mul(tf.sign(centred), tf.log1p(tf.mul(-2, tf.abs(centred)))));
  }

  /** loc. */
  mean(): tf.Tensor {
    return tf.tidy(() => this.locOverBatch());
  }

  /** 2 scale². */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(2, tf.square(this.scale)), this.batchShape));
  }

  /** 1 + log(2 scale). */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.add(this.logScaleOverBatch(), 1 + Math.LN2));
  }
}
