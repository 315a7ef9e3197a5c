/**
 * TransformedDistribution: log q of its own draws (cached, no inverse) equals log q computed through the
 * inverse at the same values; the density of a 1-D flow integrates to 1 (quadrature); stopping every
 * parameter leaves the value and removes the parameter gradients; no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../distributions/backend.js';
import { createDistribution } from '../../src/distributions/create.js';
import { Rng } from '../../src/distributions/rng.js';
import { planar } from '../../src/flows/planar.js';
import { stopStep, TransformedDistribution, type FlowStep } from '../../src/flows/transformed.js';

beforeAll(useCpuBackend);

function steps(d: number, k: number, seed: number): FlowStep[] {
  return Array.from({ length: k }, (_, i) => ({
    bijector: planar,
    params: {
      weights: {
        u: tf.randomNormal([1, 1, d], 0, 1.5, 'float32', seed + 3 * i),
        w: tf.randomNormal([1, 1, d], 0, 1.5, 'float32', seed + 3 * i + 1),
        b: tf.randomNormal([1, 1], 0, 1, 'float32', seed + 3 * i + 2),
      },
      inputs: {},
      options: {},
    },
  }));
}

describe('TransformedDistribution', () => {
  it('scores its own draws from the cache, equal to the inverse path', () => {
    tf.tidy(() => {
      const base = createDistribution('Normal', { loc: tf.fill([4, 3, 2], 0.3), scale: tf.fill([4, 3, 2], 0.8) });
      const q = new TransformedDistribution(base, steps(2, 3, 1), [2]);
      expect(q.batchShape).toEqual([4, 3]);
      expect(q.eventShape).toEqual([2]);
      const y = q.sample([], new Rng(5));
      expect(y.shape).toEqual([4, 3, 2]);
      const cached = q.logProbInSupport(y);
      const viaInverse = q.logProbInSupport(tf.clone(y));
      expect(cached.shape).toEqual([4, 3]);
      expect(tf.max(tf.abs(tf.sub(cached, viaInverse))).dataSync()[0]).toBeLessThan(1e-3);
    });
  });

  it('a 1-D flow density integrates to 1 (trapezoid rule on a wide grid)', () => {
    tf.tidy(() => {
      const base = createDistribution('Normal', { loc: tf.tensor([[[0.5]]]), scale: tf.tensor([[[1.2]]]) });
      const q = new TransformedDistribution(base, steps(1, 4, 21), [1]);
      const n = 4001;
      const lo = -25;
      const h = 50 / (n - 1);
      const grid = tf.reshape(tf.linspace(lo, lo + h * (n - 1), n), [n, 1, 1]);
      // The grid's n points ride on the batch axis: one [1, 1, 1] base broadcasts against them.
      const dens = tf.exp(q.logProb(grid)).dataSync();
      let total = 0;
      for (let i = 0; i < n; i++) total += (i === 0 || i === n - 1 ? 0.5 : 1) * (dens[i] as number) * h;
      expect(Math.abs(total - 1)).toBeLessThan(1e-3);
    });
  });

  it('with every parameter stopped, log q keeps its value and its gradient in y, and gives the weights none', () => {
    tf.tidy(() => {
      const u = tf.tensor([0.5, -0.4], [1, 1, 2]);
      const w = tf.tensor([1.1, 0.7], [1, 1, 2]);
      const b = tf.tensor([0.2], [1, 1]);
      const y = tf.tensor([0.3, -1.2], [1, 1, 2]);
      const logq = (uu: tf.Tensor, yy: tf.Tensor, stop: boolean): tf.Tensor => {
        const step: FlowStep = { bijector: planar, params: { weights: { u: uu, w, b }, inputs: {}, options: {} } };
        const base = createDistribution('Normal', { loc: tf.fill([1, 1, 2], 0.1), scale: tf.fill([1, 1, 2], 0.9) });
        // `+ 0·Σu` keeps u connected to the result, so a stopped u shows a zero gradient rather than none.
        return tf.add(tf.sum(new TransformedDistribution(base, [stop ? stopStep(step) : step], [2]).logProbInSupport(yy)), tf.mul(0, tf.sum(uu)));
      };
      const [gu, gy] = tf.grads((uu: tf.Tensor, yy: tf.Tensor) => logq(uu, yy, false))([u, y]);
      const [su, sy] = tf.grads((uu: tf.Tensor, yy: tf.Tensor) => logq(uu, yy, true))([u, y]);
      expect(Math.abs((logq(u, y, false).dataSync()[0] as number) - (logq(u, y, true).dataSync()[0] as number))).toBeLessThan(1e-5);
      expect(tf.max(tf.abs(gu as tf.Tensor)).dataSync()[0]).toBeGreaterThan(1e-3);
      expect(tf.max(tf.abs(su as tf.Tensor)).dataSync()[0]).toBe(0);
      expect(tf.max(tf.abs(tf.sub(gy as tf.Tensor, sy as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-4);
    });
  });

  it('leaves only what it returns', () => {
    const st = steps(3, 2, 40);
    const loc = tf.zeros([2, 5, 3]);
    const scale = tf.ones([2, 5, 3]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const q = new TransformedDistribution(createDistribution('Normal', { loc, scale }), st, [3]);
      const y = q.sample([], new Rng(2));
      q.logProbInSupport(y);
      q.logProb(tf.clone(y));
      q.pointEstimate();
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([loc, scale, ...st.flatMap((s) => Object.values(s.params.weights))]);
  });
});
