/**
 * StudentT(df, loc, scale). Sampled as a scale mixture of Normals: x = loc + scale · ε · √(df / g),
 * ε ~ N(0, 1), g ~ χ²_df = 2 · Gamma(df/2, 1) (Devroye 1986, "Non-Uniform Random Variate Generation",
 * §IX.5; Marsaglia & Tsang 2000 for the Gamma). The sampler is location–scale given g, so it is pathwise
 * in `loc` and `scale`; the Gamma carries implicit reparameterization gradients (Figurnov, Mohamed &
 * Mnih 2018), so it is pathwise in `df` too.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import type { Rng } from './rng.js';
import { implicitLogGamma } from './implicit-gamma.js';
import { digamma, lgamma, logBeta, LOG_PI } from './special.js';
import { stopGradient } from '../common/stop-gradient.js';

/** Student's t distribution. */
export class StudentT extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['location-scale'];

  /** @param params - `{df, loc, scale}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('StudentT', DISTRIBUTIONS.StudentT, params);
  }

  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const df = this.param('df');
      const scale = this.param('scale');
      const z = tf.div(tf.sub(value, this.param('loc')), scale);
      const halfDfPlusHalf = tf.mul(0.5, tf.add(df, 1));
      const normaliser = tf.sub(
        tf.sub(lgamma(halfDfPlusHalf), lgamma(tf.mul(0.5, df))),
        tf.add(tf.mul(0.5, tf.add(tf.log(df), LOG_PI)), tf.log(scale)),
      );
      return tf.sub(normaliser, tf.mul(halfDfPlusHalf, tf.log1p(tf.div(tf.square(z), df))));
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(0);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'location-scale') return super.samplePathwise(kind, sampleShape, rng);
    const shape = this.drawShape(sampleShape);
    const eps = tf.mul(rng.normal(shape), studentMixing(this.param('df'), shape, rng));
    return tf.add(this.param('loc'), tf.mul(this.param('scale'), eps));
  }

  /** `loc` where df > 1, NaN otherwise. */
  mean(): tf.Tensor {
    return tf.tidy(() => {
      const df = tf.broadcastTo(this.param('df'), this.batchShape);
      return tf.where(tf.greater(stopGradient(df), 1), tf.broadcastTo(this.param('loc'), this.batchShape), tf.scalar(Number.NaN));
    });
  }

  /** scale² · df / (df − 2) where df > 2; +∞ for 1 < df ≤ 2; NaN otherwise. */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const df = tf.broadcastTo(this.param('df'), this.batchShape);
      const finite = tf.div(tf.mul(tf.square(this.param('scale')), df), tf.sub(df, 2));
      const dfc = stopGradient(df);
      const undefinedOrInfinite = tf.where(tf.greater(dfc, 1), tf.scalar(Infinity), tf.scalar(Number.NaN));
      return tf.where(tf.greater(dfc, 2), finite, undefinedOrInfinite);
    });
  }

  /** (df+1)/2 · (ψ((df+1)/2) − ψ(df/2)) + ½ log df + log B(df/2, ½) + log scale. */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const df = tf.broadcastTo(this.param('df'), this.batchShape);
      const half = tf.mul(0.5, df);
      const halfPlus = tf.add(half, 0.5);
      const digammaTerm = tf.mul(halfPlus, tf.sub(digamma(halfPlus), digamma(half)));
      const rest = tf.add(tf.mul(0.5, tf.log(df)), logBeta(half, tf.scalar(0.5)));
      return tf.add(tf.add(digammaTerm, rest), tf.log(this.param('scale')));
    });
  }
}

/**
 * √(df / g) with g = 2 · Gamma(df/2, 1) ~ χ²_df, of the given shape, formed in log space: the scale of
 * the Normal in the Student-t mixture, pathwise in `df` through the implicitly reparameterized Gamma.
 */
export function studentMixing(df: tf.Tensor, shape: readonly number[], rng: Rng): tf.Tensor {
  return tf.tidy(() => {
    const nu = tf.broadcastTo(df, [...shape]);
    const logG = implicitLogGamma(tf.mul(0.5, nu), rng);
    return tf.exp(tf.mul(0.5, tf.sub(tf.sub(tf.log(nu), Math.LN2), logG)));
  });
}
