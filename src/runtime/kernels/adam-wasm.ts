/**
 * The fused Adam update over flat float32 buffers: a WebAssembly SIMD kernel (source:
 * adam.wat, assembled with wabt; test/runtime/kernels/adam-wasm.test.ts checks the bytes
 * below against it), with a scalar JavaScript fallback of identical arithmetic for engines without
 * wasm SIMD. Both round every operation to float32 in tfjs's AdamOptimizer order, so the result equals
 * tfjs's Adam on the cpu and wasm backends bit for bit (Kingma & Ba 2015, Algorithm 1).
 *
 * The kernel owns one linear memory laid out as [θ | m | v | g | t], n floats each, 16-byte aligned;
 * t is scratch for weighted sums of gradients ({@link AdamKernel.combine}).
 */

/** The assembled adam.wat. */
export const ADAM_KERNEL_WASM_BASE64 =
  'AGFzbQEAAAABLgRgDn9/f39/fX19fX19fX19AGAMf39/f399fX19fX19AGADf399AGAEf39/fQADBQQAAQIDBQMBAAEHLgUGbWVtb3J5AgAEYWRhbQAAC2FkYW1fZm9sZGVkAAEFc2NhbGUAAgRheHB5AAMK0wcE+wIDA38MewN9IAX9EyEUIAb9EyEVIAf9EyEWIAj9EyEXIAn9EyEYIAr9EyEZIAv9EyEaIAz9EyEbIA39EyEcIARBAnQhECAQQXBxIQ9BACEOAkADQCAOIA9PDQEgAyAOav0ABAAgHP3mASERIAEgDmr9AAQAIBT95gEgESAV/eYB/eQBIRIgAiAOav0ABAAgFv3mASARIBH95gEgF/3mAf3kASETIAEgDmogEv0LBAAgAiAOaiAT/QsEACAAIA5qIBIgGP3nASATIBn95wH94wEgGv3kAf3nASAb/eYBIAAgDmr9AAQA/eQB/QsEACAOQRBqIQ4MAAsLAkADQCAOIBBPDQEgAyAOaioCACANlCEdIAEgDmoqAgAgBZQgHSAGlJIhHiACIA5qKgIAIAeUIB0gHZQgCJSSIR8gASAOaiAeOAIAIAIgDmogHzgCACAAIA5qIB4gCZUgHyAKlZEgC5KVIAyUIAAgDmoqAgCSOAIAIA5BBGohDgwACwsL2wIDA38KewN9IAX9EyESIAb9EyETIAf9EyEUIAj9EyEVIAn9EyEWIAr9EyEXIAv9EyEYIARBAnQhDiAOQXBxIQ0CQANAIAwgDU8NASADIAxq/QAEACAY/eYBIQ8gASAMav0ABAAgEv3mASAPIBP95gH95AEhECACIAxq/QAEACAU/eYBIA8gD/3mASAV/eYB/eQBIREgASAMaiAQ/QsEACACIAxqIBH9CwQAIAAgDGogACAMav0ABAAgECAR/eMBIBb95AH95wEgF/3mAf3lAf0LBAAgDEEQaiEMDAALCwJAA0AgDCAOTw0BIAMgDGoqAgAgC5QhGSABIAxqKgIAIAWUIBkgBpSSIRogAiAMaioCACAHlCAZIBmUIAiUkiEbIAEgDGogGjgCACACIAxqIBs4AgAgACAMaiAAIAxqKgIAIBogG5EgCZKVIAqUkzgCACAMQQRqIQwMAAsLC3ACA38BeyAC/RMhBiABQQJ0IQUgBUFwcSEEAkADQCADIARPDQEgACADaiAAIANq/QAEACAG/eYB/QsEACADQRBqIQMMAAsLAkADQCADIAVPDQEgACADaiAAIANqKgIAIAKUOAIAIANBBGohAwwACwsLhQECA38BeyAD/RMhByACQQJ0IQYgBkFwcSEFAkADQCAEIAVPDQEgACAEaiAAIARq/QAEACABIARq/QAEACAH/eYB/eQB/QsEACAEQRBqIQQMAAsLAkADQCAEIAZPDQEgACAEaiAAIARqKgIAIAEgBGoqAgAgA5SSOAIAIARBBGohBAwACwsL';

