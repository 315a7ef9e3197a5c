/**
 * The KL registry: every registered pair against a Monte Carlo estimate E_p[log p − log q] within 5
 * standard errors (n = 20000 per batch member); the Kumaraswamy ‖ Beta series against exact cases and a
 * converged float64 evaluation; Weibull ‖ Gamma against float64 quadrature and the Gamma ‖ Gamma case;
 * registration rules (duplicates refused, unregistered pairs reported).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InternalError } from '../../src/common/diagnostic.js';
import { createDistribution } from '../../src/distributions/create.js';
import { isRelaxable } from '../../src/distributions/distribution.js';
import { KUMARASWAMY_BETA_SERIES_TERMS } from '../../src/distributions/kl-formulas.js';
import { analyticKLPairs, hasAnalyticKL, kl, KLNotRegisteredError, registerKL } from '../../src/distributions/kl.js';
import { Rng } from '../../src/distributions/rng.js';
import type { DistributionName } from '../../src/registry/distributions.js';
import { useCpuBackend } from './backend.js';
import { column, digamma, lgamma, logBeta, meanAndSe } from './reference.js';

beforeAll(useCpuBackend);

const N = 20000;
const SE_BOUND = 5;

type Raw = Record<string, number[] | number[][] | number[][][]>;

/** One KL fixture per registered pair: a batch of two (p, q) parameter sets. */
const KL_FIXTURES: readonly { p: DistributionName; q: DistributionName; pParams: Raw; qParams: Raw }[] = [
  { p: 'Normal', q: 'Normal', pParams: { loc: [0.5, -1], scale: [1, 0.2] }, qParams: { loc: [0, -0.5], scale: [2, 0.3] } },
  { p: 'Laplace', q: 'Laplace', pParams: { loc: [0.5, -1], scale: [1, 0.2] }, qParams: { loc: [0, -0.5], scale: [2, 0.3] } },
  { p: 'Exponential', q: 'Exponential', pParams: { rate: [2, 0.5] }, qParams: { rate: [1, 3] } },
  { p: 'HalfNormal', q: 'HalfNormal', pParams: { scale: [1, 0.2] }, qParams: { scale: [2, 0.3] } },
  // KL(HalfCauchy ‖ ·) has a heavy-tailed integrand, but log p − log q is bounded, so its variance is finite.
  { p: 'HalfCauchy', q: 'HalfCauchy', pParams: { scale: [1, 0.2] }, qParams: { scale: [2, 3] } },
  { p: 'Gamma', q: 'Gamma', pParams: { concentration: [2.5, 0.5], rate: [2, 1] }, qParams: { concentration: [1.5, 0.8], rate: [1, 2] } },
  { p: 'Beta', q: 'Beta', pParams: { a: [2, 0.5], b: [3, 0.7] }, qParams: { a: [1, 2], b: [1, 5] } },
  { p: 'LogNormal', q: 'LogNormal', pParams: { loc: [0.5, -1], scale: [1, 0.2] }, qParams: { loc: [0, -0.5], scale: [2, 0.3] } },
  { p: 'Bernoulli', q: 'Bernoulli', pParams: { logits: [0.3, -2] }, qParams: { logits: [-1, 1] } },
  {
    p: 'Categorical',
    q: 'Categorical',
    pParams: { logits: [[0.1, 0.5, -1], [2, 0, -3]] },
    qParams: { logits: [[0, 0, 0], [-1, 1, 0.5]] },
  },
  { p: 'Uniform', q: 'Uniform', pParams: { low: [0, -1], high: [1, 0.5] }, qParams: { low: [-1, -2], high: [2, 0.5] } },
  { p: 'Kumaraswamy', q: 'Beta', pParams: { a: [2, 0.7], b: [3, 1.5] }, qParams: { a: [1.5, 1], b: [4, 3] } },
  // The derived guide of a Uniform latent: the same interval (member 1), and one strictly inside (member 2).
  { p: 'Kumaraswamy', q: 'Uniform', pParams: { a: [2, 0.7], b: [3, 1.5], low: [0, -1], high: [5, 0.5] }, qParams: { low: [0, -2], high: [5, 1] } },
  {
    p: 'Dirichlet',
    q: 'Dirichlet',
    pParams: { concentration: [[1, 2, 3], [0.5, 0.5, 4]] },
    qParams: { concentration: [[2, 2, 2], [1, 1, 1]] },
  },
  // Member 2 has k < 1 (a density unbounded at 0) against a Gamma with α < 1.
  { p: 'Weibull', q: 'Gamma', pParams: { scale: [2, 0.5], concentration: [1.5, 0.7] }, qParams: { concentration: [2, 0.5], rate: [1, 3] } },
  {
    p: 'LogisticNormal',
    q: 'LogisticNormal',
    pParams: { loc: [[0.5, -1], [3, 0]], scale: [[1, 0.5], [0.1, 2]] },
    qParams: { loc: [[0, 0], [2, 1]], scale: [[1, 1], [0.5, 1.5]] },
  },
  {
    p: 'MultivariateNormal',
    q: 'MultivariateNormal',
    pParams: { loc: [[0.5, -1, 0], [3, 0, 1]], scale_tril: [[[1, 0, 0], [0.5, 0.8, 0], [-0.3, 0.4, 0.7]], [[0.3, 0, 0], [0, 1, 0], [1, -1, 2]]] },
    qParams: { loc: [[0, 0, 0], [2, 1, 1]], scale_tril: [[[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[1, 0, 0], [0.5, 1.5, 0], [0, 0.5, 2]]] },
  },
  {
    p: 'LowRankMultivariateNormal',
    q: 'MultivariateNormal',
    pParams: { loc: [[0.5, -1, 0], [3, 0, 1]], cov_factor: [[[1, 0.5], [-0.3, 1], [0.7, 0]], [[0.2, 0], [1, -1], [0, 0.5]]], cov_diag: [[0.5, 1, 0.2], [0.1, 0.3, 2]] },
    qParams: { loc: [[0, 0, 0], [2, 1, 1]], scale_tril: [[[1, 0, 0], [0, 1, 0], [0, 0, 1]], [[1, 0, 0], [0.5, 1.5, 0], [0, 0.5, 2]]] },
  },
  {
    // The rank differs between p (2) and q (1).
    p: 'LowRankMultivariateNormal',
    q: 'LowRankMultivariateNormal',
    pParams: { loc: [[0.5, -1, 0], [3, 0, 1]], cov_factor: [[[1, 0.5], [-0.3, 1], [0.7, 0]], [[0.2, 0], [1, -1], [0, 0.5]]], cov_diag: [[0.5, 1, 0.2], [0.1, 0.3, 2]] },
    qParams: { loc: [[0, 0, 0], [2, 1, 1]], cov_factor: [[[0.3], [1], [-0.5]], [[2], [0], [1]]], cov_diag: [[1, 1, 1], [0.5, 2, 1]] },
  },
];

const tensors = (raw: Raw): Record<string, tf.Tensor> => Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, tf.tensor(v)]));

