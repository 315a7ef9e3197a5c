/**
 * Special functions as differentiable tfjs compositions (tfjs has no lgamma or digamma), accurate to
 * about 1e-5 relative in float32 on positive arguments (absolute near their zeros), plus the stable
 * log-space helpers the distributions share. Every function builds its result inside `tf.tidy`.
 *
 * Branches are selected with `tf.where` on *safe* inputs (each branch sees a harmless value where it is
 * not selected), because the gradient of an unselected branch is 0 · (its derivative), which is NaN when
 * that derivative is infinite.
 */
import * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from '../common/stop-gradient.js';

/** The smallest positive normal float32 (2⁻¹²⁶); used to keep logs and divisions finite. */
export const FLOAT32_TINY = 1.1754943508222875e-38;
/** The largest float32 below 1 (1 − 2⁻²⁴); uniforms are clamped to [tiny, this] so 1 − u > 0. */
export const FLOAT32_ONE_BELOW = 1 - 2 ** -24;
/** The Euler–Mascheroni constant γ = −ψ(1). */
export const EULER_GAMMA = 0.5772156649015329;
/** log(2π). */
export const LOG_2PI = Math.log(2 * Math.PI);
/** log(π). */
export const LOG_PI = Math.log(Math.PI);

/** Arguments below this are shifted up by the recurrence before the asymptotic series applies. */
const RECURRENCE_SHIFT = 6;

/**
 * log Γ(x) for x > 0: Stirling's series to the x⁻⁷ term (truncation error < 1e-10 at x ≥ 6), with the
 * recurrence log Γ(x) = log Γ(x + 6) − log(x (x+1) ⋯ (x+5)) below 6 (Abramowitz & Stegun 6.1.40, 6.1.15).
 */
export function lgamma(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const small = tf.less(stopGradient(x), RECURRENCE_SHIFT);
    const z = tf.where(small, tf.add(x, RECURRENCE_SHIFT), x);
    const zinv = tf.reciprocal(z);
    const zinv2 = tf.square(zinv);
    // 1/(12z) − 1/(360z³) + 1/(1260z⁵) − 1/(1680z⁷), in Horner form.
    const series = tf.mul(zinv, hornerIn(zinv2, [1 / 12, -1 / 360, 1 / 1260, -1 / 1680]));
    const stirling = tf.add(tf.sub(tf.mul(tf.sub(z, 0.5), tf.log(z)), z), tf.add(series, 0.5 * LOG_2PI));
    const xs = tf.where(small, x, tf.onesLike(x));
    let prod = xs;
    for (let i = 1; i < RECURRENCE_SHIFT; i++) prod = tf.mul(prod, tf.add(xs, i));
    return tf.where(small, tf.sub(stirling, tf.log(prod)), stirling);
  });
}

/**
 * ψ(x) = d/dx log Γ(x) for x > 0: the asymptotic series to the x⁻¹⁰ term at x ≥ 6, with the recurrence
 * ψ(x) = ψ(x + 6) − Σᵢ 1/(x + i) below (Abramowitz & Stegun 6.3.18, 6.3.5).
 */
export function digamma(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const small = tf.less(stopGradient(x), RECURRENCE_SHIFT);
    const z = tf.where(small, tf.add(x, RECURRENCE_SHIFT), x);
    const zinv = tf.reciprocal(z);
    const zinv2 = tf.square(zinv);
    // log z − 1/(2z) − [1/(12z²) − 1/(120z⁴) + 1/(252z⁶) − 1/(240z⁸) + 1/(132z¹⁰)].
    const series = tf.mul(zinv2, hornerIn(zinv2, [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132]));
    const asymptotic = tf.sub(tf.sub(tf.log(z), tf.mul(0.5, zinv)), series);
    const xs = tf.where(small, x, tf.onesLike(x));
    let sum = tf.reciprocal(xs);
    for (let i = 1; i < RECURRENCE_SHIFT; i++) sum = tf.add(sum, tf.reciprocal(tf.add(xs, i)));
    return tf.where(small, tf.sub(asymptotic, sum), asymptotic);
  });
}

/** c₀ + c₁y + c₂y² + … for a tensor y (Horner's scheme). */
function hornerIn(y: tf.Tensor, coefficients: readonly number[]): tf.Tensor {
  let acc: tf.Tensor = tf.scalar(coefficients[coefficients.length - 1] as number);
  for (let i = coefficients.length - 2; i >= 0; i--) acc = tf.add(tf.mul(acc, y), coefficients[i] as number);
  return acc;
}

