/**
 * conv2d() against a naive float64 Conv2d (reference.ts) on small random inputs with odd sizes:
 * output shapes (also against the network registry's shape rule), values, and gradients in x, W and b against central
 * differences of the float64 reference, on the cpu and wasm backends, with no leaked tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/runtime/backend.js';
import '../../../src/runtime/gradients.js';
import { conv2d } from '../../../src/runtime/layers/conv2d.js';
import type { LayerSpec } from '../../../src/registry/networks.js';
import { expectCloseTo, registryShape, toTensor } from './helpers.js';
import { dot, numericGrad, prng, randomArr, refConv2d, type Arr } from './reference.js';

interface Case {
  readonly lead: number[];
  readonly cin: number;
  readonly cout: number;
  readonly h: number;
  readonly w: number;
  readonly k: number;
  readonly s: number;
  readonly p: number;
}

const CASES: Case[] = [
  { lead: [2], cin: 3, cout: 4, h: 7, w: 5, k: 3, s: 1, p: 0 },
  { lead: [2], cin: 3, cout: 2, h: 7, w: 5, k: 3, s: 1, p: 1 },
  { lead: [3], cin: 2, cout: 3, h: 7, w: 9, k: 3, s: 2, p: 1 },
  // Even kernel, stride 2 (the VAE's layers); H and W fit the stride differently.
  { lead: [2], cin: 1, cout: 3, h: 9, w: 8, k: 4, s: 2, p: 1 },
  { lead: [2], cin: 2, cout: 2, h: 7, w: 7, k: 2, s: 2, p: 0 },
  // Two leading axes, and none.
  { lead: [2, 2], cin: 2, cout: 3, h: 5, w: 6, k: 3, s: 2, p: 0 },
  { lead: [], cin: 3, cout: 2, h: 6, w: 5, k: 3, s: 2, p: 1 },
  // Padding ≥ kernel (PyTorch allows it): the gradients crop instead of padding.
  { lead: [2], cin: 2, cout: 3, h: 7, w: 6, k: 1, s: 2, p: 1 },
  { lead: [2], cin: 2, cout: 2, h: 5, w: 6, k: 2, s: 3, p: 2 },
];

const conv = (cin: number, cout: number, kernel: number, stride: number, padding: number): LayerSpec => ({ kind: 'Conv2d', sizes: [cin, cout], options: { kernel, stride, padding } });

const label = (c: Case) => `lead [${c.lead}], ${c.cin}→${c.cout}, ${c.h}×${c.w}, k${c.k} s${c.s} p${c.p}`;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`conv2d on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend({ backend, threads: 1 });
    });

    CASES.forEach((c, index) => {
      it(`${label(c)}: shape, values and gradients match the float64 reference`, () => {
        const rand = prng(100 + index);
        const n = c.lead.reduce((a, b) => a * b, 1);
        const x = randomArr([n, c.cin, c.h, c.w], rand);
        const w = randomArr([c.k, c.k, c.cin, c.cout], rand, 0.5);
        const b = randomArr([c.cout], rand);
        const ref = refConv2d(x, w, b, c.s, c.p);
        const r = randomArr(ref.shape, rand);
        const expectedShape = [...c.lead, ...ref.shape.slice(1)];
        expect(registryShape(conv(c.cin, c.cout, c.k, c.s, c.p), [...c.lead, c.cin, c.h, c.w])).toEqual(expectedShape);

        const loss = ([xx, ww, bb]: Arr[]) => dot(refConv2d(xx!, ww!, bb!, c.s, c.p), r);
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const xt = toTensor(x, [...c.lead, c.cin, c.h, c.w]);
          const wt = toTensor(w) as tf.Tensor4D;
          const bt = toTensor(b) as tf.Tensor1D;
          const rt = toTensor(r, expectedShape);
          const y = conv2d(xt, wt, bt, { stride: c.s, padding: c.p });
          expect(y.shape).toEqual(expectedShape);
          expectCloseTo(y.dataSync(), ref.data, 'y');
          const f = (xa: tf.Tensor, wa: tf.Tensor, ba: tf.Tensor) => tf.sum(tf.mul(conv2d(xa, wa as tf.Tensor4D, ba as tf.Tensor1D, { stride: c.s, padding: c.p }), rt));
          const [dx, dw, db] = tf.grads(f)([xt, wt, bt]);
          expect(dx!.shape).toEqual(xt.shape);
          expectCloseTo(dx!.dataSync(), numericGrad(loss, [x, w, b], 0), 'dx');
          expectCloseTo(dw!.dataSync(), numericGrad(loss, [x, w, b], 1), 'dW');
          expectCloseTo(db!.dataSync(), numericGrad(loss, [x, w, b], 2), 'db');
          // A constant input: the same dW and db without dX.
          const g = (wa: tf.Tensor, ba: tf.Tensor) =>
            tf.sum(tf.mul(conv2d(xt, wa as tf.Tensor4D, ba as tf.Tensor1D, { stride: c.s, padding: c.p, inputIsConstant: true }), rt));
          const [dw2, db2] = tf.grads(g)([wt, bt]);
          expectCloseTo(dw2!.dataSync(), dw!.dataSync(), 'dW (constant input)');
          expectCloseTo(db2!.dataSync(), db!.dataSync(), 'db (constant input)');
          // No bias.
          const yNoBias = conv2d(xt, wt, null, { stride: c.s, padding: c.p });
          const refNoBias = refConv2d(x, w, { data: new Float64Array(c.cout), shape: [c.cout] }, c.s, c.p);
          expectCloseTo(yNoBias.dataSync(), refNoBias.data, 'y without bias');
        });
        expect(tf.memory().numTensors, 'tensors leaked').toBe(before);
      });
    });
  });
}

describe("the registry's Conv2d shape rule", () => {
  it('keeps leading axes, and says why an input does not fit', () => {
    const spec = conv(1, 16, 4, 2, 1);
    expect(registryShape(spec, [1, 28, 28])).toEqual([16, 14, 14]);
    expect(registryShape(spec, [5, 1, 28, 28])).toEqual([5, 16, 14, 14]);
    expect(registryShape(spec, [3, 28, 28])).toContain('expects 1 input channels, but its input is [3, 28, 28]');
    expect(registryShape(spec, [28, 28])).toContain('[C, H, W]');
    expect(registryShape(conv(1, 16, 4, 2, 0), [1, 2, 2])).toContain('leaves no output (height ⌊(2 + 2·0 − 4) / 2⌋ + 1 = 0)');
  });
});
