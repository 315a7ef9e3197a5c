/**
 * IWAE with enumerated latents (src/infer/estimators/iwae.ts): w_k = Σ_y p(x, y, z_k⁽ʸ⁾) / q(z_k⁽ʸ⁾ | x, y)
 * is unbiased for p(x), and exact when everything else is closed form.
 * - A two-component mixture of Normals with known parameters, the component the only latent: the
 *   training bound IWAE-K and `logLikelihood` (what `tilde eval` reports) equal the exact log p(x) for any
 *   guide, with zero standard error; `elbo` equals the hand-written Σ_c q(c | x) [log p(x, c) − log q(c | x)].
 * - A mixture with a continuous latent z, x ~ Normal(z + 4c − 2, 0.5): with the exact q(z | x, c) every
 *   weight is p(x), so IWAE-K is log p(x) with zero variance; with an inexact one, the mean of the weights
 *   over 4,000 independent draws equals p(x) within 5 standard errors.
 * No tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import type { Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/distributions/rng.js';
import { BatchBuilder, disposeBatch } from '../../src/infer/batches.js';
import { computeObjective } from '../../src/infer/objective.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { logSumExp, mean } from '../helpers/evidence.js';
import { gauss, logNormal, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);

const IWAE = { estimator: 'iwae' as const };

/** The per-datapoint training bound `[B]` of `m` under IWAE with K samples, checking that no tensor leaks. */
function iwaeBound(m: TildeModel, d: Dataset, k: number, seed: number): Float32Array {
  const program = m.program('iwae');
  const batch = new BatchBuilder(d, m.dataShapes, d.n).range(0, d.n);
  const run = () => computeObjective(program, batch, new Rng(seed), { estimator: 'iwae', samples: k, datasetSize: d.n }).bound;
  tf.tidy(run); // caches the program's constants
  const before = tf.memory().numTensors;
  const bound = tf.tidy(run);
  const out = bound.dataSync() as Float32Array;
  bound.dispose();
  expect(tf.memory().numTensors).toBe(before);
  disposeBatch(batch);
  return out;
}

describe('a two-component mixture of Normals, the component the only latent', () => {
  const rng = new Rng(21);
  const xs = Float32Array.from({ length: 40 }, () => (rng.nextFloat() < 0.4 ? -1.5 : 2) + 0.7 * gauss(rng));
  const d = scalarDataset({ x: xs });
  const MU = [-1.5, 2];
  const SD = 0.7;
  const LOGPI = [Math.log(0.4), Math.log(0.6)];
  const exact = xs.length === 0 ? 0 : mean(Array.from(xs, (x) => logSumExp(MU.map((m, c) => (LOGPI[c] as number) + logNormal(x, m, SD * SD)))));
  const source = `model gmm {
    data x: Real; latent c: Category(2); param mu: Real[2]; param lp: Real[2];
    c ~ Categorical(logits: lp);
    x ~ Normal(dot(c, mu), ${SD});
    guide { param ga: Real[2]; param gb: Real[2]; c ~ Categorical(logits: ga * x + gb); }
  }`;
  let m: TildeModel;
  beforeAll(() => {
    m = TildeModel.create(compileOk(source, IWAE), IWAE, 0);
    m.weights.param('mu').assign(tf.tensor1d(MU));
    m.weights.param('lp').assign(tf.tensor1d(LOGPI));
    // An arbitrary guide, far from the posterior: the bound must not depend on it.
    m.weights.param('ga').assign(tf.tensor1d([0.9, -0.4]));
    m.weights.param('gb').assign(tf.tensor1d([0.3, 0.1]));
  });

  it('the component is enumerated under IWAE', () => {
    expect(m.program('iwae').plan.sites.find((s) => s.name === 'c')).toMatchObject({ sampler: 'enumerate', values: 2, kl: 'mc' });
  });

  it('IWAE-K in training equals the exact log p(x) for every datapoint and K', () => {
    for (const k of [1, 3]) {
      const bound = iwaeBound(m, d, k, k);
      xs.forEach((x, i) => expect(bound[i] as number, `x = ${x}, K = ${k}`).toBeCloseTo(logSumExp(MU.map((mu, c) => (LOGPI[c] as number) + logNormal(x, mu, SD * SD))), 4));
    }
  });

  it('evaluation is exact in the enumerated site: IWAE = log p(x) and the ELBO the hand-written sum, both with zero standard error', () => {
    const ll = m.logLikelihood(d, { k: 5, seed: 3 });
    expect(ll.logLikelihood).toBeCloseTo(exact, 4);
    expect(ll.standardError).toBeLessThan(1e-5);
    const ga = [0.9, -0.4];
    const gb = [0.3, 0.1];
    const hand = mean(Array.from(xs, (x) => {
      const logits = ga.map((a, c) => a * x + (gb[c] as number));
      const norm = logSumExp(logits);
      return logits.reduce((acc, l, c) => acc + Math.exp(l - norm) * ((LOGPI[c] as number) + logNormal(x, MU[c] as number, SD * SD) - (l - norm)), 0);
    }));
    const elbo = m.elbo(d, { samples: 2, seed: 3 });
    expect(elbo.elbo).toBeCloseTo(hand, 4);
    expect(elbo.standardError).toBeLessThan(1e-5);
    expect(hand).toBeLessThan(exact - 0.05); // the guide is far from the posterior: the two numbers differ
  });
});

