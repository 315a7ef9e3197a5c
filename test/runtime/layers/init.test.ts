/**
 * A net's weights start where its registry rows say (PyTorch's default bounds; the registry test checks
 * the bounds against PyTorch's formulas): `Weights.addNet` creates one variable per declared weight,
 * named `net/<net>/<layer>/<weight>`, drawn uniform on ±bound — mean and variance agree with U(−b, b)'s
 * (0 and b²/3) within 5 standard errors — and reproducible from the seed of its Rng.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../helpers/backend.js';
import { Rng } from '../../../src/distributions/rng.js';
import type { NetSite } from '../../../src/ir/model-ir.js';
import { netLayers, type LayerSpec } from '../../../src/registry/networks.js';
import { Weights } from '../../../src/runtime/weights.js';

const spec: LayerSpec = { kind: 'ConvTranspose2d', sizes: [16, 32], options: { kernel: 4, stride: 2, padding: 1, output_padding: 0 } };
const site = { kind: 'net', name: 'dec', spec } as unknown as NetSite;

describe('net weight initialization', () => {
  beforeAll(useCpu);

  it('creates the declared weights, U(−b, b) within 5 SE, reproducible from the seed', () => {
    const before = tf.memory().numTensors;
    const [a, b] = [new Weights(), new Weights()];
    a.addNet(site, 'model', new Rng(7));
    b.addNet(site, 'model', new Rng(7));
    expect(a.all.map((e) => e.name)).toEqual(['net/dec/0/W', 'net/dec/0/b']);
    const declared = netLayers(spec)[0]!.weights;
    for (const w of declared) {
      const va = a.net('dec').layers[0]![w.name]!;
      expect(va.shape).toEqual([...w.shape]);
      const v = va.dataSync();
      expect(Array.from(b.net('dec').layers[0]![w.name]!.dataSync())).toEqual(Array.from(v));
      const n = v.length;
      let sum = 0;
      let sq = 0;
      for (const x of v) {
        expect(Math.abs(x)).toBeLessThanOrEqual(w.bound);
        sum += x;
        sq += x * x;
      }
      // U(−b, b): mean 0, variance b²/3; Var(x²) = E x⁴ − (E x²)² = b⁴/5 − b⁴/9 = 4b⁴/45.
      expect(Math.abs(sum / n)).toBeLessThan(5 * Math.sqrt(w.bound ** 2 / 3 / n));
      expect(Math.abs(sq / n - w.bound ** 2 / 3)).toBeLessThan(5 * Math.sqrt((4 * w.bound ** 4) / 45 / n));
    }
    a.dispose();
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