/** log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), elementwise with broadcasting. */
export function logBeta(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.add(lgamma(a), lgamma(b)), lgamma(tf.add(a, b))));
}

/** The multivariate log B(α) = Σₖ log Γ(αₖ) − log Γ(Σₖ αₖ), over the last axis (Dirichlet's normaliser). */
export function logMultivariateBeta(alpha: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.sum(lgamma(alpha), -1), lgamma(tf.sum(alpha, -1))));
}

/**
 * log(1 − eˣ) for x ≤ 0, accurate everywhere: log(−expm1(x)) near 0 and log1p(−eˣ) below −log 2
 * (Mächler 2012, "Accurately computing log(1 − exp(−|a|))").
 */
export function log1mexp(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const near0 = tf.greater(stopGradient(x), -Math.LN2);
    const xa = tf.where(near0, x, tf.fill(x.shape, -1));
    const xb = tf.where(near0, tf.fill(x.shape, -1), x);
    return tf.where(near0, tf.log(tf.neg(tf.expm1(xa))), tf.log1p(tf.neg(tf.exp(xb))));
  });
}

/** The inverse of softplus: log(eʸ − 1) = y + log(1 − e⁻ʸ), for y > 0. */
export function softplusInverse(y: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.add(y, log1mexp(tf.neg(y))));
}

/** log(p / (1 − p)) for p in (0, 1), with log1p for the second term. */
export function logit(p: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.log(p), tf.log1p(tf.neg(p))));
}

/** log(eᵃ + eᵇ) = max + log1p(e^{−|a − b|}); −∞ when both are −∞ (not NaN). */
export function logAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const hi = tf.maximum(a, b);
    const lo = tf.minimum(a, b);
    const finite = tf.isFinite(stopGradient(hi));
    const gap = tf.where(finite, tf.sub(lo, hi), tf.zerosLike(hi));
    return tf.where(finite, tf.add(hi, tf.log1p(tf.exp(gap))), hi);
  });
}

/** Φ(z), the standard normal CDF, as (1 + erf(z/√2))/2 (tfjs's erf: absolute error ≤ 1.5e-7). */
export function standardNormalCdf(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(0.5, tf.add(1, tf.erf(tf.mul(z, Math.SQRT1_2)))));
}

// Wichura (1988), Algorithm AS 241 PPND7, coefficients for the single-precision version.
const PPND7_A = [3.3871327179, 50.434271938, 159.29113202, 59.10937472];
const PPND7_B = [1, 17.895169469, 78.757757664, 67.1875636];
const PPND7_C = [1.4234372777, 2.75681539, 1.3067284816, 0.17023821103];
const PPND7_D = [1, 0.7370016425, 0.12021132975];
const PPND7_E = [6.657905115, 3.081226386, 0.42868294337, 0.017337203997];
const PPND7_F = [1, 0.24197894225, 0.012258202635];

/**
 * Φ⁻¹(p), the standard normal quantile, for p in (0, 1): Wichura (1988), "Algorithm AS 241: the
 * percentage points of the normal distribution" (PPND7, about 1e-7 relative), as rational functions
 * selected by `tf.where` on safe inputs.
 */
export function ndtri(p: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const q = tf.sub(p, 0.5);
    const central = tf.lessEqual(tf.abs(stopGradient(q)), 0.425);
    const qc = tf.where(central, q, tf.zerosLike(q));
    const rc = tf.sub(0.180625, tf.square(qc));
    const centralValue = tf.div(tf.mul(qc, hornerIn(rc, PPND7_A)), hornerIn(rc, PPND7_B));
    // Tails: r = √(−log min(p, 1 − p)), with p = 1/4 fed to the tail branch where it is unused.
    const tailP = tf.where(central, tf.fill(p.shape, 0.25), tf.minimum(p, tf.sub(1, p)));
    const r = tf.sqrt(tf.neg(tf.log(tailP)));
    const near = tf.lessEqual(stopGradient(r), 5);
    const rNear = tf.sub(tf.where(near, r, tf.fill(r.shape, 5)), 1.6);
    const rFar = tf.sub(tf.where(near, tf.fill(r.shape, 5), r), 5);
    const nearValue = tf.div(hornerIn(rNear, PPND7_C), hornerIn(rNear, PPND7_D));
    const farValue = tf.div(hornerIn(rFar, PPND7_E), hornerIn(rFar, PPND7_F));
    const tailMagnitude = tf.where(near, nearValue, farValue);
    const tail = tf.where(tf.less(stopGradient(q), 0), tf.neg(tailMagnitude), tailMagnitude);
    return tf.where(central, centralValue, tail);
  });
}
