/**
 * The three NHWC kernels every 2-D convolution layer and its gradient is built from, written so that
 * on the wasm backend each is one XNNPACK convolution plus cheap rank-4 copies:
 *
 * - {@link convNHWC}: the correlation itself, `tf.conv2d` (XNNPACK on wasm).
 * - {@link transposedConvNHWC}: the adjoint of {@link convNHWC} in its input, i.e. a transposed
 *   convolution / conv2dTranspose / Conv2DBackpropInput. tfjs-backend-wasm's own Conv2DBackpropInput
 *   is a scalar loop, ~6x slower than the forward convolution of the same size (41 ms against 6.4 ms
 *   for the VAE's 32→16 layer at batch 128, one thread; bench/conv-layers.ts has the whole layers),
 *   so this one is a single XNNPACK convolution in sub-pixel form (see there).
 * - {@link convFilterGradNHWC}: the gradient of {@link convNHWC} in its filter, which tfjs-backend-wasm
 *   does not implement at all (Conv2DBackpropFilter is not registered): a dilated correlation of the
 *   input with dY over the batch axis.
 *
 * Stride and padding are the same on both spatial axes (as the layers declare them); kernels may be
 * rectangular. Padding may exceed what a kernel needs (then the padded input is cropped instead).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../../common/diagnostic.js';

/** `[before, after]` per axis; a negative amount crops that many elements instead of padding. */
export function padOrCrop<T extends tf.Tensor>(x: T, amounts: readonly (readonly [number, number])[]): T {
  let y: tf.Tensor = x;
  if (amounts.some(([a, b]) => a > 0 || b > 0)) y = tf.pad(y, amounts.map(([a, b]) => [Math.max(0, a), Math.max(0, b)] as [number, number]));
  if (amounts.some(([a, b]) => a < 0 || b < 0)) {
    const begin = amounts.map(([a]) => Math.max(0, -a));
    const size = amounts.map(([a, b], i) => y.shape[i]! - Math.max(0, -a) - Math.max(0, -b));
    y = tf.slice(y, begin, size);
  }
  return y as T;
}

/** Correlation of `x` [N, H, W, C_in] with `filter` [kh, kw, C_in, C_out] (zero padding p on every side), plus an optional bias. */
export function convNHWC(x: tf.Tensor4D, filter: tf.Tensor4D, stride: number, padding: number, bias?: tf.Tensor1D): tf.Tensor4D {
  return tf.fused.conv2d({ x, filter, strides: stride, pad: padding, ...(bias === undefined ? {} : { bias }) });
}

/**
 * The transposed convolution of `y` [N, h, w, C_in] with `filter` [kh, kw, C_out, C_in] (tfjs's
 * conv2dTranspose layout): out[o] = Σ_{i, t : o = i·s − p + t} y[i]·filter[t], of size
 * (h − 1)·s − 2p + k + outputPadding per side (one number, or [rows, columns]), plus an optional bias.
 *
 * Sub-pixel form (Shi et al., "Real-time single image and video super-resolution using an efficient
 * sub-pixel convolutional neural network", CVPR 2016): write the uncropped output row o + p as m·s + r
 * with phase r ∈ [0, s). Only taps t ≡ r (mod s) reach it, t = u·s + r with input row m − u, so each
 * phase is a stride-1 correlation of the undilated input with the flipped sub-kernel
 * (filter[(q − 1 − v)·s + r])_v, q = ⌈k / s⌉. All s² phases are one convolution whose output
 * channels are (r_row, r_col, C_out); one transpose interleaves them, and the p leading rows and any
 * beyond the output are cropped. This is k²·C_in·C_out multiply-adds per input pixel, like the forward
 * convolution, where the zero-dilated form does s² times more.
 */
