/**
 * Tilde's GEMM (kernels/gemm-wat.ts, gemm.ts): the embedded bytes are the assembly of the generated text;
 * every variant (own or shared memory, relaxed or plain SIMD) computes op(A)·op(B) + bias, ReLU, like a
 * float64 reference at odd sizes and edges; on the wasm backend `product` equals tf.matMul (transposed and
 * not) and dense layers' gradients equal tfjs's products' on both arithmetic paths; the feature detection
 * decides the default; nothing leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import wabtInit from 'wabt';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { selectBackend } from '../../../src/runtime/backend.js';
import { dense } from '../../../src/runtime/dense.js';
import { GEMM_WASM_BASE64, RELAXED_SIMD_PROBE_BASE64 } from '../../../src/runtime/kernels/gemm-bytes.js';
import { gemmWat } from '../../../src/runtime/kernels/gemm-wat.js';
import { activeGemm, product, relaxedSimdSupported, resetGemmDetection, setGemmMode } from '../../../src/runtime/kernels/gemm.js';

interface WasmApi {
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => { buffer: ArrayBufferLike };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, (...args: number[]) => void> };
  validate(bytes: Uint8Array): boolean;
}
const W = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const decode = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const VARIANTS = [
  ['plain-simd', { shared: false, relaxed: false }],
  ['plain-relaxed', { shared: false, relaxed: true }],
  ['shared-simd', { shared: true, relaxed: false }],
  ['shared-relaxed', { shared: true, relaxed: true }],
] as const;
/** [m, k, n]: edges of the 6 × 8 blocking, K blocks of 256 and a remainder, single elements. */
const SIZES = [[1, 1, 1], [7, 5, 9], [6, 8, 8], [13, 300, 17], [12, 513, 16], [5, 3, 785]] as const;

function worst(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let w = 0;
  for (let i = 0; i < want.length; i++) w = Math.max(w, Math.abs(got[i]! - want[i]!) / (1 + Math.abs(want[i]!)));
  return w;
}

describe('GEMM kernel, standalone on its own memory', () => {
  it('embeds exactly the assembly of gemm-wat.ts (every variant) and of the relaxed-SIMD probe', async () => {
    const wabt = await wabtInit();
    const asm = (text: string) => {
      const m = wabt.parseWat('gemm.wat', text, { simd: true, relaxed_simd: true, threads: true });
      const b64 = Buffer.from(m.toBinary({}).buffer).toString('base64');
      m.destroy();
      return b64;
    };
    // On a mismatch, paste the printed strings into gemm-bytes.ts.
    for (const [key, v] of VARIANTS) expect(GEMM_WASM_BASE64[key], `${key}: ${asm(gemmWat(v))}`).toBe(asm(gemmWat(v)));
    const probe = asm('(module (func (export "f") (param v128 v128 v128) (result v128) (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))');
    expect(RELAXED_SIMD_PROBE_BASE64).toBe(probe);
  });

  for (const [key, v] of VARIANTS) {
    it(`${key}: op(A)·op(B) + bias, ReLU equals a float64 reference, transposed and not`, () => {
      expect(relaxedSimdSupported()).toBe(true); // Node ≥ 20 with the flag backend.ts sets
      const memory = new W.Memory(v.shared ? { initial: 64, maximum: 1024, shared: true } : { initial: 64 });
      const g = new W.Instance(new W.Module(decode(GEMM_WASM_BASE64[key])), { env: { memory } }).exports;
      const f32 = new Float32Array(memory.buffer);
      let seed = 3;
      const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
      for (const [m, k, n] of SIZES) {
        for (const [ta, tb, flags] of [[false, false, 0], [true, false, 2], [false, true, 4], [true, true, 6]] as const) {
          // Offsets in floats; A, B, bias, then packed A, packed B, C, scratch (unaligned on purpose: +1).
          const A = 1, B = A + m * k, bias = B + k * n, Ap = bias + n, Bp = Ap + Math.ceil(m / 6) * 6 * k, C = Bp + Math.ceil(n / 8) * 8 * k, S = C + m * n;
          for (let i = A; i < Ap; i++) f32[i] = rand();
          g['pack_a']!(4 * A, m, k, ta ? 1 : k, ta ? m : 1, 4 * Ap);
          g['pack_b']!(4 * B, k, n, tb ? 1 : n, tb ? k : 1, 4 * Bp);
          g['gemm']!(4 * Ap, 4 * Bp, 4 * C, m, k, n, flags, 4 * bias, 4 * S, 4 * n);
          const want = new Float64Array(m * n);
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let kk = 0; kk < k; kk++) s += f32[A + (ta ? kk * m + i : i * k + kk)]! * f32[B + (tb ? j * k + kk : kk * n + j)]!;
              if (flags & 2) s += f32[bias + j]!;
              want[i * n + j] = flags & 4 ? Math.max(0, s) : s;
            }
          }
          // float32 sums of k terms of size ≤ 1: well under 1e-6·k relative to 1 + |C|.
          expect(worst(f32.subarray(C, C + m * n), want), `[${m}, ${k}, ${n}] ta=${ta} tb=${tb} flags=${flags}`).toBeLessThan(1e-6 * k + 1e-6);
        }
      }
    });
  }
});

