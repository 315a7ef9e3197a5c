/**
 * The structured inference network (src/runtime/structured-guide.ts) against a hand-written float64
 * computation with the same weights: the backward GRU of test/runtime/layers/reference.ts, then the
 * combiner ½(tanh(z_{t−1}W_z + b_z) + h_t), the loc and softplus-scale heads and Σ_t log N(z_t; loc_t,
 * scale_t), step by step. Checked: log q at given values, at the guide's own draws, with variable
 * lengths (the reference truncates each row to its length, independently of the mask), the plug-in
 * means, a gradient against central differences, and no leaked tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/distributions/rng.js';
import '../../src/runtime/gradients.js';
import { runStructuredGuide, type StructuredGuideWeights } from '../../src/runtime/structured-guide.js';
import { useCpu } from '../helpers/backend.js';
import { expectCloseTo, toTensor } from './layers/helpers.js';
import { prng, randomArr, refGru, type Arr } from './layers/reference.js';

beforeAll(useCpu);

const B = 3;
const T = 5;
const F = 2;
const H = 4;
const D = 2;
const FLOOR = 1e-4;

interface RefWeights {
  readonly wIh: Arr;
  readonly wHh: Arr;
  readonly bIh: Arr;
  readonly bHh: Arr;
  readonly wz: Arr;
  readonly bz: Arr;
  readonly wHead: Arr;
  readonly bHead: Arr;
  readonly z0: Arr;
}

function randomWeights(seed: number): RefWeights {
  const r = prng(seed);
  return {
    wIh: randomArr([F, 3 * H], r, 0.7),
    wHh: randomArr([H, 3 * H], r, 0.7),
    bIh: randomArr([3 * H], r, 0.3),
    bHh: randomArr([3 * H], r, 0.3),
    wz: randomArr([D, H], r, 0.8),
    bz: randomArr([H], r, 0.3),
    wHead: randomArr([H, 2 * D], r, 0.8),
    bHead: randomArr([2 * D], r, 0.3),
    z0: randomArr([D], r, 0.5),
  };
}

function tensors(w: RefWeights): StructuredGuideWeights {
  return {
    gru: { wIh: toTensor(w.wIh) as tf.Tensor2D, wHh: toTensor(w.wHh) as tf.Tensor2D, bIh: toTensor(w.bIh) as tf.Tensor1D, bHh: toTensor(w.bHh) as tf.Tensor1D },
    combiner: { wz: toTensor(w.wz), bz: toTensor(w.bz), wHead: toTensor(w.wHead), bHead: toTensor(w.bHead), z0: toTensor(w.z0) },
  };
}

const softplus = (v: number) => (v > 20 ? v : Math.log1p(Math.exp(v)));

/**
 * log q(z | x) of row `b` and draw `s` by hand, the row cut to its first `len` steps before the
 * backward GRU runs (so no masking is involved), and each step's loc and scale.
 */
function refLogQ(w: RefWeights, x: Arr, z: Float64Array, s: number, b: number, len: number): { logq: number; loc: number[][] } {
  const row: Arr = { data: x.data.slice(b * T * F, b * T * F + len * F), shape: [1, len, F] };
  const h = refGru(row, w.wIh, w.wHh, w.bIh, w.bHh, true);
  let prev = Array.from(w.z0.data);
  let logq = 0;
  const locs: number[][] = [];
  for (let t = 0; t < len; t++) {
    const c = Array.from({ length: H }, (_, u) => {
      let a = w.bz.data[u] as number;
      for (let k = 0; k < D; k++) a += (prev[k] as number) * (w.wz.data[k * H + u] as number);
      return 0.5 * (Math.tanh(a) + (h.data[t * H + u] as number));
    });
    const out = Array.from({ length: 2 * D }, (_, j) => c.reduce((a, cu, u) => a + cu * (w.wHead.data[u * 2 * D + j] as number), w.bHead.data[j] as number));
    const zt = Array.from({ length: D }, (_, k) => z[((s * B + b) * T + t) * D + k] as number);
    const loc = out.slice(0, D);
    for (let k = 0; k < D; k++) {
      const scale = softplus(out[D + k] as number) + FLOOR;
      const e = ((zt[k] as number) - (loc[k] as number)) / scale;
      logq += -0.5 * Math.log(2 * Math.PI) - Math.log(scale) - 0.5 * e * e;
    }
    locs.push(loc);
    prev = zt;
  }
  return { logq, loc: locs };
}

/** Runs `f` inside tf.tidy and returns its plain (non-tensor) result. */
function tidied<R>(f: () => R): R {
  let out: R | undefined;
  tf.tidy(() => {
    out = f();
  });
  return out as R;
}

const xArr = randomArr([B, T, F], prng(5), 1.5);
const maskOf = (lens: number[]) => tf.tensor2d(lens.flatMap((l) => Array.from({ length: T }, (_, t) => (t < l ? 1 : 0))), [B, T]);

