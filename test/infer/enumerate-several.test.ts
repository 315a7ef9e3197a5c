/**
 * Several enumerated latents in one model (src/derive/enumeration.ts, src/infer/estimators/enumerate.ts):
 * the enumerated ELBO and its gradient in every weight against hand-written double sums
 * Σ_a Σ_c q(a | x) q(c | x, a) [log p(x, a, c) − log q(a | x) − log q(c | x, a)] (the second guide
 * depending on the first enumerated value), and against a sum over the 4 values of a `Binary[2]` latent
 * and the 9 values of a `Category(3)[2]` one — built here from the weights with no help from the runtime.
 * Nothing else is sampled, so the two agree to float precision. No tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { estimatorMisfit } from '../../src/derive/plan.js';
import { Rng } from '../../src/distributions/rng.js';
import { BatchBuilder, disposeBatch } from '../../src/infer/batches.js';
import { computeObjective } from '../../src/infer/objective.js';
import { useCpu } from '../helpers/backend.js';
import { expectSameGradients } from '../helpers/gradients.js';
import { compileOk } from '../helpers/compile.js';
import { gauss, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);

const N = 10;
const rng0 = new Rng(7);
const data = scalarDataset({ x: Float32Array.from({ length: N }, () => 2 * gauss(rng0)) });
const LOG_2PI = Math.log(2 * Math.PI);

/** log N(x; m, 1), elementwise. */
const logN1 = (x: tf.Tensor, m: tf.Tensor): tf.Tensor => tf.sub(-0.5 * LOG_2PI, tf.mul(0.5, tf.square(tf.sub(x, m))));

/** Sets every named param to the given values. */
function setParams(m: TildeModel, values: Record<string, number[]>): void {
  for (const [name, v] of Object.entries(values)) {
    const p = m.weights.param(name);
    p.assign(tf.reshape(tf.tensor1d(v), p.shape));
  }
}

/** The runtime's enumerated ELBO loss and gradients against `hand(x)`'s (the per-datapoint bound `[N]`), and no leaks. */
function compareWithHand(m: TildeModel, hand: (x: tf.Tensor) => tf.Tensor): void {
  const program = m.program('elbo');
  const vars = m.weights.variables();
  const batch = new BatchBuilder(data, m.dataShapes, N).range(0, N);
  const objective = () => computeObjective(program, batch, new Rng(1), { estimator: 'elbo', samples: 1, datasetSize: N }).loss;
  tf.tidy(objective); // caches the program's constants
  const before = tf.memory().numTensors;
  const ours = tf.variableGrads(objective, vars);
  const x = tf.reshape(batch.data.get('x') as tf.Tensor, [N]);
  const theirs = tf.variableGrads(() => tf.neg(tf.mean(hand(x))) as tf.Scalar, vars);
  expectSameGradients(ours, theirs, vars);
  tf.dispose([x, ours.value, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads)]);
  disposeBatch(batch);
  expect(tf.memory().numTensors).toBe(before - batch.data.size);
}

const param = (m: TildeModel, name: string): tf.Tensor => m.weights.param(name);

