/**
 * Estimator identities at a fixed parameter point of the Normal–Normal model: the ELBO's pathwise
 * gradient, sticking the landing and the score function agree in expectation (within 5 standard errors);
 * STL has lower variance than the ELBO gradient at the optimum (Roeder et al. 2017); IWAE with K = 1 is the
 * ELBO.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import type { CompileOptions } from '../../src/compile.js';
import { Rng } from '../../src/distributions/rng.js';
import { BatchBuilder, disposeBatch } from '../../src/infer/batches.js';
import { computeObjective, type ObjectiveConfig } from '../../src/infer/objective.js';
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

/** R independent draws of the gradient of the loss with respect to the guide's weights, flattened. */
function gradientDraws(m: TildeModel, cfg: Omit<ObjectiveConfig, 'datasetSize'>, draws: number, seed: number): number[][] {
  const program = m.program(cfg.estimator);
  const vars = m.weights.variables('guide');
  const batch = new BatchBuilder(data, m.dataShapes, N).range(0, N);
  const out: number[][] = [];
  for (let r = 0; r < draws; r++) {
    const rng = new Rng(seed + r);
    const { value, grads } = tf.variableGrads(() => computeObjective(program, batch, rng, { ...cfg, datasetSize: N }).loss, vars);
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

describe('gradient estimators agree in expectation at a fixed parameter point', () => {
  it('elbo (pathwise), stl and the score function', () => {
    const elbo = model({ kl: 'mc' });
    const stl = model({ estimator: 'stl' }, elbo);
    const score = model({ kl: 'mc', forceScoreFunction: true }, elbo);
    expect(score.plan.sites.find((s) => s.name === 'z')).toMatchObject({ sampler: 'score-function' });
    const a = meanAndSe(gradientDraws(elbo, { estimator: 'elbo', samples: 1 }, 400, 1000));
    const b = meanAndSe(gradientDraws(stl, { estimator: 'stl', samples: 1 }, 400, 2000));
    const c = meanAndSe(gradientDraws(score, { estimator: 'elbo', samples: 1 }, 4000, 3000));
    for (let j = 0; j < a.mean.length; j++) {
      expect(Math.abs((a.mean[j] ?? 0) - (b.mean[j] ?? 0))).toBeLessThan(5 * Math.hypot(a.se[j] ?? 0, b.se[j] ?? 0));
      expect(Math.abs((a.mean[j] ?? 0) - (c.mean[j] ?? 0))).toBeLessThan(5 * Math.hypot(a.se[j] ?? 0, c.se[j] ?? 0));
    }
    // The comparison has power: the gradient is far from zero in at least one coordinate.
    expect(a.mean.some((g, j) => Math.abs(g) > 10 * (a.se[j] ?? 0))).toBe(true);
    [elbo, stl, score].forEach((m) => m.dispose());
  });
});

describe('sticking the landing at the optimum', () => {
  it('has lower gradient variance than the ELBO gradient (Roeder et al. 2017)', async () => {
    const fitted = model({ kl: 'mc' });
    await fitted.fit(data, { epochs: 1500, batchSize: N, lr: 0.03, lrSchedule: 'cosine' });
    const stl = model({ estimator: 'stl' }, fitted);
    const R = 200;
    const a = meanAndSe(gradientDraws(fitted, { estimator: 'elbo', samples: 1 }, R, 5000));
    const b = meanAndSe(gradientDraws(stl, { estimator: 'stl', samples: 1 }, R, 6000));
    const totalA = a.variance.reduce((x, y) => x + y, 0);
    const totalB = b.variance.reduce((x, y) => x + y, 0);
    // A sample variance has relative standard error about √(2/(R−1)); demand separation beyond 5 of them.
    const rel = 5 * Math.sqrt(2 / (R - 1));
    expect(totalB * (1 + rel)).toBeLessThan(totalA * (1 - rel));
    fitted.dispose();
    stl.dispose();
  });
});

describe('IWAE with K = 1', () => {
  it('equals the ELBO with a sampled KL, value and gradient, for the same random draws', () => {
    const elbo = model({ kl: 'mc' });
    const iwae = model({ estimator: 'iwae' }, elbo);
    const batch = new BatchBuilder(data, elbo.dataShapes, N).range(0, N);
    const grad = (m: TildeModel, estimator: 'elbo' | 'iwae') => {
      const vars = m.weights.variables();
      const { value, grads } = tf.variableGrads(() => computeObjective(m.program(estimator), batch, new Rng(9), { estimator, samples: 1, datasetSize: N }).loss, vars);
      const out = [value.dataSync()[0] ?? NaN, ...vars.flatMap((v) => Array.from(grads[v.name]?.dataSync() ?? []))];
      tf.dispose([value, ...Object.values(grads)]);
      return out;
    };
    const a = grad(elbo, 'elbo');
    const b = grad(iwae, 'iwae');
    expect(b.length).toBe(a.length);
    b.forEach((v, i) => expect(v).toBeCloseTo(a[i] ?? NaN, 5));
    disposeBatch(batch);
    elbo.dispose();
    iwae.dispose();
  });
});
