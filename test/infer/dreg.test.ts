/**
 * DReG (Tucker, Lawson, Gu & Maddison 2019) at fixed parameter points of the Normal–Normal model
 * z ~ N(0, 1), x ~ N(z, 0.5²), whose exact posterior lies in the guide family: its guide gradient has
 * the expectation of IWAE's guide gradient (5 standard errors), its model gradient is IWAE's exactly,
 * and its guide gradient's variance is lower than IWAE's at K = 50, as the paper reports.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import type { CompileOptions } from '../../src/compile.js';
import { Rng } from '../../src/distributions/rng.js';
import type { EstimatorName } from '../../src/registry/estimators.js';
import { BatchBuilder, disposeBatch } from '../../src/infer/batches.js';
import { lossGradients } from '../../src/infer/step.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { gauss, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);

const SOURCE = 'model nn { data x: Real; z ~ Normal(0, 1); x ~ Normal(z, 0.5); }';
const N = 20;
const rng0 = new Rng(3);
const data = scalarDataset({ x: Float32Array.from({ length: N }, () => 1.1 * gauss(rng0)) });

function model(options: CompileOptions, weightsFrom?: TildeModel): TildeModel {
  const m = TildeModel.create(compileOk(SOURCE, options), options, 0);
  if (weightsFrom !== undefined) {
    const w = weightsFrom.namedWeights();
    m.assignWeights(w);
    tf.dispose(Object.values(w));
  }
  return m;
}

/** R independent draws of the estimator's gradient with respect to the guide's weights, flattened. */
function guideGradientDraws(m: TildeModel, estimator: EstimatorName, k: number, draws: number, seed: number): number[][] {
  const program = m.program(estimator);
  const vars = m.weights.variables('guide');
  const batch = new BatchBuilder(data, m.dataShapes, N).range(0, N);
  const out: number[][] = [];
  for (let r = 0; r < draws; r++) {
    const { value, grads } = lossGradients(program, batch, new Rng(seed + r), { estimator, samples: k, datasetSize: N }, vars);
    out.push(vars.flatMap((v) => Array.from(grads[v.name]?.dataSync() ?? [])));
    tf.dispose([value, ...Object.values(grads)]);
  }
  disposeBatch(batch);
  return out;
}

function meanAndSe(draws: number[][]): { mean: number[]; se: number[]; variance: number[] } {
  const n = draws.length;
  const d = draws[0]?.length ?? 0;
  const mean = Array.from({ length: d }, (_, j) => draws.reduce((a, g) => a + (g[j] ?? 0), 0) / n);
  const variance = mean.map((mu, j) => draws.reduce((a, g) => a + ((g[j] ?? 0) - mu) ** 2, 0) / (n - 1));
  return { mean, variance, se: variance.map((v) => Math.sqrt(v / n)) };
}

function snr(s: { mean: number[]; variance: number[] }): number {
  return s.mean.reduce((a, m, j) => a + Math.abs(m) / Math.sqrt(s.variance[j] ?? NaN), 0) / s.mean.length;
}

