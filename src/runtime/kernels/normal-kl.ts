/**
 * KL(N(μp, σp) ‖ N(μq, σq)) elementwise, as one op with its closed-form gradient:
 *
 *   KL = ½ (r² + δ² − 1) − log r,   r = σp/σq,  δ = (μp − μq)/σq;
 *   ∂/∂μp = δ/σq = −∂/∂μq,   ∂/∂σp = (r² − 1)/σp,   ∂/∂σq = (1 − r² − δ²)/σq.
 *
 * Why: the formula's ten ops differentiated by tfjs run ~30 kernels backward (each op's gradient, plus a
 * reduction for every broadcast operand: the prior's parameters broadcast over the batch); the closed form
 * needs about half. Each gradient is summed back to its operand's shape (the broadcast rule of tfjs).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Sums a gradient of the broadcast shape back to an operand's shape. */
function reduceTo(g: tf.Tensor, shape: number[]): tf.Tensor {
  if (tf.util.arraysEqual(g.shape, shape)) return g;
  const axes = tf.backend_util.getReductionAxes(shape, g.shape);
  const summed = axes.length > 0 ? tf.sum(g, axes) : g;
  return tf.reshape(summed, shape);
}

/**
 * The elementwise KL between Normals, broadcasting the four parameters together.
 *
 * @param locP - μp
 * @param scaleP - σp > 0
 * @param locQ - μq
 * @param scaleQ - σq > 0
 */
export function normalKL(locP: tf.Tensor, scaleP: tf.Tensor, locQ: tf.Tensor, scaleQ: tf.Tensor): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [mp, sp, mq, sq, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const r = tf.div(sp, sq);
    const delta = tf.div(tf.sub(mp, mq), sq);
    const r2 = tf.square(r);
    const d2 = tf.square(delta);
    save([sp, sq, delta, r2, d2]);
    return {
      value: tf.sub(tf.mul(tf.sub(tf.add(r2, d2), 1), 0.5), tf.log(r)),
      gradFunc: (dy: tf.Tensor, [s1, s2, d, rr, dd]: tf.Tensor[]) => {
        const gLoc = tf.div(tf.mul(dy, d!), s2!);
        const gScaleP = tf.div(tf.mul(dy, tf.sub(rr!, 1)), s1!);
        const gScaleQ = tf.div(tf.mul(dy, tf.sub(tf.sub(1, rr!), dd!)), s2!);
        return [reduceTo(gLoc, mp.shape), reduceTo(gScaleP, sp.shape), reduceTo(tf.neg(gLoc), mq.shape), reduceTo(gScaleQ, sq.shape)];
      },
    };
  });
  return op(locP, scaleP, locQ, scaleQ);
}
