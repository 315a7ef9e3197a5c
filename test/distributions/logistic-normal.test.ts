/**
 * LogisticNormal beyond the generic fixture checks: its log-density is a change of variables from the
 * Normal on the log-ratios (checked against a finite-difference Jacobian determinant in float64), it is
 * normalised on the same base measure as Dirichlet's (E_{x~Dirichlet}[q(x)/p(x)] = 1 within 5 SE), its
 * draws stay on the open simplex with finite log-densities at extreme parameters, and it refuses a value
 * of the wrong event length.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InternalError } from '../../src/common/diagnostic.js';
import { createDistribution } from '../../src/distributions/create.js';
import { Rng } from '../../src/distributions/rng.js';
import { useCpuBackend } from './backend.js';
import { meanAndSe } from './reference.js';

beforeAll(useCpuBackend);

/** softmax([y, 0]) in float64. */
function simplexOf(y: readonly number[]): number[] {
  const padded = [...y, 0];
  const max = Math.max(...padded);
  const e = padded.map((t) => Math.exp(t - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((t) => t / total);
}

/** The determinant of a square matrix by Gaussian elimination with partial pivoting (float64). */
function determinant(rows: number[][]): number {
  const a = rows.map((r) => [...r]);
  const n = a.length;
  let det = 1;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    if (pivot !== c) {
      [a[c], a[pivot]] = [a[pivot]!, a[c]!];
      det = -det;
    }
    det *= a[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < n; k++) a[r]![k] = a[r]![k]! - f * a[c]![k]!;
    }
  }
  return det;
}

/** log |det ∂(x₁…x_{K−1})/∂y| by central differences of y ↦ softmax([y, 0]). */
function logJacobianByFiniteDifferences(y: readonly number[]): number {
  const h = 1e-6;
  const columns = y.map((_v, j) => {
    const up = simplexOf(y.map((t, i) => (i === j ? t + h : t)));
    const down = simplexOf(y.map((t, i) => (i === j ? t - h : t)));
    return up.slice(0, -1).map((u, i) => (u - down[i]!) / (2 * h));
  });
  const matrix = y.map((_v, i) => columns.map((col) => col[i]!));
  return Math.log(Math.abs(determinant(matrix)));
}

describe('LogisticNormal density', () => {
  it('is the Normal density of the log-ratios divided by the Jacobian determinant of softmax([y, 0])', () => {
    const loc = [0.3, -1, 2];
    const scale = [0.7, 1.5, 0.4];
    const ys = [
      [0, 0, 0],
      [1.2, -0.7, 2.5],
      [-4, 3, 0.5],
    ];
    const xs = ys.map(simplexOf);
    const got = tf.tidy(() => Array.from(createDistribution('LogisticNormal', { loc: tf.tensor1d(loc), scale: tf.tensor1d(scale) }).logProb(tf.tensor2d(xs)).dataSync()));
    ys.forEach((y, r) => {
      const normal = y.reduce((s, t, i) => s - 0.5 * ((t - loc[i]!) / scale[i]!) ** 2 - Math.log(scale[i]!) - 0.5 * Math.log(2 * Math.PI), 0);
      const want = normal - logJacobianByFiniteDifferences(y);
      // float32 logs of x (≈ 6e-8 relative each) and the central difference (≈ 1e-9) stay far below this.
      expect(Math.abs(got[r]! - want), `y = ${y}: ${got[r]} vs ${want}`).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want)));
    });
  });

  it('is normalised on Dirichlet’s base measure: E_{x~Dirichlet}[q(x)/p(x)] = 1 within 5 SE', () => {
    const n = 20000;
    const logWeights = tf.tidy(() => {
      const p = createDistribution('Dirichlet', { concentration: tf.tensor1d([2, 2, 2]) });
      const q = createDistribution('LogisticNormal', { loc: tf.tensor1d([0.3, -0.2]), scale: tf.tensor1d([0.8, 0.6]) });
      const x = p.sample([n], new Rng(71));
      return Array.from(tf.sub(q.logProb(x), p.logProb(x)).dataSync());
    });
    const s = meanAndSe(logWeights.map(Math.exp));
    expect(Math.abs(s.mean - 1), `mean weight ${s.mean} ± ${s.se}`).toBeLessThanOrEqual(5 * s.se);
  });
});

describe('LogisticNormal draws', () => {
  it('lie on the open simplex with finite log-densities, also at extreme parameters', () => {
    const loc = tf.tensor2d([
      [0, 0],
      [80, -80],
      [-200, 5],
    ]);
    const scale = tf.tensor2d([
      [1, 1],
      [1e-3, 10],
      [0.1, 0.1],
    ]);
    const { x, lp } = tf.tidy(() => {
      const d = createDistribution('LogisticNormal', { loc, scale });
      const draws = d.sample([200], new Rng(5));
      return { x: draws.arraySync() as number[][][], lp: Array.from(d.logProb(draws).dataSync()) };
    });
    for (const member of x.flat()) {
      expect(member.every((c) => c > 0 && c <= 1), `${member}`).toBe(true);
      expect(Math.abs(member.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(3e-6);
    }
    expect(lp.every(Number.isFinite)).toBe(true);
    tf.dispose([loc, scale]);
  });

  it('have shape [...sampleShape, ...batchShape, K] and broadcast loc against scale', () => {
    const shape = tf.tidy(() => createDistribution('LogisticNormal', { loc: tf.zeros([2, 1, 3]), scale: tf.ones([4, 3]) }).sample([5], new Rng(1)).shape);
    expect(shape).toEqual([5, 2, 4, 4]);
  });
});

describe('LogisticNormal shapes', () => {
  it('broadcasts a last axis of 1 against K − 1 (a scalar loc with a vector scale)', () => {
    const { event, sampleShape, lp, same } = tf.tidy(() => {
      const d = createDistribution('LogisticNormal', { loc: tf.tensor1d([0.5]), scale: tf.tensor1d([1, 2, 0.5]) });
      const full = createDistribution('LogisticNormal', { loc: tf.tensor1d([0.5, 0.5, 0.5]), scale: tf.tensor1d([1, 2, 0.5]) });
      const x = d.sample([6], new Rng(2));
      return {
        event: d.eventShape,
        sampleShape: x.shape,
        lp: Array.from(d.logProb(x).dataSync()),
        same: Array.from(full.logProb(x).dataSync()),
      };
    });
    expect(event).toEqual([4]);
    expect(sampleShape).toEqual([6, 4]);
    expect(lp).toEqual(same);
  });

  it('refuses last axes that neither match nor are 1', () => {
    const [loc, scale] = [tf.zeros([2]), tf.ones([3])];
    expect(() => createDistribution('LogisticNormal', { loc, scale })).toThrow(/equal or 1 across them/);
    tf.dispose([loc, scale]);
  });

  it('has an event one longer than its parameters, and refuses a value of the parameters’ length', () => {
    const d = createDistribution('LogisticNormal', { loc: tf.zeros([3]), scale: tf.ones([3]) });
    expect(d.eventShape).toEqual([4]);
    expect(d.batchShape).toEqual([]);
    const wrong = tf.fill([3], 1 / 3);
    expect(() => d.logProb(wrong)).toThrow(InternalError);
    expect(() => d.logProb(wrong)).toThrow(/needs 4 entries on its last axis \(the parameters have 3\)/);
    tf.dispose([wrong, ...Object.values(d.params)]);
  });
});
