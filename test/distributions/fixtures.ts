/**
 * The fixture table (Pyro's tests/distributions/conftest.py style): one row per registry distribution,
 * each with a small batch of parameter sets ("members", one ordinary and one or two extreme), float64
 * reference densities, CDFs, moments and test points written here independently of src/. The generic
 * checks in the other test files run over every row.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createDistribution } from '../../src/distributions/create.js';
import type { Distribution } from '../../src/distributions/distribution.js';
import { DISTRIBUTIONS, type DistributionName } from '../../src/registry/distributions.js';
import { betaI, EULER, gammaP, lgamma, logBeta, normalCdf, softplus, studentTCdf } from './reference.js';

/**
 * One member's parameter values: numbers for scalar rows, arrays along the event for vector rows, and
 * K × K nested arrays for a parameter of event rank 2 (MultivariateNormal's scale_tril).
 */
export type Member = Readonly<Record<string, number | readonly number[] | readonly (readonly number[])[]>>;
/** A value: a number, or an event vector. */
export type Value = number | readonly number[];

/** A smooth test function with a closed-form expectation, for the gradient tests. */
export interface Expectation {
  /** For messages. */
  readonly label: string;
  /** f applied per draw (vector rows reduce over the event axis). */
  readonly f: (z: tf.Tensor) => tf.Tensor;
  /** E[f(z)] under the member, in float64. */
  readonly value: (m: Member) => number;
}

/** A row of the table. */
export interface Fixture {
  readonly name: DistributionName;
  /**
   * For a row with a `distribution` parameter (MixtureSameFamily): the component's family, whose
   * parameters are the members' keys prefixed `component.` (see {@link fixtureDistribution}).
   */
  readonly component?: DistributionName;
  /** Parameter sets forming the batch (one parameterization). */
  readonly members: readonly Member[];
  /** Reference log-density (log-mass) of a value in the support. */
  readonly logPdf: (x: Value, m: Member) => number;
  /** In-support values to evaluate at: ordinary points and extremes (float32-representable). */
  readonly points: (m: Member) => readonly Value[];
  /** Values outside the support, where logProb must be −∞. */
  readonly outside: (m: Member) => readonly Value[];
  /** Reference CDF, for continuous scalar rows (KS test, cdf check). */
  readonly cdf?: (x: number, m: Member) => number;
  /** Reference marginal CDFs of a vector row's coordinates (KS on each marginal). */
  readonly marginalCdf?: (x: number, k: number, m: Member) => number;
  /**
   * For a vector row whose coordinates have no closed-form marginals: a map of each draw to
   * coordinates that have them, with their CDFs (KS on each; LogisticNormal's log-ratios are Normal).
   */
  readonly transformedMarginals?: {
    readonly map: (x: readonly number[]) => readonly number[];
    readonly cdf: (y: number, j: number, m: Member) => number;
  };
  /** The probability mass at a value, for discrete rows (χ² test); `support` lists the cells. */
  readonly pmf?: { readonly support: (m: Member) => readonly Value[]; readonly mass: (x: Value, m: Member) => number };
  /** Reference mean and variance (elementwise for vector rows); absent where undefined. */
  readonly mean?: (m: Member) => Value;
  readonly variance?: (m: Member) => Value;
  /** Test functions for the gradient checks (defaults: z and z², from mean and variance). */
  readonly expectations?: readonly Expectation[];
  /** Parameters the gradient checks do not differentiate: discrete ones (Multinomial's total_count). */
  readonly fixedParams?: readonly string[];
}

const f32 = Math.fround;
const LOG_2PI = Math.log(2 * Math.PI);
const n = (m: Member, k: string): number => m[k] as number;
const v = (m: Member, k: string): readonly number[] => m[k] as readonly number[];
/** WWᵀ + diag(d) of a LowRankMultivariateNormal member, in float64. */
function lowRankCovariance(m: Member): number[][] {
  const w = m['cov_factor'] as readonly (readonly number[])[];
  const d = m['cov_diag'] as readonly number[];
  return w.map((wi, i) => w.map((wj, j) => wi.reduce((s, x, r) => s + x * wj[r]!, 0) + (i === j ? d[i]! : 0)));
}
/** A mixture parameter's `[D, K]` values. */
const mix = (m: Member, k: string): readonly (readonly number[])[] => m[k] as readonly (readonly number[])[];
const realOutside = (): Value[] => [Number.NaN, Infinity, -Infinity];
const positiveOutside = (): Value[] => [0, -1, -1e-30, Number.NaN, Infinity];
const unitOutside = (): Value[] => [0, 1, -0.5, 1.5, Number.NaN];
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Location–scale reference helpers: z = (x − loc)/scale. */
const z = (x: Value, m: Member): number => ((x as number) - n(m, 'loc')) / n(m, 'scale');
const lsPoints = (m: Member): Value[] => {
  const [l, s] = [n(m, 'loc'), n(m, 'scale')];
  return [l, l + s, l - 3 * s, l + 40 * s, l - 1e3 * s].map(f32);
};

