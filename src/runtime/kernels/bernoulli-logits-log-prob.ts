/**
 * The Bernoulli log-likelihood of data given logits, summed over the last axis, as one op with a
 * hand-written gradient:
 *
 *   log p(x | ℓ) = Σⱼ xⱼ ℓⱼ − softplus(ℓⱼ),     ∂/∂ℓⱼ = xⱼ − σ(ℓⱼ).
 *
 * Why: written with tfjs ops and autodiff, the backward pass of `sum(x·ℓ − softplus(ℓ))` runs ~15
 * kernels over the [batch, 784] logits (reshapes, identities, a Neg, a Sigmoid, several Multiply, an
 * Add of the two paths); the closed-form gradient needs three (Sigmoid, Sub, Multiply). On wasm this
 * saves ~0.6 ms of a ~30 ms VAE step (forward + backward over a [128, 784] batch: 2.8 → 2.2 ms, wasm,
 * one thread). Softplus is the numerically stable kernel of the backend (linear for large ℓ, exp for
 * very negative ℓ).
 *
 * The data `x` is treated as a constant: no gradient flows into it (it is observed).
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Σ over the last axis of `x·ℓ − softplus(ℓ)`: the log-probability of `x` under independent
 * Bernoullis with logits `ℓ`, one value per leading index.
 *
 * @param logits - ℓ, any shape [..., d]
 * @param x - observations in [0, 1] (0/1 for binary data), same shape; receives no gradient
 * @returns shape [...]: the logits' shape without its last axis
 */
export function bernoulliLogitsLogProb(logits: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (logits.rank === 0) throw new Error('bernoulliLogitsLogProb: logits must have at least one axis');
  if (!tf.util.arraysEqual(logits.shape, x.shape)) {
    throw new Error(`bernoulliLogitsLogProb: logits [${logits.shape}] and data [${x.shape}] differ in shape`);
  }
  const last = logits.rank - 1;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [l, save] = args as [tf.Tensor, tf.GradSaveFunc];
    // Keep x too: if it was computed inside the differentiated function, tfjs would dispose it
    // before the backward pass.
    save([l, x]);
    return {
      value: tf.sum(tf.sub(tf.mul(x, l), tf.softplus(l)), last),
      gradFunc: (dy: tf.Tensor, [ls, xs]: tf.Tensor[]) => [tf.mul(tf.sub(xs!, tf.sigmoid(ls!)), tf.expandDims(dy, last))],
    };
  });
  return op(logits);
}
