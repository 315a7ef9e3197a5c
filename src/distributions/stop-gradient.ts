/**
 * Cutting gradient paths. tfjs-core has no `stopGradient`, and its tape throws ("gradient function not
 * found for Less") when a comparison of a differentiated tensor feeds a `tf.where` condition, so every
 * condition computed from parameters or values goes through {@link stopGradient} first.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * A tensor with the values of `x` and no gradient path back to it (tfjs-core has no `stopGradient`):
 * a new tensor on the same data, made outside the gradient tape, so `tf.grad` sees no path through it
 * (rather than failing on a kernel without a gradient, such as a comparison). `x` must live on the
 * current backend.
 */
export function stopGradient(x: tf.Tensor): tf.Tensor {
  // The same mechanism as the backends' Identity kernel: one more reference to the data, a new tensor
  // on it. Disposing either tensor then releases only its own reference.
  const backend = tf.engine().backend;
  backend.incRef(x.dataId);
  return tf.engine().makeTensorFromDataId(x.dataId, x.shape, x.dtype, backend);
}
