/**
 * One dense layer, act(x · W + b). This is the seam between the compiler and the fast kernels: it
 * routes to the explicit-transpose dense op where one exists and falls back to plain tfjs ops otherwise.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HiddenActivation, OutputActivation } from '../registry/functions.js';
import { activate } from './nets.js';

/** act(x · W + b) for x `[N, in]`, W `[in, out]`, b `[out]`. */
export function denseLayer(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, act: HiddenActivation | OutputActivation, _inputIsData: boolean): tf.Tensor2D {
  return activate(tf.add(tf.matMul(x, W), b), act) as tf.Tensor2D;
}
