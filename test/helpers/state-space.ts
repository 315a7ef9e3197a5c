/**
 * Exact log-evidence references for the loop models (float64, independent of src/):
 * - the scalar linear-Gaussian state-space model (LGSSM) of issue 17,
 *     z[0] ~ N(m0, s0²),  z[t] ~ N(a·z[t−1], q²),  x[t] ~ N(z[t], r²),
 *   by the Kalman filter's prediction-error decomposition (Kalman 1960; Harvey 1989, "Forecasting,
 *   structural time series models and the Kalman filter", §3.4): log p(x) = Σ_t log N(x_t; x̂_t, S_t);
 * - the same evidence by brute force, log N(x; m, Σ_x) with Σ_x built entry by entry and a Cholesky
 *   factorization, to check the filter (only sensible for small T);
 * - the plate model of several noisy measurements per subject, u ~ N(0, su²), x[j] ~ N(u, sx²),
 *   j < M, in closed form: the covariance sx² I + su² 11ᵀ has determinant sx^{2(M−1)}(sx² + M su²) and
 *   inverse (I − c 11ᵀ)/sx² with c = su²/(sx² + M su²) (the matrix determinant lemma and
 *   Sherman–Morrison).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The parameters of the scalar LGSSM (issue 17's values are {@link ISSUE_LGSSM}). */
export interface Lgssm {
  /** Mean and standard deviation of z[0]. */
  readonly m0: number;
  readonly s0: number;
  /** The transition's coefficient and standard deviation. */
  readonly a: number;
  readonly q: number;
  /** The emission's standard deviation. */
  readonly r: number;
}

/** `z[0] ~ Normal(0, 1); z[t] ~ Normal(0.9 * z[t - 1], 0.5); x[t] ~ Normal(z[t], 0.3)`. */
export const ISSUE_LGSSM: Lgssm = { m0: 0, s0: 1, a: 0.9, q: 0.5, r: 0.3 };

const LOG_2PI = Math.log(2 * Math.PI);

/** log p(x[0..T)) of one sequence by the Kalman filter. */
export function kalmanLogEvidence(x: readonly number[], p: Lgssm): number {
  let mean = p.m0;
  let variance = p.s0 * p.s0;
  let total = 0;
  for (let t = 0; t < x.length; t++) {
    if (t > 0) {
      // Predict: z[t] | x[0..t) ~ N(a·mean, a²·variance + q²).
      mean = p.a * mean;
      variance = p.a * p.a * variance + p.q * p.q;
    }
    // The one-step predictive of x[t] and its innovation.
    const s = variance + p.r * p.r;
    const e = (x[t] as number) - mean;
    total += -0.5 * (LOG_2PI + Math.log(s) + (e * e) / s);
    // Update: condition z[t] on x[t].
    const gain = variance / s;
    mean += gain * e;
    variance *= 1 - gain;
  }
  return total;
}

/** The Kalman smoother's posterior means and variances of z[t] given all of x (Rauch, Tung & Striebel 1965). */
export function kalmanSmoother(x: readonly number[], p: Lgssm): { mean: number[]; variance: number[] } {
  const T = x.length;
  const fm: number[] = [];
  const fv: number[] = [];
  const pm: number[] = [];
  const pv: number[] = [];
  for (let t = 0; t < T; t++) {
    const m = t === 0 ? p.m0 : p.a * (fm[t - 1] as number);
    const v = t === 0 ? p.s0 * p.s0 : p.a * p.a * (fv[t - 1] as number) + p.q * p.q;
    pm.push(m);
    pv.push(v);
    const gain = v / (v + p.r * p.r);
    fm.push(m + gain * ((x[t] as number) - m));
    fv.push(v * (1 - gain));
  }
  const mean = [...fm];
  const variance = [...fv];
  for (let t = T - 2; t >= 0; t--) {
    const j = ((fv[t] as number) * p.a) / (pv[t + 1] as number);
    mean[t] = (fm[t] as number) + j * ((mean[t + 1] as number) - (pm[t + 1] as number));
    variance[t] = (fv[t] as number) + j * j * ((variance[t + 1] as number) - (pv[t + 1] as number));
  }
  return { mean, variance };
}

/** The marginal mean and covariance of x[0..T) under the LGSSM, entry by entry. */
export function lgssmMoments(T: number, p: Lgssm): { mean: number[]; cov: number[][] } {
  // Var z[t] by its recursion; Cov(z[s], z[t]) = a^{t−s} Var z[s] for s ≤ t.
  const vz: number[] = [p.s0 * p.s0];
  for (let t = 1; t < T; t++) vz.push(p.a * p.a * (vz[t - 1] as number) + p.q * p.q);
  const mean = Array.from({ length: T }, (_, t) => p.m0 * p.a ** t);
  const cov = Array.from({ length: T }, (_, i) =>
    Array.from({ length: T }, (_, j) => p.a ** Math.abs(i - j) * (vz[Math.min(i, j)] as number) + (i === j ? p.r * p.r : 0)),
  );
  return { mean, cov };
}

/** log N(x; mean, cov) by a Cholesky factorization, float64. */
export function logMvn(x: readonly number[], mean: readonly number[], cov: readonly (readonly number[])[]): number {
  const n = x.length;
  const L: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = cov[i]?.[j] as number;
      for (let k = 0; k < j; k++) s -= (L[i]?.[k] as number) * (L[j]?.[k] as number);
      if (i === j) {
        if (!(s > 0)) throw new Error(`logMvn: covariance not positive definite at ${i}`);
        (L[i] as number[])[i] = Math.sqrt(s);
      } else (L[i] as number[])[j] = s / (L[j]?.[j] as number);
    }
  }
  // Solve L y = x − mean; log N = −½(n log 2π + 2 Σ log L_ii + ‖y‖²).
  const y: number[] = [];
  let logDet = 0;
  for (let i = 0; i < n; i++) {
    let s = (x[i] as number) - (mean[i] as number);
    for (let k = 0; k < i; k++) s -= (L[i]?.[k] as number) * (y[k] as number);
    const d = L[i]?.[i] as number;
    y.push(s / d);
    logDet += 2 * Math.log(d);
  }
  return -0.5 * (n * LOG_2PI + logDet + y.reduce((a, v) => a + v * v, 0));
}

/** The LGSSM evidence of one sequence by brute force: log N(x; E x, Cov x). */
export function bruteForceLgssmEvidence(x: readonly number[], p: Lgssm): number {
  const { mean, cov } = lgssmMoments(x.length, p);
  return logMvn(x, mean, cov);
}

/** log p(x[0..M)) of one subject under u ~ N(0, su²), x[j] ~ N(u, sx²), in closed form. */
export function plateLogEvidence(x: readonly number[], su: number, sx: number): number {
  const M = x.length;
  const vx = sx * sx;
  const denom = vx + M * su * su;
  const sum = x.reduce((a, v) => a + v, 0);
  const sq = x.reduce((a, v) => a + v * v, 0);
  const logDet = (M - 1) * Math.log(vx) + Math.log(denom);
  const quad = (sq - ((su * su) / denom) * sum * sum) / vx;
  return -0.5 * (M * LOG_2PI + logDet + quad);
}

/** The rows of a numeric CSV fixture (header skipped), parsed independently of src/data. */
export function readNumericCsv(path: string): { header: string[]; rows: number[][] } {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return { header: (lines[0] ?? '').split(','), rows: lines.slice(1).map((l) => l.split(',').map(Number)) };
}

/** A fixture of test/fixtures/sequences by file name. */
export const sequenceFixture = (file: string): string => fileURLToPath(new URL(`../fixtures/sequences/${file}`, import.meta.url));
