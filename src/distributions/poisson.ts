/**
 * Poisson(rate) on the counts. Exact sampler only (reparam `none`), on the JS side: inversion for
 * rates below 10 (Devroye 1986, §X.3.3), Hörmann's (1993) PTRS above (see scalar-samplers.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import type { Rng } from './rng.js';
import { poissonNumber } from './scalar-samplers.js';
import { lgamma } from './special.js';

/** The Poisson distribution. */
export class Poisson extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = [];

  /** @param params - `{rate}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Poisson', DISTRIBUTIONS.Poisson, params);
  }

  /** k log λ − λ − log k!. */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const rate = this.param('rate');
      return tf.sub(tf.sub(tf.mul(value, tf.log(rate)), rate), lgamma(tf.add(value, 1)));
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(0);
  }

  protected override sampleExact(sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const shape = this.drawShape(sampleShape);
    const rate = this.paramValues('rate', shape);
    const out = new Float32Array(rate.length);
    for (let i = 0; i < rate.length; i++) out[i] = poissonNumber(rate[i] as number, rng);
    return tf.tensor(out, shape);
  }

  /** λ. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.param('rate'), this.batchShape));
  }

  /** λ. */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.param('rate'), this.batchShape));
  }
}