export const FIXTURES: readonly Fixture[] = [
  {
    name: 'Normal',
    members: [{ loc: 0.5, scale: 2 }, { loc: -3, scale: 1e-3 }],
    logPdf: (x, m) => -0.5 * z(x, m) ** 2 - Math.log(n(m, 'scale')) - 0.5 * LOG_2PI,
    points: lsPoints,
    outside: realOutside,
    cdf: (x, m) => normalCdf(z(x, m)),
    mean: (m) => n(m, 'loc'),
    variance: (m) => n(m, 'scale') ** 2,
  },
  {
    name: 'Laplace',
    members: [{ loc: 0.5, scale: 2 }, { loc: -1, scale: 0.01 }],
    logPdf: (x, m) => -Math.abs(z(x, m)) - Math.log(2 * n(m, 'scale')),
    points: lsPoints,
    outside: realOutside,
    cdf: (x, m) => (z(x, m) < 0 ? 0.5 * Math.exp(z(x, m)) : 1 - 0.5 * Math.exp(-z(x, m))),
    mean: (m) => n(m, 'loc'),
    variance: (m) => 2 * n(m, 'scale') ** 2,
  },
  {
    name: 'Logistic',
    members: [{ loc: 0.5, scale: 2 }, { loc: 2, scale: 0.05 }],
    logPdf: (x, m) => -z(x, m) - 2 * softplus(-z(x, m)) - Math.log(n(m, 'scale')),
    points: lsPoints,
    outside: realOutside,
    cdf: (x, m) => sigmoid(z(x, m)),
    mean: (m) => n(m, 'loc'),
    variance: (m) => (Math.PI ** 2 * n(m, 'scale') ** 2) / 3,
  },
  {
    name: 'Cauchy',
    members: [{ loc: 0.5, scale: 2 }, { loc: -1, scale: 0.1 }],
    logPdf: (x, m) => -Math.log(Math.PI * n(m, 'scale') * (1 + z(x, m) ** 2)),
    points: lsPoints,
    outside: realOutside,
    cdf: (x, m) => 0.5 + Math.atan(z(x, m)) / Math.PI,
    // No moments; the characteristic function gives E[cos z] = cos(loc) e^{−scale}.
    expectations: [{ label: 'cos z', f: (t) => tf.cos(t), value: (m) => Math.cos(n(m, 'loc')) * Math.exp(-n(m, 'scale')) }],
  },
  {
    name: 'Gumbel',
    members: [{ loc: 0.5, scale: 2 }, { loc: -2, scale: 0.1 }],
    logPdf: (x, m) => -(z(x, m) + Math.exp(-z(x, m))) - Math.log(n(m, 'scale')),
    points: (m) => [...lsPoints(m), f32(n(m, 'loc') - 200 * n(m, 'scale'))],
    outside: realOutside,
    cdf: (x, m) => Math.exp(-Math.exp(-z(x, m))),
    mean: (m) => n(m, 'loc') + EULER * n(m, 'scale'),
    variance: (m) => (Math.PI ** 2 * n(m, 'scale') ** 2) / 6,
  },
  {
    name: 'StudentT',
    members: [{ df: 5, loc: 0.5, scale: 2 }, { df: 30, loc: -1, scale: 0.1 }],
    logPdf: (x, m) => {
      const nu = n(m, 'df');
      return lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(n(m, 'scale')) - ((nu + 1) / 2) * Math.log1p(z(x, m) ** 2 / nu);
    },
    points: lsPoints,
    outside: realOutside,
    cdf: (x, m) => studentTCdf(z(x, m), n(m, 'df')),
    mean: (m) => n(m, 'loc'),
    variance: (m) => (n(m, 'scale') ** 2 * n(m, 'df')) / (n(m, 'df') - 2),
  },
  {
    name: 'Uniform',
    members: [{ low: -1, high: 3 }, { low: 2, high: 2.5 }],
    logPdf: (_x, m) => -Math.log(n(m, 'high') - n(m, 'low')),
    points: (m) => [n(m, 'low') + 1e-5, (n(m, 'low') + n(m, 'high')) / 2, n(m, 'high') - 1e-5].map(f32),
    outside: (m) => [n(m, 'low'), n(m, 'high'), n(m, 'low') - 1, n(m, 'high') + 1, Number.NaN],
    cdf: (x, m) => Math.min(1, Math.max(0, (x - n(m, 'low')) / (n(m, 'high') - n(m, 'low')))),
    mean: (m) => (n(m, 'low') + n(m, 'high')) / 2,
    variance: (m) => (n(m, 'high') - n(m, 'low')) ** 2 / 12,
  },
  {
    name: 'Exponential',
    members: [{ rate: 2 }, { rate: 1e-3 }],
    logPdf: (x, m) => Math.log(n(m, 'rate')) - n(m, 'rate') * (x as number),
    points: () => [1e-30, 0.5, 1, 50, 1e4].map(f32),
    outside: positiveOutside,
    cdf: (x, m) => (x > 0 ? -Math.expm1(-n(m, 'rate') * x) : 0),
    mean: (m) => 1 / n(m, 'rate'),
    variance: (m) => 1 / n(m, 'rate') ** 2,
  },
  {
    name: 'Gamma',
    members: [{ concentration: 2.5, rate: 2 }, { concentration: 0.3, rate: 5 }],
    logPdf: (x, m) => {
      const [a, b] = [n(m, 'concentration'), n(m, 'rate')];
      return a * Math.log(b) + (a - 1) * Math.log(x as number) - b * (x as number) - lgamma(a);
    },
    points: () => [1e-30, 1e-5, 0.5, 3, 40].map(f32),
    outside: positiveOutside,
    cdf: (x, m) => gammaP(n(m, 'concentration'), n(m, 'rate') * x),
    mean: (m) => n(m, 'concentration') / n(m, 'rate'),
    variance: (m) => n(m, 'concentration') / n(m, 'rate') ** 2,
  },
  {
    name: 'Beta',
    members: [{ a: 2, b: 3 }, { a: 0.5, b: 0.3 }],
    logPdf: (x, m) => (n(m, 'a') - 1) * Math.log(x as number) + (n(m, 'b') - 1) * Math.log1p(-(x as number)) - logBeta(n(m, 'a'), n(m, 'b')),
    points: () => [1e-30, 1e-7, 0.3, 0.5, 0.99, 1 - 2 ** -24].map(f32),
    outside: unitOutside,
    cdf: (x, m) => betaI(x, n(m, 'a'), n(m, 'b')),
    mean: (m) => n(m, 'a') / (n(m, 'a') + n(m, 'b')),
    variance: (m) => {
      const [a, b] = [n(m, 'a'), n(m, 'b')];
      return (a * b) / ((a + b) ** 2 * (a + b + 1));
    },
  },
  {
    name: 'Kumaraswamy',
    members: [{ a: 2, b: 3 }, { a: 0.5, b: 0.8 }],
    logPdf: (x, m) => {
      const [a, b, y] = [n(m, 'a'), n(m, 'b'), x as number];
      return Math.log(a * b) + (a - 1) * Math.log(y) + (b - 1) * Math.log1p(-(y ** a));
    },
    points: () => [1e-30, 1e-7, 0.3, 0.5, 0.99, 1 - 2 ** -24].map(f32),
    outside: unitOutside,
    cdf: (x, m) => 1 - (1 - x ** n(m, 'a')) ** n(m, 'b'),
    mean: (m) => n(m, 'b') * Math.exp(logBeta(1 + 1 / n(m, 'a'), n(m, 'b'))),
    variance: (m) => {
      const [a, b] = [n(m, 'a'), n(m, 'b')];
      return b * Math.exp(logBeta(1 + 2 / a, b)) - (b * Math.exp(logBeta(1 + 1 / a, b))) ** 2;
    },
  },
  {
    name: 'LogNormal',
    members: [{ loc: 0.5, scale: 0.5 }, { loc: -2, scale: 1.5 }],
    logPdf: (x, m) => {
      const y = Math.log(x as number);
      return -0.5 * ((y - n(m, 'loc')) / n(m, 'scale')) ** 2 - y - Math.log(n(m, 'scale')) - 0.5 * LOG_2PI;
    },
    points: () => [1e-30, 1e-3, 1, 5, 1e4].map(f32),
    outside: positiveOutside,
    cdf: (x, m) => (x > 0 ? normalCdf((Math.log(x) - n(m, 'loc')) / n(m, 'scale')) : 0),
    mean: (m) => Math.exp(n(m, 'loc') + n(m, 'scale') ** 2 / 2),
    variance: (m) => Math.expm1(n(m, 'scale') ** 2) * Math.exp(2 * n(m, 'loc') + n(m, 'scale') ** 2),
  },
  {
    name: 'Weibull',
    members: [{ scale: 2, concentration: 1.5 }, { scale: 0.5, concentration: 0.4 }],
    logPdf: (x, m) => {
      const [l, k] = [n(m, 'scale'), n(m, 'concentration')];
      const r = (x as number) / l;
      return Math.log(k / l) + (k - 1) * Math.log(r) - r ** k;
    },
    points: () => [1e-30, 1e-3, 1, 5, 100].map(f32),
    outside: positiveOutside,
    cdf: (x, m) => (x > 0 ? -Math.expm1(-((x / n(m, 'scale')) ** n(m, 'concentration'))) : 0),
    mean: (m) => n(m, 'scale') * Math.exp(lgamma(1 + 1 / n(m, 'concentration'))),
    variance: (m) => {
      const [l, k] = [n(m, 'scale'), n(m, 'concentration')];
      return l * l * (Math.exp(lgamma(1 + 2 / k)) - Math.exp(2 * lgamma(1 + 1 / k)));
    },
  },
  {
    name: 'HalfNormal',
    members: [{ scale: 2 }, { scale: 1e-3 }],
    logPdf: (x, m) => 0.5 * Math.log(2 / Math.PI) - Math.log(n(m, 'scale')) - 0.5 * ((x as number) / n(m, 'scale')) ** 2,
    points: (m) => [1e-30, 0.5 * n(m, 'scale'), n(m, 'scale'), 3 * n(m, 'scale'), 40 * n(m, 'scale')].map(f32),
    outside: positiveOutside,
    cdf: (x, m) => (x > 0 ? 1 - 2 * normalCdf(-x / n(m, 'scale')) : 0),
    mean: (m) => n(m, 'scale') * Math.sqrt(2 / Math.PI),
    variance: (m) => n(m, 'scale') ** 2 * (1 - 2 / Math.PI),
  },
  {
    name: 'HalfCauchy',
    members: [{ scale: 2 }, { scale: 0.1 }],
    logPdf: (x, m) => Math.log(2 / Math.PI) - Math.log(n(m, 'scale')) - Math.log1p(((x as number) / n(m, 'scale')) ** 2),
    points: (m) => [1e-30, 0.5 * n(m, 'scale'), n(m, 'scale'), 40 * n(m, 'scale'), 1e3 * n(m, 'scale')].map(f32),
    outside: positiveOutside,
    cdf: (x, m) => (x > 0 ? (2 / Math.PI) * Math.atan(x / n(m, 'scale')) : 0),
    // No moments; cos is even, so E[cos |x|] is the Cauchy's characteristic function at 1, e^{−scale}.
    expectations: [{ label: 'cos z', f: (t) => tf.cos(t), value: (m) => Math.exp(-n(m, 'scale')) }],
  },
  {
    name: 'HalfStudentT',
    members: [{ df: 5, scale: 2 }, { df: 30, scale: 0.1 }],
    logPdf: (x, m) => {
      const nu = n(m, 'df');
      const t = (x as number) / n(m, 'scale');
      return Math.LN2 + lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * Math.log(nu * Math.PI) - Math.log(n(m, 'scale')) - ((nu + 1) / 2) * Math.log1p((t * t) / nu);
    },
    points: (m) => [1e-30, 0.5 * n(m, 'scale'), n(m, 'scale'), 40 * n(m, 'scale'), 1e3 * n(m, 'scale')].map(f32),
    outside: positiveOutside,
    cdf: (x, m) => (x > 0 ? 1 - 2 * studentTCdf(-x / n(m, 'scale'), n(m, 'df')) : 0),
    mean: (m) => halfStudentTMean(m),
    variance: (m) => (n(m, 'scale') ** 2 * n(m, 'df')) / (n(m, 'df') - 2) - halfStudentTMean(m) ** 2,
  },
  {
    name: 'Bernoulli',
    members: [{ logits: 0.3 }, { logits: -8 }],
    logPdf: (x, m) => ((x as number) === 1 ? -softplus(-n(m, 'logits')) : -softplus(n(m, 'logits'))),
    points: () => [0, 1],
    outside: () => [0.5, 2, -1, Number.NaN],
    pmf: { support: () => [0, 1], mass: (x, m) => ((x as number) === 1 ? sigmoid(n(m, 'logits')) : sigmoid(-n(m, 'logits'))) },
    mean: (m) => sigmoid(n(m, 'logits')),
    variance: (m) => sigmoid(n(m, 'logits')) * sigmoid(-n(m, 'logits')),
  },
  {
    name: 'ContinuousBernoulli',
    // η = 1e-4, 0.09 and −0.25 exercise the expansions near λ = ½ (inside their cuts); −20 the far tail.
    members: [{ logits: 0.7 }, { logits: 1e-4 }, { logits: 0.09 }, { logits: -0.25 }, { logits: -20 }],
    logPdf: (x, m) => {
      const e = n(m, 'logits');
      return (x as number) * e - softplus(e) + Math.log(e / Math.tanh(e / 2));
    },
    points: () => [0, 1e-6, 0.3, 0.5, 1],
    outside: () => [-1e-3, 1.001, Number.NaN, Infinity],
    cdf: (x, m) => {
      const e = n(m, 'logits');
      return x <= 0 ? 0 : x >= 1 ? 1 : Math.expm1(x * e) / Math.expm1(e);
    },
    mean: (m) => -1 / Math.expm1(-n(m, 'logits')) - 1 / n(m, 'logits'),
    variance: (m) => 1 / n(m, 'logits') ** 2 - 1 / (4 * Math.sinh(n(m, 'logits') / 2) ** 2),
  },
  {
    name: 'Categorical',
    members: [{ logits: [0.1, 0.5, -1] }, { logits: [3, -5, 0] }],
    logPdf: (x, m) => {
      const l = v(m, 'logits');
      const lse = Math.log(l.reduce((s, t) => s + Math.exp(t), 0));
      return (x as readonly number[]).reduce((s, xi, i) => s + xi * (l[i]! - lse), 0);
    },
    points: () => [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ],
    outside: () => [
      [1, 1, 0],
      [0.5, 0.5, 0],
      [0, 0, 0],
      [Number.NaN, 1, 0],
    ],
    pmf: {
      support: () => [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ],
      mass: (x, m) => {
        const l = v(m, 'logits');
        const total = l.reduce((s, t) => s + Math.exp(t), 0);
        return Math.exp(l[(x as readonly number[]).indexOf(1)]!) / total;
      },
    },
    mean: (m) => softmax(v(m, 'logits')),
    variance: (m) => softmax(v(m, 'logits')).map((p) => p * (1 - p)),
  },
  {
    name: 'Poisson',
    // 3.5 uses inversion, 40 uses PTRS.
    members: [{ rate: 3.5 }, { rate: 40 }],
    logPdf: (x, m) => (x as number) * Math.log(n(m, 'rate')) - n(m, 'rate') - lgamma((x as number) + 1),
    points: () => [0, 1, 7, 40, 1000],
    outside: () => [-1, 0.5, Number.NaN, Infinity],
    pmf: {
      support: (m) => Array.from({ length: Math.ceil(n(m, 'rate') * 3 + 15) }, (_, k) => k),
      mass: (x, m) => Math.exp((x as number) * Math.log(n(m, 'rate')) - n(m, 'rate') - lgamma((x as number) + 1)),
    },
    mean: (m) => n(m, 'rate'),
    variance: (m) => n(m, 'rate'),
  },
  {
    name: 'Dirichlet',
    members: [{ concentration: [1, 2, 3] }, { concentration: [0.2, 0.5, 4] }],
    logPdf: (x, m) => {
      const a = v(m, 'concentration');
      const a0 = a.reduce((s, t) => s + t, 0);
      const norm = a.reduce((s, t) => s + lgamma(t), 0) - lgamma(a0);
      return (x as readonly number[]).reduce((s, xi, i) => s + (a[i]! - 1) * Math.log(xi), 0) - norm;
    },
    points: () => [
      [0.2, 0.3, 0.5],
      [1e-20, 0.5, 0.5],
      [0.98, 0.01, 0.01],
    ].map((p) => p.map(f32)),
    outside: () => [
      [0.5, 0.6, -0.1],
      [0.5, 0.5, 0.1],
      [0, 0.5, 0.5],
      [Number.NaN, 0.5, 0.5],
    ],
    marginalCdf: (x, k, m) => {
      const a = v(m, 'concentration');
      const a0 = a.reduce((s, t) => s + t, 0);
      return betaI(x, a[k]!, a0 - a[k]!);
    },
    mean: (m) => {
      const a = v(m, 'concentration');
      const a0 = a.reduce((s, t) => s + t, 0);
      return a.map((t) => t / a0);
    },
    variance: (m) => {
      const a = v(m, 'concentration');
      const a0 = a.reduce((s, t) => s + t, 0);
      return a.map((t) => (t * (a0 - t)) / (a0 * a0 * (a0 + 1)));
    },
  },
  {
    name: 'LogisticNormal',
    // K = 3 (two log-ratios); the second member has a tiny scale on one log-ratio and a wide one on the other.
    members: [{ loc: [0.5, -1], scale: [1, 0.5] }, { loc: [3, -2], scale: [0.01, 2.5] }],
    logPdf: (x, m) => {
      const xs = x as readonly number[];
      const [loc, scale] = [v(m, 'loc'), v(m, 'scale')];
      const normal = logRatios(xs).reduce((s, y, i) => s - 0.5 * ((y - loc[i]!) / scale[i]!) ** 2 - Math.log(scale[i]!) - 0.5 * LOG_2PI, 0);
      return normal - xs.reduce((s, xi) => s + Math.log(xi), 0);
    },
    points: () => [
      [0.2, 0.3, 0.5],
      [1e-20, 0.5, 0.5],
      [0.98, 0.01, 0.01],
      [0.9, 1e-30, 0.1],
    ].map((p) => p.map(f32)),
    outside: () => [
      [0.5, 0.6, -0.1],
      [0.5, 0.5, 0.1],
      [0, 0.5, 0.5],
      [Number.NaN, 0.5, 0.5],
      [1, 0, 0],
    ],
    transformedMarginals: { map: logRatios, cdf: (y, j, m) => normalCdf((y - v(m, 'loc')[j]!) / v(m, 'scale')[j]!) },
    // No closed-form moments of x: the log-ratios' moments, and E[Σ wₖ xₖ] by quadrature.
    expectations: [
      {
        label: 'Σ wᵢ log(xᵢ/x_K)',
        f: (t) => tf.sum(tf.mul(logRatioTensor(t), EVENT_WEIGHTS.slice(0, 2)), -1),
        value: (m) => v(m, 'loc').reduce((s, l, i) => s + EVENT_WEIGHTS[i]! * l, 0),
      },
      {
        label: 'Σ wᵢ log²(xᵢ/x_K)',
        f: (t) => tf.sum(tf.mul(tf.square(logRatioTensor(t)), EVENT_WEIGHTS.slice(0, 2)), -1),
        value: (m) => v(m, 'loc').reduce((s, l, i) => s + EVENT_WEIGHTS[i]! * (l * l + v(m, 'scale')[i]! ** 2), 0),
      },
      {
        label: 'Σ wₖ xₖ',
        f: (t) => tf.sum(tf.mul(t, EVENT_WEIGHTS), -1),
        value: (m) => logisticNormalExpectation(m, (x) => x.reduce((s, xk, k) => s + EVENT_WEIGHTS[k]! * xk, 0)),
      },
    ],
  },
  {
    name: 'MultivariateNormal',
    // K = 3. Member 1 has an entry above the diagonal, which must be ignored; member 2 a tiny scale.
    members: [
      { loc: [0.5, -1, 2], scale_tril: [[1, 5, 0], [0.5, 2, 0], [-0.3, 0.4, 0.7]] },
      { loc: [3, 0, -2], scale_tril: [[0.01, 0, 0], [1, 0.5, 0], [0, -2, 3]] },
    ],
    logPdf: (x, m) => {
      const cov = covariance(m);
      const d = (x as readonly number[]).map((xi, i) => xi - v(m, 'loc')[i]!);
      const { inverse, logDet } = invert(cov);
      const maha = d.reduce((s, di, i) => s + di * d.reduce((t, dj, j) => t + inverse[i]![j]! * dj, 0), 0);
      return -0.5 * (maha + logDet + d.length * LOG_2PI);
    },
    points: (m) => {
      const l = v(m, 'loc');
      const sd = covariance(m).map((r, i) => Math.sqrt(r[i]!));
      return [l, l.map((x, i) => x + [1, -1, 0.5][i]! * sd[i]!), l.map((x, i) => x + 6 * sd[i]!), l.map((x, i) => x - [3, 0, 4][i]! * sd[i]!)].map((p) => p.map(f32));
    },
    outside: () => [
      [Number.NaN, 0, 0],
      [Infinity, 0, 0],
      [0, -Infinity, 0],
    ],
    marginalCdf: (x, k, m) => normalCdf((x - v(m, 'loc')[k]!) / Math.sqrt(covariance(m)[k]![k]!)),
    mean: (m) => v(m, 'loc'),
    variance: (m) => covariance(m).map((r, i) => r[i]!),
  },
  {
    name: 'LowRankMultivariateNormal',
    // D = 3, rank R = 2. Member 1 has a tiny diagonal entry, a near-zero factor row and a dominant one.
    members: [
      { loc: [0.5, -1, 2], cov_factor: [[1, 0.5], [-0.3, 2], [0.7, 0]], cov_diag: [0.5, 1, 0.2] },
      { loc: [3, 0, -2], cov_factor: [[0.01, 0], [5, -1], [0, 0.001]], cov_diag: [0.01, 0.5, 2] },
    ],
    logPdf: (x, m) => {
      const cov = lowRankCovariance(m);
      const d = (x as readonly number[]).map((xi, i) => xi - v(m, 'loc')[i]!);
      const { inverse, logDet } = invert(cov);
      const maha = d.reduce((s, di, i) => s + di * d.reduce((t, dj, j) => t + inverse[i]![j]! * dj, 0), 0);
      return -0.5 * (maha + logDet + d.length * LOG_2PI);
    },
    points: (m) => {
      const l = v(m, 'loc');
      const sd = lowRankCovariance(m).map((r, i) => Math.sqrt(r[i]!));
      return [l, l.map((x, i) => x + [1, -1, 0.5][i]! * sd[i]!), l.map((x, i) => x + 6 * sd[i]!), l.map((x, i) => x - [3, 0, 4][i]! * sd[i]!)].map((p) => p.map(f32));
    },
    outside: () => [
      [Number.NaN, 0, 0],
      [Infinity, 0, 0],
      [0, -Infinity, 0],
    ],
    marginalCdf: (x, k, m) => normalCdf((x - v(m, 'loc')[k]!) / Math.sqrt(lowRankCovariance(m)[k]![k]!)),
    mean: (m) => v(m, 'loc'),
    variance: (m) => lowRankCovariance(m).map((r, i) => r[i]!),
  },
  {
    name: 'Multinomial',
    members: [{ total_count: 5, logits: [0.1, 0.5, -1] }, { total_count: 2, logits: [3, -5, 0] }],
    logPdf: (x, m) => {
      const p = softmax(v(m, 'logits'));
      const xs = x as readonly number[];
      return lgamma(n(m, 'total_count') + 1) + xs.reduce((s, xi, i) => s - lgamma(xi + 1) + (xi === 0 ? 0 : xi * Math.log(p[i]!)), 0);
    },
    points: (m) => compositions(n(m, 'total_count')).filter((_c, i) => i % 3 === 0),
    outside: (m) => {
      const t = n(m, 'total_count');
      return [
        [-1, t, 1],
        [0.5, t - 0.5, 0],
        [Number.NaN, t, 0],
        [t, 1, 0],
        [Infinity, 0, 0],
      ];
    },
    pmf: {
      support: (m) => compositions(n(m, 'total_count')),
      mass: (x, m) => {
        const p = softmax(v(m, 'logits'));
        const xs = x as readonly number[];
        return Math.exp(lgamma(n(m, 'total_count') + 1) + xs.reduce((s, xi, i) => s - lgamma(xi + 1) + (xi === 0 ? 0 : xi * Math.log(p[i]!)), 0));
      },
    },
    mean: (m) => softmax(v(m, 'logits')).map((p) => n(m, 'total_count') * p),
    variance: (m) => softmax(v(m, 'logits')).map((p) => n(m, 'total_count') * p * (1 - p)),
    fixedParams: ['total_count'],
  },
  {
    name: 'MixtureSameFamily',
    component: 'Normal',
    // K = 3 Normal components of a 2-vector (parameters [K, D]). Member 1 has one dominant weight, a far
    // component and a tiny scale.
    members: [
      { logits: [0.2, -0.5, 1], 'component.loc': [[-2, 1], [0, -1], [2, 0.5]], 'component.scale': [[0.5, 1.2], [1, 0.3], [0.7, 0.8]] },
      { logits: [5, -5, 0], 'component.loc': [[0, 0], [10, 3], [-10, -3]], 'component.scale': [[0.01, 0.05], [2, 1], [1, 1]] },
    ],
    logPdf: (x, m) => logSumExpRef(softmax(v(m, 'logits')).map((wk, k) => Math.log(wk) + (x as readonly number[]).reduce((s, xi, i) => {
      const sd = mix(m, 'component.scale')[k]![i]!;
      return s - 0.5 * ((xi - mix(m, 'component.loc')[k]![i]!) / sd) ** 2 - Math.log(sd) - 0.5 * LOG_2PI;
    }, 0))),
    points: (m) => {
      const loc = mix(m, 'component.loc');
      return [[...loc[0]!], [...loc[1]!], [...loc[2]!], [0, 0], [f32(0.37), f32(-1.3)], [25, -25]];
    },
    outside: () => [
      [Number.NaN, 0],
      [Infinity, 0],
      [0, -Infinity],
    ],
    marginalCdf: (x, i, m) => softmax(v(m, 'logits')).reduce((s, wk, k) => s + wk * normalCdf((x - mix(m, 'component.loc')[k]![i]!) / mix(m, 'component.scale')[k]![i]!), 0),
    mean: (m) => [0, 1].map((i) => softmax(v(m, 'logits')).reduce((s, wk, k) => s + wk * mix(m, 'component.loc')[k]![i]!, 0)),
    variance: (m) => {
      const w = softmax(v(m, 'logits'));
      const loc = mix(m, 'component.loc');
      const sd = mix(m, 'component.scale');
      return [0, 1].map((i) => {
        const mean = w.reduce((s, wk, k) => s + wk * loc[k]![i]!, 0);
        return w.reduce((s, wk, k) => s + wk * (sd[k]![i]! ** 2 + loc[k]![i]! ** 2), 0) - mean * mean;
      });
    },
  },
];