/** Per-step constants of the update, each already rounded to float32 (as tfjs's scalar tensors are). */
export interface AdamConstants {
  /** β₁. */
  readonly beta1: number;
  /** 1 − β₁. */
  readonly oneMinusBeta1: number;
  /** β₂. */
  readonly beta2: number;
  /** 1 − β₂. */
  readonly oneMinusBeta2: number;
  /** 1 − β₁ᵗ. */
  readonly biasCorrection1: number;
  /** 1 − β₂ᵗ. */
  readonly biasCorrection2: number;
  /** ε. */
  readonly epsilon: number;
  /** −α. */
  readonly negLearningRate: number;
  /** Factor applied to the gradient first (1, or 1/k to average a sum of k gradients). */
  readonly gradientScale: number;
}

/**
 * Per-step constants of the folded form (src/infer/adam.ts, PyTorch's algebra): with
 * c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ computed in double precision from t, θ ← θ − (m/(√v + ε√c₂))·(α√c₂/c₁).
 */
export interface FoldedAdamConstants {
  /** β₁. */
  readonly beta1: number;
  /** 1 − β₁. */
  readonly oneMinusBeta1: number;
  /** β₂. */
  readonly beta2: number;
  /** 1 − β₂. */
  readonly oneMinusBeta2: number;
  /** ε√c₂. */
  readonly epsilonHat: number;
  /** α√c₂/c₁. */
  readonly stepSize: number;
  /** Factor applied to the gradient first. */
  readonly gradientScale: number;
}

/** Flat parameter, moment and gradient buffers, and the update over a range of them. */
export interface AdamKernel {
  /** θ, all variables concatenated. */
  readonly params: Float32Array;
  /** First moments. */
  readonly m: Float32Array;
  /** Second moments. */
  readonly v: Float32Array;
  /** Gradient staging buffer, filled before {@link AdamKernel.update}. */
  readonly grad: Float32Array;
  /** Whether the wasm SIMD kernel runs (false: the JavaScript fallback). */
  readonly simd: boolean;
  /** Applies the update (tfjs's form) to elements [offset, offset + n). */
  update(offset: number, n: number, c: AdamConstants): void;
  /** Applies the update in the folded form to elements [offset, offset + n). */
  updateFolded(offset: number, n: number, c: FoldedAdamConstants): void;
  /**
   * Sets the gradient buffer to Σᵢ wᵢ·partsᵢ (each part a full-length gradient), in float32, parts
   * added in order: `g ← w₀p₀`, then `g ← g + wᵢpᵢ`.
   */
  combine(parts: readonly Float32Array[], weights: readonly number[]): void;
}

type AdamExport = (p: number, m: number, v: number, g: number, n: number, b1: number, a1: number, b2: number, a2: number, d1: number, d2: number, eps: number, negLr: number, scale: number) => void;
type FoldedExport = (p: number, m: number, v: number, g: number, n: number, b1: number, a1: number, b2: number, a2: number, epsHat: number, stepSize: number, scale: number) => void;
type ScaleExport = (dst: number, n: number, a: number) => void;
type AxpyExport = (dst: number, src: number, n: number, a: number) => void;

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** Creates buffers for `n` parameters, on the wasm SIMD kernel when the engine supports it. */
export function createAdamKernel(n: number): AdamKernel {
  return createWasmKernel(n) ?? createJsKernel(n);
}

