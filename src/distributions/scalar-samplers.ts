/**
 * Exact samplers that run element by element on the JS side, for the families without a pathwise
 * sampler (Gamma and those built from it — Beta, Dirichlet, StudentT's mixing variable — and Poisson).
 * tfjs's `randomGamma` takes one scalar shape for the whole tensor, and rejection samplers do not
 * vectorise without data-dependent loops, so these read the broadcast parameters once and draw in
 * float64 from the {@link Rng}'s own stream: reproducible bit for bit, and no gradient by construction.
 */
import type { Rng } from './rng.js';

/** A U(0, 1] draw from the JS-side stream (never 0, so its log is finite). */
function uniformOpenAtZero(rng: Rng): number {
  return 1 - rng.nextFloat();
}

/** A standard normal draw by the Box–Muller transform (Box & Muller 1958). */
export function standardNormalNumber(rng: Rng): number {
  const u1 = uniformOpenAtZero(rng);
  const u2 = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * log of a Gamma(alpha, 1) draw, alpha > 0. Marsaglia & Tsang (2000), "A simple method for generating
 * gamma variables", for alpha ≥ 1; below 1 their boost Gamma(α) = Gamma(α + 1) · U^{1/α}, applied in
 * log space so that tiny shapes (whose draws underflow float32) still give a usable log.
 */
export function logGammaNumber(alpha: number, rng: Rng): number {
  if (!(alpha > 0)) return Number.NaN;
  if (alpha < 1) return logGammaNumber(alpha + 1, rng) + Math.log(uniformOpenAtZero(rng)) / alpha;
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormalNumber(rng);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = uniformOpenAtZero(rng);
    const x2 = x * x;
    // The squeeze accepts ~98% of proposals without a log.
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
      return Math.log(d) + Math.log(v);
    }
  }
}

// Lanczos approximation, g = 7, n = 9 (Godfrey's coefficients): about 1e-15 relative for x ≥ 0.5.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) in float64 for x ≥ 0.5 (Lanczos 1964), for the Poisson sampler's acceptance test. */
export function lgammaNumber(x: number): number {
  const y = x - 1;
  let a = LANCZOS[0] as number;
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Below this rate the Poisson sampler inverts the CDF; above it, it uses PTRS. */
const POISSON_INVERSION_MAX_RATE = 10;

/**
 * A Poisson(rate) draw. For rate < 10, inversion by sequential search (Devroye 1986, "Non-Uniform
 * Random Variate Generation", §X.3.3); otherwise Hörmann (1993), "The transformed rejection method for
 * generating Poisson random variables" (PTRS), whose expected number of uniforms is bounded in the rate.
 */
export function poissonNumber(rate: number, rng: Rng): number {
  if (!(rate >= 0)) return Number.NaN;
  if (rate === 0) return 0;
  if (rate < POISSON_INVERSION_MAX_RATE) {
    const u = rng.nextFloat();
    let k = 0;
    let p = Math.exp(-rate);
    let cdf = p;
    // The mass beyond k = 200 is below 1e-150 for rates < 10; the cap only guards against rounding.
    while (u > cdf && k < 200) {
      k += 1;
      p *= rate / k;
      cdf += p;
    }
    return k;
  }
  const logRate = Math.log(rate);
  const b = 0.931 + 2.53 * Math.sqrt(rate);
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = rng.nextFloat() - 0.5;
    const v = uniformOpenAtZero(rng);
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -rate + k * logRate - lgammaNumber(k + 1)) {
      return k;
    }
  }
}