/** Every way of writing t as an ordered sum of three non-negative integers. */
function compositions(t: number): number[][] {
  const out: number[][] = [];
  for (let a = 0; a <= t; a++) for (let b = 0; a + b <= t; b++) out.push([a, b, t - a - b]);
  return out;
}

/** LLᵀ for the member's scale_tril, its entries above the diagonal ignored. */
function covariance(m: Member): number[][] {
  const l = (m['scale_tril'] as readonly (readonly number[])[]).map((r, i) => r.map((x, j) => (j <= i ? x : 0)));
  return l.map((ri) => l.map((rj) => ri.reduce((s, x, k) => s + x * rj[k]!, 0)));
}

/** The inverse and log-determinant of a symmetric positive-definite matrix, by Gauss–Jordan elimination with partial pivoting. */
function invert(a: readonly (readonly number[])[]): { inverse: number[][]; logDet: number } {
  const k = a.length;
  const w = a.map((r, i) => [...r, ...Array.from({ length: k }, (_x, j) => (i === j ? 1 : 0))]);
  let logDet = 0;
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(w[r]![c]!) > Math.abs(w[piv]![c]!)) piv = r;
    [w[c], w[piv]] = [w[piv]!, w[c]!];
    const d = w[c]![c]!;
    logDet += Math.log(Math.abs(d));
    w[c] = w[c]!.map((x) => x / d);
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = w[r]![c]!;
      w[r] = w[r]!.map((x, j) => x - f * w[c]![j]!);
    }
  }
  return { inverse: w.map((r) => r.slice(k)), logDet };
}

