/**
 * Every bijector row against autodiff: log|det J| equals the log-determinant of the Jacobian built
 * one row per output with tf.grad, on random inputs and weights; the inverse (where one exists)
 * recovers x; planar's constraint keeps wᵀû ≥ −1 whatever u and w are.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../distributions/backend.js';
import { BIJECTOR_IMPLEMENTATIONS } from '../../src/flows/create.js';
import { planarConstrainedU, planar } from '../../src/flows/planar.js';
import type { BijectorParams } from '../../src/flows/bijector.js';
import { BIJECTORS, bijectorOptions, type BijectorName } from '../../src/registry/bijectors.js';
import { Rng } from '../../src/distributions/rng.js';

beforeAll(useCpuBackend);

/** log|det A| of a small dense matrix by Gaussian elimination with partial pivoting. */
export function logAbsDet(a: number[][]): number {
  const m = a.map((r) => [...r]);
  const n = m.length;
  let out = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[p] as number[])[c] as number)) p = r;
    [m[c], m[p]] = [m[p] as number[], m[c] as number[]];
    const row = m[c] as number[];
    const piv = row[c] as number;
    out += Math.log(Math.abs(piv));
    for (let r = c + 1; r < n; r++) {
      const f = ((m[r] as number[])[c] as number) / piv;
      for (let k = c; k < n; k++) (m[r] as number[])[k] = ((m[r] as number[])[k] as number) - f * (row[k] as number);
    }
  }
  return out;
}

/** Random weights (scale `scale`) and inputs of one step of `name` on an event of size d. */
function randomParamsAt(name: BijectorName, d: number, seed: number, scale: number): BijectorParams {
  const spec = BIJECTORS[name];
  const options = bijectorOptions(spec);
  const weights = Object.fromEntries(spec.weights.map((w, i) => [w.name, tf.randomNormal([1, 1, ...w.shape(d, options)], 0, scale, 'float32', seed + i)]));
  const inputs = Object.fromEntries(spec.inputs.map((inp, i) => [inp.name, tf.randomNormal([1, 1, inp.width(d, options)], 0, 1, 'float32', seed + 100 + i)]));
  return { weights, inputs, options };
}

/**
 * The weight scale per row where 1.5 does not fit: IAF's MADE sums 64 hidden units, so N(0, 1.5²)
 * weights put s near ±50 and σ = sigmoid(s + 2) below 1e-20, where float32's Jacobian underflows; at 0.3
 * σ spans (0.02, 1) and the checks still see a far-from-identity map.
 */
const SCALE: Partial<Record<BijectorName, number>> = { IAF: 0.3 };

