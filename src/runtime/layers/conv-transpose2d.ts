/**
 * The `ConvTranspose2d` layer: the adjoint of a 2-D convolution in its input (PyTorch's
 * `nn.ConvTranspose2d`, groups = dilation = 1, with `output_padding`), over channel-first images
 * with any leading axes. The forward pass and both gradients are built from conv-core.ts's kernels:
 * forward = transposed convolution, dX = the convolution with the same filter, dW = the convolution
 * filter gradient with the roles of input and output swapped.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../../common/diagnostic.js';
import { convFilterGradNHWC, convNHWC, fromNHWC, toNHWC, transposedConvNHWC, withGradient } from './conv-core.js';

/** Options of {@link convTranspose2d}. */
export interface ConvTranspose2dOptions {
  readonly stride: number;
  /** Rows and columns removed from every side of the full transposed convolution (PyTorch's `padding`). */
  readonly padding: number;
  /** Extra rows and columns at the bottom and right of the output, in [0, stride). Default 0. */
  readonly outputPadding?: number;
  /** The input needs no gradient: the backward pass skips dX. See `Conv2dOptions.inputIsConstant`. */
  readonly inputIsConstant?: boolean;
}

/**
 * `y[o, r, q] = bias[o] + Σ x[c, a, b]·weight[i, j, o, c]` over r = a·s − p + i, q = b·s − p + j.
 *
 * @param x - `[...lead, C_in, H, W]`
 * @param weight - `[k, k, C_out, C_in]` (tfjs's conv2dTranspose filter layout)
 * @param bias - `[C_out]`, or `null`
 * @returns `[...lead, C_out, H', W']` with H' = (H − 1)·s − 2p + k + output_padding (the registry's convTransposeOutput)
 */
export function convTranspose2d(x: tf.Tensor, weight: tf.Tensor4D, bias: tf.Tensor1D | null, o: ConvTranspose2dOptions): tf.Tensor {
  const cin = weight.shape[3];
  if (x.rank < 3 || x.shape[x.rank - 3] !== cin) {
    throw new InternalError(`convTranspose2d: input [${x.shape}] does not have ${cin} channels at axis −3 (weight [${weight.shape}])`);
  }
  return fromNHWC(convTranspose2dNHWC(toNHWC(x), weight, bias, o), x.shape.slice(0, -3));
}

/** {@link convTranspose2d} on `[N, H, W, C_in]` → `[N, H', W', C_out]` (see `conv2dNHWC` for why). */
export function convTranspose2dNHWC(xn: tf.Tensor4D, weight: tf.Tensor4D, bias: tf.Tensor1D | null, o: ConvTranspose2dOptions): tf.Tensor4D {
  const { stride: s, padding: p } = o;
  const op = o.outputPadding ?? 0;
  const [kh, kw, , cin] = weight.shape;
  if (xn.shape[3] !== cin) throw new InternalError(`convTranspose2dNHWC: input [${xn.shape}] does not have ${cin} channels (weight [${weight.shape}])`);
  // With output_padding ≥ stride the output has rows no input reaches and dX's shape would not be H.
  if (!Number.isInteger(op) || op < 0 || op >= s) throw new InternalError(`convTranspose2d: output padding ${op} is not in [0, stride ${s})`);
  const inputGrad = o.inputIsConstant !== true;
  const inputs: tf.Tensor[] = [...(inputGrad ? [xn] : []), weight, ...(bias === null ? [] : [bias])];
  return withGradient(
    inputs,
    [xn, weight],
    () => transposedConvNHWC(xn, weight, s, p, op, bias ?? undefined),
    (dy, [xs, ws]) => {
      const grads: tf.Tensor[] = [];
      if (inputGrad) grads.push(convNHWC(dy, ws as tf.Tensor4D, s, p));
      // y = transposed conv of x ⇔ x-shaped dY-correlation: dW[i, j, o, c] = Σ dy_padded[a·s + i, b·s + j, o]·x[a, b, c].
      grads.push(convFilterGradNHWC(dy, xs as tf.Tensor4D, kh, kw, s, p));
      if (bias !== null) grads.push(tf.sum(dy, [0, 1, 2]));
      return grads;
    },
  );
}