/** 2s √(ν/π) Γ((ν+1)/2) / (Γ(ν/2)(ν − 1)). */
function halfStudentTMean(m: Member): number {
  const nu = n(m, 'df');
  return (2 * n(m, 'scale') * Math.sqrt(nu / Math.PI) * Math.exp(lgamma((nu + 1) / 2) - lgamma(nu / 2))) / (nu - 1);
}

/** log(xᵢ/x_K) of tensors with K = 3 on the last axis. */
function logRatioTensor(t: tf.Tensor): tf.Tensor {
  const logX = tf.log(t);
  const [head, last] = tf.split(logX, [2, 1], -1) as [tf.Tensor, tf.Tensor];
  return tf.sub(head, last);
}

/** The log-ratios yᵢ = log(xᵢ/x_K), i < K, of a point on the simplex. */
function logRatios(x: readonly number[]): number[] {
  const last = Math.log(x[x.length - 1]!);
  return x.slice(0, -1).map((xi) => Math.log(xi) - last);
}

/** Abscissae of the quadrature below, in standard-normal units, and the step between them. */
const QUADRATURE_STEP = 0.08;
const QUADRATURE_HALF_WIDTH = 10;

/**
 * E[g(x)] for x ~ LogisticNormal(loc, scale) with K = 3, in float64: the trapezoidal rule on the two
 * standard-normal coordinates over [−10, 10]² with step 0.08. In each coordinate (the other real) the
 * integrand is analytic in the strip |Im u| < π/scale (the softmax's poles), so the rule's error is of
 * order exp(−2π² / (0.08 · scale)) (Trefethen & Weideman 2014, "The exponentially convergent
 * trapezoidal rule", Thm 5.1) — below 1e-40 for the fixture's scales — and the truncated tails weigh
 * φ(10) ≈ 1e-22.
 */
