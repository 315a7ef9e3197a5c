/**
 * Beta(a, b) on (0, 1). Exact sampler only (reparam `none`): X = G₁ / (G₁ + G₂) with Gᵢ ~ Gamma(·, 1)
 * (Devroye 1986, "Non-Uniform Random Variate Generation", §IX.4; Marsaglia & Tsang 2000 for the
 * Gammas), formed in log space and kept inside the open interval. No implicit reparameterization
 * gradients (Figurnov et al. 2018) yet.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import type { Rng } from './rng.js';
import { logGammaNumber } from './scalar-samplers.js';
import { digamma, FLOAT32_ONE_BELOW, FLOAT32_TINY, logBeta } from './special.js';

/** The Beta distribution. */
export class Beta extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = [];

  /** @param params - `{a, b}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Beta', DISTRIBUTIONS.Beta, params);
  }

  /** (a − 1) log x + (b − 1) log(1 − x) − log B(a, b). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = this.param('a');
      const b = this.param('b');
      const kernel = tf.add(tf.mul(tf.sub(a, 1), tf.log(value)), tf.mul(tf.sub(b, 1), tf.log1p(tf.neg(value))));
      return tf.sub(kernel, logBeta(a, b));
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(0.5);
  }

  protected override sampleExact(sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const shape = this.drawShape(sampleShape);
    const a = this.paramValues('a', shape);
    const b = this.paramValues('b', shape);
    const out = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) {
      // x = 1 / (1 + G₂/G₁), with the ratio exponentiated from the difference of logs.
      const gap = logGammaNumber(b[i] as number, rng) - logGammaNumber(a[i] as number, rng);
      const x = gap > 0 ? Math.exp(-gap) / (1 + Math.exp(-gap)) : 1 / (1 + Math.exp(gap));
      out[i] = Math.min(Math.max(x, FLOAT32_TINY), FLOAT32_ONE_BELOW);
    }
    return tf.tensor(out, shape);
  }

  /** a / (a + b). */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.param('a'), tf.add(this.param('a'), this.param('b'))), this.batchShape));
  }

  /** ab / ((a + b)² (a + b + 1)). */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.param('a');
      const b = this.param('b');
      const s = tf.add(a, b);
      return tf.broadcastTo(tf.div(tf.mul(a, b), tf.mul(tf.square(s), tf.add(s, 1))), this.batchShape);
    });
  }

  /** log B(a, b) − (a − 1) ψ(a) − (b − 1) ψ(b) + (a + b − 2) ψ(a + b). */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.param('a');
      const b = this.param('b');
      const s = tf.add(a, b);
      const h = tf.add(
        tf.sub(tf.sub(logBeta(a, b), tf.mul(tf.sub(a, 1), digamma(a))), tf.mul(tf.sub(b, 1), digamma(b))),
        tf.mul(tf.sub(s, 2), digamma(s)),
      );
      return tf.broadcastTo(h, this.batchShape);
    });
  }
}
