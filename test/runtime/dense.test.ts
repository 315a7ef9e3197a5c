/**
 * dense() and matmul() must compute the same values and gradients as the plain tfjs composition
 * (`act(matMul(x, W) + b)` with tfjs's built-in gradients), up to float32 rounding, on every
 * backend the machine has. Sizes are small and odd so that no kernel takes a lucky aligned path.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { selectBackend } from '../../src/runtime/backend.js';
import { setGemmMode } from '../../src/runtime/kernels/gemm.js';
import { dense, matmul, type DenseActivation } from '../../src/runtime/dense.js';

const ACTIVATIONS: readonly DenseActivation[] = ['linear', 'relu', 'sigmoid', 'elu'];

// float32 products of ~13 terms of size O(1): errors are ~1e-6; 2e-5 leaves room without hiding
// a wrong formula (those give O(1) differences).
const ATOL = 2e-5;

function expectClose(actual: tf.Tensor, expected: tf.Tensor, what: string): void {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  const a = actual.dataSync();
  const e = expected.dataSync();
  let worst = 0;
  for (let i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(a[i]! - e[i]!) / (1 + Math.abs(e[i]!)));
  expect(worst, `${what}: worst scaled difference`).toBeLessThan(ATOL);
}

/** The product's inner dimensions line up as given ([…, n, k] · […, k, m]): it was not transposed. */
function expectUntransposed(shapes: number[][]): void {
  const [a, b] = shapes as [number[], number[]];
  expect(a[a.length - 1], `product of ${JSON.stringify(shapes)}`).toBe(b[b.length - 2]);
}