describe.each(Object.keys(BIJECTOR_IMPLEMENTATIONS) as BijectorName[])('bijector %s', (name) => {
  const bij = BIJECTOR_IMPLEMENTATIONS[name];
  const d = 4;
  const randomParams = (n: BijectorName, dd: number, seed: number): BijectorParams => randomParamsAt(n, dd, seed, SCALE[n] ?? 1.5);

  it('log|det J| equals the log-determinant of the autodiff Jacobian', () => {
    for (let trial = 0; trial < 5; trial++) {
      tf.tidy(() => {
        const p = randomParams(name, d, 10 * trial + 1);
        const x = tf.randomNormal([1, 1, d], 0, 2, 'float32', 1000 + trial);
        const jac: number[][] = [];
        for (let i = 0; i < d; i++) {
          const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(bij.forward(v, p).y, tf.reshape(tf.oneHot([i], d), [1, 1, d]))));
          jac.push(Array.from(g(x).dataSync()));
        }
        const got = bij.forward(x, p).logDetJ.dataSync()[0] as number;
        expect(Math.abs(got - logAbsDet(jac))).toBeLessThan(1e-4);
      });
    }
  });

  it.runIf(BIJECTORS[name].inverse !== 'none')('the inverse recovers x, with gradients flowing through y', () => {
    tf.tidy(() => {
      const p = randomParams(name, d, 7);
      const x = tf.randomNormal([3, 5, d], 0, 2, 'float32', 3);
      const y = bij.forward(x, p).y;
      const back = (bij.inverse as NonNullable<typeof bij.inverse>)(y, p);
      expect(tf.max(tf.abs(tf.sub(back, x))).dataSync()[0]).toBeLessThan(1e-3);
      // d f⁻¹(y)/dy = J⁻¹: the inverse's gradient composed with the forward's is the identity.
      const x1 = tf.randomNormal([1, 1, d], 0, 2, 'float32', 4);
      for (let i = 0; i < d; i++) {
        const e = tf.reshape(tf.oneHot([i], d), [1, 1, d]);
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul((bij.inverse as NonNullable<typeof bij.inverse>)(bij.forward(v, p).y, p), e)))(x1);
        const want = e.dataSync();
        g.dataSync().forEach((v, j) => expect(Math.abs(v - (want[j] as number))).toBeLessThan(1e-3));
      }
    });
  });

  it('leaves no tensors behind', () => {
    const p = randomParams(name, d, 5);
    const x = tf.randomNormal([2, 3, d]);
    const before = tf.memory().numTensors;
    const r = bij.forward(x, p);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([r.y, r.logDetJ]);
    if (bij.inverse !== undefined) bij.inverse(x, p).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ...Object.values(p.weights), ...Object.values(p.inputs)] as tf.Tensor[]);
  });
});

describe('planar invertibility constraint (Rezende & Mohamed 2015, Appendix A.1)', () => {
  it('keeps wᵀû > −1 for arbitrary u and w, where wᵀu itself is far below −1', () => {
    const rng = new Rng(11);
    let below = 0;
    for (let trial = 0; trial < 50; trial++) {
      tf.tidy(() => {
        const u = tf.randomNormal([6], 0, 3, 'float32', rng.nextSeed());
        const w = tf.randomNormal([6], 0, 3, 'float32', rng.nextSeed());
        if ((tf.sum(tf.mul(w, u)).dataSync()[0] as number) < -1) below++;
        const { uHat, wu, onePlusWu } = planarConstrainedU(u, w);
        const wuHat = tf.sum(tf.mul(w, uHat)).dataSync()[0] as number;
        // wᵀû ≥ −1 up to float32 rounding of the dot product, and 1 + wᵀû itself (what log|det J| reads) > 0.
        expect(wuHat).toBeGreaterThanOrEqual(-1 - 1e-5 * Math.max(1, Math.abs(wuHat)));
        expect(onePlusWu.dataSync()[0]).toBeGreaterThan(0);
        expect(Math.abs(wuHat - (wu.dataSync()[0] as number))).toBeLessThan(1e-3 * Math.max(1, Math.abs(wuHat)));
      });
    }
    // The check must see unconstrained pairs that would not be invertible.
    expect(below).toBeGreaterThan(5);
  });

  it('a numeric inverse recovers x even with a steep step (wᵀû near −1)', () => {
    tf.tidy(() => {
      // u = −c·w with c large: wᵀu ≪ −1, so û is pulled back to wᵀû = m(wᵀu) ≈ −1 + e^{wᵀu}.
      const w = tf.tensor([1, -0.5, 2], [1, 1, 3]);
      const u = tf.mul(w, -3);
      const p = { weights: { u, w, b: tf.tensor([0.3], [1, 1]) }, inputs: {}, options: {} };
      const x = tf.randomNormal([50, 1, 3], 0, 2, 'float32', 9);
      const { y, logDetJ } = planar.forward(x, p);
      expect(tf.min(logDetJ).dataSync()[0]).toBeGreaterThan(-Infinity);
      const back = planar.inverse?.(y, p) as tf.Tensor;
      expect(tf.max(tf.abs(tf.sub(back, x))).dataSync()[0]).toBeLessThan(2e-3);
    });
  });
});
