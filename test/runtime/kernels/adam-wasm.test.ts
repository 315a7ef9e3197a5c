/**
 * The embedded wasm bytes are the assembly of adam.wat, and the wasm SIMD kernel and its
 * JavaScript twin compute the same float32 numbers.
 */
import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';
import { describe, expect, it, vi } from 'vitest';
import { ADAM_KERNEL_WASM_BASE64, createAdamKernel, type AdamConstants, type AdamKernel } from '../../../src/runtime/kernels/adam-wasm.js';

const f = Math.fround;
const constants = (t: number, scale: number): AdamConstants => ({
  beta1: f(0.9),
  oneMinusBeta1: f(1 - 0.9),
  beta2: f(0.999),
  oneMinusBeta2: f(1 - 0.999),
  biasCorrection1: f(1 - f(0.9) ** t),
  biasCorrection2: f(1 - f(0.999) ** t),
  epsilon: f(1e-7),
  negLearningRate: f(-0.01),
  gradientScale: f(scale),
});

describe('Adam kernel', () => {
  it('embeds exactly the assembly of adam.wat', async () => {
    const wabt = await wabtInit();
    const path = new URL('../../../src/runtime/kernels/adam.wat', import.meta.url);
    const module = wabt.parseWat('adam.wat', readFileSync(path, 'utf8'), { simd: true });
    const assembled = Buffer.from(module.toBinary({}).buffer).toString('base64');
    // On a mismatch, paste the printed string into ADAM_KERNEL_WASM_BASE64.
    expect(ADAM_KERNEL_WASM_BASE64, assembled).toBe(assembled);
    module.destroy();
  });

  it('the SIMD kernel and the JavaScript fallback agree bit for bit (odd sizes exercise the tail loop)', () => {
    const simd = createAdamKernel(1031);
    expect(simd.simd).toBe(true);
    vi.stubGlobal('WebAssembly', undefined);
    let js: AdamKernel;
    try {
      js = createAdamKernel(1031);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(js.simd).toBe(false);
    let seed = 7;
    const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
    for (let i = 0; i < 1031; i++) {
      const p = rand();
      simd.params[i] = p;
      js.params[i] = p;
    }
    const initial = simd.params.slice();
    for (let t = 1; t <= 5; t++) {
      if (t % 2 === 0) {
        for (let i = 0; i < 1031; i++) {
          const g = rand() * 10 ** ((i % 7) - 3);
          simd.grad[i] = g;
          js.grad[i] = g;
        }
      } else {
        // A weighted sum of three parts, as data-parallel replicas combine their gradients.
        const parts = [0, 1, 2].map(() => new Float32Array(1031).map(() => rand()));
        simd.combine(parts, [0.25, 0.5, 0.25]);
        js.combine(parts, [0.25, 0.5, 0.25]);
        expect(Array.from(simd.grad)).toEqual(Array.from(js.grad));
        expect(simd.grad[3]).toBeCloseTo(0.25 * parts[0]![3]! + 0.5 * parts[1]![3]! + 0.25 * parts[2]![3]!, 6);
      }
      // Two ranges, as per-variable updates do; the second starts unaligned. Both update rules.
      for (const [off, n] of [[0, 515], [515, 516]] as const) {
        if (t === 4) {
          const folded = { beta1: f(0.9), oneMinusBeta1: f(0.1), beta2: f(0.999), oneMinusBeta2: f(1 - 0.999), epsilonHat: f(1e-8 * Math.sqrt(1 - 0.999 ** t)), stepSize: f((0.01 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t)), gradientScale: f(0.5) };
          simd.updateFolded(off, n, folded);
          js.updateFolded(off, n, folded);
        } else {
          simd.update(off, n, constants(t, 0.5));
          js.update(off, n, constants(t, 0.5));
        }
      }
    }
    expect(Array.from(simd.params)).toEqual(Array.from(js.params));
    expect(Array.from(simd.m)).toEqual(Array.from(js.m));
    expect(Array.from(simd.v)).toEqual(Array.from(js.v));
    // Every parameter moved, so the comparison above compared updates, not untouched buffers.
    expect(simd.params.every((p, i) => p !== initial[i])).toBe(true);
  });
});
