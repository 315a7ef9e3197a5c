/**
 * Normal(loc, scale). Location–scale sampler loc + scale · ε, ε ~ N(0, 1) (Kingma & Welling 2014,
 * §2.4); the quantile function is Wichura's AS 241 (see special.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { LocationScaleDistribution } from './location-scale.js';
import type { Rng } from './rng.js';
import { LOG_2PI, ndtri, standardNormalCdf } from './special.js';

/** The Gaussian with mean `loc` and standard deviation `scale`. */
export class Normal extends LocationScaleDistribution {
  /** @param params - `{loc, scale}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Normal', params, ['location-scale']);
  }

  protected standardLogProb(z: tf.Tensor): tf.Tensor {
    return tf.sub(tf.mul(-0.5, tf.square(z)), 0.5 * LOG_2PI);
  }

  protected standardNoise(shape: readonly number[], rng: Rng): tf.Tensor {
    return rng.normal(shape);
  }

  protected standardCdf(z: tf.Tensor): tf.Tensor {
    return standardNormalCdf(z);
  }

  protected standardIcdf(u: tf.Tensor): tf.Tensor {
    return ndtri(u);
  }

  /** loc. */
  mean(): tf.Tensor {
    return tf.tidy(() => this.locOverBatch());
  }

  /** scale². */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.square(this.scale), this.batchShape));
  }

  /** ½ log(2πe) + log scale. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.add(this.logScaleOverBatch(), 0.5 * (1 + LOG_2PI)));
  }
}
