/**
 * The `Conv2d` layer: a 2-D cross-correlation (PyTorch's `nn.Conv2d`, groups = dilation = 1) over
 * channel-first images with any leading axes, with a hand-written backward pass that runs on every
 * backend and is fast on wasm (see conv-core.ts for why tfjs's own gradient cannot be used there).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../../common/diagnostic.js';
import { convFilterGradNHWC, convNHWC, fromNHWC, toNHWC, transposedConvNHWC, withGradient } from './conv-core.js';
import { convOutput, convTransposeOutput } from '../../registry/networks.js';

/** Options of {@link conv2d}. */
export interface Conv2dOptions {
  readonly stride: number;
  /** Zeros added on every side of each spatial axis. */
  readonly padding: number;
  /**
   * The input is data (or otherwise needs no gradient): the backward pass skips dX (one transposed
   * convolution). Use it for a network's first layer only; gradients with respect to `x` are then
   * not computed at all.
   */
  readonly inputIsConstant?: boolean;
}

/**
 * `y[o, a, b] = bias[o] + Σ_{c, i, j} x_padded[c, a·s + i, b·s + j]·weight[i, j, c, o]`.
 *
 * @param x - `[...lead, C_in, H, W]`
 * @param weight - `[k, k, C_in, C_out]` (tfjs's filter layout; kernels may be rectangular)
 * @param bias - `[C_out]`, or `null`
 * @returns `[...lead, C_out, H', W']` with H' = ⌊(H + 2p − k) / s⌋ + 1 (the registry's convOutput)
 */
export function conv2d(x: tf.Tensor, weight: tf.Tensor4D, bias: tf.Tensor1D | null, o: Conv2dOptions): tf.Tensor {
  const cin = weight.shape[2];
  if (x.rank < 3 || x.shape[x.rank - 3] !== cin) {
    throw new InternalError(`conv2d: input [${x.shape}] does not have ${cin} channels at axis −3 (weight [${weight.shape}])`);
  }
  return fromNHWC(conv2dNHWC(toNHWC(x), weight, bias, o), x.shape.slice(0, -3));
}

/**
 * {@link conv2d} on `[N, H, W, C_in]` → `[N, H', W', C_out]` (tfjs's layout). A chain of convolutions
 * and elementwise activations can stay in this layout and convert only where the channel-first order
 * matters (Flatten, Reshape, the net's ends), saving two transposes per layer in each direction.
 */
export function conv2dNHWC(xn: tf.Tensor4D, weight: tf.Tensor4D, bias: tf.Tensor1D | null, o: Conv2dOptions): tf.Tensor4D {
  const { stride: s, padding: p } = o;
  const [kh, kw, cin] = weight.shape;
  const [, h, w, c] = xn.shape;
  if (c !== cin) throw new InternalError(`conv2dNHWC: input [${xn.shape}] does not have ${cin} channels (weight [${weight.shape}])`);
  const inputGrad = o.inputIsConstant !== true;
  const inputs: tf.Tensor[] = [...(inputGrad ? [xn] : []), weight, ...(bias === null ? [] : [bias])];
  const y = withGradient(
    inputs,
    [xn, weight],
    () => convNHWC(xn, weight, s, p, bias ?? undefined),
    (dy, [xs, ws]) => {
      const grads: tf.Tensor[] = [];
      if (inputGrad) {
        // dX is the transposed convolution of dY; output padding restores the rows the floor in H' dropped.
        const [, ho, wo] = dy.shape;
        const opH = h - convTransposeOutput(ho, kh, s, p, 0);
        const opW = w - convTransposeOutput(wo, kw, s, p, 0);
        grads.push(transposedConvNHWC(dy, ws as tf.Tensor4D, s, p, [opH, opW]));
      }
      grads.push(convFilterGradNHWC(xs as tf.Tensor4D, dy, kh, kw, s, p));
      if (bias !== null) grads.push(tf.sum(dy, [0, 1, 2]));
      return grads;
    },
  );
  if (y.shape[1] !== convOutput(h, kh, s, p)) throw new InternalError('conv2d: output size disagrees with the registry\'s convOutput');
  return y;
}
