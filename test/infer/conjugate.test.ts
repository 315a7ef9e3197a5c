/**
 * Exactness on conjugate models, where the exact posterior lies in the guide family (Pyro's
 * NormalNormalTests): after fitting — under every estimator of the table — the ELBO reaches the exact
 * log-evidence and the guide is the exact posterior, and the IWAE estimate lies above the ELBO and
 * converges to the exact value as K grows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import type { Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/distributions/rng.js';
import { ESTIMATOR_NAMES, type EstimatorName } from '../../src/registry/estimators.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { gauss, logNormal, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);

const N = 200;

/** Fits and returns the model; full-batch Adam with a cosine schedule so the optimum is reached closely. */
async function fit(source: string, data: Dataset, epochs = 1500, estimator: EstimatorName = 'elbo'): Promise<TildeModel> {
  const m = TildeModel.create(compileOk(source), {}, 0);
  await m.fit(data, { epochs, batchSize: N, lr: 0.03, lrSchedule: 'cosine', seed: 1, estimator });
  return m;
}

/** The guide's Normal(loc, scale) per datapoint, read from the fitted encoder. */
function guideOf(m: TildeModel, data: Dataset): { loc: Float32Array; scale: number[] } {
  const loc = m.encode(data).get('z')?.values ?? new Float32Array();
  // The derived guide is Normal(enc[0], softplus(enc[1]) + 1e-4) with a Linear encoder.
  const W = m.weights.net('encoder_z').W[0]?.arraySync() as number[][];
  const b = m.weights.net('encoder_z').b[0]?.arraySync() as number[];
  const inputs = [...data.columns.keys()].sort();
  const scale = Array.from({ length: data.n }, (_, i) => {
    const pre = inputs.reduce((acc, name, j) => acc + (W[j]?.[1] ?? 0) * (data.columns.get(name)?.[i] ?? 0), b[1] ?? 0);
    return Math.log1p(Math.exp(pre)) + 1e-4;
  });
  return { loc, scale };
}

/** KL(N(m1, s1²) ‖ N(m2, s2²)). */
const klNormal = (m1: number, s1: number, m2: number, s2: number) => Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;

const nn = (() => {
  const s = 0.5;
  const v = 1 + s * s;
  const rng = new Rng(7);
  const xs = Float32Array.from({ length: N }, () => gauss(rng) + s * gauss(rng));
  return { s, v, xs, data: scalarDataset({ x: xs }), exact: xs.reduce((a, x) => a + logNormal(x, 0, v), 0) / N, postVar: (s * s) / v };
})();

describe.each(ESTIMATOR_NAMES)('Normal–Normal: z ~ Normal(0, 1); x ~ Normal(z, s), trained with --estimator %s', (estimator) => {
  const { s, xs, data, exact, postVar, v } = nn;
  let m: TildeModel;

  // 1,500 full-batch steps; a split-loss estimator evaluates each step twice: a generous limit for shared CPUs.
  beforeAll(async () => {
    m = await fit(`model nn { data x: Real; z ~ Normal(0, 1); x ~ Normal(z, ${s}); }`, data, 1500, estimator);
  }, 300_000);

  it('fits the exact posterior: mean KL(q(z | x) ‖ p(z | x)) = log p(x) − ELBO below 0.02 nats', () => {
    const q = guideOf(m, data);
    let kl = 0;
    for (let i = 0; i < N; i++) kl += klNormal(q.loc[i] ?? NaN, q.scale[i] ?? NaN, (xs[i] ?? NaN) / v, Math.sqrt(postVar));
    expect(kl / N).toBeLessThan(0.02);
  });

  it('reaches the exact log-evidence with the ELBO (closed form of the fitted guide, and its Monte Carlo estimate)', () => {
    const q = guideOf(m, data);
    // ELBO_i = E_q[log N(x | z, s²)] − KL(q ‖ N(0, 1)), in closed form for a Normal q.
    let closed = 0;
    for (let i = 0; i < N; i++) {
      const mu = q.loc[i] ?? NaN;
      const sd = q.scale[i] ?? NaN;
      closed += logNormal(xs[i] ?? NaN, mu, s * s) - (sd * sd) / (2 * s * s) - klNormal(mu, sd, 0, 1);
    }
    closed /= N;
    expect(closed).toBeLessThanOrEqual(exact + 1e-6);
    expect(exact - closed).toBeLessThan(0.02);
    // The engine's estimate of the same ELBO: 50 independent passes, compared within 5 standard errors.
    const passes = Array.from({ length: 50 }, (_, k) => m.elbo(data, { seed: 100 + k }).elbo);
    const mean = passes.reduce((a, b) => a + b, 0) / passes.length;
    const se = Math.sqrt(passes.reduce((a, b) => a + (b - mean) ** 2, 0) / (passes.length - 1) / passes.length);
    expect(Math.abs(mean - closed)).toBeLessThan(5 * se + 1e-4);
  });

});

