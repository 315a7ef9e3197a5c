/**
 * ContinuousBernoulli(probs | logits) on [0, 1]: p(x) = C(λ) λˣ (1 − λ)^{1−x} (Loaiza-Ganem &
 * Cunningham 2019, "The continuous Bernoulli: fixing a pervasive error in variational autoencoders").
 * Everything is written in the logit η = logit λ, where the closed forms are
 *   log C = log(η / tanh(η/2)),  F(x) = expm1(xη) / expm1(η),  F⁻¹(u) = log1p(u · expm1(η)) / η,
 *   mean = −1/expm1(−η) − 1/η,  variance = 1/η² − 1/(4 sinh²(η/2)),
 * all 0/0 at η = 0 (λ = ½), where Taylor expansions take over (as torch does near λ = ½). Positive η
 * uses the reflection X ↦ 1 − X, η ↦ −η, so no expm1 overflows. Inverse-CDF sampler, pathwise in η.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { binaryLogits } from './logits.js';
import { openUniform } from './noise.js';
import type { Rng } from './rng.js';
import { stopGradient } from '../common/stop-gradient.js';

/** Below this |η| the normaliser uses log 2 + η²/12 − 7η⁴/1440 (next term 31η⁶/90720 < 4e-10). */
const NORMALISER_TAYLOR_CUT = 0.1;
/** Below this |η| the CDF and quantile use their first-order expansions (error < 1e-7). */
const CDF_TAYLOR_CUT = 1e-3;
/** Below this |η| the mean and variance use their expansions (next terms < 1e-7). */
const MOMENT_TAYLOR_CUT = 0.3;

/** A safe-input `tf.where`: `small(x̃)` where |η| < cut, `large(η̃)` elsewhere, each on harmless inputs. */
function byMagnitude(eta: tf.Tensor, cut: number, small: (eta: tf.Tensor) => tf.Tensor, large: (eta: tf.Tensor) => tf.Tensor): tf.Tensor {
  const isSmall = tf.less(tf.abs(stopGradient(eta)), cut);
  const etaSmall = tf.where(isSmall, eta, tf.zerosLike(eta));
  const etaLarge = tf.where(isSmall, tf.fill(eta.shape, 1), eta);
  return tf.where(isSmall, small(etaSmall), large(etaLarge));
}

/** log C(η) = log(η / tanh(η/2)). */
function logNormaliser(eta: tf.Tensor): tf.Tensor {
  return byMagnitude(
    eta,
    NORMALISER_TAYLOR_CUT,
    (e) => {
      const e2 = tf.square(e);
      return tf.add(Math.LN2, tf.mul(e2, tf.sub(1 / 12, tf.mul(7 / 1440, e2))));
    },
    (e) => tf.sub(tf.log(tf.abs(e)), tf.log(tf.abs(tf.tanh(tf.mul(0.5, e))))),
  );
}

/** G(v; a) = log1p(v · expm1(−a)) / (−a) for a = |η| > 0: the quantile for η < 0. */
function reflectedQuantile(v: tf.Tensor, a: tf.Tensor): tf.Tensor {
  return tf.div(tf.log1p(tf.mul(v, tf.expm1(tf.neg(a)))), tf.neg(a));
}

/** F(x; −a) = expm1(−a x) / expm1(−a) for a = |η| > 0: the CDF for η < 0. */
function reflectedCdf(x: tf.Tensor, a: tf.Tensor): tf.Tensor {
  return tf.div(tf.expm1(tf.neg(tf.mul(a, x))), tf.expm1(tf.neg(a)));
}

/** The continuous Bernoulli distribution. */
export class ContinuousBernoulli extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['inverse-cdf'];

  /** @param params - `{probs}` or `{logits}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('ContinuousBernoulli', DISTRIBUTIONS.ContinuousBernoulli, params);
  }

  /** The logit η of the shape λ (a new tensor; call inside `tf.tidy`). */
  logits(): tf.Tensor {
    return binaryLogits(this.params);
  }

  /** x·η − softplus(η) + log C(η). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const eta = this.logits();
      return tf.add(tf.sub(tf.mul(value, eta), tf.softplus(eta)), logNormaliser(eta));
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(0.5);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'inverse-cdf') return super.samplePathwise(kind, sampleShape, rng);
    return this.icdf(openUniform(this.drawShape(sampleShape), rng));
  }

  /** F(x) on [0, 1]; 0 below, 1 above. */
  cdf(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const xc = tf.clipByValue(x, 0, 1);
      const eta = tf.add(this.logits(), tf.zerosLike(xc));
      const xb = tf.add(xc, tf.zerosLike(eta));
      return byMagnitude(
        eta,
        CDF_TAYLOR_CUT,
        (e) => tf.add(xb, tf.mul(tf.mul(0.5, e), tf.mul(xb, tf.sub(xb, 1)))),
        (e) => {
          const a = tf.abs(e);
          return tf.where(tf.less(stopGradient(e), 0), reflectedCdf(xb, a), tf.sub(1, reflectedCdf(tf.sub(1, xb), a)));
        },
      );
    });
  }

  /** F⁻¹(u) for u in [0, 1]. */
  icdf(u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const eta = tf.add(this.logits(), tf.zerosLike(u));
      const ub = tf.add(u, tf.zerosLike(eta));
      return byMagnitude(
        eta,
        CDF_TAYLOR_CUT,
        (e) => tf.add(ub, tf.mul(tf.mul(0.5, e), tf.mul(ub, tf.sub(1, ub)))),
        (e) => {
          const a = tf.abs(e);
          return tf.where(tf.less(stopGradient(e), 0), reflectedQuantile(ub, a), tf.sub(1, reflectedQuantile(tf.sub(1, ub), a)));
        },
      );
    });
  }

  /** −1/expm1(−η) − 1/η; ½ + η/12 − η³/720 near η = 0. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.meanOf(this.logits()), this.batchShape));
  }

  /** 1/η² − 1/(4 sinh²(η/2)); 1/12 − η²/240 + η⁴/6048 near η = 0. */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const v = byMagnitude(
        this.logits(),
        MOMENT_TAYLOR_CUT,
        (e) => {
          const e2 = tf.square(e);
          return tf.add(1 / 12, tf.mul(e2, tf.add(-1 / 240, tf.mul(e2, 1 / 6048))));
        },
        (e) => tf.sub(tf.reciprocal(tf.square(e)), tf.reciprocal(tf.mul(4, tf.square(tf.sinh(tf.mul(0.5, e)))))),
      );
      return tf.broadcastTo(v, this.batchShape);
    });
  }

  /** −E[log p(x)] = −(mean·η − softplus(η) + log C(η)), since log p is linear in x. */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const eta = this.logits();
      const h = tf.neg(tf.add(tf.sub(tf.mul(this.meanOf(eta), eta), tf.softplus(eta)), logNormaliser(eta)));
      return tf.broadcastTo(h, this.batchShape);
    });
  }

  private meanOf(eta: tf.Tensor): tf.Tensor {
    return byMagnitude(
      eta,
      MOMENT_TAYLOR_CUT,
      (e) => tf.add(0.5, tf.mul(e, tf.sub(1 / 12, tf.mul(tf.square(e), 1 / 720)))),
      (e) => tf.sub(tf.neg(tf.reciprocal(tf.expm1(tf.neg(e)))), tf.reciprocal(e)),
    );
  }
}
