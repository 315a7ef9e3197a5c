/**
 * Naive float64 references of the tensor layers, written straight from their defining sums (PyTorch's
 * documentation of nn.Conv2d, nn.ConvTranspose2d and nn.GRU), with no shared code with src/: loops over
 * every index, zero padding by bounds checks. Tensors are row-major Float64Arrays with a shape.
 */

/** A float64 tensor. */
export interface Arr {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

/** A seeded PRNG (mulberry32) for test inputs, independent of tfjs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform values on ±scale, rounded to float32 so that tfjs and the reference see the same numbers. */
export function randomArr(shape: readonly number[], rand: () => number, scale = 1): Arr {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.fround((2 * rand() - 1) * scale);
  return { data, shape };
}

/**
 * Conv2d: x [N, C_in, H, W], w [k, k, C_in, C_out], b [C_out] →
 * y[n, o, a, c] = b[o] + Σ_{ci, i, j} x[n, ci, a·s + i − p, c·s + j − p]·w[i, j, ci, o].
 */
export function refConv2d(x: Arr, w: Arr, b: Arr, s: number, p: number): Arr {
  const [N, Ci, H, W] = x.shape as [number, number, number, number];
  const [kh, kw, , Co] = w.shape as [number, number, number, number];
  const Ho = Math.floor((H + 2 * p - kh) / s) + 1;
  const Wo = Math.floor((W + 2 * p - kw) / s) + 1;
  const y = new Float64Array(N * Co * Ho * Wo);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < Co; o++)
      for (let a = 0; a < Ho; a++)
        for (let c = 0; c < Wo; c++) {
          let acc = b.data[o]!;
          for (let ci = 0; ci < Ci; ci++)
            for (let i = 0; i < kh; i++)
              for (let j = 0; j < kw; j++) {
                const r = a * s + i - p;
                const q = c * s + j - p;
                if (r < 0 || r >= H || q < 0 || q >= W) continue;
                acc += x.data[((n * Ci + ci) * H + r) * W + q]! * w.data[((i * kw + j) * Ci + ci) * Co + o]!;
              }
          y[((n * Co + o) * Ho + a) * Wo + c] = acc;
        }
  return { data: y, shape: [N, Co, Ho, Wo] };
}

/**
 * ConvTranspose2d: x [N, C_in, H, W], w [k, k, C_out, C_in], b [C_out] →
 * y[n, o, r, q] = b[o] + Σ over (a, i) with r = a·s − p + i and (c, j) with q = c·s − p + j of x[n, ci, a, c]·w[i, j, o, ci],
 * of size (H − 1)·s − 2p + k + op.
 */
export function refConvTranspose2d(x: Arr, w: Arr, b: Arr, s: number, p: number, op: number): Arr {
  const [N, Ci, H, W] = x.shape as [number, number, number, number];
  const [kh, kw, Co] = w.shape as [number, number, number, number];
  const Ho = (H - 1) * s - 2 * p + kh + op;
  const Wo = (W - 1) * s - 2 * p + kw + op;
  const y = new Float64Array(N * Co * Ho * Wo);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < Co; o++) for (let r = 0; r < Ho; r++) for (let q = 0; q < Wo; q++) y[((n * Co + o) * Ho + r) * Wo + q] = b.data[o]!;
  for (let n = 0; n < N; n++)
    for (let ci = 0; ci < Ci; ci++)
      for (let a = 0; a < H; a++)
        for (let c = 0; c < W; c++)
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const r = a * s - p + i;
              const q = c * s - p + j;
              if (r < 0 || r >= Ho || q < 0 || q >= Wo) continue;
              for (let o = 0; o < Co; o++) {
                y[((n * Co + o) * Ho + r) * Wo + q]! += x.data[((n * Ci + ci) * H + a) * W + c]! * w.data[((i * kw + j) * Co + o) * Ci + ci]!;
              }
            }
  return { data: y, shape: [N, Co, Ho, Wo] };
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/**
 * GRU (PyTorch's equations, gates r, z, n; h₀ = 0): x [N, T, In], wIh [In, 3H], wHh [H, 3H] →
 * every hidden state [N, T, H]; `reverse` runs from t = T − 1 down to 0 (outputs stay at their t).
 *   r = σ(x W_ir + b_ir + h W_hr + b_hr),  z = σ(x W_iz + b_iz + h W_hz + b_hz),
 *   n = tanh(x W_in + b_in + r ⊙ (h W_hn + b_hn)),  h' = (1 − z) ⊙ n + z ⊙ h.
 */
export function refGru(x: Arr, wIh: Arr, wHh: Arr, bIh: Arr, bHh: Arr, reverse = false): Arr {
  const [N, T, In] = x.shape as [number, number, number];
  const H = wHh.shape[0]!;
  const out = new Float64Array(N * T * H);
  for (let n = 0; n < N; n++) {
    let h = new Float64Array(H);
    for (let step = 0; step < T; step++) {
      const t = reverse ? T - 1 - step : step;
      const gi = new Float64Array(3 * H);
      const gh = new Float64Array(3 * H);
      for (let g = 0; g < 3 * H; g++) {
        let a = bIh.data[g]!;
        for (let k = 0; k < In; k++) a += x.data[(n * T + t) * In + k]! * wIh.data[k * 3 * H + g]!;
        gi[g] = a;
        let c = bHh.data[g]!;
        for (let k = 0; k < H; k++) c += h[k]! * wHh.data[k * 3 * H + g]!;
        gh[g] = c;
      }
      const next = new Float64Array(H);
      for (let u = 0; u < H; u++) {
        const r = sigmoid(gi[u]! + gh[u]!);
        const z = sigmoid(gi[H + u]! + gh[H + u]!);
        const nn = Math.tanh(gi[2 * H + u]! + r * gh[2 * H + u]!);
        next[u] = (1 - z) * nn + z * h[u]!;
        out[(n * T + t) * H + u] = next[u]!;
      }
      h = next;
    }
  }
  return { data: out, shape: [N, T, H] };
}

/** Σ y·r: a scalar loss with a fixed random cotangent r, so that dL/dy is not all ones. */
export function dot(y: Arr, r: Arr): number {
  let s = 0;
  for (let i = 0; i < y.data.length; i++) s += y.data[i]! * r.data[i]!;
  return s;
}

/**
 * Central differences of `loss` with respect to every element of `inputs[which]` (float64, step 1e-4:
 * truncation error O(h²·f‴) ≈ 1e-8 for these smooth losses, exact up to rounding for bilinear ones).
 */
export function numericGrad(loss: (inputs: Arr[]) => number, inputs: Arr[], which: number, h = 1e-4): Float64Array {
  const target = inputs[which]!;
  const g = new Float64Array(target.data.length);
  for (let i = 0; i < g.length; i++) {
    const saved = target.data[i]!;
    target.data[i] = saved + h;
    const up = loss(inputs);
    target.data[i] = saved - h;
    const down = loss(inputs);
    target.data[i] = saved;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}
