/**
 * No tensor leaks: every public method of every row (and of the relaxations, and kl) leaves exactly its
 * result behind — `tf.memory().numTensors` is the same before and after each call in a loop once the
 * result is disposed, and nothing accumulates over repeated calls.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDistribution } from '../../src/distributions/create.js';
import { type Distribution, isRelaxable } from '../../src/distributions/distribution.js';
import { analyticKLPairs, kl } from '../../src/distributions/kl.js';
import { Rng } from '../../src/distributions/rng.js';
import { DISTRIBUTIONS } from '../../src/registry/distributions.js';
import { useCpuBackend, valuesTensor } from './backend.js';
import { ALL_FIXTURES, batchParams, FIXTURES, fixtureDistribution } from './fixtures.js';

beforeAll(useCpuBackend);

/** Calls `op` several times, disposing its result, and checks the tensor count never changes. */
function expectNoLeak(what: string, op: () => tf.Tensor | tf.Tensor[]): void {
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    tf.dispose(op());
    expect(tf.memory().numTensors, `${what} (call ${i + 1})`).toBe(before);
  }
}

function exerciseAll(name: string, d: Distribution, value: tf.Tensor): void {
  const rng = new Rng(1);
  expectNoLeak(`${name}.logProb`, () => d.logProb(value));
  expectNoLeak(`${name}.logProbInSupport`, () => d.logProbInSupport(value));
  expectNoLeak(`${name}.sample`, () => d.sample([3], rng));
  for (const kind of d.samplerKinds) if (kind !== 'relaxed') expectNoLeak(`${name}.sampleWith(${kind})`, () => d.sampleWith!(kind, [3], rng));
  if (d.mean) expectNoLeak(`${name}.mean`, () => d.mean!());
  if (d.variance) expectNoLeak(`${name}.variance`, () => d.variance!());
  if (d.entropy) expectNoLeak(`${name}.entropy`, () => d.entropy!());
  if (d.cdf) expectNoLeak(`${name}.cdf`, () => d.cdf!(value));
  if (d.icdf) {
    const u = tf.fill(value.shape, 0.3);
    expectNoLeak(`${name}.icdf`, () => d.icdf!(u));
    u.dispose();
  }
}

describe('no tensor leaks', () => {
  it.each(ALL_FIXTURES)('$name: every method', (fx) => {
    const params = batchParams(fx);
    const d = fixtureDistribution(fx, params);
    const value = valuesTensor(fx.points(fx.members[0]!));
    // [P, 1] (or [P, 1, K]) against the batch [M]: broadcasts to [P, M].
    const expanded = tf.expandDims(value, 1);
    exerciseAll(fx.name, d, expanded);
    // Gradients through logProb and through the sampler leave nothing behind either.
    const names = Object.keys(params);
    const build = (ps: tf.Tensor[]): Distribution => fixtureDistribution(fx, Object.fromEntries(names.map((k, i) => [k, ps[i]!])));
    const finiteSum = (t: tf.Tensor): tf.Tensor => tf.sum(tf.where(tf.isFinite(t), t, tf.zerosLike(t)));
    const xs = names.map((k) => params[k]!);
    expectNoLeak(`${fx.name} gradient of logProb`, () => tf.grads((...ps: tf.Tensor[]) => finiteSum(build(ps).logProb(expanded)))(xs));
    const spec = DISTRIBUTIONS[fx.name];
    if (spec.reparam !== 'none' && spec.reparam !== 'relaxed') {
      const pathwiseNames = names.filter((k) => (spec.pathwiseParams ?? names).includes(k));
      const withPathwise = (ps: tf.Tensor[]): tf.Tensor[] => names.map((k) => (pathwiseNames.includes(k) ? ps[pathwiseNames.indexOf(k)]! : params[k]!));
      expectNoLeak(`${fx.name} gradient of sample`, () => tf.grads((...ps: tf.Tensor[]) => tf.sum(build(withPathwise(ps)).sample([2], new Rng(3))))(pathwiseNames.map((k) => params[k]!)));
    }
    if (isRelaxable(d)) {
      const r = d.relaxed(0.5);
      const y = r.sample([2], new Rng(2));
      exerciseAll(`${fx.name}.relaxed`, r, y);
      y.dispose();
    }
    tf.dispose([value, expanded, ...Object.values(params)]);
  });

  it('kl, for every registered pair', () => {
    for (const [p, q] of analyticKLPairs()) {
      const pf = FIXTURES.find((f) => f.name === p)!;
      const qf = FIXTURES.find((f) => f.name === q)!;
      const pp = batchParams(pf);
      const qp = batchParams(qf);
      const dp = createDistribution(p, pp);
      const dq = createDistribution(q, qp);
      expectNoLeak(`kl(${p}, ${q})`, () => kl(dp, dq));
      tf.dispose([...Object.values(pp), ...Object.values(qp)]);
    }
  });
});