describe('two enumerated latents against a hand-written double sum', () => {
  it('a Bernoulli and a Categorical whose guide reads it: plan, bound and gradient', () => {
    const m = TildeModel.create(compileOk(`model two {
      data x: Real; latent a: Binary; latent c: Category(3); param s: Real; param mu: Real[3];
      a ~ Bernoulli(probs: 0.3);
      c ~ Categorical(logits: 0);
      x ~ Normal(s * a + dot(c, mu), 1);
      guide {
        param ga: Real; param gb: Real; param gc: Real[3]; param gd: Real[3]; param ge: Real[3];
        a ~ Bernoulli(logits: ga * x + gb);
        c ~ Categorical(logits: gc * x + gd + ge * a);
      }
    }`), {}, 0);
    const sites = m.program('elbo').plan.sites.filter((s) => s.kind === 'latent');
    expect(sites.map((s) => [s.name, s.kind === 'latent' ? s.sampler : '', s.kind === 'latent' ? s.values : 0])).toEqual([['a', 'enumerate', 2], ['c', 'enumerate', 3]]);
    expect(estimatorMisfit(m.program('elbo').plan)).toBeUndefined();
    setParams(m, { s: [2.5], mu: [-2, 0.5, 3], ga: [0.7], gb: [-0.2], gc: [0.3, -0.5, 0.8], gd: [0.1, 0, -0.1], ge: [1, -1, 0.5] });
    compareWithHand(m, (x) => {
      const la = tf.add(tf.mul(param(m, 'ga'), x), param(m, 'gb')); // [N]
      const logqA = [tf.neg(tf.softplus(la)), tf.neg(tf.softplus(tf.neg(la)))]; // log q(a = 0 | x), log q(a = 1 | x)
      const logpA = [Math.log(0.7), Math.log(0.3)];
      const xs = tf.reshape(x, [N, 1]);
      let total: tf.Tensor = tf.zeros([N]);
      for (const a of [0, 1]) {
        const lc = tf.add(tf.add(tf.mul(param(m, 'gc'), xs), param(m, 'gd')), tf.mul(param(m, 'ge'), a)); // [N, 3]
        const logqC = tf.logSoftmax(lc);
        const loglik = logN1(xs, tf.add(tf.mul(param(m, 's'), a), tf.reshape(param(m, 'mu'), [1, 3])));
        const inner = tf.add(tf.sub(tf.add(loglik, (logpA[a] as number) + Math.log(1 / 3)), logqC), tf.neg(tf.reshape(logqA[a] as tf.Tensor, [N, 1])));
        const weight = tf.mul(tf.exp(tf.reshape(logqA[a] as tf.Tensor, [N, 1])), tf.exp(logqC));
        total = tf.add(total, tf.sum(tf.mul(weight, inner), 1));
      }
      return total;
    });
    m.dispose();
  });
});

/** log q of every value of independent Bernoullis with logits `l` `[N, n]`, over the 2ⁿ values in `bits`. */
function bernoulliValues(l: tf.Tensor, bits: number[][]): { logq: tf.Tensor; values: tf.Tensor } {
  const values = tf.tensor2d(bits); // [V, n]
  const lp1 = tf.neg(tf.softplus(tf.neg(l))); // log σ(l)
  const lp0 = tf.neg(tf.softplus(l));
  // [N, V]: Σ_j b_j log σ(l_j) + (1 − b_j) log σ(−l_j)
  const logq = tf.add(tf.matMul(lp1, values, false, true), tf.matMul(lp0, tf.sub(1, values), false, true));
  return { logq, values };
}