function createWasmKernel(n: number): AdamKernel | undefined {
  // The project compiles without the DOM lib, which is where TypeScript declares `WebAssembly`.
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (wasm === undefined) return undefined;
  let exports: Record<string, unknown>;
  try {
    exports = new wasm.Instance(new wasm.Module(Uint8Array.from(atob(ADAM_KERNEL_WASM_BASE64), (c) => c.charCodeAt(0))), {}).exports;
  } catch {
    return undefined; // no SIMD in this engine: validation fails
  }
  const memory = exports['memory'] as { buffer: ArrayBuffer; grow(pages: number): number };
  const adam = exports['adam'] as AdamExport;
  const folded = exports['adam_folded'] as FoldedExport;
  const scale = exports['scale'] as ScaleExport;
  const axpy = exports['axpy'] as AxpyExport;
  const stride = Math.ceil(n / 4) * 4; // floats per region, keeps every region 16-byte aligned
  const needed = 4 * 5 * stride;
  if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
  const region = (k: number) => new Float32Array(memory.buffer, 4 * k * stride, n);
  const [pOff, mOff, vOff, gOff, tOff] = [0, 1, 2, 3, 4].map((k) => 4 * k * stride) as [number, number, number, number, number];
  const grad = region(3);
  const scratch = region(4);
  return {
    params: region(0),
    m: region(1),
    v: region(2),
    grad,
    simd: true,
    combine(parts: readonly Float32Array[], weights: readonly number[]): void {
      parts.forEach((part, i) => {
        if (i === 0) {
          grad.set(part);
          scale(gOff, n, weights[0]!);
        } else {
          scratch.set(part);
          axpy(gOff, tOff, n, weights[i]!);
        }
      });
    },
    update(offset: number, count: number, c: AdamConstants): void {
      const o = 4 * offset;
      adam(pOff + o, mOff + o, vOff + o, gOff + o, count, c.beta1, c.oneMinusBeta1, c.beta2, c.oneMinusBeta2, c.biasCorrection1, c.biasCorrection2, c.epsilon, c.negLearningRate, c.gradientScale);
    },
    updateFolded(offset: number, count: number, c: FoldedAdamConstants): void {
      const o = 4 * offset;
      folded(pOff + o, mOff + o, vOff + o, gOff + o, count, c.beta1, c.oneMinusBeta1, c.beta2, c.oneMinusBeta2, c.epsilonHat, c.stepSize, c.gradientScale);
    },
  };
}

function createJsKernel(n: number): AdamKernel {
  const params = new Float32Array(n);
  const m = new Float32Array(n);
  const v = new Float32Array(n);
  const grad = new Float32Array(n);
  const f = Math.fround;
  return {
    params,
    m,
    v,
    grad,
    simd: false,
    combine(parts: readonly Float32Array[], weights: readonly number[]): void {
      parts.forEach((part, k) => {
        const w = f(weights[k]!);
        if (k === 0) for (let i = 0; i < n; i++) grad[i] = f(part[i]! * w);
        else for (let i = 0; i < n; i++) grad[i] = f(grad[i]! + f(part[i]! * w));
      });
    },
    update(offset: number, count: number, c: AdamConstants): void {
      for (let i = offset; i < offset + count; i++) {
        const g = f(grad[i]! * c.gradientScale);
        const mi = f(f(m[i]! * c.beta1) + f(g * c.oneMinusBeta1));
        const vi = f(f(v[i]! * c.beta2) + f(f(g * g) * c.oneMinusBeta2));
        m[i] = mi;
        v[i] = vi;
        const denom = f(f(Math.sqrt(f(vi / c.biasCorrection2))) + c.epsilon);
        params[i] = f(f(f(f(mi / c.biasCorrection1) / denom) * c.negLearningRate) + params[i]!);
      }
    },
    updateFolded(offset: number, count: number, c: FoldedAdamConstants): void {
      const [b1, a1, b2, a2, eps, step, s] = [c.beta1, c.oneMinusBeta1, c.beta2, c.oneMinusBeta2, c.epsilonHat, c.stepSize, c.gradientScale].map(f) as [number, number, number, number, number, number, number];
      for (let i = offset; i < offset + count; i++) {
        const g = f(grad[i]! * s);
        const mi = f(f(m[i]! * b1) + f(g * a1));
        const vi = f(f(v[i]! * b2) + f(f(g * g) * a2));
        m[i] = mi;
        v[i] = vi;
        params[i] = f(params[i]! - f(f(mi / f(f(Math.sqrt(vi)) + eps)) * step));
      }
    },
  };
}