const plainActivation: Record<DenseActivation, (z: tf.Tensor) => tf.Tensor> = {
  linear: (z) => z,
  relu: (z) => tf.relu(z),
  sigmoid: (z) => tf.sigmoid(z),
  elu: (z) => tf.elu(z),
};

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`dense and matmul on ${backend}`, () => {
    let x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, r: tf.Tensor2D;
    beforeAll(async () => {
      await selectBackend({ backend, threads: 1 });
      x = tf.randomNormal([7, 13], 0, 1, 'float32', 1);
      w = tf.randomNormal([13, 5], 0, 0.5, 'float32', 2);
      b = tf.randomNormal([5], 0, 1, 'float32', 3);
      // A fixed random cotangent, so dY is not all ones.
      r = tf.randomNormal([7, 5], 0, 1, 'float32', 4);
    });
    afterAll(() => tf.dispose([x, w, b, r]));

    for (const activation of ACTIVATIONS) {
      for (const withBias of [true, false]) {
        it(`${activation}${withBias ? '' : ', no bias'}: values and gradients match the plain version`, () => {
          const before = tf.memory().numTensors;
          tf.tidy(() => {
            const bias = withBias ? b : null;
            const fast = (xx: tf.Tensor, ww: tf.Tensor, bb?: tf.Tensor) =>
              tf.sum(tf.mul(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, (bb ?? null) as tf.Tensor1D | null, activation), r));
            const plain = (xx: tf.Tensor, ww: tf.Tensor, bb?: tf.Tensor) => {
              const z = tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D);
              return tf.sum(tf.mul(plainActivation[activation](bb === undefined ? z : tf.add(z, bb)), r));
            };
            expectClose(dense(x, w, bias, activation), plainActivation[activation](withBias ? tf.add(tf.matMul(x, w), b) : tf.matMul(x, w)), 'value');
            const args = withBias ? [x, w, b] : [x, w];
            const gFast = tf.grads(fast)(args);
            const gPlain = tf.grads(plain)(args);
            gPlain.forEach((g, i) => expectClose(gFast[i]!, g, `gradient ${['x', 'W', 'b'][i]}`));
          });
          expect(tf.memory().numTensors).toBe(before);
        });
      }
      it(`${activation}, input is data: W and b gradients match, x gets none`, () => {
        tf.tidy(() => {
          const fast = (ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(dense(x, ww as tf.Tensor2D, bb as tf.Tensor1D, activation, { inputIsConstant: true }), r));
          const plain = (ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(plainActivation[activation](tf.add(tf.matMul(x, ww as tf.Tensor2D), bb)), r));
          const gFast = tf.grads(fast)([w, b]);
          const gPlain = tf.grads(plain)([w, b]);
          gPlain.forEach((g, i) => expectClose(gFast[i]!, g, `gradient ${['W', 'b'][i]}`));
        });
      });
    }

    it('operands computed inside the differentiated function survive to the backward pass', () => {
      // tfjs disposes a gradient computation's forward intermediates; the ops must keep what they need.
      const w1 = tf.variable(tf.randomNormal<tf.Rank.R2>([13, 6], 0, 0.5, 'float32', 8));
      const w2 = tf.variable(tf.randomNormal<tf.Rank.R2>([6, 5], 0, 0.5, 'float32', 9));
      const bv = tf.variable(tf.randomNormal<tf.Rank.R1>([6], 0, 1, 'float32', 10));
      const before = tf.memory().numTensors;
      const run = (fast: boolean) =>
        tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const xi = tf.mul(x, 1.5) as tf.Tensor2D; // data computed inside
            const h = fast ? dense(xi, w1, bv, 'relu', { inputIsConstant: true }) : tf.relu(tf.add(tf.matMul(xi, w1), bv));
            const hh = tf.sigmoid(h) as tf.Tensor2D; // an intermediate operand
            const out = fast ? matmul(hh, w2) : tf.matMul(hh, w2);
            return tf.sum(tf.mul(out, r));
          }, [w1, w2, bv]);
          return [value, grads[w1.name]!, grads[w2.name]!, grads[bv.name]!];
        });
      const got = run(true);
      const want = run(false);
      want.forEach((t, i) => expectClose(got[i]!, t, ['loss', 'W1', 'W2', 'b'][i]!));
      tf.dispose([...got, ...want]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([w1, w2, bv]);
    });

    it('a wide layer with a small batch (dX computed as (W·dZᵀ)ᵀ) matches the plain version', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const xs = tf.randomNormal<tf.Rank.R2>([3, 20], 0, 1, 'float32', 11);
        const ws = tf.randomNormal<tf.Rank.R2>([20, 30], 0, 0.3, 'float32', 12);
        const bs = tf.randomNormal<tf.Rank.R1>([30], 0, 1, 'float32', 13);
        const rs = tf.randomNormal([3, 30], 0, 1, 'float32', 14);
        const fast = (a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(tf.mul(dense(a as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor1D, 'relu'), rs));
        const plain = (a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.add(tf.matMul(a as tf.Tensor2D, c as tf.Tensor2D), d)), rs));
        const gFast = tf.grads(fast)([xs, ws, bs]);
        tf.grads(plain)([xs, ws, bs]).forEach((g, i) => expectClose(gFast[i]!, g, `gradient ${['x', 'W', 'b'][i]}`));
      });
      expect(tf.memory().numTensors).toBe(before);
    });

    it('the backward pass uses no transposed product (the wasm slow path)', async () => {
      // tfjs's own products (kernels/gemm.ts, which has no transposed slow path, is tested in its file).
      setGemmMode('off');
      onTestFinished(() => setGemmMode(undefined));
      const info = await tf.profile(() =>
        tf.tidy(() => tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, 'relu')))([x, w, b])),
      );
      const products = info.kernels.filter((k) => k.name === 'BatchMatMul' || k.name === '_FusedMatMul');
      // forward (fused) + dX + dW
      expect(products.length).toBe(3);
      // Untransposed: every product's inner dimensions line up as given ([n, k] · [k, m]).
      for (const k of products) expectUntransposed(k.inputShapes);
      tf.dispose(info.result as tf.Tensor[]);
      // With a data input, dY·Wᵀ is never formed: forward + dW only.
      const dataInfo = await tf.profile(() =>
        tf.tidy(() => tf.grads((ww: tf.Tensor, bb: tf.Tensor) => tf.sum(dense(x, ww as tf.Tensor2D, bb as tf.Tensor1D, 'relu', { inputIsConstant: true })))([w, b])),
      );
      expect(dataInfo.kernels.filter((k) => k.name === 'BatchMatMul' || k.name === '_FusedMatMul').length).toBe(2);
      tf.dispose(dataInfo.result as tf.Tensor[]);
      // A wide layer with a small batch takes the other route for dX; still no transposed product.
      const wide = tf.randomNormal<tf.Rank.R2>([13, 40], 0, 1, 'float32', 15);
      const xSmall = tf.randomNormal<tf.Rank.R2>([2, 13], 0, 1, 'float32', 16);
      const wideInfo = await tf.profile(() => tf.tidy(() => tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, null)))([xSmall, wide])));
      const wideProducts = wideInfo.kernels.filter((k) => k.name === 'BatchMatMul' || k.name === '_FusedMatMul');
      expect(wideProducts.length).toBe(3);
      for (const k of wideProducts) expectUntransposed(k.inputShapes);
      // dX as (W·dZᵀ)ᵀ: dZᵀ and the result are transposed, plus xᵀ for dW (not the 13×40 W).
      expect(wideInfo.kernels.filter((k) => k.name === 'Transpose').map((k) => k.inputShapes[0])).toEqual([[2, 40], [13, 2], [2, 13]]);
      tf.dispose([...(wideInfo.result as tf.Tensor[]), wide, xSmall]);
    });

    const shapes: readonly [string, number[], number[]][] = [
      ['matrix @ matrix', [4, 6], [6, 3]],
      ['vector @ matrix', [6], [6, 3]],
      ['matrix @ vector', [4, 6], [6]],
      ['vector @ vector', [6], [6]],
    ];
    for (const [name, sa, sb] of shapes) {
      it(`matmul, ${name}: values and gradients match tf.matMul`, () => {
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const a = tf.randomNormal(sa, 0, 1, 'float32', 5);
          const c = tf.randomNormal(sb, 0, 1, 'float32', 6);
          const plainProduct = (p: tf.Tensor, q: tf.Tensor): tf.Tensor => {
            const p2 = p.rank === 1 ? tf.reshape(p, [1, -1]) : p;
            const q2 = q.rank === 1 ? tf.reshape(q, [-1, 1]) : q;
            const out = tf.matMul(p2 as tf.Tensor2D, q2 as tf.Tensor2D);
            const shape = [...(p.rank === 2 ? [p.shape[0]!] : []), ...(q.rank === 2 ? [q.shape[1]!] : [])];
            return tf.reshape(out, shape);
          };
          const expected = plainProduct(a, c);
          expectClose(matmul(a, c), expected, 'value');
          const weights = tf.randomNormal(expected.shape, 0, 1, 'float32', 7);
          const gFast = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(matmul(p, q), weights)))([a, c]);
          const gPlain = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(plainProduct(p, q), weights)))([a, c]);
          gPlain.forEach((g, i) => expectClose(gFast[i]!, g, `gradient ${i === 0 ? 'a' : 'b'}`));
        });
        expect(tf.memory().numTensors).toBe(before);
      });
    }

    it('matmul rejects rank-3 operands with a clear message', () => {
      const a = tf.zeros([2, 2, 2]);
      expect(() => matmul(a, a)).toThrow(/rank-1 or rank-2/);
      a.dispose();
    });
  });
}
