/**
 * The gradient of `Tile` at any rank. tfjs-core's own (tile_grad.ts) handles ranks 1–4 and throws
 * "not implemented for rank-5 tensors" above; `tf.broadcastTo` is a `Tile`, and data with several axes
 * make rank-5 values (`[S, B, 1, 28, 28]`), so broadcasting a parameter over such data would fail to
 * train. Registered over the default by gradients.ts.
 *
 * Tiling repeats the whole input `reps[k]` times along axis k, so output index `r · d_k + j` along that
 * axis is input index j: the gradient sums dy over the repeats, one axis at a time, each as a rank-4
 * `[before, reps, d, after]` sum over axis 1 (exactly the adjoint, and every backend reduces rank 4).
 */
import * as tf from '@tensorflow/tfjs-core';

/** dy of a `Tile` summed back to the input's shape. */
export function tileGradient(dy: tf.Tensor, xShape: readonly number[]): tf.Tensor {
  return tf.tidy(() => {
    let g = dy;
    const shape = [...dy.shape];
    for (let k = 0; k < xShape.length; k++) {
      const d = xShape[k] as number;
      const reps = (shape[k] as number) / d;
      if (reps === 1) continue;
      const before = shape.slice(0, k).reduce((a, b) => a * b, 1);
      const after = shape.slice(k + 1).reduce((a, b) => a * b, 1);
      g = tf.sum(tf.reshape(g, [before, reps, d, after]), 1);
      shape[k] = d;
    }
    return tf.reshape(g, [...xShape]);
  });
}

tf.registerGradient({
  kernelName: tf.Tile,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved as [tf.Tensor];
    return { x: () => tileGradient(dy as tf.Tensor, x.shape) };
  },
});
