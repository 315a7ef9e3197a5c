/**
 * Tilde's matrix product on the wasm backend: `product(a, b, {transposeA, transposeB, bias, relu})`, the
 * packed, register-blocked GEMM of gemm-wat.ts run in place on the tfjs wasm backend's own memory (the
 * module imports it; no copies), registered as the tfjs kernel `TildeMatMul` for the `wasm` backend.
 *
 * Why: XNNPACK in tfjs 4.22's wasm build multiplies without FMA. With relaxed SIMD (`f32x4.relaxed_madd`,
 * a hardware FMA) the 6 × 8 micro-kernel runs about twice as fast as with `mul` + `add`, and the whole
 * product beats XNNPACK's (bench/relaxed-simd.ts and bench/gemm.ts measure both). Without relaxed SIMD
 * this GEMM is slower than XNNPACK, so the plain-SIMD variant exists (tested) but is not chosen by
 * default: `auto` means relaxed SIMD when the engine validates it, else tfjs's own products.
 *
 * On the threaded build (shared memory) a product of ≥ 4 MFLOP is split in column blocks with a helper
 * thread that the platform provides (gemm-blocks.ts; Node: parallel/gemm-helper.ts).
 *
 * Mode: `TILDE_GEMM` (read once) or {@link setGemmMode}: `auto` (default), `relaxed`, `plain` (this GEMM
 * with either arithmetic, where it can run), `off` (tfjs's products everywhere).
 */
import * as tf from '@tensorflow/tfjs-core';
import { GEMM_WASM_BASE64, RELAXED_SIMD_PROBE_BASE64 } from './gemm-bytes.js';
import { KC, MR, NR } from './gemm-wat.js';
import { BLOCK_COLS, CONTROL, gemmHelperFactory, runBlocks, type GemmHelper } from './gemm-blocks.js';
import { decodeBase64, heapMemory, heapModule, offsetOf, wasmApi, type WasmBackendLike } from './wasm-heap.js';

/** Which products run here. */
export type GemmMode = 'auto' | 'relaxed' | 'plain' | 'off';

/** Options of {@link product}. */
export interface ProductOptions {
  /** Multiply by aᵀ. */
  readonly transposeA?: boolean;
  /** Multiply by bᵀ. */
  readonly transposeB?: boolean;
  /** Added to every row of the product, shape [n]. */
  readonly bias?: tf.Tensor1D | null;
  /** max(0, ·) after the bias. */
  readonly relu?: boolean;
}

const KERNEL_NAME = 'TildeMatMul';


let mode: GemmMode | undefined;
let relaxed: boolean | undefined;

/** Whether this engine validates relaxed SIMD (Chrome ≥ 114, Node ≥ 22; Node 20 with the flag backend.ts sets). */
export function relaxedSimdSupported(): boolean {
  if (relaxed === undefined) {
    try {
      relaxed = wasmApi()?.validate(decodeBase64(RELAXED_SIMD_PROBE_BASE64)) ?? false;
    } catch {
      relaxed = false;
    }
  }
  return relaxed;
}

/** Forgets the feature detection (tests stub `WebAssembly.validate`). */
export function resetGemmDetection(): void {
  relaxed = undefined;
}

/** Chooses which products run; `undefined` re-reads `TILDE_GEMM`. */
export function setGemmMode(m: GemmMode | undefined): void {
  mode = m;
}

function currentMode(): GemmMode {
  if (mode === undefined) {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.['TILDE_GEMM'];
    mode = env === 'relaxed' || env === 'plain' || env === 'off' ? env : 'auto';
  }
  return mode;
}

/** The arithmetic this GEMM uses on the current backend, or `undefined` when tfjs's products run. */
export function activeGemm(): 'relaxed' | 'plain' | undefined {
  if (tf.getBackend() !== 'wasm' || wasmApi() === undefined) return undefined;
  const m = currentMode();
  if (m === 'off') return undefined;
  if (m === 'plain') return 'plain';
  return relaxedSimdSupported() ? 'relaxed' : undefined;
}

/**
 * op(a)·op(b) (+ bias) (ReLU) of rank-2 float32 tensors: this GEMM where {@link activeGemm} says so, else
 * tfjs's (fused) matMul. No gradient of its own: callers (dense.ts) define theirs.
 */
export function product(a: tf.Tensor2D, b: tf.Tensor2D, opts: ProductOptions = {}): tf.Tensor2D {
  const ta = opts.transposeA === true;
  const tb = opts.transposeB === true;
  const bias = opts.bias ?? null;
  const arithmetic = activeGemm();
  const k = ta ? a.shape[0] : a.shape[1];
  const n = tb ? b.shape[0] : b.shape[1];
  const usable = arithmetic !== undefined && a.dtype === 'float32' && b.dtype === 'float32' && k > 0 && (bias === null || (bias.rank === 1 && bias.shape[0] === n));
  if (!usable) {
    if (bias === null && opts.relu !== true) return tf.matMul(a, b, ta, tb);
    return tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, ...(bias === null ? {} : { bias }), activation: opts.relu === true ? 'relu' : 'linear' }) as tf.Tensor2D;
  }
  ensureRegistered();
  const inputs: tf.NamedTensorMap = bias === null ? { a, b } : { a, b, bias };
  return tf.engine().runKernel(KERNEL_NAME, inputs, { transposeA: ta, transposeB: tb, relu: opts.relu === true, relaxed: arithmetic === 'relaxed' }) as tf.Tensor2D;
}

interface GemmExports {
  pack_a(a: number, m: number, k: number, rs: number, cs: number, dst: number): void;
  pack_b(b: number, k: number, n: number, rs: number, cs: number, dst: number): void;
  gemm(ap: number, bp: number, c: number, m: number, k: number, n: number, flags: number, bias: number, scratch: number, ldc: number): void;
}

