/**
 * `stopGradient(x)`: the value of x, with no gradient flowing back through it. TensorFlow.js has no such
 * op, so it is a custom-gradient identity whose gradient is zero. Estimators use it for baselines, for
 * sticking the landing (Roeder et al. 2017) and for samples that must not carry pathwise gradients.
 */
import * as tf from '@tensorflow/tfjs-core';

const stop = tf.customGrad((...inputs) => ({
  value: tf.clone(inputs[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/** The value of `x`, detached from gradient computation. */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}
