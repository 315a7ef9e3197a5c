/**
 * The layers' weight declarations follow PyTorch's defaults (bounds 1/√fan_in with PyTorch's fan_in
 * for each layer), and initialWeight draws uniform values on ±bound: its mean and variance agree with
 * U(−b, b)'s (0 and b²/3) within 5 standard errors, and it is reproducible from its seed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpu } from '../../helpers/backend.js';
import { initialWeight } from '../../../src/runtime/layers/init.js';
import { conv2dWeightSpecs, convTranspose2dWeightSpecs } from '../../../src/runtime/layers/shapes.js';

describe('layer weight initialization', () => {
  beforeAll(useCpu);

  it("declares tfjs's filter layouts with PyTorch's fan_in (C_in·k² for Conv2d, C_out·k² for ConvTranspose2d)", () => {
    const spec = { inChannels: 16, outChannels: 32, kernel: 4, stride: 2, padding: 1 };
    expect(conv2dWeightSpecs(spec)).toEqual([
      { name: 'W', shape: [4, 4, 16, 32], bound: 1 / 16 },
      { name: 'b', shape: [32], bound: 1 / 16 },
    ]);
    expect(convTranspose2dWeightSpecs(spec)).toEqual([
      { name: 'W', shape: [4, 4, 32, 16], bound: 1 / Math.sqrt(32 * 16) },
      { name: 'b', shape: [32], bound: 1 / Math.sqrt(32 * 16) },
    ]);
  });

  it('draws U(−b, b): bounds, mean and variance within 5 SE, reproducible from the seed', () => {
    const before = tf.memory().numTensors;
    const spec = { name: 'W', shape: [4, 4, 16, 32], bound: 1 / 16 };
    const a = initialWeight(spec, 7);
    const b = initialWeight(spec, 7);
    expect(a.shape).toEqual(spec.shape);
    const v = a.dataSync();
    expect(Array.from(b.dataSync())).toEqual(Array.from(v));
    const n = v.length;
    const bnd = spec.bound;
    let sum = 0;
    let sq = 0;
    for (const x of v) {
      expect(Math.abs(x)).toBeLessThanOrEqual(bnd);
      sum += x;
      sq += x * x;
    }
    // U(−b, b): mean 0, variance b²/3; Var(x²) = E x⁴ − (E x²)² = b⁴/5 − b⁴/9 = 4b⁴/45.
    expect(Math.abs(sum / n)).toBeLessThan(5 * Math.sqrt(bnd ** 2 / 3 / n));
    expect(Math.abs(sq / n - bnd ** 2 / 3)).toBeLessThan(5 * Math.sqrt((4 * bnd ** 4) / 45 / n));
    tf.dispose([a, b]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