/** x ~ Normal(z + 4c − 2, 0.5) with z ~ Normal(0, 1): p(x | c) = Normal(4c − 2, 1.25). */
const exactLogP = (x: number): number => logSumExp([Math.log(0.7) + logNormal(x, -2, 1.25), Math.log(0.3) + logNormal(x, 2, 1.25)]);

const withGuide = (zGuide: string) => `model mz {
  data x: Real; latent c: Binary;
  c ~ Bernoulli(probs: 0.3);
  z ~ Normal(0, 1);
  x ~ Normal(z + 4 * c - 2, 0.5);
  guide { param g: Real; c ~ Bernoulli(logits: g * x); z ~ ${zGuide}; }
}`;

describe('a mixture with a continuous latent: IWAE with the component enumerated', () => {
  const xs = Float32Array.from([-2.5, -0.3, 0.7, 1.9, 3.1]);

  it('with the exact q(z | x, c), every weight is p(x): IWAE-K = log p(x), zero variance', () => {
    // Posterior of z given x and c: Normal((x − 4c + 2) / 1.25, √(0.25 / 1.25)).
    const m = TildeModel.create(compileOk(withGuide('Normal((x - 4 * c + 2) / 1.25, 0.4472135955)'), IWAE), IWAE, 0);
    m.weights.param('g').assign(tf.scalar(0.8));
    const d = scalarDataset({ x: xs });
    for (const [k, seed] of [[1, 1], [4, 2], [4, 3]] as const) {
      const bound = iwaeBound(m, d, k, seed);
      xs.forEach((x, i) => expect(bound[i] as number, `x = ${x}, K = ${k}, seed ${seed}`).toBeCloseTo(exactLogP(x), 4));
    }
    m.dispose();
  });

  it('with an inexact q(z | x, c), E[w] = p(x) within 5 standard errors', () => {
    const m = TildeModel.create(compileOk(withGuide('Normal(0.5 * x - c, 0.8)'), IWAE), IWAE, 0);
    m.weights.param('g').assign(tf.scalar(-0.5));
    const n = 4000;
    for (const x of [-0.3, 1.9]) {
      const d = scalarDataset({ x: new Float32Array(n).fill(x) });
      const w = Array.from(iwaeBound(m, d, 1, 7), Math.exp); // K = 1: one weight per row, independent draws
      const p = Math.exp(exactLogP(x));
      const avg = mean(w);
      const se = Math.sqrt(w.reduce((a, v) => a + (v - avg) ** 2, 0) / (n - 1) / n);
      expect(se, `x = ${x}: the test must have power`).toBeLessThan(0.05 * p);
      expect(se, `x = ${x}: the guide is inexact, so the weights vary`).toBeGreaterThan(1e-4 * p);
      expect(Math.abs(avg - p), `x = ${x}: mean weight ${avg}, p(x) ${p}, SE ${se}`).toBeLessThan(5 * se);
    }
    m.dispose();
  });
});