export function transposedConvNHWC(
  y: tf.Tensor4D,
  filter: tf.Tensor4D,
  stride: number,
  padding: number,
  outputPadding: number | readonly [number, number],
  bias?: tf.Tensor1D,
): tf.Tensor4D {
  const [opH, opW] = typeof outputPadding === 'number' ? [outputPadding, outputPadding] : outputPadding;
  const [n, h, w] = y.shape;
  const [kh, kw, cout, cin] = filter.shape;
  const s = stride;
  const p = padding;
  const outH = (h - 1) * s - 2 * p + kh + opH;
  const outW = (w - 1) * s - 2 * p + kw + opW;
  const qh = Math.ceil(kh / s);
  const qw = Math.ceil(kw / s);
  // Phase rows m = 0 … M − 1 cover the uncropped rows [0, M·s) ⊇ [p, p + out).
  const mh = Math.ceil((outH + p) / s);
  const mw = Math.ceil((outW + p) / s);
  // F[v1, v2, c, (r1, r2, o)] = filter[(q − 1 − v1)·s + r1, (q − 1 − v2)·s + r2, o, c], zero past k (a small tensor).
  const taps = tf.pad(filter, [[0, qh * s - kh], [0, qw * s - kw], [0, 0], [0, 0]]);
  const phased = tf.reverse(tf.reshape(taps, [qh, s, qw, s, cout, cin]), [0, 2]);
  const kernel = tf.reshape(tf.transpose(phased, [0, 2, 5, 1, 3, 4]), [qh, qw, cin, s * s * cout]) as tf.Tensor4D;
  // Row m of a phase reads input rows m − q + 1 … m: q − 1 zero rows before, M − h after (or a crop).
  const padded = padOrCrop(y, [[0, 0], [qh - 1, mh - h], [qw - 1, mw - w], [0, 0]]);
  // The bias repeats over the s² phases (channel order (r1, r2, o)).
  const phases = convNHWC(padded, kernel, 1, 0, bias === undefined ? undefined : tf.tile(bias, [s * s]));
  // Interleave: [N·M_h, M_w, r1, (r2, o)] → [N·M_h, r1, M_w, (r2, o)] is the row-major [N, M_h·s, M_w·s, o].
  // (One rank-4 transpose; wasm's depthToSpace and rank-6 transposes take slow generic paths.)
  const full =
    s === 1
      ? phases
      : tf.reshape(tf.transpose(tf.reshape(phases, [n * mh, mw, s, s * cout]), [0, 2, 1, 3]), [n, mh * s, mw * s, cout]);
  return mh * s === outH && mw * s === outW && p === 0 ? (full as tf.Tensor4D) : (tf.slice(full, [0, p, p, 0], [n, outH, outW, cout]) as tf.Tensor4D);
}

/**
 * dL/dfilter of `convNHWC(x, filter, stride, padding)` given dL/dout `dy` [N, H', W', C_out]:
 * dfilter[i, j, c, o] = Σ_{n, a, b} x_padded[n, a·s + i, b·s + j, c]·dy[n, a, b, o].
 *
 * That sum is itself a correlation, with the batch axis contracted: x as [C_in, H, W, N] (the image
 * channels become the batch, the examples the channels) correlated with dY as a filter
 * [H', W', N, C_out] whose taps are s apart (dilation s), giving [C_in, k, k, C_out]. So it is one
 * XNNPACK convolution plus three rank-4 transposes. (Gathering the k² strided windows for an im2col
 * product instead costs ~25 ms per window on wasm, whose strided slices and rank-6 transposes take
 * slow generic paths: ~400 ms against ~9 ms for the VAE's second layer's dW, one thread, measured
 * while writing this; whole-layer times are in bench/conv-layers.ts.)
 */
export function convFilterGradNHWC(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number, stride: number, padding: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const [, ho, wo] = dy.shape;
  const s = stride;
  // Exactly the padded rows the forward pass read: (H' − 1)·s + k, cropping any it never reached.
  const needH = (ho - 1) * s + kh;
  const needW = (wo - 1) * s + kw;
  const xt = padOrCrop(tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D, [[0, 0], [padding, needH - h - padding], [padding, needW - w - padding], [0, 0]]);
  const taps = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
  const grad = tf.conv2d(xt, taps, 1, 'valid', 'NHWC', s);
  return tf.transpose(grad, [1, 2, 0, 3]);
}

/** `[...lead, C, H, W]` (the language's channel-first images) → `[N, H, W, C]` with N = ∏lead (tfjs's layout). */
export function toNHWC(x: tf.Tensor): tf.Tensor4D {
  if (x.rank < 3) throw new InternalError(`expected an image [..., C, H, W], got shape [${x.shape}]`);
  const [c, h, w] = x.shape.slice(-3) as [number, number, number];
  const n = x.size / (c * h * w);
  // One channel (the encoder's data, the decoder's output): the same memory order, no copy.
  if (c === 1) return tf.reshape(x, [n, h, w, 1]);
  return tf.transpose(tf.reshape(x, [n, c, h, w]), [0, 2, 3, 1]);
}

/** `[N, H, W, C]` → `[...lead, C, H, W]`. */
export function fromNHWC(y: tf.Tensor4D, lead: readonly number[]): tf.Tensor {
  const [, h, w, c] = y.shape;
  if (c === 1) return tf.reshape(y, [...lead, 1, h, w]);
  return tf.reshape(tf.transpose(y, [0, 3, 1, 2]), [...lead, c, h, w]);
}

/**
 * An NHWC op with a hand-written gradient, via `tf.customGrad`: `inputs` are its differentiable
 * arguments (in order), `keep` the tensors the backward pass reads (tfjs disposes a forward pass's
 * intermediates before the backward pass, so everything it reads must be saved), and `backward`
 * returns one gradient per input.
 */
export function withGradient(
  inputs: tf.Tensor[],
  keep: tf.Tensor[],
  forward: () => tf.Tensor4D,
  backward: (dy: tf.Tensor4D, kept: tf.Tensor[]) => tf.Tensor[],
): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    save(keep);
    return { value: forward(), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => backward(dy as tf.Tensor4D, saved) };
  });
  return op(...inputs) as tf.Tensor4D;
}
