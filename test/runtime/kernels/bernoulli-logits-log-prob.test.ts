/**
 * bernoulliLogitsLogProb equals the plain composition `sum(x·ℓ − softplus(ℓ))` with tfjs's own
 * gradients, and stays finite for extreme logits.
 */
import * as tf from '@tensorflow/tfjs-core';
import wabtInit from 'wabt';
import { beforeAll, describe, expect, it } from 'vitest';
import { BERNOULLI_LOGITS_WASM_BASE64 } from '../../../src/runtime/kernels/bernoulli-logits-bytes.js';
import { bernoulliLogitsWat } from '../../../src/runtime/kernels/bernoulli-logits-wat.js';
import { selectBackend } from '../../../src/runtime/backend.js';
import { bernoulliLogitsLogProb } from '../../../src/runtime/kernels/bernoulli-logits-log-prob.js';

function worstScaled(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  let worst = 0;
  for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / (1 + Math.abs(y[i]!)));
  return worst;
}

it('embeds exactly the assembly of bernoulli-logits-wat.ts (both memory variants)', async () => {
  const wabt = await wabtInit();
  for (const shared of [false, true]) {
    const m = wabt.parseWat('bernoulli-logits.wat', bernoulliLogitsWat(shared), { simd: true, threads: true });
    const assembled = Buffer.from(m.toBinary({}).buffer).toString('base64');
    m.destroy();
    // On a mismatch, paste the printed string into bernoulli-logits-bytes.ts.
    expect(BERNOULLI_LOGITS_WASM_BASE64[shared ? 'shared' : 'plain'], assembled).toBe(assembled);
  }
});

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`bernoulliLogitsLogProb on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend({ backend, threads: 1 });
    });

    for (const shape of [[9, 17], [3, 4, 5], [6]]) {
      for (const kind of ['binary', 'fractional'] as const) {
        it(`shape [${shape}], ${kind} data: value and gradient match the plain version`, () => {
          const before = tf.memory().numTensors;
          tf.tidy(() => {
            const l = tf.randomNormal(shape, 0, 4, 'float32', 1);
            const u = tf.randomUniform(shape, 0, 1, 'float32', 2);
            const x = kind === 'binary' ? tf.cast(tf.greater(u, 0.5), 'float32') : u;
            const plain = (ll: tf.Tensor) => tf.sum(tf.sub(tf.mul(x, ll), tf.softplus(ll)), -1);
            const value = bernoulliLogitsLogProb(l, x);
            expect(value.shape).toEqual(shape.slice(0, -1));
            expect(worstScaled(value, plain(l))).toBeLessThan(1e-5);
            const w = tf.randomNormal(value.shape, 0, 1, 'float32', 3);
            const gFast = tf.grad((ll: tf.Tensor) => tf.sum(tf.mul(bernoulliLogitsLogProb(ll, x), w)))(l);
            const gPlain = tf.grad((ll: tf.Tensor) => tf.sum(tf.mul(plain(ll), w)))(l);
            expect(worstScaled(gFast, gPlain)).toBeLessThan(1e-5);
          });
          expect(tf.memory().numTensors).toBe(before);
        });
      }
    }

    it('works when logits and data are computed inside the differentiated function', () => {
      const v = tf.variable(tf.randomNormal([5, 8], 0, 2, 'float32', 4));
      const x0 = tf.cast(tf.greater(tf.randomUniform([5, 8], 0, 1, 'float32', 5), 0.5), 'float32');
      const run = (fast: boolean) =>
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const l = tf.mul(v, 1.5);
            const x = tf.mul(x0, 1); // tfjs disposes this before the backward pass unless kept
            return tf.sum(fast ? bernoulliLogitsLogProb(l, x) : tf.sum(tf.sub(tf.mul(x, l), tf.softplus(l)), -1));
          }, [v]);
          return [value, grads[v.name]!];
        });
      const got = run(true);
      const want = run(false);
      expect(worstScaled(got[0]!, want[0]!)).toBeLessThan(1e-5);
      expect(worstScaled(got[1]!, want[1]!)).toBeLessThan(1e-5);
      tf.dispose([...got, ...want, v, x0]);
    });

    it('is finite and exact in the tails (|ℓ| = 100, and beyond the range of exp), tail lanes included', () => {
      tf.tidy(() => {
        const l = tf.tensor2d([[100, -100, 100, -100, -1e30]]);
        const x = tf.tensor2d([[1, 0, 0, 1, 0]]);
        // log σ(100) ≈ 0, log(1 − σ(−100)) ≈ 0, log(1 − σ(100)) = −100, log σ(−100) = −100.
        expect(bernoulliLogitsLogProb(l, x).dataSync()[0]).toBeCloseTo(-200, 3);
        const g = tf.grad((ll: tf.Tensor) => tf.sum(bernoulliLogitsLogProb(ll, x)))(l).dataSync();
        // σ(−100) ≈ 3.7e-44 is a float32 denormal; the gradient is exact to that.
        [0, 0, -1, 1, 0].forEach((e, i) => expect(Math.abs(g[i]! - e)).toBeLessThan(1e-30));
      });
    });

    it('rejects mismatched shapes', () => {
      tf.tidy(() => {
        expect(() => bernoulliLogitsLogProb(tf.zeros([2, 3]), tf.zeros([3, 2]))).toThrow(/differ in shape/);
      });
    });
  });
}