describe('analytic KL against Monte Carlo', () => {
  it('every registered pair has a fixture here (and only those)', () => {
    const registered = analyticKLPairs().map(([p, q]) => `${p}‖${q}`).sort();
    expect(KL_FIXTURES.map((f) => `${f.p}‖${f.q}`).sort()).toEqual(registered);
  });

  it.each(KL_FIXTURES)('$p ‖ $q is within 5 SE of E_p[log p − log q]', ({ p, q, pParams, qParams }) => {
    const { analytic, mc } = tf.tidy(() => {
      const dp = createDistribution(p, tensors(pParams));
      const dq = createDistribution(q, tensors(qParams));
      const z = dp.sample([N], new Rng(31));
      const diff = tf.sub(dp.logProb(z), dq.logProb(z));
      const width = dp.batchShape[0]!;
      const data = diff.dataSync();
      return { analytic: Array.from(kl(dp, dq).dataSync()), mc: Array.from({ length: width }, (_v, i) => meanAndSe(column(data, width, i))) };
    });
    mc.forEach((s, i) => {
      // A floor of 1e-6 for pairs whose log-ratio is constant (Uniform: SE 0).
      const tol = SE_BOUND * s.se + 1e-6 * Math.max(1, Math.abs(s.mean));
      expect(Math.abs(analytic[i]! - s.mean), `member ${i}: analytic ${analytic[i]} vs MC ${s.mean} ± ${s.se}`).toBeLessThanOrEqual(tol);
    });
  });

  it('Uniform ‖ Uniform is +∞ when p puts mass outside q', () => {
    const v = tf.tidy(() =>
      kl(createDistribution('Uniform', { low: tf.scalar(0), high: tf.scalar(2) }), createDistribution('Uniform', { low: tf.scalar(0), high: tf.scalar(1) })).dataSync()[0],
    );
    expect(v).toBe(Infinity);
  });

  it('broadcasts p against q', () => {
    const shape = tf.tidy(() => kl(createDistribution('Normal', { loc: tf.zeros([3, 1]), scale: tf.ones([1]) }), createDistribution('Normal', { loc: tf.zeros([4]), scale: tf.ones([4]) })).shape);
    expect(shape).toEqual([3, 4]);
  });
});

