/**
 * gru() against a naive float64 GRU (reference.ts, PyTorch's equations) on small random inputs:
 * output shapes (also against the network registry's shape rule), values, and gradients in x and all four weights
 * against central differences of the float64 reference, forwards and reversed, on the cpu and wasm
 * backends, with no leaked tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/runtime/backend.js';
import '../../../src/runtime/gradients.js';
import { gru } from '../../../src/runtime/layers/gru.js';
import { layerRow, type LayerSpec } from '../../../src/registry/networks.js';
import { expectCloseTo, registryShape, toTensor } from './helpers.js';
import { dot, numericGrad, prng, randomArr, refGru, type Arr } from './reference.js';

interface Case {
  readonly lead: number[];
  readonly steps: number;
  readonly inSize: number;
  readonly hidden: number;
  readonly reverse: boolean;
}

const CASES: Case[] = [
  { lead: [3], steps: 5, inSize: 2, hidden: 4, reverse: false },
  { lead: [3], steps: 5, inSize: 2, hidden: 4, reverse: true },
  { lead: [2, 2], steps: 4, inSize: 3, hidden: 3, reverse: false },
  { lead: [], steps: 6, inSize: 1, hidden: 5, reverse: false },
  { lead: [2], steps: 1, inSize: 3, hidden: 2, reverse: true },
];

const gruSpec = (a: number, h: number): LayerSpec => ({ kind: 'GRU', sizes: [a, h], options: {} });

const label = (c: Case) => `lead [${c.lead}], T ${c.steps}, ${c.inSize}→${c.hidden}${c.reverse ? ', reversed' : ''}`;

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`gru on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend({ backend, threads: 1 });
    });

    CASES.forEach((c, index) => {
      it(`${label(c)}: shape, values and gradients match the float64 reference`, () => {
        const rand = prng(300 + index);
        const n = c.lead.reduce((a, b) => a * b, 1);
        const x = randomArr([n, c.steps, c.inSize], rand);
        // Weights at PyTorch's init scale ±1/√H, so the gates are neither saturated nor linear.
        const specs = layerRow('GRU').weights?.(gruSpec(c.inSize, c.hidden)) ?? [];
        const ws = specs.map((s) => randomArr(s.shape, rand, s.bound * 2));
        const [wIh, wHh, bIh, bHh] = ws as [Arr, Arr, Arr, Arr];
        const ref = refGru(x, wIh, wHh, bIh, bHh, c.reverse);
        const r = randomArr(ref.shape, rand);
        const xShape = [...c.lead, c.steps, c.inSize];
        const expectedShape = [...c.lead, c.steps, c.hidden];
        expect(registryShape(gruSpec(c.inSize, c.hidden), xShape)).toEqual(expectedShape);

        const loss = ([xx, a, b, cc, d]: Arr[]) => dot(refGru(xx!, a!, b!, cc!, d!, c.reverse), r);
        const all = [x, wIh, wHh, bIh, bHh];
        const before = tf.memory().numTensors;
        tf.tidy(() => {
          const xt = toTensor(x, xShape);
          const [a, b, cc, d] = ws.map((v) => toTensor(v)) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
          const rt = toTensor(r, expectedShape);
          const y = gru(xt, { wIh: a, wHh: b, bIh: cc, bHh: d }, { reverse: c.reverse });
          expect(y.shape).toEqual(expectedShape);
          expectCloseTo(y.dataSync(), ref.data, 'h');
          const f = (xa: tf.Tensor, wa: tf.Tensor, wb: tf.Tensor, ba: tf.Tensor, bb: tf.Tensor) =>
            tf.sum(tf.mul(gru(xa, { wIh: wa as tf.Tensor2D, wHh: wb as tf.Tensor2D, bIh: ba as tf.Tensor1D, bHh: bb as tf.Tensor1D }, { reverse: c.reverse }), rt));
          const grads = tf.grads(f)([xt, a, b, cc, d]);
          ['dx', 'dW_ih', 'dW_hh', 'db_ih', 'db_hh'].forEach((what, i) => {
            expect(grads[i]!.shape, what).toEqual(i === 0 ? xShape : [...specs[i - 1]!.shape]);
            expectCloseTo(grads[i]!.dataSync(), numericGrad(loss, all, i), what);
          });
          // A constant input: the same weight gradients without dX.
          const g = (wa: tf.Tensor, wb: tf.Tensor, ba: tf.Tensor, bb: tf.Tensor) =>
            tf.sum(tf.mul(gru(xt, { wIh: wa as tf.Tensor2D, wHh: wb as tf.Tensor2D, bIh: ba as tf.Tensor1D, bHh: bb as tf.Tensor1D }, { reverse: c.reverse, inputIsConstant: true }), rt));
          tf.grads(g)([a, b, cc, d]).forEach((gr, i) => expectCloseTo(gr.dataSync(), grads[i + 1]!.dataSync(), `constant input, gradient ${i}`));
        });
        expect(tf.memory().numTensors, 'tensors leaked').toBe(before);
      });
    });
  });
}

describe("the registry's GRU row", () => {
  it('maps [..., T, in] to [..., T, hidden], and says why an input does not fit', () => {
    const spec = gruSpec(2, 32);
    expect(registryShape(spec, [10, 2])).toEqual([10, 32]);
    expect(registryShape(spec, [4, 10, 2])).toEqual([4, 10, 32]);
    expect(registryShape(spec, [10, 3])).toContain('expects a sequence [T, 2], but its input is [10, 3]');
    expect(registryShape(spec, [2])).toContain('[T, features]');
  });
  it("declares PyTorch's shapes (transposed to [in, 3H]) and init bound 1/√H", () => {
    expect(layerRow('GRU').weights?.(gruSpec(2, 4)).map(({ name, shape, bound }) => ({ name, shape, bound }))).toEqual([
      { name: 'wIh', shape: [2, 12], bound: 0.5 },
      { name: 'wHh', shape: [4, 12], bound: 0.5 },
      { name: 'bIh', shape: [12], bound: 0.5 },
      { name: 'bHh', shape: [12], bound: 0.5 },
    ]);
  });
});
