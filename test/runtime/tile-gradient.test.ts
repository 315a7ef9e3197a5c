/**
 * The `Tile` gradient registered by src/runtime/tile-gradient.ts (through `tf.broadcastTo`, which is a
 * `Tile`) equals the exact adjoint, computed here by enumerating every output element and adding its
 * weight to the input element it copies — at ranks 1–6, where tfjs's own stops at 4.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/runtime/backend.js';
import '../../src/runtime/gradients.js';

/** Σ over output positions of w, gathered to the input position each copies (row-major, any rank). */
function adjoint(w: Float32Array, outShape: readonly number[], inShape: readonly number[]): number[] {
  const g = new Array<number>(inShape.reduce((a, b) => a * b, 1)).fill(0);
  const index = outShape.map(() => 0);
  for (let k = 0; k < w.length; k++) {
    let flat = 0;
    for (let a = 0; a < inShape.length; a++) flat = flat * (inShape[a] as number) + ((index[a] as number) % (inShape[a] as number));
    g[flat] = (g[flat] as number) + (w[k] as number);
    for (let a = outShape.length - 1; a >= 0; a--) {
      index[a] = (index[a] as number) + 1;
      if ((index[a] as number) < (outShape[a] as number)) break;
      index[a] = 0;
    }
  }
  return g;
}

const CASES: [number[], number[]][] = [
  [[3], [3]],
  [[1], [4]],
  [[2, 1], [2, 5]],
  [[1, 2, 1, 3], [4, 2, 3, 3]],
  // The shapes that failed before: a [S, 1, 1, 1, 1] parameter over [S, B, 1, 28, 28]-like data.
  [[2, 1, 1, 1, 1], [2, 3, 1, 4, 4]],
  [[1, 3, 1, 2, 1], [2, 3, 2, 2, 3]],
  [[2, 1, 1, 1, 2, 1], [2, 2, 3, 1, 2, 2]],
];

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`Tile gradient on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend({ backend, threads: 1 });
    });

    for (const [inShape, outShape] of CASES) {
      it(`broadcastTo [${inShape}] → [${outShape}]: the gradient is the exact adjoint, no tensors leak`, () => {
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const x = tf.randomNormal(inShape, 0, 1, 'float32', 1);
          const w = tf.randomNormal(outShape, 0, 1, 'float32', 2);
          const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.broadcastTo(v, outShape), w)))(x);
          expect(g.shape).toEqual(inShape);
          const want = adjoint(w.dataSync() as Float32Array, outShape, inShape);
          const got = [...g.dataSync()];
          for (let i = 0; i < want.length; i++) expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-5 * (1 + Math.abs(want[i] as number)));
        });
        expect(tf.memory().numTensors).toBe(before);
      });
    }

    it('tf.tile with repeats along several axes of a rank-5 tensor', () => {
      tf.tidy(() => {
        const x = tf.randomNormal([2, 1, 3, 1, 2], 0, 1, 'float32', 3);
        const reps = [1, 2, 2, 3, 1];
        const outShape = x.shape.map((d, i) => d * (reps[i] as number));
        const w = tf.randomNormal(outShape, 0, 1, 'float32', 4);
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.tile(v, reps), w)))(x);
        const want = adjoint(w.dataSync() as Float32Array, outShape, x.shape);
        const got = [...g.dataSync()];
        for (let i = 0; i < want.length; i++) expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThan(1e-5 * (1 + Math.abs(want[i] as number)));
      });
    });
  });
}
