/**
 * Float64 reference mathematics for the distribution tests, written independently of
 * src/distributions (different algorithms where the source has one): log Γ by Lanczos, ψ by recurrence
 * and asymptotic series, regularized incomplete gamma and beta functions (Numerical Recipes, §6.2 and
 * §6.4), the Kolmogorov and χ² p-values, and moment helpers.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x), x > 0 (Lanczos g = 7 with the reflection formula below ½). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ψ(x), x > 0: recurrence up to x ≥ 12, then the asymptotic series. */
export function digamma(x: number): number {
  let acc = 0;
  while (x < 12) {
    acc -= 1 / x;
    x += 1;
  }
  const x2 = 1 / (x * x);
  return acc + Math.log(x) - 0.5 / x - x2 * (1 / 12 - x2 * (1 / 120 - x2 * (1 / 252 - x2 * (1 / 240 - x2 / 132))));
}

/** log B(a, b). */
export function logBeta(a: number, b: number): number {
  return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/** The regularized lower incomplete gamma P(a, x) (NR gser / gcf). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - lgamma(a));
  }
  return 1 - gammaQContinuedFraction(a, x);
}

function gammaQContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - lgamma(a)) * h;
}

/** The regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate in the upper tail. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - gammaP(a, x) : gammaQContinuedFraction(a, x);
}

/** The regularized incomplete beta I_x(a, b) (NR betai / betacf). */
export function betaI(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - logBeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** Φ(z) via erfc(t) = Q(½, t²). */
export function normalCdf(z: number): number {
  const half = 0.5 * gammaQ(0.5, (z * z) / 2);
  return z < 0 ? half : 1 - half;
}

/** The Student-t CDF with ν degrees of freedom, via the incomplete beta. */
export function studentTCdf(t: number, nu: number): number {
  const tail = 0.5 * betaI(nu / (nu + t * t), nu / 2, 0.5);
  return t < 0 ? tail : 1 - tail;
}

/** log(1 + eˣ). */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** The Euler–Mascheroni constant. */
export const EULER = 0.5772156649015329;

/** The asymptotic Kolmogorov p-value Q_KS(λ) = 2 Σ (−1)^{j−1} e^{−2 j² λ²}. */
function kolmogorovQ(lambda: number): number {
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = 2 * (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return Math.min(1, Math.max(0, sum));
}

/**
 * One-sample Kolmogorov–Smirnov test of `xs` against the CDF `cdf`: the statistic D and its p-value
 * with Stephens' (1970) small-sample correction λ = (√n + 0.12 + 0.11/√n) D (NR §14.3).
 */
export function ksTest(xs: ArrayLike<number>, cdf: (x: number) => number): { d: number; p: number } {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  let d = 0;
  // Tied values (a draw clamped at the float32 edge of the support) form one step of the empirical CDF.
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const f = cdf(sorted[i]!);
    d = Math.max(d, Math.abs(f - i / n), Math.abs(j / n - f));
    i = j;
  }
  const sn = Math.sqrt(n);
  return { d, p: kolmogorovQ((sn + 0.12 + 0.11 / sn) * d) };
}

/** Two-sample Kolmogorov–Smirnov test (NR kstwo), with the effective size nm/(n + m). */
export function ksTwoSample(xs: ArrayLike<number>, ys: ArrayLike<number>): { d: number; p: number } {
  const a = Float64Array.from(xs).sort();
  const b = Float64Array.from(ys).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  const ne = Math.sqrt((a.length * b.length) / (a.length + b.length));
  return { d, p: kolmogorovQ((ne + 0.12 + 0.11 / ne) * d) };
}

/** Pearson's χ² test of observed counts against expected counts; p = Q(dof/2, χ²/2). */
export function chiSquareTest(observed: readonly number[], expected: readonly number[]): { chi2: number; p: number } {
  let chi2 = 0;
  for (let i = 0; i < observed.length; i++) chi2 += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  const dof = observed.length - 1;
  return { chi2, p: gammaQ(dof / 2, chi2 / 2) };
}

/** Sample mean and its standard error. */
export function meanAndSe(xs: ArrayLike<number>): { mean: number; se: number; sd: number } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i]!;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i]! - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { mean, se: sd / Math.sqrt(n), sd };
}

/** Sample variance and its standard error √((m₄ − s⁴)/n) (large-sample). */
export function varianceAndSe(xs: ArrayLike<number>): { variance: number; se: number } {
  const n = xs.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i]!;
  const mean = s / n;
  let m2 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d2 = (xs[i]! - mean) ** 2;
    m2 += d2;
    m4 += d2 * d2;
  }
  const variance = m2 / (n - 1);
  return { variance, se: Math.sqrt(Math.max(m4 / n - (m2 / n) ** 2, 0) / n) };
}

/** Column `j` of a row-major [n, width] array. */
export function column(values: ArrayLike<number>, width: number, j: number): Float64Array {
  const n = values.length / width;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i * width + j]!;
  return out;
}
