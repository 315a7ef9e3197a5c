/**
 * logProb against the float64 references of the fixture table, at ordinary points and extremes (tiny
 * scales, values at the support's edge); −∞ and finite gradients outside the support; the alternative
 * parameterizations agree.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDistribution } from '../../src/distributions/create.js';
import { useCpuBackend, valuesTensor } from './backend.js';
import { ALL_FIXTURES, memberParams, fixtureDistribution } from './fixtures.js';

const FLOAT32_MAX = 3.4028234663852886e38;
/** float32 evaluation of a composition of a few ops: a few ulps of the largest term, relative. */
const RELATIVE_TOLERANCE = 1e-5;

beforeAll(useCpuBackend);

describe.each(ALL_FIXTURES)('$name logProb', (fx) => {
  it.each(fx.members.map((m, i) => [i, m] as const))('matches the reference at ordinary and extreme points (member %i)', (_i, m) => {
    const points = fx.points(m);
    const got = tf.tidy(() => fixtureDistribution(fx, memberParams(m)).logProb(valuesTensor(points)).arraySync()) as number[];
    points.forEach((x, j) => {
      const ref = fx.logPdf(x, m);
      const g = got[j]!;
      if (ref < -FLOAT32_MAX) expect(g, `at ${String(x)}`).toBe(-Infinity);
      else expect(Math.abs(g - ref), `at ${String(x)}: got ${g}, reference ${ref}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(1, Math.abs(ref)));
    });
  });

  it('logProbInSupport equals logProb inside the support', () => {
    for (const m of fx.members) {
      const [a, b] = tf.tidy(() => {
        const d = fixtureDistribution(fx, memberParams(m));
        const x = valuesTensor(fx.points(m));
        return [d.logProb(x).arraySync(), d.logProbInSupport(x).arraySync()];
      });
      expect(b).toEqual(a);
    }
  });

  it('a fused sum over the last axis (logProbInSupportSumLast) equals logProbInSupport summed, values and gradients', () => {
    for (const m of fx.members) {
      const params = memberParams(m);
      const names = Object.keys(params);
      if (fixtureDistribution(fx, params).logProbInSupportSumLast === undefined) continue;
      const [fused, plain] = tf.tidy(() => {
        const x = valuesTensor(fx.points(m));
        const run = (fusedPath: boolean) => {
          const f = (...ps: tf.Tensor[]): tf.Tensor => {
            const d = fixtureDistribution(fx, Object.fromEntries(names.map((k, i) => [k, ps[i]!])));
            return fusedPath ? d.logProbInSupportSumLast!(x) : tf.sum(d.logProbInSupport(x), -1);
          };
          const { value, grads } = tf.valueAndGrads(f)(names.map((k) => params[k]!));
          return [value.dataSync()[0]!, ...grads.map((g) => g.dataSync()[0]!)];
        };
        return [run(true), run(false)];
      });
      fused.forEach((v, i) => expect(Math.abs(v - plain[i]!), `${i === 0 ? 'value' : `∂/∂${names[i - 1]}`}: ${v} vs ${plain[i]}`).toBeLessThanOrEqual(RELATIVE_TOLERANCE * Math.max(1, Math.abs(plain[i]!))));
    }
  });

  it('is −∞ outside the support, with finite (zero) parameter gradients there', () => {
    for (const m of fx.members) {
      const outside = fx.outside(m);
      const params = memberParams(m);
      const names = Object.keys(params);
      const { values, grads } = tf.tidy(() => {
        const x = valuesTensor(outside);
        const f = (...ps: tf.Tensor[]): tf.Tensor => {
          const d = fixtureDistribution(fx, Object.fromEntries(names.map((k, i) => [k, ps[i]!])));
          const lp = d.logProb(x);
          // Sum only the masked entries' gradient paths: −∞ · 0 would be NaN, so replace them by 0.
          return tf.sum(tf.where(tf.isFinite(lp), lp, tf.zerosLike(lp)));
        };
        const g = tf.grads(f)(names.map((k) => params[k]!));
        return {
          values: fixtureDistribution(fx, params).logProb(x).arraySync() as number[],
          grads: g.map((t) => Array.from(t.dataSync())),
        };
      });
      values.forEach((lp, j) => expect(lp, `at ${String(outside[j])}`).toBe(-Infinity));
      for (const g of grads) for (const x of g) expect(Math.abs(x)).toBe(0);
      tf.dispose(Object.values(params));
    }
  });

  it('has no NaN in the gradient at the in-support points where the log-density is finite in float32', () => {
    for (const m of fx.members) {
      const params = memberParams(m);
      const names = Object.keys(params);
      const finitePoints = fx.points(m).filter((x) => fx.logPdf(x, m) > -FLOAT32_MAX);
      const grads = tf.tidy(() => {
        const x = valuesTensor(finitePoints);
        const f = (...ps: tf.Tensor[]): tf.Tensor => {
          const lp = fixtureDistribution(fx, Object.fromEntries(names.map((k, i) => [k, ps[i]!]))).logProb(x);
          return tf.sum(tf.where(tf.isFinite(lp), lp, tf.zerosLike(lp)));
        };
        return tf.grads(f)(names.map((k) => params[k]!)).map((t) => Array.from(t.dataSync()));
      });
      for (const g of grads) for (const x of g) expect(Number.isNaN(x)).toBe(false);
      tf.dispose(Object.values(params));
    }
  });
});

describe('alternative parameterizations', () => {
  it('Bernoulli by probs equals Bernoulli by logits, and p = 0 or 1 give no NaN', () => {
    const [byProbs, byLogits, edges] = tf.tidy(() => {
      const x = tf.tensor1d([0, 1]);
      const p = 0.3;
      return [
        createDistribution('Bernoulli', { probs: tf.scalar(p) }).logProb(x).arraySync(),
        createDistribution('Bernoulli', { logits: tf.scalar(Math.log(p / (1 - p))) }).logProb(x).arraySync(),
        createDistribution('Bernoulli', { probs: tf.tensor2d([[0], [1]]) }).logProb(x).arraySync(),
      ];
    });
    (byProbs as number[]).forEach((v, i) => expect(v).toBeCloseTo((byLogits as number[])[i]!, 6));
    const e = (edges as number[][]).flat();
    expect(e.every((v) => !Number.isNaN(v))).toBe(true);
    // probs = 0: log p(0) = 0 and log p(1) ≤ log of the smallest float; probs = 1 mirrors it (clamped at 1 − 2⁻²⁴).
    expect(e[0]).toBeCloseTo(0, 6);
    expect(e[1]).toBeLessThan(-80);
    expect(e[2]).toBeLessThan(-16);
    expect(e[3]).toBeCloseTo(0, 6);
  });

  it('ContinuousBernoulli by probs equals by logits, including λ = ½ exactly', () => {
    const [byProbs, byLogits] = tf.tidy(() => {
      const x = tf.tensor2d([[0.1], [0.9]]);
      const probs = tf.tensor1d([0.5, 0.2]);
      const logits = tf.tensor1d([0, Math.log(0.2 / 0.8)]);
      return [
        createDistribution('ContinuousBernoulli', { probs }).logProb(x).arraySync(),
        createDistribution('ContinuousBernoulli', { logits }).logProb(x).arraySync(),
      ];
    });
    (byProbs as number[][]).flat().forEach((v, i) => expect(v).toBeCloseTo((byLogits as number[][]).flat()[i]!, 5));
    // At λ = ½ the density is uniform: log 1 = 0.
    expect((byProbs as number[][])[0]![0]).toBeCloseTo(0, 6);
  });

  it('Categorical by probs (normalised on the fly) equals by logits', () => {
    const [byProbs, byLogits] = tf.tidy(() => {
      const x = tf.tensor2d([
        [1, 0, 0],
        [0, 0, 1],
      ]);
      return [
        createDistribution('Categorical', { probs: tf.tensor1d([2, 6, 2]) }).logProb(x).arraySync(),
        createDistribution('Categorical', { logits: tf.tensor1d([0, Math.log(3), 0]) }).logProb(x).arraySync(),
      ];
    });
    (byProbs as number[]).forEach((v, i) => expect(v).toBeCloseTo((byLogits as number[])[i]!, 6));
    expect((byProbs as number[])[0]).toBeCloseTo(Math.log(0.2), 6);
  });

  it('broadcasts values against a batch of parameters', () => {
    const shape = tf.tidy(() => createDistribution('Normal', { loc: tf.zeros([3]), scale: tf.ones([1]) }).logProb(tf.zeros([4, 1, 3])).shape);
    expect(shape).toEqual([4, 1, 3]);
    const vectorShape = tf.tidy(() => createDistribution('Dirichlet', { concentration: tf.ones([2, 3]) }).logProb(tf.fill([5, 2, 3], 1 / 3)).shape);
    expect(vectorShape).toEqual([5, 2]);
  });
});
