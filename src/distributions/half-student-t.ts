/**
 * HalfStudentT(df, scale): |X| for X ~ StudentT(df, 0, scale), a heavier- or lighter-tailed prior on
 * scales between the HalfCauchy (df = 1) and the HalfNormal (df → ∞) (Gelman 2006). Sampled as
 * scale · |ε| · √(df/g), ε ~ N(0, 1), g ~ χ²_df, the Gamma implicitly reparameterized (Figurnov et al.
 * 2018), so the location–scale sampler is pathwise in both parameters.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { clampPositive } from './noise.js';
import type { Rng } from './rng.js';
import { digamma, lgamma, logBeta, LOG_PI } from './special.js';
import { studentMixing } from './student-t.js';
import { stopGradient } from '../common/stop-gradient.js';

/** The half-Student-t distribution. */
export class HalfStudentT extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['location-scale'];

  /** @param params - `{df, scale}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('HalfStudentT', DISTRIBUTIONS.HalfStudentT, params);
  }

  /** log 2 + log Γ((ν+1)/2) − log Γ(ν/2) − ½ log(νπ) − log s − (ν+1)/2 · log(1 + (x/s)²/ν). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const df = this.param('df');
      const scale = this.param('scale');
      const z = tf.div(value, scale);
      const halfDfPlusHalf = tf.mul(0.5, tf.add(df, 1));
      const normaliser = tf.sub(
        tf.add(tf.sub(lgamma(halfDfPlusHalf), lgamma(tf.mul(0.5, df))), Math.LN2),
        tf.add(tf.mul(0.5, tf.add(tf.log(df), LOG_PI)), tf.log(scale)),
      );
      return tf.sub(normaliser, tf.mul(halfDfPlusHalf, tf.log1p(tf.div(tf.square(z), df))));
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(1);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'location-scale') return super.samplePathwise(kind, sampleShape, rng);
    const shape = this.drawShape(sampleShape);
    const eps = tf.mul(tf.abs(rng.normal(shape)), studentMixing(this.param('df'), shape, rng));
    return clampPositive(tf.mul(this.param('scale'), eps));
  }

  /** 2s √(ν/π) Γ((ν+1)/2) / (Γ(ν/2)(ν − 1)) where ν > 1, NaN otherwise. */
  mean(): tf.Tensor {
    return tf.tidy(() => {
      const df = tf.broadcastTo(this.param('df'), this.batchShape);
      const safe = tf.where(tf.greater(stopGradient(df), 1), df, tf.fill(df.shape, 2));
      const m = tf.mul(
        tf.mul(2, this.param('scale')),
        tf.div(tf.mul(tf.sqrt(tf.div(safe, Math.PI)), tf.exp(tf.sub(lgamma(tf.mul(0.5, tf.add(safe, 1))), lgamma(tf.mul(0.5, safe))))), tf.sub(safe, 1)),
      );
      return tf.where(tf.greater(stopGradient(df), 1), m, tf.scalar(Number.NaN));
    });
  }

  /** s² ν/(ν − 2) − mean² where ν > 2; +∞ for 1 < ν ≤ 2; NaN otherwise. */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const df = tf.broadcastTo(this.param('df'), this.batchShape);
      const dfc = stopGradient(df);
      const safe = tf.where(tf.greater(dfc, 2), df, tf.fill(df.shape, 3));
      const second = tf.div(tf.mul(tf.square(this.param('scale')), safe), tf.sub(safe, 2));
      const mean = tf.where(tf.greater(dfc, 2), this.mean(), tf.zerosLike(df));
      const finite = tf.sub(second, tf.square(mean));
      const undefinedOrInfinite = tf.where(tf.greater(dfc, 1), tf.scalar(Infinity), tf.scalar(Number.NaN));
      return tf.where(tf.greater(dfc, 2), finite, undefinedOrInfinite);
    });
  }

  /** The Student-t's entropy minus log 2. */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const df = tf.broadcastTo(this.param('df'), this.batchShape);
      const half = tf.mul(0.5, df);
      const halfPlus = tf.add(half, 0.5);
      const digammaTerm = tf.mul(halfPlus, tf.sub(digamma(halfPlus), digamma(half)));
      const rest = tf.add(tf.mul(0.5, tf.log(df)), logBeta(half, tf.scalar(0.5)));
      return tf.sub(tf.add(tf.add(digammaTerm, rest), tf.log(this.param('scale'))), Math.LN2);
    });
  }
}
