/**
 * VIMCO (Mnih & Rezende 2016) on a two-component mixture with a Bernoulli latent drawn exactly,
 * c ~ Bernoulli(0.3), x ~ N(3c, 1), guide q(c | x) = Bernoulli(logits: W x + b): its gradient has the
 * expectation of the exact gradient of the IWAE-K bound, which is enumerated over the 2^K joint draws
 * and differentiated by central differences in float64 (5 standard errors).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { Rng } from '../../src/distributions/rng.js';
import type { EstimatorName } from '../../src/registry/estimators.js';
import { BatchBuilder, disposeBatch } from '../../src/infer/batches.js';
import { leaveOneOutSignals } from '../../src/infer/estimators/vimco.js';
import { lossGradients } from '../../src/infer/step.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { gauss, logNormal, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);

const SOURCE = 'model mix { data x: Real; c ~ Bernoulli(0.3); x ~ Normal(3 * c, 1); }';
const N = 20;
const rng0 = new Rng(5);
const xs = Float64Array.from({ length: N }, () => (rng0.nextFloat() < 0.3 ? 3 : 0) + gauss(rng0));
const data = scalarDataset({ x: Float32Array.from(xs) });

/** E over the guide of the IWAE-K bound, (1/N) Σ_i E[log (1/K) Σ_k f_i(c_k)], enumerated exactly. */
function expectedBound(w: number, b: number, k: number): number {
  let total = 0;
  for (const x of xs) {
    const q1 = 1 / (1 + Math.exp(-(w * x + b)));
    const logF = [0, 1].map((c) => Math.log(c === 1 ? 0.3 : 0.7) + logNormal(x, 3 * c, 1) - Math.log(c === 1 ? q1 : 1 - q1));
    for (let mask = 0; mask < 1 << k; mask++) {
      let logProb = 0;
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const c = (mask >> j) & 1;
        logProb += Math.log(c === 1 ? q1 : 1 - q1);
        sum += Math.exp(logF[c] as number);
      }
      total += Math.exp(logProb) * Math.log(sum / k);
    }
  }
  return total / N;
}

function gradientDraws(m: TildeModel, estimator: EstimatorName, k: number, draws: number, seed: number, baselines: Record<string, number> = {}): number[][] {
  const program = m.program(estimator);
  const vars = m.weights.variables('guide');
  const batch = new BatchBuilder(data, m.dataShapes, N).range(0, N);
  const out: number[][] = [];
  for (let r = 0; r < draws; r++) {
    const { value, grads } = lossGradients(program, batch, new Rng(seed + r), { estimator, samples: k, datasetSize: N, baselines }, vars);
    // The loss is −(mean bound): its negative is the bound's gradient.
    out.push(vars.flatMap((v) => Array.from(grads[v.name]?.dataSync() ?? []).map((g) => -g)));
    tf.dispose([value, ...Object.values(grads)]);
  }
  disposeBatch(batch);
  return out;
}

function meanAndSe(draws: number[][]): { mean: number[]; se: number[] } {
  const n = draws.length;
  const mean = (draws[0] ?? []).map((_, j) => draws.reduce((a, g) => a + (g[j] ?? 0), 0) / n);
  const se = mean.map((mu, j) => Math.sqrt(draws.reduce((a, g) => a + ((g[j] ?? 0) - mu) ** 2, 0) / (n - 1) / n));
  return { mean, se };
}

