/**
 * `stopGradient(x)`: the values of x with no gradient path back to it. tfjs-core has no such op. Used for
 * baselines and score-function weights, for sticking the landing (Roeder et al. 2017), for samples that
 * must carry no pathwise gradient, and for conditions of `tf.where`: tfjs's tape throws ("gradient
 * function not found for Less") when a comparison of a differentiated tensor feeds one.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * A tensor on the same data as `x`, made outside the gradient tape — the mechanism of the backends'
 * Identity kernel: one more reference to the data and a new tensor on it — so `tf.grad` sees no path
 * through it. Disposing either tensor releases only its own reference. `x` must live on the current
 * backend.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  const backend = tf.engine().backend;
  backend.incRef(x.dataId);
  return tf.engine().makeTensorFromDataId(x.dataId, x.shape, x.dtype, backend) as T;
}