function logisticNormalExpectation(m: Member, g: (x: readonly number[]) => number): number {
  const [l0, l1] = v(m, 'loc') as [number, number];
  const [s0, s1] = v(m, 'scale') as [number, number];
  const steps = Math.round((2 * QUADRATURE_HALF_WIDTH) / QUADRATURE_STEP);
  const u = Array.from({ length: steps + 1 }, (_x, i) => -QUADRATURE_HALF_WIDTH + i * QUADRATURE_STEP);
  const w = u.map((t) => (QUADRATURE_STEP * Math.exp(-0.5 * t * t)) / Math.sqrt(2 * Math.PI));
  let total = 0;
  for (let i = 0; i <= steps; i++) {
    const y0 = l0 + s0 * u[i]!;
    for (let j = 0; j <= steps; j++) total += w[i]! * w[j]! * g(softmax([y0, l1 + s1 * u[j]!, 0]));
  }
  return total;
}

function softmax(l: readonly number[]): number[] {
  const mx = Math.max(...l);
  const e = l.map((t) => Math.exp(t - mx));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((t) => t / s);
}

/** Weights for reducing a vector row's draws to one number per draw. */
export const EVENT_WEIGHTS = [1, -2, 0.5];

/** The Kumaraswamy on (0, 1), in float64, for the stretched parameterization's reference. */
const kumaraswamyUnit = {
  logPdf: (y: number, a: number, b: number): number => Math.log(a * b) + (a - 1) * Math.log(y) + (b - 1) * Math.log1p(-(y ** a)),
  moment: (k: number, a: number, b: number): number => b * Math.exp(logBeta(1 + k / a, b)),
};
const width = (m: Member): number => n(m, 'high') - n(m, 'low');
const toUnit = (x: number, m: Member): number => (x - n(m, 'low')) / width(m);