const bytesOf = (arithmetic: 'relaxed' | 'plain', shared: boolean): string => GEMM_WASM_BASE64[`${shared ? 'shared' : 'plain'}-${arithmetic === 'relaxed' ? 'relaxed' : 'simd'}`];
const moduleOf = (backend: WasmBackendLike, arithmetic: 'relaxed' | 'plain'): GemmExports =>
  heapModule<GemmExports>(backend, `gemm-${arithmetic}`, (shared) => bytesOf(arithmetic, shared));

/** Products smaller than this (FLOPs) are not split: waking a helper costs tens of microseconds. */
const PARALLEL_MIN_FLOPS = 4e6;
const helpers = new WeakMap<object, Map<string, GemmHelper | null>>();

/** The helper thread of this backend for an arithmetic, on the threaded build with a platform factory. */
function helperOf(backend: WasmBackendLike, arithmetic: 'relaxed' | 'plain'): GemmHelper | undefined {
  let byKind = helpers.get(backend);
  if (byKind === undefined) helpers.set(backend, (byKind = new Map()));
  let h = byKind.get(arithmetic);
  if (h === undefined) {
    const { memory, shared } = heapMemory(backend);
    const factory = gemmHelperFactory();
    h = shared && factory !== undefined && helpersEnabled ? (factory(memory, decodeBase64(bytesOf(arithmetic, true))) ?? null) : null;
    byKind.set(arithmetic, h);
  }
  return h ?? undefined;
}

let helpersEnabled = true;
/** Whether products may be split over helper threads (tests and the bench switch it; default on). */
export function setGemmHelpers(enabled: boolean): void {
  helpersEnabled = enabled;
}

/** Per backend instance: a growing packing buffer in its heap. */
const buffers = new WeakMap<object, { ptr: number; bytes: number }>();

/** A 16-byte aligned region of at least `bytes` in the backend's heap, reused across calls. */
function scratchOf(backend: WasmBackendLike, bytes: number): number {
  let s = buffers.get(backend);
  if (s === undefined) buffers.set(backend, (s = { ptr: 0, bytes: 0 }));
  if (bytes > s.bytes) {
    if (s.ptr !== 0) backend.wasm._free(s.ptr);
    s.bytes = Math.max(bytes, Math.ceil(s.bytes * 1.5));
    s.ptr = backend.wasm._malloc(s.bytes + 16);
  }
  return (s.ptr + 15) & ~15;
}

const roundUp = (x: number, r: number) => Math.ceil(x / r) * r;

let registered = false;
function ensureRegistered(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: KERNEL_NAME,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs, backend }) => {
      const be = backend as unknown as WasmBackendLike;
      const { a, b, bias } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo };
      const { transposeA, transposeB, relu, relaxed: fma } = attrs as unknown as { transposeA: boolean; transposeB: boolean; relu: boolean; relaxed: boolean };
      const [ar, ac] = a.shape as [number, number];
      const [br, bc] = b.shape as [number, number];
      const [m, k] = transposeA ? [ac, ar] : [ar, ac];
      const [k2, n] = transposeB ? [bc, br] : [br, bc];
      if (k !== k2) throw new Error(`TildeMatMul: inner dimensions ${k} and ${k2} differ`);
      const out = be.makeOutput([m, n], 'float32');
      if (m === 0 || n === 0) return out;
      const g = moduleOf(be, fma ? 'relaxed' : 'plain');
      const off = (t: tf.TensorInfo) => offsetOf(be, t);
      const packA = 4 * roundUp(m, MR) * k;
      const packB = 4 * roundUp(n, NR) * k;
      const base = scratchOf(be, packA + packB + 512 + 64);
      const scratch = base + packA + packB;
      // Element (i, kk) of op(a) lives at a[i·rs + kk·cs]; likewise (kk, j) of op(b).
      const [rsA, csA, rsB, csB] = [transposeA ? 1 : ac, transposeA ? ac : 1, transposeB ? 1 : bc, transposeB ? bc : 1];
      g.pack_a(off(a), m, k, rsA, csA, base);
      const flags = (bias !== undefined ? 2 : 0) | (relu ? 4 : 0);
      const biasOff = bias !== undefined ? off(bias) : 0;
      const helper = 2 * m * n * k >= PARALLEL_MIN_FLOPS && n > BLOCK_COLS && helpersEnabled ? helperOf(be, fma ? 'relaxed' : 'plain') : undefined;
      if (helper === undefined) {
        g.pack_b(off(b), k, n, rsB, csB, base + packA);
        g.gemm(base, base + packA, off(out), m, k, n, flags, biasOff, scratch, 4 * n);
        return out;
      }
      const c = helper.control;
      c[CONTROL.blocks] = Math.ceil(n / BLOCK_COLS);
      c[CONTROL.blockCols] = BLOCK_COLS;
      [c[CONTROL.b], c[CONTROL.k], c[CONTROL.n], c[CONTROL.rsB], c[CONTROL.csB]] = [off(b), k, n, rsB, csB];
      [c[CONTROL.bp], c[CONTROL.ap], c[CONTROL.c], c[CONTROL.m]] = [base + packA, base, off(out), m];
      [c[CONTROL.flags], c[CONTROL.bias], c[CONTROL.ldc], c[CONTROL.helperScratch]] = [flags, biasOff, 4 * n, scratch + 256];
      Atomics.store(c, CONTROL.counter, 0);
      helper.start();
      runBlocks(g, c, scratch);
      helper.wait();
      return out;
    },
  });
}

/** Block sizes, for the docs and tests. */
export const GEMM_BLOCKING = { MR, NR, KC } as const;
