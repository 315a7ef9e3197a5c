/**
 * IAF (Kingma et al. 2016) on random weights: the log-determinant the flow reports equals log |det J|
 * of its Jacobian computed by autodiff (row by row, determinant by LU in float64), with and without a
 * context; the Jacobian of one step is triangular in the step's ordering with σ on its diagonal; the
 * sequential inverse recovers the base draw; no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/distributions/rng.js';
import { iafForward, iafInverse, iafMadeSpec, iafUpdate, type IafStep } from '../../src/flows/iaf.js';
import { layerRow } from '../../src/registry/networks.js';
import '../../src/runtime/gradients.js';
import { useCpu } from '../helpers/backend.js';

beforeAll(useCpu);

function steps(d: number, hidden: number[], context: number, k: number, seed: number): IafStep[] {
  const rng = new Rng(seed);
  return Array.from({ length: k }, (_, t) => {
    const spec = iafMadeSpec(d, hidden, context, 'tanh');
    const weights = Object.fromEntries((layerRow('MADE').weights?.(spec) ?? []).map((w) => [w.name, tf.randomUniform([...w.shape], -1, 1, 'float32', Math.floor(rng.nextFloat() * 1e9))]));
    return { spec, weights };
  });
}

const dispose = (ss: IafStep[]) => ss.forEach((s) => Object.values(s.weights).forEach((w) => w.dispose()));

/** log |det A| by Gaussian elimination with partial pivoting, in float64. */
function logAbsDet(a: number[][]): number {
  const m = a.map((r) => [...r]);
  const n = m.length;
  let s = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]!;
    s += Math.log(Math.abs(piv));
    for (let r = c + 1; r < n; r++) {
      const f = m[r]![c]! / piv;
      for (let k = c; k < n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return s;
}

/** The Jacobian ∂y/∂z of the flow at one point (rows: outputs). */
function jacobian(ss: IafStep[], z0: number[], ctx: number[] | null): number[][] {
  return tf.tidy(() => {
    const z = tf.tensor2d([z0]);
    const c = ctx === null ? null : tf.tensor2d([ctx]);
    return z0.map((_, i) => Array.from(tf.grad((v: tf.Tensor) => tf.sum(tf.slice(iafForward(v as tf.Tensor2D, c, ss).y, [0, i], [1, 1])))(z).dataSync()));
  });
}

const CASES: [number, number[], number, number][] = [
  [3, [8], 0, 1],
  [3, [8], 2, 2],
  [4, [10, 6], 3, 3],
  [2, [5], 1, 4],
];

describe('IAF', () => {
  it.each(CASES)('d %i, hidden %j, context %i, %i steps: log|det| equals autodiff of the Jacobian', (d, hidden, c, k) => {
    const ss = steps(d, hidden, c, k, 3 + d + k);
    const rng = new Rng(d * 10 + k);
    const before = tf.memory().numTensors;
    for (let trial = 0; trial < 3; trial++) {
      const z0 = Array.from({ length: d }, () => 2 * rng.nextFloat() - 1);
      const ctx = c === 0 ? null : Array.from({ length: c }, () => 2 * rng.nextFloat() - 1);
      const J = jacobian(ss, z0, ctx);
      const reported = tf.tidy(() => iafForward(tf.tensor2d([z0]), ctx === null ? null : tf.tensor2d([ctx]), ss).logDet.dataSync()[0] as number);
      expect(reported).toBeCloseTo(logAbsDet(J), 4);
      // The flow must not be trivially volume-preserving on these weights (else the check proves little).
      expect(Math.abs(reported)).toBeGreaterThan(1e-3);
    }
    expect(tf.memory().numTensors).toBe(before);
    dispose(ss);
  });

  it('the update of one step has a lower-triangular Jacobian with σ ∈ (0, 1) on its diagonal; the step reverses it', () => {
    const ss = steps(3, [8], 0, 1, 9);
    const z0 = [0.3, -0.2, 0.5];
    const J = tf.tidy(() => z0.map((_, i) => Array.from(tf.grad((v: tf.Tensor) => tf.sum(tf.slice(iafUpdate(ss[0]!, v as tf.Tensor2D, null).y, [0, i], [1, 1])))(tf.tensor2d([z0])).dataSync())));
    const Jstep = jacobian(ss, z0, null);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (j > i) expect(J[i]![j]).toBe(0);
        expect(Jstep[2 - i]![j]).toBeCloseTo(J[i]![j]!, 6);
      }
      expect(J[i]![i]).toBeGreaterThan(0);
      expect(J[i]![i]).toBeLessThan(1);
    }
    dispose(ss);
  });

  it.each(CASES)('d %i, hidden %j, context %i, %i steps: the sequential inverse recovers the base draw', (d, hidden, c, k) => {
    const ss = steps(d, hidden, c, k, 5 + d);
    const before = tf.memory().numTensors;
    const err = tf.tidy(() => {
      const z = tf.randomNormal([16, d], 0, 1, 'float32', 17) as tf.Tensor2D;
      const ctx = c === 0 ? null : (tf.randomNormal([16, c], 0, 1, 'float32', 18) as tf.Tensor2D);
      const { y } = iafForward(z, ctx, ss);
      return tf.max(tf.abs(tf.sub(iafInverse(y, ctx, ss), z))).dataSync()[0] as number;
    });
    expect(err).toBeLessThan(1e-4);
    expect(tf.memory().numTensors).toBe(before);
    dispose(ss);
  });
});