describe('vector latents: every joint value of the vector', () => {
  it('a Binary[2] latent (4 values) and a Category(3)[2] latent (9 values)', () => {
    const m = TildeModel.create(compileOk(`model vec {
      data x: Real; latent b: Binary[2]; latent c: Category(3)[2]; param w: Real[2]; param v: Real[2, 3];
      b ~ Bernoulli(probs: 0.4);
      c ~ Categorical(logits: 0);
      x ~ Normal(dot(b, w) + sum(c * v), 1);
      guide {
        param g: Real[2]; param h: Real[2]; param k: Real[2, 3]; param j: Real[2, 3];
        b ~ Bernoulli(logits: g * x + h);
        c ~ Categorical(logits: k * x + j);
      }
    }`), {}, 0);
    const plan = m.program('elbo').plan.sites.filter((s) => s.kind === 'latent');
    expect(Object.fromEntries(plan.map((s) => [s.name, s.kind === 'latent' ? [s.sampler, s.values] : []]))).toEqual({ b: ['enumerate', 4], c: ['enumerate', 9] });
    setParams(m, { w: [1.5, -2], v: [0.5, -1, 2, -0.3, 0.8, 1.2], g: [0.4, -0.6], h: [0.2, 0.1], k: [0.3, -0.2, 0.5, 0.1, 0.6, -0.4], j: [0, 0.2, -0.2, 0.3, 0, -0.1] });
    compareWithHand(m, (x) => {
      const xs = tf.reshape(x, [N, 1]);
      const bq = bernoulliValues(tf.add(tf.mul(param(m, 'g'), xs), param(m, 'h')), [[0, 0], [0, 1], [1, 0], [1, 1]]); // [N, 4]
      const logpB = tf.add(tf.matMul(tf.fill([1, 2], Math.log(0.4)), bq.values, false, true), tf.matMul(tf.fill([1, 2], Math.log(0.6)), tf.sub(1, bq.values), false, true)); // [1, 4]
      const bMean = tf.matMul(tf.reshape(param(m, 'w'), [1, 2]), bq.values, false, true); // [1, 4]: dot(b, w)
      // c: two independent Categoricals over 3 values: [N, 2, 3] log q, and each pair (i, j) of values.
      const logqC = tf.logSoftmax(tf.add(tf.mul(tf.reshape(param(m, 'k'), [1, 2, 3]), tf.reshape(x, [N, 1, 1])), tf.reshape(param(m, 'j'), [1, 2, 3])));
      const vv = tf.reshape(param(m, 'v'), [2, 3]);
      let total: tf.Tensor = tf.zeros([N]);
      for (let i = 0; i < 3; i++) {
        for (let jj = 0; jj < 3; jj++) {
          const lqc = tf.add(tf.slice(logqC, [0, 0, i], [N, 1, 1]).reshape([N, 1]), tf.slice(logqC, [0, 1, jj], [N, 1, 1]).reshape([N, 1])); // [N, 1]
          const cMean = tf.add(tf.slice(vv, [0, i], [1, 1]), tf.slice(vv, [1, jj], [1, 1])); // [1, 1]
          const loglik = logN1(xs, tf.add(bMean, cMean)); // [N, 4]
          const inner = tf.sub(tf.sub(tf.add(tf.add(loglik, logpB), 2 * Math.log(1 / 3)), bq.logq), lqc);
          total = tf.add(total, tf.sum(tf.mul(tf.exp(tf.add(bq.logq, lqc)), inner), 1));
        }
      }
      return total;
    });
    m.dispose();
  });
});

describe('an enumerated local latent beside a global one', () => {
  it('trains, and evaluates (the global-latent evaluation path) to finite bounds, without leaking tensors', async () => {
    const rng = new Rng(3);
    const d = scalarDataset({ x: Float32Array.from({ length: 24 }, () => (rng.nextFloat() < 0.5 ? -2 : 2) + 0.5 * gauss(rng)) });
    const m = TildeModel.create(compileOk('model gm { data x: Real; global mu ~ Normal(0, 3); latent c: Binary; c ~ Bernoulli(probs: 0.5); x ~ Normal(mu * (2 * c - 1), 0.5); }'), {}, 0);
    expect(m.plan.sites.filter((s) => s.kind === 'latent').map((s) => [s.name, s.kind === 'latent' ? s.sampler : ''])).toEqual([['mu', 'location-scale'], ['c', 'enumerate']]);
    await m.fit(d, { epochs: 3, batchSize: 12, seed: 1 });
    await m.fit(d, { epochs: 1, batchSize: 12, seed: 2, estimator: 'iwae', k: 3 });
    m.elbo(d, { samples: 2, seed: 1 }); // creates the evaluation programs and caches their constants
    m.logLikelihood(d, { k: 2, seed: 1 });
    const before = tf.memory().numTensors;
    const elbo = m.elbo(d, { samples: 2, globalSamples: 2, seed: 1 });
    const ll = m.logLikelihood(d, { k: 3, globalSamples: 2, seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(elbo.elbo) && Number.isFinite(ll.logLikelihood)).toBe(true);
    m.dispose();
  });
});
