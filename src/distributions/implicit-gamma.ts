/**
 * Implicit reparameterization gradients for the Gamma (Figurnov, Mohamed & Mnih 2018, "Implicit
 * reparameterization gradients", §3): a sample z ~ Gamma(α, 1) is drawn exactly (Marsaglia & Tsang 2000,
 * scalar-samplers.ts) and its gradient with respect to α is that of the implicit equation F(z; α) = u at
 * fixed u:
 *
 *   dz/dα = −(∂F/∂α)(z; α) / p(z; α).
 *
 * The CDF derivative is the one of Moore (1982), "Algorithm AS 187: derivatives of the incomplete gamma
 * integral" (the series and continued fraction of the regularized incomplete gamma, differentiated term
 * by term; Eigen's `igamma_der_a`, which TFP's `random_gamma` gradient uses, computes it the same way),
 * evaluated here in float64 on the JS side, where the sample is drawn. Dividing by p(z; α) analytically
 * first leaves no exponentials, so nothing underflows, even for α ≪ 1 whose draws underflow float32:
 *
 *   series (z < α + 1):  P = e^{−z} z^α Σₙ zⁿ / Γ(α+n+1), so
 *                        d log z/dα = −Σₙ tₙ (log z − ψ(α+n+1)),  t₀ = 1/α, tₙ = tₙ₋₁ · z/(α+n);
 *   continued fraction:  Q = 1 − P = e^{−z} z^α h(α, z) / Γ(α) (Numerical Recipes 6.2.7), so
 *                        d log z/dα = h (log z − ψ(α)) + ∂h/∂α, with ∂h/∂α by forward-mode
 *                        differentiation of the modified Lentz recurrence.
 *
 * The gradient is attached with `tf.customGrad` to log z, so Beta (a ratio of Gammas) and Dirichlet
 * (normalised Gammas) are pathwise too, by the chain rule through the log-space normalisation.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from './rng.js';
import { logGammaNumber } from './scalar-samplers.js';

/** Relative precision at which the series and the continued fraction stop. */
const EPS = 1e-15;
/** Iteration cap: both converge in O(√α) steps near the mode; this covers α up to ~1e8. */
const MAX_ITERATIONS = 100000;
/** Lentz's guard against a zero denominator. */
const FPMIN = 1e-300;

/** ψ(x) for x > 0 in float64: recurrence up to x ≥ 10, then the asymptotic series (A&S 6.3.5, 6.3.18). */
export function digammaNumber(x: number): number {
  let acc = 0;
  while (x < 10) {
    acc -= 1 / x;
    x += 1;
  }
  const x2 = 1 / (x * x);
  const tail = x2 * (1 / 12 - x2 * (1 / 120 - x2 * (1 / 252 - x2 * (1 / 240 - x2 * (1 / 132)))));
  return acc + Math.log(x) - 0.5 / x - tail;
}

/**
 * ∂ log z / ∂α at fixed u = F(z; α), for z ~ Gamma(α, 1) given by its log (z itself may underflow):
 * (dz/dα)/z with dz/dα = −(∂F/∂α)/p. NaN for α ≤ 0; 0 for z = +∞.
 */
export function gammaLogSampleShapeGradient(logZ: number, alpha: number): number {
  if (!(alpha > 0) || Number.isNaN(logZ)) return Number.NaN;
  if (logZ === Infinity) return 0;
  const z = Math.exp(logZ);
  return z < alpha + 1 ? seriesBranch(logZ, z, alpha) : continuedFractionBranch(logZ, z, alpha);
}

/** −Σₙ tₙ (log z − ψ(α+n+1)): the series of P, differentiated and divided by z·p(z). */
function seriesBranch(logZ: number, z: number, alpha: number): number {
  let t = 1 / alpha;
  let psi = digammaNumber(alpha + 1);
  let sum = t * (logZ - psi);
  let tSum = t;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    psi += 1 / (alpha + n);
    t *= z / (alpha + n);
    tSum += t;
    const term = t * (logZ - psi);
    sum += term;
    // Past the peak the terms fall geometrically and |log z − ψ| grows only logarithmically.
    if (t < EPS * tSum && Math.abs(term) < EPS * Math.abs(sum)) break;
  }
  return -sum;
}

/** h (log z − ψ(α)) + ∂h/∂α, with h the continued fraction of Q (NR `gcf`) and its α-derivative. */
function continuedFractionBranch(logZ: number, z: number, alpha: number): number {
  // Each quantity carries its derivative with respect to α (suffix D).
  let b = z + 1 - alpha;
  const bD = -1;
  let c = 1 / FPMIN;
  let cD = 0;
  let d = 1 / b;
  let dD = -bD / (b * b);
  let h = d;
  let hD = dD;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - alpha);
    const anD = i;
    b += 2;
    // d ← 1 / (an·d + b)
    let den = an * d + b;
    let denD = anD * d + an * dD + bD;
    if (Math.abs(den) < FPMIN) den = FPMIN;
    d = 1 / den;
    dD = -denD / (den * den);
    // c ← b + an / c
    const cNew = b + an / c;
    cD = bD + (anD * c - an * cD) / (c * c);
    c = Math.abs(cNew) < FPMIN ? FPMIN : cNew;
    const del = d * c;
    const delD = dD * c + d * cD;
    hD = hD * del + h * delD;
    h *= del;
    if (Math.abs(del - 1) < EPS && Math.abs(h * delD) < EPS * Math.abs(hD)) break;
  }
  return h * (logZ - digammaNumber(alpha)) + hD;
}

/**
 * Exact draws of log z, z ~ Gamma(α, 1), elementwise for `alpha` (already broadcast to the draw's
 * shape), whose gradient with respect to `alpha` is the implicit reparameterization gradient
 * ∂ log z/∂α. The values come from the JS-side stream of `rng`, in float64, then rounded to float32.
 */
export function implicitLogGamma(alpha: tf.Tensor, rng: Rng): tf.Tensor {
  const a = alpha.dataSync();
  const logZ = new Float32Array(a.length);
  const slope = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] as number;
    const l = logGammaNumber(ai, rng);
    logZ[i] = l;
    slope[i] = gammaLogSampleShapeGradient(l, ai);
  }
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const s = tf.tensor(slope, alpha.shape);
    // Saved tensors survive until the backward pass; a closure's tensor would be disposed by tidy.
    save([s]);
    return { value: tf.tensor(logZ, alpha.shape), gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => [tf.mul(dy, saved!)] };
  });
  return op(alpha);
}
