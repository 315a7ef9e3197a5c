/**
 * One dense layer, act(x · W + b). This is the seam between the compiler and the fast kernels of
 * `dense.ts`: the activations XNNPACK can fuse (identity, ReLU, sigmoid, ELU) go inside the product;
 * the others (tanh, softplus, exp, softmax) follow it as their own op.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { HiddenActivation, OutputActivation } from '../registry/functions.js';
import { dense, type DenseActivation } from './dense.js';
import { activate } from './net-layers.js';

const FUSED: Partial<Record<HiddenActivation | OutputActivation, DenseActivation>> = { identity: 'linear', relu: 'relu', sigmoid: 'sigmoid', elu: 'elu' };

/** act(x · W + b) for x `[N, in]`, W `[in, out]`, b `[out]`; `inputIsData` skips the gradient with respect to x. */
export function denseLayer(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, act: HiddenActivation | OutputActivation, inputIsData: boolean): tf.Tensor2D {
  const fused = FUSED[act];
  const opts = { inputIsConstant: inputIsData };
  if (fused !== undefined) return dense(x, W, b, fused, opts);
  return activate(dense(x, W, b, 'linear', opts), act) as tf.Tensor2D;
}
