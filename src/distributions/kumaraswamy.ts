/**
 * Kumaraswamy(a, b) on (0, 1): density a b x^{a−1} (1 − x^a)^{b−1}, CDF 1 − (1 − x^a)^b. Inverse-CDF
 * sampler x = (1 − (1 − u)^{1/b})^{1/a} (Kumaraswamy 1980; used as a reparameterizable Beta surrogate
 * by Nalisnick & Smyth 2017, "Stick-breaking variational autoencoders"), evaluated in log space with
 * log1mexp so that neither 1 − u nor 1 − x^a loses precision.
 *
 * `Kumaraswamy(a, b, low: l, high: h)` is the same distribution moved and stretched onto (l, h): the
 * value l + (h − l) x, with density p((y − l)/(h − l)) / (h − l). It is the derived guide of a latent
 * whose prior is bounded by parameters (`u ~ Uniform(0, s)`), so the guide's support is the prior's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { clampBetween, clampUnit, openUniform } from './noise.js';
import type { Rng } from './rng.js';
import { digamma, EULER_GAMMA, log1mexp, logBeta } from './special.js';
import { stopGradient } from '../common/stop-gradient.js';

/** The Kumaraswamy distribution. */
export class Kumaraswamy extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['inverse-cdf'];

  /** @param params - `{a, b}`, or `{a, b, low, high}` for the distribution on (low, high) */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Kumaraswamy', DISTRIBUTIONS.Kumaraswamy, params);
  }

  /** y ↦ (y − low)/(high − low), the identity on (0, 1). */
  private toUnit(y: tf.Tensor): tf.Tensor {
    const b = this.bounds();
    return b === undefined ? y : tf.div(tf.sub(y, b.low), tf.sub(b.high, b.low));
  }

  /** x ↦ low + (high − low) x, the identity on (0, 1). */
  private fromUnit(x: tf.Tensor): tf.Tensor {
    const b = this.bounds();
    return b === undefined ? x : tf.add(b.low, tf.mul(tf.sub(b.high, b.low), x));
  }

  /** log(high − low), or 0 on (0, 1): the log-Jacobian of the stretch. */
  private logWidth(): tf.Tensor {
    const b = this.bounds();
    return b === undefined ? tf.scalar(0) : tf.log(tf.sub(b.high, b.low));
  }

  /** log a + log b + (a − 1) log x + (b − 1) log(1 − x^a) − log(high − low), x the value mapped onto (0, 1). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = this.param('a');
      const b = this.param('b');
      const logX = tf.log(this.toUnit(value));
      const log1mXa = log1mexp(tf.mul(a, logX));
      const unit = tf.add(tf.add(tf.log(a), tf.log(b)), tf.add(tf.mul(tf.sub(a, 1), logX), tf.mul(tf.sub(b, 1), log1mXa)));
      return this.bounds() === undefined ? unit : tf.sub(unit, this.logWidth());
    });
  }

  protected override supportPoint(): tf.Tensor {
    return this.fromUnit(tf.scalar(0.5));
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'inverse-cdf') return super.samplePathwise(kind, sampleShape, rng);
    const x = clampUnit(this.unitIcdf(openUniform(this.drawShape(sampleShape), rng)));
    const b = this.bounds();
    return b === undefined ? x : clampBetween(this.fromUnit(x), b.low, b.high);
  }

  /** 1 − (1 − x^a)^b at x the value mapped onto (0, 1); 0 below, 1 above. */
  cdf(y: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const x = this.toUnit(y);
      const xc = stopGradient(x);
      const inside = tf.logicalAnd(tf.greater(xc, 0), tf.less(xc, 1));
      const safe = tf.where(inside, x, tf.scalar(0.5));
      const f = tf.neg(tf.expm1(tf.mul(this.param('b'), log1mexp(tf.mul(this.param('a'), tf.log(safe))))));
      return tf.where(inside, f, tf.where(tf.lessEqual(xc, 0), tf.scalar(0), tf.scalar(1)));
    });
  }

  /** low + (high − low) (1 − (1 − u)^{1/b})^{1/a}. */
  icdf(u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.fromUnit(this.unitIcdf(u)));
  }

  /** (1 − (1 − u)^{1/b})^{1/a} = exp(log1mexp(log(1 − u)/b) / a), on (0, 1). */
  private unitIcdf(u: tf.Tensor): tf.Tensor {
    return tf.exp(tf.div(log1mexp(tf.div(tf.log1p(tf.neg(u)), this.param('b'))), this.param('a')));
  }

  /** low + (high − low) · b · B(1 + 1/a, b). */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.fromUnit(this.rawMoment(1)), this.batchShape));
  }

  /** (high − low)² · (b · B(1 + 2/a, b) − m²), m the mean on (0, 1). */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const unit = tf.sub(this.rawMoment(2), tf.square(this.rawMoment(1)));
      return tf.broadcastTo(tf.mul(unit, tf.exp(tf.mul(2, this.logWidth()))), this.batchShape);
    });
  }

  /** (1 − 1/b) + (1 − 1/a) H_b − log(ab) + log(high − low), with the harmonic number H_b = ψ(b + 1) + γ. */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const a = this.param('a');
      const b = this.param('b');
      const harmonic = tf.add(digamma(tf.add(b, 1)), EULER_GAMMA);
      const h = tf.sub(tf.add(tf.sub(1, tf.reciprocal(b)), tf.mul(tf.sub(1, tf.reciprocal(a)), harmonic)), tf.log(tf.mul(a, b)));
      return tf.broadcastTo(tf.add(h, this.logWidth()), this.batchShape);
    });
  }

  /** E[xⁿ] = b · B(1 + n/a, b) on (0, 1). */
  private rawMoment(n: number): tf.Tensor {
    const b = this.param('b');
    return tf.mul(b, tf.exp(logBeta(tf.add(1, tf.div(n, this.param('a'))), b)));
  }
}
