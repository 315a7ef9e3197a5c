/**
 * The kernels that run on the wasm backend's memory work on the threaded build too, whose memory is shared
 * (the `shared` variants of gemm-wat.ts and bernoulli-logits-wat.ts): same numbers as tfjs's own ops there.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/runtime/backend.js';
import { bernoulliLogitsLogProb } from '../../../src/runtime/kernels/bernoulli-logits-log-prob.js';
import { activeGemm, product, setGemmHelpers, setGemmMode } from '../../../src/runtime/kernels/gemm.js';

function worst(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  let w = 0;
  for (let i = 0; i < y.length; i++) w = Math.max(w, Math.abs(x[i]! - y[i]!) / (1 + Math.abs(y[i]!)));
  return w;
}

describe('own kernels on the threaded wasm build (shared memory)', () => {
  let threads = 0;
  beforeAll(async () => {
    threads = (await selectBackend({ backend: 'wasm', threads: 2 })).threads;
  });
  afterEach(() => setGemmMode(undefined));

  it('runs on two threads, on shared memory', () => {
    expect(threads).toBe(2);
    const b = tf.backend() as unknown as { wasm: { wasmMemory?: { buffer: ArrayBufferLike } } };
    expect(b.wasm.wasmMemory?.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  for (const arithmetic of ['relaxed', 'plain'] as const) {
    it(`GEMM (${arithmetic}) equals tf.matMul, transposed and not, with bias and ReLU`, () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        for (const [m, k, n] of [[7, 5, 9], [128, 300, 41], [130, 301, 97]] as const) {
          for (const [ta, tb] of [[false, false], [true, true]] as const) {
            const a = tf.randomNormal<tf.Rank.R2>(ta ? [k, m] : [m, k], 0, 1, 'float32', 1);
            const b = tf.randomNormal<tf.Rank.R2>(tb ? [n, k] : [k, n], 0, 1, 'float32', 2);
            const bias = tf.randomNormal<tf.Rank.R1>([n], 0, 1, 'float32', 3);
            setGemmMode(arithmetic);
            expect(activeGemm()).toBe(arithmetic);
            const got = product(a, b, { transposeA: ta, transposeB: tb, bias, relu: true });
            setGemmMode('off');
            const want = tf.relu(tf.add(tf.matMul(a, b, ta, tb), bias));
            expect(worst(got, want)).toBeLessThan(1e-5 * Math.sqrt(k));
          }
        }
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('a product split over the helper thread (column blocks from a shared counter) equals the one-thread product bit for bit', () => {
    tf.tidy(() => {
      const a = tf.randomNormal<tf.Rank.R2>([130, 301], 0, 1, 'float32', 6);
      const b = tf.randomNormal<tf.Rank.R2>([97, 301], 0, 1, 'float32', 7);
      const bias = tf.randomNormal<tf.Rank.R1>([97], 0, 1, 'float32', 8);
      setGemmMode('relaxed');
      const split = [0, 1, 2].map(() => Array.from(product(a, b, { transposeB: true, bias }).dataSync()));
      setGemmHelpers(false);
      const single = Array.from(product(a, b, { transposeB: true, bias }).dataSync());
      setGemmHelpers(true);
      for (const s of split) expect(s).toEqual(single);
    });
  });

  it('the Bernoulli-logits pass equals the tfjs formula (value and gradient)', () => {
    tf.tidy(() => {
      const l = tf.randomNormal([13, 785], 0, 4, 'float32', 4);
      const x = tf.cast(tf.greater(tf.randomUniform([13, 785], 0, 1, 'float32', 5), 0.5), 'float32');
      const plain = (ll: tf.Tensor) => tf.sum(tf.sub(tf.mul(x, ll), tf.softplus(ll)), -1);
      expect(worst(bernoulliLogitsLogProb(l, x), plain(l))).toBeLessThan(1e-5);
      const g1 = tf.grad((ll: tf.Tensor) => tf.sum(bernoulliLogitsLogProb(ll, x)))(l);
      const g2 = tf.grad((ll: tf.Tensor) => tf.sum(plain(ll)))(l);
      expect(worst(g1, g2)).toBeLessThan(1e-5);
    });
  });
});