/** S(a, b) = Σ_{m≥1} B(m/a, b)/(m + ab) in float64, to 200000 terms plus the integral tail. */
function seriesReference(a: number, b: number): number {
  const terms = 200000;
  let s = 0;
  for (let m = terms; m >= 1; m--) s += Math.exp(logBeta(m / a, b)) / (m + a * b);
  return s + Math.exp(lgamma(b) + b * Math.log(a) - b * Math.log(terms + 0.5 + (a * b) / 2)) / b;
}

/** The KL of Nalisnick & Smyth's formula with a given series value S, in float64. */
function kumaraswamyBetaKL(a: number, b: number, alpha: number, beta: number, s: number): number {
  const EULER = 0.5772156649015329;
  const psiB = digamma(b);
  return ((a - alpha) / a) * (-EULER - psiB - 1 / b) + Math.log(a * b) + logBeta(alpha, beta) - (b - 1) / b + (beta - 1) * b * s;
}

function klKB(a: number, b: number, alpha: number, beta: number): number {
  return tf.tidy(() => kl(createDistribution('Kumaraswamy', { a: tf.scalar(a), b: tf.scalar(b) }), createDistribution('Beta', { a: tf.scalar(alpha), b: tf.scalar(beta) })).dataSync()[0]!);
}

describe(`Kumaraswamy ‖ Beta series (${KUMARASWAMY_BETA_SERIES_TERMS} terms plus tail)`, () => {
  it('equals Beta ‖ Beta when a = 1 (Kumaraswamy(1, b) is Beta(1, b)), including b < 1', () => {
    for (const b of [0.3, 0.5, 2, 7]) {
      const got = klKB(1, b, 2, 3);
      const want = tf.tidy(() => kl(createDistribution('Beta', { a: tf.scalar(1), b: tf.scalar(b) }), createDistribution('Beta', { a: tf.scalar(2), b: tf.scalar(3) })).dataSync()[0]!);
      expect(Math.abs(got - want), `b = ${b}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want)));
    }
  });

  it('matches the converged float64 series within the documented accuracy', () => {
    // Documented: relative error of S below 1e-4 for a ≤ 3 and below 0.6% for a ≤ 20.
    const cases: [number, number, number][] = [
      [0.5, 0.3, 1e-4],
      [0.5, 4, 1e-4],
      [2, 0.3, 1e-4],
      [2, 1, 1e-4],
      [3, 4, 1e-4],
      [8, 0.5, 6e-3],
      [20, 3, 6e-3],
    ];
    for (const [a, b, rel] of cases) {
      const s = seriesReference(a, b);
      const want = kumaraswamyBetaKL(a, b, 1.5, 4, s);
      const got = klKB(a, b, 1.5, 4);
      // The KL's error is (β − 1) b times the series' error, plus float32 rounding of the other terms.
      const tol = 3 * b * rel * s + 1e-5 * Math.max(1, Math.abs(want));
      expect(Math.abs(got - want), `a = ${a}, b = ${b}: ${got} vs ${want}`).toBeLessThanOrEqual(tol);
    }
  });
});

/**
 * KL(Weibull(λ, k) ‖ Gamma(α, β)) in float64 by quadrature, independent of the closed form: with
 * t = log(x/λ), t has density k e^{kt − e^{kt}} (double-exponential decay above, e^{kt} below), so the
 * trapezoidal rule in t over [−50/k, 4/k] (tails below e^{−50}) with step 1e-3 converges to near
 * float64 accuracy.
 */
function weibullGammaKLByQuadrature(lambda: number, k: number, alpha: number, beta: number): number {
  const h = 1e-3;
  let total = 0;
  for (let t = -50 / k; t <= 4 / k; t += h) {
    const x = lambda * Math.exp(t);
    const density = k * Math.exp(k * t - Math.exp(k * t));
    const logP = Math.log(k / lambda) + (k - 1) * t - Math.exp(k * t);
    const logQ = alpha * Math.log(beta) + (alpha - 1) * Math.log(x) - beta * x - lgamma(alpha);
    total += h * density * (logP - logQ);
  }
  return total;
}

function klWG(lambda: number, k: number, alpha: number, beta: number): number {
  return tf.tidy(
    () =>
      kl(createDistribution('Weibull', { scale: tf.scalar(lambda), concentration: tf.scalar(k) }), createDistribution('Gamma', { concentration: tf.scalar(alpha), rate: tf.scalar(beta) })).dataSync()[0]!,
  );
}

describe('Weibull ‖ Gamma (Zhang et al. 2018)', () => {
  it('matches float64 quadrature of E_p[log p − log q]', () => {
    const cases: [number, number, number, number][] = [
      [2, 1.5, 2, 1],
      [0.5, 0.7, 0.5, 3],
      [1, 4, 10, 8],
      [3, 0.3, 0.2, 0.1],
    ];
    for (const [lambda, k, alpha, beta] of cases) {
      const want = weibullGammaKLByQuadrature(lambda, k, alpha, beta);
      const got = klWG(lambda, k, alpha, beta);
      // float32 evaluation of a sum of a few terms of magnitude ≤ ~10 each, lgamma to 1e-5 relative.
      expect(Math.abs(got - want), `λ = ${lambda}, k = ${k}, α = ${alpha}, β = ${beta}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want)));
    }
  });

  it('equals Gamma(1, 1/λ) ‖ Gamma(α, β) at k = 1 (Weibull(λ, 1) is Exponential(1/λ)), and 0 against itself', () => {
    for (const [lambda, alpha, beta] of [
      [2, 2, 1],
      [0.5, 0.5, 3],
    ] as const) {
      const want = tf.tidy(
        () =>
          kl(createDistribution('Gamma', { concentration: tf.scalar(1), rate: tf.scalar(1 / lambda) }), createDistribution('Gamma', { concentration: tf.scalar(alpha), rate: tf.scalar(beta) })).dataSync()[0]!,
      );
      expect(Math.abs(klWG(lambda, 1, alpha, beta) - want)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
    }
    expect(Math.abs(klWG(1, 1, 1, 1))).toBeLessThanOrEqual(1e-6);
  });
});