/**
 * Rows for a row's other parameterizations that the generic checks must cover too (one per registry
 * row stays in {@link FIXTURES}): the Kumaraswamy stretched onto (low, high).
 */
export const PARAMETERIZATION_FIXTURES: readonly Fixture[] = [
  {
    name: 'MixtureSameFamily',
    component: 'Bernoulli',
    // A second component family (the first row's is Normal). K = 2 product-Bernoulli components of a binary 3-vector (a mixture of Bernoullis, the discrete GMM).
    members: [
      { logits: [-0.4, 0.4], 'component.logits': [[2, -1, 0], [-2, 1, 0.5]] },
      { logits: [7, 0], 'component.logits': [[-6, 6, 0.4], [6, -6, 3]] },
    ],
    logPdf: (x, m) => logSumExpRef(softmax(v(m, 'logits')).map((wk, k) => Math.log(wk) + (x as readonly number[]).reduce((s, xi, i) => {
      const l = mix(m, 'component.logits')[k]![i]!;
      return s - softplus(xi === 1 ? -l : l);
    }, 0))),
    points: () => [[0, 0, 0], [1, 0, 1], [0, 1, 0], [1, 1, 1]],
    outside: () => [[0.5, 0, 0], [0, 2, 0], [0, 0, Number.NaN]],
    pmf: {
      support: () => [0, 1].flatMap((a) => [0, 1].flatMap((b) => [0, 1].map((c) => [a, b, c]))),
      mass: (x, m) => softmax(v(m, 'logits')).reduce((s, wk, k) => s + wk * (x as readonly number[]).reduce((p, xi, i) => p * sigmoid((xi === 1 ? 1 : -1) * mix(m, 'component.logits')[k]![i]!), 1), 0),
    },
    mean: (m) => [0, 1, 2].map((i) => softmax(v(m, 'logits')).reduce((s, wk, k) => s + wk * sigmoid(mix(m, 'component.logits')[k]![i]!), 0)),
    variance: (m) => [0, 1, 2].map((i) => {
      const p = softmax(v(m, 'logits')).reduce((s, wk, k) => s + wk * sigmoid(mix(m, 'component.logits')[k]![i]!), 0);
      return p * (1 - p);
    }),
  },
  {
    name: 'Kumaraswamy',
    members: [{ a: 2, b: 3, low: -1, high: 1 }, { a: 0.5, b: 0.8, low: 2, high: 2.5 }],
    logPdf: (x, m) => kumaraswamyUnit.logPdf(toUnit(x as number, m), n(m, 'a'), n(m, 'b')) - Math.log(width(m)),
    points: (m) => [1e-4, 0.3, 0.5, 0.99].map((u) => f32(n(m, 'low') + u * width(m))),
    outside: (m) => [n(m, 'low'), n(m, 'high'), n(m, 'low') - 1, n(m, 'high') + 1, Number.NaN],
    cdf: (x, m) => {
      const y = Math.min(1, Math.max(0, toUnit(x, m)));
      return 1 - (1 - y ** n(m, 'a')) ** n(m, 'b');
    },
    mean: (m) => n(m, 'low') + width(m) * kumaraswamyUnit.moment(1, n(m, 'a'), n(m, 'b')),
    variance: (m) => width(m) ** 2 * (kumaraswamyUnit.moment(2, n(m, 'a'), n(m, 'b')) - kumaraswamyUnit.moment(1, n(m, 'a'), n(m, 'b')) ** 2),
  },
];

