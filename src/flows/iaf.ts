/**
 * Inverse autoregressive flow (Kingma, Salimans, Jozefowicz, Chen, Sutskever & Welling, "Improved
 * Variational Inference with Inverse Autoregressive Flow", NeurIPS 2016), in the numerically stable,
 * LSTM-like form of their eq. (11)–(14) (Algorithm 1): per step t,
 *
 *   [m, s] = MADE_t(z, h)            (autoregressive in z, the encoder's context h unmasked)
 *   σ      = sigmoid(s + b_gate)
 *   z      ← σ ⊙ z + (1 − σ) ⊙ m,    log |det ∂z'/∂z| = Σ_i log σ_i
 *
 * The Jacobian of a step is triangular in its MADE's ordering with σ on the diagonal, hence the
 * log-determinant. b_gate = 2 is the "forget gate bias" the paper recommends (σ starts near 1, so each
 * step starts close to the identity); Pyro's `AffineAutoregressive(stable=True)` uses the same constant.
 * Between steps the ordering is reversed (the paper's reverse permutation): step t's MADE uses the order
 * `natural` for even t and `reversed` for odd t, which is the permutation without moving any values.
 *
 * Sampling (forward) is one MADE pass per step, parallel over dimensions. The inverse is sequential:
 * d passes per step, each fixing one more coordinate in the ordering (the fixed point z_i = (y_i −
 * (1 − σ_i) m_i) / σ_i, where σ_i and m_i read only earlier coordinates). Log q of a flow's own samples
 * never needs it (the transformed distribution keeps each sample's log-determinant); it is here for
 * completeness and for the tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerSpec } from '../registry/networks.js';
import { made } from '../runtime/layers/made.js';
import { activate } from '../runtime/net-layers.js';

/** The forget-gate bias added to s before the sigmoid (Kingma et al. 2016, section 4; Pyro's sigmoid_bias). */
export const IAF_GATE_BIAS = 2;

/** One IAF step: its MADE (`d -> hidden… -> 2d`) and that MADE's weights by registry name. */
export interface IafStep {
  readonly spec: LayerSpec;
  readonly weights: Readonly<Record<string, tf.Tensor>>;
}

/** The MADE of step t of an IAF over d dimensions: `MADE(d -> hidden… -> 2d, context = c)`, order alternating. */
export function iafMadeSpec(d: number, hidden: readonly number[], context: number, step: number, activation = 'relu'): LayerSpec {
  return { kind: 'MADE', sizes: [d, ...hidden, 2 * d], options: { context, order: step % 2 === 0 ? 'natural' : 'reversed', hidden: activation } };
}

/** m and s + b_gate of one step at z (`[N, d]`), with the context `[N, c]` or null. */
function gate(step: IafStep, z: tf.Tensor2D, ctx: tf.Tensor2D | null): { m: tf.Tensor2D; logit: tf.Tensor2D } {
  const d = z.shape[1];
  const out = made(step.spec, ctx === null ? z : tf.concat([z, ctx], 1), step.weights, activate);
  const m = tf.slice(out, [0, 0], [-1, d]);
  const logit = tf.add(tf.slice(out, [0, d], [-1, d]), IAF_GATE_BIAS) as tf.Tensor2D;
  return { m, logit };
}

/**
 * The flow applied to base draws: y and log |det ∂y/∂z| per row.
 *
 * @param z - `[N, d]` base draws
 * @param ctx - `[N, c]` context (one row per draw), or null when the MADEs have no context
 * @returns y `[N, d]` and the log-determinant `[N]`
 */
export function iafForward(z: tf.Tensor2D, ctx: tf.Tensor2D | null, steps: readonly IafStep[]): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
  let y = z;
  let logDet: tf.Tensor1D = tf.zeros([z.shape[0]]);
  for (const step of steps) {
    const { m, logit } = gate(step, y, ctx);
    const sigma = tf.sigmoid(logit);
    // σ ⊙ z + (1 − σ) ⊙ m = m + σ ⊙ (z − m).
    y = tf.add(m, tf.mul(sigma, tf.sub(y, m))) as tf.Tensor2D;
    // log σ = −softplus(−logit), finite for every logit.
    logDet = tf.sub(logDet, tf.sum(tf.softplus(tf.neg(logit)), 1)) as tf.Tensor1D;
  }
  return { y, logDet };
}

/** The base draw z with iafForward(z) = y: steps undone last first, each by d fixed-point passes. */
export function iafInverse(y: tf.Tensor2D, ctx: tf.Tensor2D | null, steps: readonly IafStep[]): tf.Tensor2D {
  const d = y.shape[1];
  let cur = y;
  for (let t = steps.length - 1; t >= 0; t--) {
    const step = steps[t] as IafStep;
    const target = cur;
    let z: tf.Tensor2D = tf.zerosLike(target);
    // Pass k makes the first k coordinates in the ordering exact (they read only earlier ones).
    for (let k = 0; k < d; k++) {
      const { m, logit } = gate(step, z, ctx);
      const sigma = tf.sigmoid(logit);
      z = tf.add(m, tf.div(tf.sub(target, m), sigma)) as tf.Tensor2D;
    }
    cur = z;
  }
  return cur;
}