describe('structured guide log q', () => {
  it('at given values equals the hand-written computation', () => {
    const w = randomWeights(11);
    const S = 2;
    const z = randomArr([S, B, T, D], prng(12), 2);
    const got = tf.tidy(() => runStructuredGuide(toTensor(xArr), tensors(w), undefined, { samples: S, rng: new Rng(1), scaleFloor: FLOOR, fixed: toTensor(z) }).logq.dataSync());
    const want = Array.from({ length: S * B }, (_, i) => refLogQ(w, xArr, z.data, Math.floor(i / B), i % B, T).logq);
    expectCloseTo(got, want, 'log q');
  });

  it("at the guide's own draws equals the hand-written computation at those draws", () => {
    const w = randomWeights(21);
    const S = 3;
    const { z, logq } = tidied(() => {
      const r = runStructuredGuide(toTensor(xArr), tensors(w), undefined, { samples: S, rng: new Rng(2), scaleFloor: FLOOR });
      expect(r.z.shape).toEqual([S, B, T, D]);
      return { z: Float64Array.from(r.z.dataSync()), logq: r.logq.dataSync() };
    });
    const want = Array.from({ length: S * B }, (_, i) => refLogQ(w, xArr, z, Math.floor(i / B), i % B, T).logq);
    expectCloseTo(logq, want, 'log q at draws');
  });

  it('with variable lengths ignores the steps past each row (reference: rows cut to their lengths)', () => {
    const w = randomWeights(31);
    const lens = [5, 3, 1];
    const z = randomArr([1, B, T, D], prng(32), 2);
    const got = tf.tidy(() => runStructuredGuide(toTensor(xArr), tensors(w), maskOf(lens), { samples: 1, rng: new Rng(3), scaleFloor: FLOOR, fixed: toTensor(z) }).logq.dataSync());
    expectCloseTo(got, lens.map((l, b) => refLogQ(w, xArr, z.data, 0, b, l).logq), 'masked log q');
    // The padding's values do not matter: changing x past a row's length leaves its log q unchanged.
    const other = { data: xArr.data.map((v, i) => (Math.floor(i / F) % T >= (lens[Math.floor(i / (T * F))] as number) ? v + 10 : v)), shape: xArr.shape };
    const again = tf.tidy(() => runStructuredGuide(toTensor(other), tensors(w), maskOf(lens), { samples: 1, rng: new Rng(3), scaleFloor: FLOOR, fixed: toTensor(z) }).logq.dataSync());
    expectCloseTo(again, got, 'log q with other padding');
  });

  it('with useMeans follows the chain of locs (each step conditioned on the previous loc)', () => {
    const w = randomWeights(41);
    const z = tidied(() => Float64Array.from(runStructuredGuide(toTensor(xArr), tensors(w), undefined, { samples: 1, rng: new Rng(4), scaleFloor: FLOOR, useMeans: true }).z.dataSync()));
    for (let b = 0; b < B; b++) {
      const { loc } = refLogQ(w, xArr, z, 0, b, T);
      expectCloseTo(z.slice(b * T * D, (b + 1) * T * D), loc.flat(), `means of row ${b}`);
    }
  });

  it('has the gradient of the hand-written log q in W_head and z₀ (central differences)', () => {
    const w = randomWeights(51);
    const z = randomArr([1, B, T, D], prng(52), 1);
    const total = (ww: RefWeights) => Array.from({ length: B }, (_, b) => refLogQ(ww, xArr, z.data, 0, b, T).logq).reduce((a, v) => a + v, 0);
    const grads = tf.tidy(() => {
      const t = tensors(w);
      const f = (wHead: tf.Tensor, z0: tf.Tensor) => tf.sum(runStructuredGuide(toTensor(xArr), { gru: t.gru, combiner: { ...t.combiner, wHead, z0 } }, undefined, { samples: 1, rng: new Rng(5), scaleFloor: FLOOR, fixed: toTensor(z) }).logq);
      return tf.grads(f)([t.combiner.wHead, t.combiner.z0]).map((g) => g.dataSync());
    });
    for (const [k, g] of [['wHead', grads[0]], ['z0', grads[1]]] as const) {
      const a = w[k];
      const numeric = Array.from(a.data, (_, i) => {
        const at = (d: number) => total({ ...w, [k]: { data: a.data.map((v, j) => (j === i ? v + d : v)), shape: a.shape } });
        return (at(1e-5) - at(-1e-5)) / 2e-5;
      });
      expectCloseTo(g as Float32Array, numeric, `d log q / d ${k}`);
    }
  });

  it('leaks no tensors', () => {
    const w = randomWeights(61);
    const weights = tensors(w);
    const x = toTensor(xArr);
    const mask = maskOf([4, 5, 2]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      runStructuredGuide(x, weights, mask, { samples: 2, rng: new Rng(6), scaleFloor: FLOOR });
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, mask, ...Object.values(weights.gru), ...Object.values(weights.combiner)]);
  });
});
