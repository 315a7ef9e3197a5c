/**
 * LogNormal(loc, scale) = exp(Normal(loc, scale)). Transform sampler exp(loc + scale · ε), ε ~ N(0, 1)
 * (Kingma & Welling 2014, §2.4, "composition"), pathwise in both parameters.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { clampPositive } from './noise.js';
import type { Rng } from './rng.js';
import { LOG_2PI, ndtri, standardNormalCdf } from './special.js';
import { stopGradient } from '../common/stop-gradient.js';

/** The log-normal distribution. */
export class LogNormal extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['transform'];

  /** @param params - `{loc, scale}` of log x */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('LogNormal', DISTRIBUTIONS.LogNormal, params);
  }

  /** log N(log x; loc, scale) − log x. */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const y = tf.log(value);
      const scale = this.param('scale');
      const z = tf.div(tf.sub(y, this.param('loc')), scale);
      return tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(y, tf.log(scale))), 0.5 * LOG_2PI);
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(1);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'transform') return super.samplePathwise(kind, sampleShape, rng);
    const y = tf.add(this.param('loc'), tf.mul(this.param('scale'), rng.normal(this.drawShape(sampleShape))));
    return clampPositive(tf.exp(y));
  }

  /** Φ((log x − loc)/scale) for x > 0, else 0. */
  cdf(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const positive = tf.greater(stopGradient(x), 0);
      const logX = tf.log(tf.where(positive, x, tf.scalar(1)));
      const f = standardNormalCdf(tf.div(tf.sub(logX, this.param('loc')), this.param('scale')));
      return tf.where(positive, f, tf.scalar(0));
    });
  }

  /** exp(loc + scale · Φ⁻¹(u)). */
  icdf(u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.exp(tf.add(this.param('loc'), tf.mul(this.param('scale'), ndtri(u)))));
  }

  /** exp(loc + scale²/2). */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.exp(tf.add(this.param('loc'), tf.mul(0.5, tf.square(this.param('scale'))))), this.batchShape));
  }

  /** (e^{scale²} − 1) e^{2 loc + scale²}. */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const s2 = tf.square(this.param('scale'));
      return tf.broadcastTo(tf.mul(tf.expm1(s2), tf.exp(tf.add(tf.mul(2, this.param('loc')), s2))), this.batchShape);
    });
  }

  /** loc + ½ + ½ log(2π) + log scale. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.add(this.param('loc'), tf.log(this.param('scale'))), 0.5 * (1 + LOG_2PI)), this.batchShape));
  }
}
