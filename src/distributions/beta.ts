/**
 * Beta(a, b) on (0, 1): X = G₁ / (G₁ + G₂) with G₁ ~ Gamma(a, 1), G₂ ~ Gamma(b, 1) (Devroye 1986,
 * "Non-Uniform Random Variate Generation", §IX.4; Marsaglia & Tsang 2000 for the Gammas), formed as
 * σ(log G₁ − log G₂) and kept inside the open interval. The Gammas carry implicit reparameterization
 * gradients (Figurnov, Mohamed & Mnih 2018, §3.3: Beta and Dirichlet through Gamma), so X is pathwise
 * in a and b by the chain rule.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import type { Rng } from './rng.js';
import { implicitLogGamma } from './implicit-gamma.js';
import { digamma, FLOAT32_ONE_BELOW, FLOAT32_TINY, logBeta } from './special.js';

/** The Beta distribution. */
export class Beta extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['implicit'];

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

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'implicit') return super.samplePathwise(kind, sampleShape, rng);
    const shape = this.drawShape(sampleShape);
    const logG1 = implicitLogGamma(tf.broadcastTo(this.param('a'), shape), rng);
    const logG2 = implicitLogGamma(tf.broadcastTo(this.param('b'), shape), rng);
    // G₁ / (G₁ + G₂) = σ(log G₁ − log G₂): no overflow or 0/0 when the Gammas underflow.
    return tf.clipByValue(tf.sigmoid(tf.sub(logG1, logG2)), FLOAT32_TINY, FLOAT32_ONE_BELOW);
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