describe('VIMCO', () => {
  it('draws the Bernoulli latent exactly and plans its leave-one-out signal', () => {
    const m = TildeModel.create(compileOk(SOURCE, { estimator: 'vimco' }), { estimator: 'vimco' }, 0);
    expect(m.plan.sites.find((s) => s.name === 'c')).toMatchObject({ sampler: 'score-function', kl: 'mc' });
    expect(m.plan.sites.find((s) => s.name === 'c')).toHaveProperty('samplerReason', expect.stringContaining('leave-one-out'));
    m.dispose();
  });

  it('has the expectation of the exact gradient of the IWAE-3 bound (enumerated)', () => {
    const m = TildeModel.create(compileOk(SOURCE, { estimator: 'vimco' }), { estimator: 'vimco' }, 0);
    const net = m.weights.net('encoder_c');
    const w = (net.W[0]?.dataSync()[0] ?? NaN);
    const b = (net.b[0]?.dataSync()[0] ?? NaN);
    const K = 3;
    const h = 1e-5;
    // Weights are in creation order: W then b.
    const exact = [(expectedBound(w + h, b, K) - expectedBound(w - h, b, K)) / (2 * h), (expectedBound(w, b + h, K) - expectedBound(w, b - h, K)) / (2 * h)];
    const v = meanAndSe(gradientDraws(m, 'vimco', K, 1000, 100));
    for (let j = 0; j < 2; j++) expect(Math.abs((v.mean[j] ?? NaN) - (exact[j] ?? NaN))).toBeLessThan(5 * (v.se[j] ?? NaN));
    expect(exact.some((g, j) => Math.abs(g) > 10 * (v.se[j] ?? NaN))).toBe(true);
    m.dispose();
  });

  it('IWAE with the Bernoulli drawn exactly (--discrete score-function) also has the expectation of the exact IWAE-3 gradient', () => {
    // The naive estimator of Mnih & Rezende 2016 (§2–3): every sample's score term carries the whole
    // bound's signal L̂; the ELBO's per-sample cost in its place biases the gradient.
    const opts = { estimator: 'iwae', discrete: 'score-function' } as const;
    const m = TildeModel.create(compileOk(SOURCE, opts), opts, 0);
    expect(m.plan.sites.find((s) => s.name === 'c')).toMatchObject({ sampler: 'score-function', samplerReason: expect.stringContaining('whole IWAE bound') });
    const net = m.weights.net('encoder_c');
    const w = (net.W[0]?.dataSync()[0] ?? NaN);
    const b = (net.b[0]?.dataSync()[0] ?? NaN);
    const K = 3;
    const h = 1e-5;
    const exact = [(expectedBound(w + h, b, K) - expectedBound(w - h, b, K)) / (2 * h), (expectedBound(w, b + h, K) - expectedBound(w, b - h, K)) / (2 * h)];
    const v = meanAndSe(gradientDraws(m, 'iwae', K, 1000, 100));
    for (let j = 0; j < 2; j++) expect(Math.abs((v.mean[j] ?? NaN) - (exact[j] ?? NaN))).toBeLessThan(5 * (v.se[j] ?? NaN));
    expect(exact.some((g, j) => Math.abs(g) > 10 * (v.se[j] ?? NaN))).toBe(true);
    // The moving-average baseline (a constant within the step, here near the mean bound) keeps it unbiased.
    const withBaseline = meanAndSe(gradientDraws(m, 'iwae', K, 1000, 5000, { c: expectedBound(w, b, K) }));
    for (let j = 0; j < 2; j++) expect(Math.abs((withBaseline.mean[j] ?? NaN) - (exact[j] ?? NaN))).toBeLessThan(5 * (withBaseline.se[j] ?? NaN));
    m.dispose();
  });

  it('trains IWAE with a score-function Bernoulli without leaking tensors, updating its baseline', async () => {
    const opts = { estimator: 'iwae', discrete: 'score-function' } as const;
    const m = TildeModel.create(compileOk(SOURCE, opts), opts, 0);
    await m.fit(data, { epochs: 1, batchSize: 8, estimator: 'iwae', k: 4 });
    const before = tf.memory().numTensors;
    const r = await m.fit(data, { epochs: 3, batchSize: 8, estimator: 'iwae', k: 4, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.reports.at(-1)?.objective).toBe('IWAE-4');
    expect(Number.isFinite(r.reports.at(-1)?.trainBound)).toBe(true);
    m.dispose();
  });

  it('computes L̂ − L̂_{−j} with the geometric mean of the others in place of f_j', () => {
    const logF = [[-1, 2, 0.5, -30], [0.3, -0.7, 1.1, 4]]; // [K = 4, B = 2] as columns below
    const cols = [0, 1].map((bi) => logF[bi] as number[]);
    const got = tf.tidy(() => leaveOneOutSignals(tf.tensor2d(cols, [2, 4]).transpose()).arraySync()) as number[][];
    const lme = (v: number[]) => Math.log(v.reduce((a, x) => a + Math.exp(x), 0) / v.length);
    cols.forEach((col, bi) => col.forEach((_, j) => {
      const others = col.filter((_, i) => i !== j);
      const replaced = col.map((x, i) => (i === j ? others.reduce((a, y) => a + y, 0) / others.length : x));
      expect(got[j]?.[bi]).toBeCloseTo(lme(col) - lme(replaced), 4);
    }));
  });

  it('trains without leaking tensors', async () => {
    const m = TildeModel.create(compileOk(SOURCE, { estimator: 'vimco' }), { estimator: 'vimco' }, 0);
    await m.fit(data, { epochs: 1, batchSize: 8, estimator: 'vimco', k: 4 });
    const before = tf.memory().numTensors;
    const r = await m.fit(data, { epochs: 3, batchSize: 8, estimator: 'vimco', k: 4, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.reports.at(-1)?.objective).toBe('IWAE-4');
    expect(Number.isFinite(r.reports.at(-1)?.trainBound)).toBe(true);
    m.dispose();
  });

  it('refuses global latents and K = 1', () => {
    const g = TildeModel.create(compileOk('model g { data x: Real; global mu ~ Normal(0, 1); x ~ Normal(mu, 1); }'), {}, 0);
    expect(() => g.program('vimco')).toThrow(/--estimator vimco needs every latent local \(Mnih & Rezende 2016\), but `mu` \(Normal\) is a global latent/);
    g.dispose();
    const m = TildeModel.create(compileOk(SOURCE, { estimator: 'vimco' }), { estimator: 'vimco' }, 0);
    return expect(m.fit(data, { estimator: 'vimco', k: 1, epochs: 1 })).rejects.toThrow('--k must be at least 2 under --estimator vimco, got 1');
  });
});