/** Every row the generic checks run over: {@link FIXTURES} and {@link PARAMETERIZATION_FIXTURES}. */
export const ALL_FIXTURES: readonly Fixture[] = [...FIXTURES, ...PARAMETERIZATION_FIXTURES];

/** The test functions of a row: its own, or z and z² (weighted over the event for vector rows). */
export function expectationsOf(fx: Fixture): readonly Expectation[] {
  if (fx.expectations) return fx.expectations;
  const mean = fx.mean;
  const variance = fx.variance;
  if (!mean || !variance) return [];
  const weigh = (t: tf.Tensor): tf.Tensor => (t.rank > 0 && isVector(fx) ? tf.sum(tf.mul(t, EVENT_WEIGHTS.slice(0, t.shape[t.rank - 1])), -1) : t);
  const dot = (xs: Value): number => (typeof xs === 'number' ? xs : xs.reduce((s, x, i) => s + x * EVENT_WEIGHTS[i]!, 0));
  const second = (m: Member): Value => {
    const mu = mean(m);
    const va = variance(m);
    return typeof mu === 'number' ? (va as number) + mu * mu : mu.map((x, i) => (va as readonly number[])[i]! + x * x);
  };
  return [
    { label: 'z', f: weigh, value: (m) => dot(mean(m)) },
    { label: 'z²', f: (t) => weigh(tf.square(t)), value: (m) => dot(second(m)) },
  ];
}