describe('Normal–Normal: IWAE estimates', () => {
  const { s, data, exact } = nn;

  it('gives IWAE estimates above the ELBO that converge to the exact value as K grows', async () => {
    // A guide stopped early, so that the ELBO's gap is large enough to watch IWAE close it.
    const rough = await fit(`model nn { data x: Real; z ~ Normal(0, 1); x ~ Normal(z, ${s}); }`, data, 15);
    // Mean and standard error over repeated estimates (the datapoints are fixed; only the sampling varies).
    const stats = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { mean, se: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) / xs.length) };
    };
    const elbo = stats(Array.from({ length: 20 }, (_, r) => rough.elbo(data, { seed: 300 + r }).elbo));
    const iwae = [1, 10, 100, 1000].map((k) => ({ k, ...stats(Array.from({ length: 5 }, (_, r) => rough.logLikelihood(data, { k, seed: 400 + r }).logLikelihood)) }));
    const [k1, , , k1000] = iwae;
    if (k1 === undefined || k1000 === undefined) throw new Error('unreachable');
    // K = 1 is the ELBO (with log q sampled instead of the analytic KL): the same expectation.
    expect(Math.abs(k1.mean - elbo.mean)).toBeLessThan(5 * Math.hypot(k1.se, elbo.se));
    // Non-decreasing in K, and never above log p(x).
    for (let i = 1; i < iwae.length; i++) {
      const a = iwae[i - 1];
      const b = iwae[i];
      if (a === undefined || b === undefined) continue;
      expect(b.mean).toBeGreaterThan(a.mean - 5 * Math.hypot(a.se, b.se));
      expect(b.mean).toBeLessThan(exact + 5 * b.se);
    }
    // Converges: the gap to the exact value shrinks at least tenfold from K = 1 to K = 1000.
    const gap1 = exact - k1.mean;
    const gap1000 = exact - k1000.mean;
    expect(gap1).toBeGreaterThan(5 * k1.se);
    expect(gap1000).toBeLessThan(gap1 / 10 + 5 * k1000.se);
    rough.dispose();
  });
});

describe('linear-Gaussian with a covariate: x ~ Normal(2 z + u, s)', () => {
  const s = 0.5;
  const rng = new Rng(11);
  const us = Float32Array.from({ length: N }, () => gauss(rng));
  const xs = Float32Array.from({ length: N }, (_, i) => 2 * gauss(rng) + (us[i] ?? 0) + s * gauss(rng));
  const data = scalarDataset({ u: us, x: xs });
  const v = 4 + s * s;
  const exact = xs.reduce((a, x, i) => a + logNormal(x, us[i] ?? NaN, v), 0) / N;
  const postVar = 1 / (1 + 4 / (s * s));
  let m: TildeModel;

  beforeAll(async () => {
    m = await fit(`model lg { data u: Real; data x: Real; z ~ Normal(0, 1); x ~ Normal(2 * z + u, ${s}); }`, data);
  });

  it('conditions the guide on the covariate and fits the exact posterior', () => {
    expect(m.plan.sites.find((r) => r.name === 'z')).toMatchObject({ inputs: ['u', 'x'] });
    const q = guideOf(m, data);
    let kl = 0;
    for (let i = 0; i < N; i++) {
      const postMean = (postVar * 2 * ((xs[i] ?? NaN) - (us[i] ?? NaN))) / (s * s);
      kl += klNormal(q.loc[i] ?? NaN, q.scale[i] ?? NaN, postMean, Math.sqrt(postVar));
    }
    expect(kl / N).toBeLessThan(0.02);
  });

  it('reaches the exact log-evidence with the ELBO within 0.02 nats per datapoint', () => {
    const passes = Array.from({ length: 50 }, (_, k) => m.elbo(data, { seed: 200 + k }).elbo);
    const mean = passes.reduce((a, b) => a + b, 0) / passes.length;
    expect(exact - mean).toBeLessThan(0.02);
    expect(exact - mean).toBeGreaterThan(-0.02);
  });
});