describe('DReG', () => {
  it('has the expectation of the IWAE guide gradient (K = 5, initial weights)', () => {
    const iwae = model({ estimator: 'iwae' });
    const dreg = model({ estimator: 'dreg' }, iwae);
    const a = meanAndSe(guideGradientDraws(iwae, 'iwae', 5, 400, 1000));
    const b = meanAndSe(guideGradientDraws(dreg, 'dreg', 5, 400, 2000));
    for (let j = 0; j < a.mean.length; j++) expect(Math.abs((a.mean[j] ?? 0) - (b.mean[j] ?? 0))).toBeLessThan(5 * Math.hypot(a.se[j] ?? 0, b.se[j] ?? 0));
    // The comparison has power: the gradient is far from zero in at least one coordinate.
    expect(a.mean.some((g, j) => Math.abs(g) > 10 * (a.se[j] ?? 0))).toBe(true);
    iwae.dispose();
    dreg.dispose();
  });

  it('has lower guide-gradient variance than IWAE at K = 50, a higher signal-to-noise ratio, and one that grows with K (Tucker et al. 2019, Rainforth et al. 2018)', async () => {
    // A guide part-way to the posterior (30 full-batch IWAE-5 steps). At the initial weights, far from
    // it, DReG's variance was measured higher than IWAE's (docs/inference.md): the paper's claim is
    // about guides near a good fit, where IWAE's score part dominates.
    const fitted = model({ estimator: 'iwae' });
    await fitted.fit(data, { epochs: 30, batchSize: N, lr: 0.03, estimator: 'iwae', k: 5 });
    const dreg = model({ estimator: 'dreg' }, fitted);
    const R = 200;
    const a = meanAndSe(guideGradientDraws(fitted, 'iwae', 50, R, 5000));
    const b = meanAndSe(guideGradientDraws(dreg, 'dreg', 50, R, 6000));
    const totalA = a.variance.reduce((x, y) => x + y, 0);
    const totalB = b.variance.reduce((x, y) => x + y, 0);
    // A sample variance has relative standard error about √(2/(R−1)); demand separation beyond 5 of them.
    const rel = 5 * Math.sqrt(2 / (R - 1));
    expect(totalB * (1 + rel)).toBeLessThan(totalA * (1 - rel));
    expect(snr(b)).toBeGreaterThan(snr(a));
    // As K grows from 5 to 50, IWAE's guide SNR falls (Rainforth et al. 2018) and DReG's rises (Tucker et al. 2019).
    const a5 = meanAndSe(guideGradientDraws(fitted, 'iwae', 5, R, 7000));
    const b5 = meanAndSe(guideGradientDraws(dreg, 'dreg', 5, R, 8000));
    expect(snr(a)).toBeLessThan(snr(a5));
    expect(snr(b)).toBeGreaterThan(snr(b5));
    fitted.dispose();
    dreg.dispose();
  });

  it('gives the model exactly the IWAE gradient and value, for the same draws', () => {
    const src = 'model nv { data x: Real; param s: Positive; z ~ Normal(0, 1); x ~ Normal(z, s); }';
    const iwae = TildeModel.create(compileOk(src, { estimator: 'iwae' }), { estimator: 'iwae' }, 0);
    const dreg = TildeModel.create(compileOk(src, { estimator: 'dreg' }), { estimator: 'dreg' }, 0);
    const w = iwae.namedWeights();
    dreg.assignWeights(w);
    tf.dispose(Object.values(w));
    const batch = new BatchBuilder(data, iwae.dataShapes, N).range(0, N);
    const modelGradient = (m: TildeModel, estimator: EstimatorName) => {
      const vars = m.weights.variables();
      const { value, grads } = lossGradients(m.program(estimator), batch, new Rng(9), { estimator, samples: 5, datasetSize: N }, vars);
      const out = [value.dataSync()[0] ?? NaN, ...m.weights.variables('model').flatMap((v) => Array.from(grads[v.name]?.dataSync() ?? []))];
      tf.dispose([value, ...Object.values(grads)]);
      return out;
    };
    const a = modelGradient(iwae, 'iwae');
    const b = modelGradient(dreg, 'dreg');
    expect(a.length).toBe(2);
    b.forEach((v, i) => expect(v).toBeCloseTo(a[i] ?? NaN, 5));
    disposeBatch(batch);
    iwae.dispose();
    dreg.dispose();
  });

  it('trains without leaking tensors', async () => {
    const m = model({ estimator: 'dreg' });
    await m.fit(data, { epochs: 1, batchSize: 8, estimator: 'dreg', k: 3 });
    const before = tf.memory().numTensors;
    const r = await m.fit(data, { epochs: 2, batchSize: 8, estimator: 'dreg', k: 3, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.reports.at(-1)?.objective).toBe('IWAE-3');
    expect(Number.isFinite(r.reports.at(-1)?.trainBound)).toBe(true);
    m.dispose();
  });

  it('refuses latents without a pathwise sampler and global latents, naming them', () => {
    const counts = TildeModel.create(compileOk('model c { data x: Real; n ~ Poisson(3); x ~ Normal(n, 1); }'), {}, 0);
    expect(() => counts.program('dreg')).toThrow(/--estimator dreg needs every latent local and reparameterized .*`n` \(Poisson\) has no pathwise sampler/);
    counts.dispose();
    const global = TildeModel.create(compileOk('model g { data x: Real; global mu ~ Normal(0, 1); x ~ Normal(mu, 1); }'), {}, 0);
    expect(() => global.program('dreg')).toThrow(/`mu` \(Normal\) is a global latent/);
    global.dispose();
  });
});