/** Whether a row's values are vectors. */
export function isVector(fx: Fixture): boolean {
  return DISTRIBUTIONS[fx.name].event === 'vector';
}

/** The event length of a vector row's value: the parameters' last axis plus the row's `eventOffset`. */
export function eventLength(fx: Fixture): number {
  // A parameter of event rank 0 (a mixture's logits: `[K]`) says nothing of the event's length.
  const rank0 = new Set(DISTRIBUTIONS[fx.name].parameterizations.flat().filter((p) => p.eventRank === 0).map((p) => p.name));
  const first = Object.entries(fx.members[0]!).find(([k, x]) => typeof x !== 'number' && !rank0.has(k))?.[1] as readonly unknown[] | undefined;
  // A mixture's component parameters are [K, D]: the event is their second axis.
  if (fx.component !== undefined) return (first?.[0] as readonly unknown[] | undefined)?.length ?? 0;
  return first === undefined ? 0 : first.length + (DISTRIBUTIONS[fx.name].eventOffset ?? 0);
}

/** log Σ exp of float64 terms, shifted by their maximum. */
function logSumExpRef(terms: readonly number[]): number {
  const top = Math.max(...terms);
  return top + Math.log(terms.reduce((s, t) => s + Math.exp(t - top), 0));
}

/**
 * The row's distribution from parameter tensors: `createDistribution`, with a mixture's `component.*`
 * tensors built first into its component.
 */
export function fixtureDistribution(fx: Fixture, params: Record<string, tf.Tensor>): Distribution {
  if (fx.component === undefined) return createDistribution(fx.name, params);
  const own = Object.fromEntries(Object.entries(params).filter(([k]) => !k.startsWith('component.')));
  const inner = Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith('component.')).map(([k, t]) => [k.slice('component.'.length), t]));
  return createDistribution(fx.name, own, createDistribution(fx.component, inner));
}

/** The parameter tensors of one member (scalars, 1-D for vector rows, 2-D for rank-2 parameters). */
export function memberParams(m: Member): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(m).map(([k, x]) => [k, typeof x === 'number' ? tf.scalar(x) : tf.tensor(x as number[] | number[][])]));
}

/** The parameter tensors of the whole batch (members stacked on axis 0). */
export function batchParams(fx: Fixture): Record<string, tf.Tensor> {
  const keys = Object.keys(fx.members[0]!);
  return Object.fromEntries(keys.map((k) => [k, tf.tensor(fx.members.map((m) => m[k]) as number[] | number[][])]));
}
