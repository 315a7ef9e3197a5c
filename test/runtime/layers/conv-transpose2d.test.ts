/**
 * convTranspose2d() against a naive float64 ConvTranspose2d (reference.ts, PyTorch's definition with
 * output_padding) on small random inputs with odd sizes: output shapes (also against
 * the network registry's shape rule), values, and gradients in x, W and b against central differences of
 * the float64 reference, on the cpu and wasm backends, with no leaked tensors. Also: tfjs's own
 * conv2dTranspose (on cpu) agrees where it applies.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/runtime/backend.js';
import '../../../src/runtime/gradients.js';
import { convTranspose2d } from '../../../src/runtime/layers/conv-transpose2d.js';
import type { LayerSpec } from '../../../src/registry/networks.js';
import { expectCloseTo, registryShape, toTensor } from './helpers.js';
import { dot, numericGrad, prng, randomArr, refConvTranspose2d, type Arr } from './reference.js';

interface Case {
  readonly lead: number[];
  readonly cin: number;
  readonly cout: number;
  readonly h: number;
  readonly w: number;
  readonly k: number;
  readonly s: number;
  readonly p: number;
  readonly op: number;
}

const CASES: Case[] = [
  { lead: [2], cin: 3, cout: 4, h: 5, w: 3, k: 3, s: 1, p: 0, op: 0 },
  { lead: [2], cin: 3, cout: 2, h: 5, w: 3, k: 3, s: 1, p: 1, op: 0 },
  { lead: [3], cin: 2, cout: 3, h: 4, w: 5, k: 3, s: 2, p: 1, op: 0 },
  { lead: [2], cin: 2, cout: 3, h: 3, w: 5, k: 3, s: 2, p: 1, op: 1 },
  // The VAE decoder's layers: k4 s2 p1 doubles each side.
  { lead: [2], cin: 3, cout: 1, h: 5, w: 4, k: 4, s: 2, p: 1, op: 0 },
  { lead: [2], cin: 2, cout: 2, h: 3, w: 3, k: 2, s: 2, p: 0, op: 1 },
  // Padding larger than the kernel needs (the full output is cropped), two leading axes, none.
  { lead: [2, 2], cin: 2, cout: 3, h: 4, w: 3, k: 3, s: 2, p: 2, op: 1 },
  { lead: [], cin: 3, cout: 2, h: 4, w: 5, k: 3, s: 3, p: 1, op: 2 },
  // Padding ≥ kernel + output padding: fewer phase rows than input rows (the input is cropped).
  { lead: [2], cin: 2, cout: 3, h: 5, w: 4, k: 1, s: 2, p: 1, op: 0 },
  { lead: [2], cin: 2, cout: 2, h: 5, w: 6, k: 2, s: 3, p: 2, op: 0 },
];

const convT = (cin: number, cout: number, kernel: number, stride: number, padding: number, op: number): LayerSpec => ({
  kind: 'ConvTranspose2d',
  sizes: [cin, cout],
  options: { kernel, stride, padding, output_padding: op },
});

const label = (c: Case) => `lead [${c.lead}], ${c.cin}→${c.cout}, ${c.h}×${c.w}, k${c.k} s${c.s} p${c.p} op${c.op}`;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`convTranspose2d on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend({ backend, threads: 1 });
    });

    CASES.forEach((c, index) => {
      it(`${label(c)}: shape, values and gradients match the float64 reference`, () => {
        const rand = prng(200 + index);
        const n = c.lead.reduce((a, b) => a * b, 1);
        const x = randomArr([n, c.cin, c.h, c.w], rand);
        const w = randomArr([c.k, c.k, c.cout, c.cin], rand, 0.5);
        const b = randomArr([c.cout], rand);
        const ref = refConvTranspose2d(x, w, b, c.s, c.p, c.op);
        const r = randomArr(ref.shape, rand);
        const expectedShape = [...c.lead, ...ref.shape.slice(1)];
        expect(registryShape(convT(c.cin, c.cout, c.k, c.s, c.p, c.op), [...c.lead, c.cin, c.h, c.w])).toEqual(expectedShape);
        const o = { stride: c.s, padding: c.p, outputPadding: c.op };

        const loss = ([xx, ww, bb]: Arr[]) => dot(refConvTranspose2d(xx!, ww!, bb!, c.s, c.p, c.op), r);
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const xt = toTensor(x, [...c.lead, c.cin, c.h, c.w]);
          const wt = toTensor(w) as tf.Tensor4D;
          const bt = toTensor(b) as tf.Tensor1D;
          const rt = toTensor(r, expectedShape);
          const y = convTranspose2d(xt, wt, bt, o);
          expect(y.shape).toEqual(expectedShape);
          expectCloseTo(y.dataSync(), ref.data, 'y');
          const f = (xa: tf.Tensor, wa: tf.Tensor, ba: tf.Tensor) => tf.sum(tf.mul(convTranspose2d(xa, wa as tf.Tensor4D, ba as tf.Tensor1D, o), rt));
          const [dx, dw, db] = tf.grads(f)([xt, wt, bt]);
          expect(dx!.shape).toEqual(xt.shape);
          expectCloseTo(dx!.dataSync(), numericGrad(loss, [x, w, b], 0), 'dx');
          expectCloseTo(dw!.dataSync(), numericGrad(loss, [x, w, b], 1), 'dW');
          expectCloseTo(db!.dataSync(), numericGrad(loss, [x, w, b], 2), 'db');
          const g = (wa: tf.Tensor, ba: tf.Tensor) =>
            tf.sum(tf.mul(convTranspose2d(xt, wa as tf.Tensor4D, ba as tf.Tensor1D, { ...o, inputIsConstant: true }), rt));
          const [dw2, db2] = tf.grads(g)([wt, bt]);
          expectCloseTo(dw2!.dataSync(), dw!.dataSync(), 'dW (constant input)');
          expectCloseTo(db2!.dataSync(), db!.dataSync(), 'db (constant input)');
          if (backend === 'cpu') {
            // tfjs's conv2dTranspose (NHWC) computes the same values.
            const nhwc = tf.transpose(tf.reshape(xt, [n, c.cin, c.h, c.w]), [0, 2, 3, 1]) as tf.Tensor4D;
            const [, , ho, wo] = ref.shape as number[];
            const tfjs = tf.conv2dTranspose(nhwc, wt, [n, ho!, wo!, c.cout], c.s, c.p);
            const mine = tf.transpose(tf.reshape(convTranspose2d(xt, wt, null, o), [n, c.cout, ho!, wo!]), [0, 2, 3, 1]);
            expectCloseTo(mine.dataSync(), tfjs.dataSync(), 'tfjs conv2dTranspose');
          }
        });
        expect(tf.memory().numTensors, 'tensors leaked').toBe(before);
      });
    });
  });
}

describe("the registry's ConvTranspose2d shape rule", () => {
  it('explains the arithmetic, and why an input or option does not fit', () => {
    expect(registryShape(convT(16, 1, 4, 2, 1, 0), [16, 7, 7])).toEqual([1, 14, 14]);
    expect(registryShape(convT(16, 1, 4, 2, 1, 1), [16, 7, 7])).toEqual([1, 15, 15]);
    expect(registryShape(convT(16, 1, 4, 2, 1, 2), [16, 7, 7])).toContain('output_padding must be smaller than the stride');
    expect(registryShape(convT(16, 1, 4, 2, 1, 0), [8, 7, 7])).toContain('expects 16 input channels, but its input is [8, 7, 7]');
    expect(registryShape(convT(16, 1, 1, 2, 1, 0), [16, 1, 1])).toContain('leaves no output (height (1 − 1)·2 − 2·1 + 1 = -1)');
  });
});
