/**
 * A chain of layers kept in tfjs's NHWC layout (conv2dNHWC, convTranspose2dNHWC, converting only at
 * the ends) computes exactly what the channel-first layers compute one by one: same values, same
 * gradients in every weight and in the input, on cpu and wasm, with no leaked tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/runtime/backend.js';
import '../../../src/runtime/gradients.js';
import { fromNHWC, toNHWC } from '../../../src/runtime/layers/conv-core.js';
import { conv2d, conv2dNHWC } from '../../../src/runtime/layers/conv2d.js';
import { convTranspose2d, convTranspose2dNHWC } from '../../../src/runtime/layers/conv-transpose2d.js';
import { expectCloseTo, toTensor } from './helpers.js';
import { prng, randomArr } from './reference.js';

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`an NHWC chain on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend({ backend, threads: 1 });
    });

    it('Conv2d → relu → Conv2d → ConvTranspose2d → tanh → ConvTranspose2d equals the channel-first layers', () => {
      const before = tf.memory().numTensors;
      const rand = prng(400);
      const x = toTensor(randomArr([2, 3, 2, 9, 9], rand));
      const shapes = [
        [3, 3, 2, 4],
        [4, 4, 4, 3],
        [4, 4, 4, 3],
        [3, 3, 2, 4],
      ];
      tf.tidy(() => {
        const ws = shapes.map((s) => toTensor(randomArr(s, rand, 0.4)) as tf.Tensor4D);
        const bs = [4, 3, 4, 2].map((c) => toTensor(randomArr([c], rand)) as tf.Tensor1D);
        const o1 = { stride: 2, padding: 1 };
        const o2 = { stride: 2, padding: 1, outputPadding: 1 };
        const channelFirst = (xx: tf.Tensor, ...p: tf.Tensor[]) => {
          const [w1, w2, w3, w4, b1, b2, b3, b4] = p as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
          const h = conv2d(tf.relu(conv2d(xx, w1, b1, o1)), w2, b2, o1);
          return convTranspose2d(tf.tanh(convTranspose2d(h, w3, b3, o1)), w4, b4, o2);
        };
        const nhwc = (xx: tf.Tensor, ...p: tf.Tensor[]) => {
          const [w1, w2, w3, w4, b1, b2, b3, b4] = p as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
          const h = conv2dNHWC(tf.relu(conv2dNHWC(toNHWC(xx), w1, b1, o1)), w2, b2, o1);
          return fromNHWC(convTranspose2dNHWC(tf.tanh(convTranspose2dNHWC(h, w3, b3, o1)), w4, b4, o2), xx.shape.slice(0, -3));
        };
        const a = channelFirst(x, ...ws, ...bs);
        const b = nhwc(x, ...ws, ...bs);
        // 9 → ⌊(9 + 2 − 3)/2⌋ + 1 = 5 → ⌊(5 + 2 − 4)/2⌋ + 1 = 2 → (2 − 1)·2 − 2 + 4 = 4 → (4 − 1)·2 − 2 + 3 + 1 = 8.
        expect(a.shape).toEqual([2, 3, 2, 8, 8]);
        expect(b.shape).toEqual(a.shape);
        expectCloseTo(b.dataSync(), a.dataSync(), 'values');
        const r = toTensor(randomArr(a.shape, rand), a.shape);
        const ga = tf.grads((...p: tf.Tensor[]) => tf.sum(tf.mul(channelFirst(p[0]!, ...p.slice(1)), r)))([x, ...ws, ...bs]);
        const gb = tf.grads((...p: tf.Tensor[]) => tf.sum(tf.mul(nhwc(p[0]!, ...p.slice(1)), r)))([x, ...ws, ...bs]);
        ga.forEach((g, i) => expectCloseTo(gb[i]!.dataSync(), g.dataSync(), `gradient ${i}`));
      });
      x.dispose();
      expect(tf.memory().numTensors, 'tensors leaked').toBe(before);
    });
  });
}