describe('registration', () => {
  it('refuses to register a pair twice', () => {
    expect(() => registerKL('Normal', 'Normal', () => tf.scalar(0))).toThrow(InternalError);
    expect(() => registerKL('Normal', 'Normal', () => tf.scalar(0))).toThrow(/already registered/);
  });

  it('reports an unregistered pair clearly, and the relaxations have none', () => {
    expect(hasAnalyticKL('Normal', 'Laplace')).toBe(false);
    const normal = createDistribution('Normal', { loc: tf.scalar(0), scale: tf.scalar(1) });
    const laplace = createDistribution('Laplace', { loc: tf.scalar(0), scale: tf.scalar(1) });
    expect(() => kl(normal, laplace)).toThrow(KLNotRegisteredError);
    expect(() => kl(normal, laplace)).toThrow(/no analytic KL\(Normal ‖ Laplace\)/);
    const bernoulli = createDistribution('Bernoulli', { logits: tf.scalar(0) });
    if (!isRelaxable(bernoulli)) throw new Error('Bernoulli should be relaxable');
    const relaxed = bernoulli.relaxed(0.5);
    expect(() => kl(relaxed, relaxed)).toThrow(KLNotRegisteredError);
  });

  it('applies a formula that reads no bounds only to parameterizations without them', () => {
    // KL(Kumaraswamy ‖ Beta) assumes the Kumaraswamy on (0, 1): not for one stretched onto (0.2, 0.8).
    expect(hasAnalyticKL('Kumaraswamy', 'Beta')).toBe(true);
    expect(hasAnalyticKL('Kumaraswamy', 'Beta', { p: ['a', 'b', 'low', 'high'] })).toBe(false);
    expect(hasAnalyticKL('Kumaraswamy', 'Uniform', { p: ['a', 'b', 'low', 'high'] })).toBe(true);
    const stretched = createDistribution('Kumaraswamy', { a: tf.scalar(2), b: tf.scalar(3), low: tf.scalar(0.2), high: tf.scalar(0.8) });
    const beta = createDistribution('Beta', { a: tf.scalar(2), b: tf.scalar(2) });
    expect(() => kl(stretched, beta)).toThrow(KLNotRegisteredError);
    // A guide interval reaching outside the prior's gives +∞.
    const uniform = createDistribution('Uniform', { low: tf.scalar(0.3), high: tf.scalar(1) });
    expect(tf.tidy(() => kl(stretched, uniform).dataSync()[0])).toBe(Infinity);
  });

  it('registers a new pair and uses it', () => {
    // Cauchy ‖ Cauchy: log(((γp + γq)² + (μp − μq)²) / (4 γp γq)) (Chyzak & Nielsen 2019).
    registerKL('Cauchy', 'Cauchy', (p, q) => {
      const [mp, gp, mq, gq] = [p.params['loc']!, p.params['scale']!, q.params['loc']!, q.params['scale']!];
      return tf.log(tf.div(tf.add(tf.square(tf.add(gp, gq)), tf.square(tf.sub(mp, mq))), tf.mul(4, tf.mul(gp, gq))));
    });
    expect(hasAnalyticKL('Cauchy', 'Cauchy')).toBe(true);
    expect(analyticKLPairs().some(([p, q]) => p === 'Cauchy' && q === 'Cauchy')).toBe(true);
    const v = tf.tidy(() => kl(createDistribution('Cauchy', { loc: tf.scalar(0), scale: tf.scalar(1) }), createDistribution('Cauchy', { loc: tf.scalar(0), scale: tf.scalar(1) })).dataSync()[0]);
    expect(v).toBeCloseTo(0, 6);
  });
});