describe('GEMM on the wasm backend', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'wasm', threads: 1 });
  });
  afterEach(() => {
    setGemmMode(undefined);
    resetGemmDetection();
    vi.unstubAllGlobals();
  });

  it('feature detection: relaxed SIMD by default here; without it, tfjs products unless plain is asked for', () => {
    expect(activeGemm()).toBe('relaxed');
    const real = W;
    vi.stubGlobal('WebAssembly', { ...real, Module: real.Module, Instance: real.Instance, Memory: real.Memory, validate: () => false });
    resetGemmDetection();
    expect(relaxedSimdSupported()).toBe(false);
    expect(activeGemm()).toBeUndefined();
    setGemmMode('plain');
    expect(activeGemm()).toBe('plain');
    setGemmMode('off');
    vi.unstubAllGlobals();
    resetGemmDetection();
    expect(activeGemm()).toBeUndefined();
  });

  for (const arithmetic of ['relaxed', 'plain'] as const) {
    it(`${arithmetic}: product equals tf.matMul (transposes, bias, ReLU) and leaks nothing`, () => {
      setGemmMode(arithmetic);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        for (const [m, k, n] of SIZES) {
          for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
            const a = tf.randomNormal<tf.Rank.R2>(ta ? [k, m] : [m, k], 0, 1, 'float32', m + k);
            const b = tf.randomNormal<tf.Rank.R2>(tb ? [n, k] : [k, n], 0, 1, 'float32', n + 7);
            const bias = tf.randomNormal<tf.Rank.R1>([n], 0, 1, 'float32', 9);
            const got = product(a, b, { transposeA: ta, transposeB: tb, bias, relu: true });
            setGemmMode('off');
            const want = tf.relu(tf.add(tf.matMul(a, b, ta, tb), bias));
            setGemmMode(arithmetic);
            expect(got.shape).toEqual([m, n]);
            expect(worst(got.dataSync(), want.dataSync()), `[${m}, ${k}, ${n}] ta=${ta} tb=${tb}`).toBeLessThan(1e-5 * Math.sqrt(k) + 1e-6);
          }
        }
      });
      expect(tf.memory().numTensors).toBe(before);
    });

    it(`${arithmetic}: a dense layer's value and gradients equal tfjs's products', with no transpose kernel`, async () => {
      const x = tf.randomNormal<tf.Rank.R2>([37, 29], 0, 1, 'float32', 1);
      const w = tf.randomNormal<tf.Rank.R2>([29, 43], 0, 1, 'float32', 2);
      const b = tf.randomNormal<tf.Rank.R1>([43], 0, 1, 'float32', 3);
      const up = tf.randomNormal<tf.Rank.R2>([37, 43], 0, 1, 'float32', 4);
      const run = () => tf.tidy(() => tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(dense(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, 'relu'), up)))([x, w, b]));
      setGemmMode('off');
      const want = run();
      setGemmMode(arithmetic);
      const info = await tf.profile(run);
      const got = info.result as tf.Tensor[];
      expect(info.kernels.filter((k) => k.name === 'TildeMatMul').length).toBe(3);
      expect(info.kernels.filter((k) => k.name === 'Transpose' || k.name === 'BatchMatMul' || k.name === '_FusedMatMul')).toEqual([]);
      got.forEach((g, i) => expect(worst(g.dataSync(), want[i]!.dataSync())).toBeLessThan(1e-5));
      tf.dispose([...got, ...want, x, w, b, up]);
    });
  }
});
