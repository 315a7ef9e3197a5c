/**
 * The three NHWC kernels every 2-D convolution layer and its gradient is built from, written so that
 * on the wasm backend they all run as XNNPACK convolutions or untransposed matrix products:
 *
 * - {@link convNHWC}: the correlation itself, `tf.conv2d` (XNNPACK on wasm).
 * - {@link transposedConvNHWC}: the adjoint of {@link convNHWC} in its input, i.e. a transposed
 *   convolution / conv2dTranspose / Conv2DBackpropInput. tfjs-backend-wasm's own Conv2DBackpropInput
 *   is a scalar loop, ~6x slower than the forward convolution of the same size (bench/conv-layers.ts),
 *   so this one dilates the input with s − 1 zeros between pixels, pads it by k − 1 − p (plus the output
 *   padding at the bottom and right) and correlates it with the spatially flipped filter at stride 1 —
 *   the textbook identity (Dumoulin & Visin, "A guide to convolution arithmetic for deep learning",
 *   2016, §4) — which does s² more multiply-adds (the zeros) but in a fast kernel.
 * - {@link convFilterGradNHWC}: the gradient of {@link convNHWC} in its filter, which tfjs-backend-wasm
 *   does not implement at all (Conv2DBackpropFilter is not registered): a dilated correlation of the
 *   input with dY over the batch axis.
 *
 * Stride and padding are the same on both spatial axes (as the layers declare them); kernels may be
 * rectangular. Padding may exceed what a kernel needs (then the padded input is cropped instead).
 */
import * as tf from '@tensorflow/tfjs-core';

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
  const [n, h, w, c] = y.shape;
  const [kh, kw] = filter.shape;
  const s = stride;
  // Dilate: y[i] lands at row i·s, with s − 1 zero rows after each (the last s − 1 are trimmed below).
  const dilated =
    s === 1 ? y : tf.reshape(tf.pad(tf.reshape(y, [n, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, s - 1], [0, 0], [0, s - 1], [0, 0]]), [n, h * s, w * s, c]);
  // out[o] = Σ_t dilated[o + p − t]·filter[t] = Σ_u padded[o + u]·filter[k − 1 − u] with k − 1 − p rows
  // of zeros before; after: enough for the last output row, (k − 1 − p + outputPadding) − (s − 1).
  const side = (k: number, op: number): [number, number] => [k - 1 - padding, k - 1 - padding + op - (s - 1)];
  const padded = padOrCrop(dilated as tf.Tensor4D, [[0, 0], side(kh, opH), side(kw, opW), [0, 0]]);
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  return convNHWC(padded, flipped, 1, 0, bias);
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
 * slow generic paths: 400 ms against 9 ms for the VAE's second layer, bench/conv-layers.ts.)
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
  if (x.rank < 3) throw new Error(`expected an image [..., C, H, W], got shape [${x.shape}]`);
  const [c, h, w] = x.shape.slice(-3) as [number, number, number];
  const n = x.size / (c * h * w);
  return tf.transpose(tf.reshape(x, [n, c, h, w]), [0, 2, 3, 1]);
}

/** `[N, H, W, C]` → `[...lead, C, H, W]`. */
export function fromNHWC(y: tf.Tensor4D, lead: readonly number[]): tf.Tensor {
  const [, h, w, c] = y.shape;
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
