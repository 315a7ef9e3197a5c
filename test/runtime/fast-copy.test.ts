/** copyValues reads exactly what dataSync reads, at the given offset, on each backend. */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/runtime/backend.js';
import { copyValues } from '../../src/runtime/fast-copy.js';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`copyValues on ${backend}`, () => {
    it('copies a computed tensor and an int tensor at an offset', async () => {
      await selectBackend({ backend, threads: 1 });
      tf.tidy(() => {
        const a = tf.mul(tf.randomNormal([37, 3], 0, 1, 'float32', 5), 2); // a kernel output
        const b = tf.tensor1d([1, 2, 3], 'int32');
        const dst = new Float32Array(5 + a.size + b.size).fill(-1);
        copyValues(a, dst, 5);
        copyValues(b, dst, 5 + a.size);
        expect(Array.from(dst.subarray(0, 5))).toEqual([-1, -1, -1, -1, -1]);
        expect(Array.from(dst.subarray(5, 5 + a.size))).toEqual(Array.from(a.dataSync()));
        expect(Array.from(dst.subarray(5 + a.size))).toEqual([1, 2, 3]);
      });
    });
  });
}
