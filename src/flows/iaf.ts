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
 * Between steps the ordering is reversed (the paper's reverse permutation, as in their code): every step
 * ends by reversing its output's coordinates, so the next step's MADE (always in the natural order)
 * conditions the other way round. A permutation has |det| = 1.
 *
 * Sampling (forward) is one MADE pass per step, parallel over dimensions. The inverse is sequential:
 * d passes per step, each fixing one more coordinate in the ordering (the fixed point z_i = (y_i −
 * (1 − σ_i) m_i) / σ_i, where σ_i and m_i read only earlier coordinates). Log q of a flow's own samples
 * never needs it (the transformed distribution keeps each sample's log-determinant); it is here for
 * completeness and for the tests.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { BIJECTORS } from '../registry/bijectors.js';
import type { LayerSpec } from '../registry/networks.js';
import type { Bijector, BijectorParams, ForwardResult } from './bijector.js';
import { made } from '../runtime/layers/made.js';
import { activate } from '../runtime/net-layers.js';

/** The forget-gate bias added to s before the sigmoid (Kingma et al. 2016, section 4; Pyro's sigmoid_bias). */
export const IAF_GATE_BIAS = 2;

/** One IAF step: its MADE (`d -> hidden… -> 2d`) and that MADE's weights by registry name. */
export interface IafStep {
  readonly spec: LayerSpec;
  readonly weights: Readonly<Record<string, tf.Tensor>>;
}

/** The MADE of one IAF step over d dimensions: `MADE(d -> hidden… -> 2d, context = c)` (m first, then s). */
export function iafMadeSpec(d: number, hidden: readonly number[], context: number, activation = 'relu'): LayerSpec {
  return { kind: 'MADE', sizes: [d, ...hidden, 2 * d], options: { context, order: 'natural', hidden: activation } };
}

/** m and s + b_gate of one step at z (`[N, d]`), with the context `[N, c]` or null. */
function gate(step: IafStep, z: tf.Tensor2D, ctx: tf.Tensor2D | null): { m: tf.Tensor2D; logit: tf.Tensor2D } {
  const d = z.shape[1];
  const out = made(step.spec, ctx === null ? z : tf.concat([z, ctx], 1), step.weights, activate);
  const m = tf.slice(out, [0, 0], [-1, d]);
  const logit = tf.add(tf.slice(out, [0, d], [-1, d]), IAF_GATE_BIAS) as tf.Tensor2D;
  return { m, logit };
}

/** The autoregressive update of one step (before the reversal): z' and Σ log σ per row. */
export function iafUpdate(step: IafStep, z: tf.Tensor2D, ctx: tf.Tensor2D | null): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
  const { m, logit } = gate(step, z, ctx);
  const sigma = tf.sigmoid(logit);
  // σ ⊙ z + (1 − σ) ⊙ m = m + σ ⊙ (z − m); log σ = −softplus(−logit), finite for every logit.
  return { y: tf.add(m, tf.mul(sigma, tf.sub(z, m))) as tf.Tensor2D, logDet: tf.neg(tf.sum(tf.softplus(tf.neg(logit)), 1)) as tf.Tensor1D };
}

/**
 * One IAF step on base-side values: the update, then the reversal.
 *
 * @param z - `[N, d]`
 * @param ctx - `[N, c]` context (one row per draw), or null when the MADE has no context
 * @returns y `[N, d]` and log |det ∂y/∂z| `[N]`
 */
export function iafStepForward(step: IafStep, z: tf.Tensor2D, ctx: tf.Tensor2D | null): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
  const { y, logDet } = iafUpdate(step, z, ctx);
  return { y: tf.reverse(y, 1), logDet };
}

/** The z with iafStepForward(z) = y: undo the reversal, then d fixed-point passes. */
export function iafStepInverse(step: IafStep, y: tf.Tensor2D, ctx: tf.Tensor2D | null): tf.Tensor2D {
  const d = y.shape[1];
  const target = tf.reverse(y, 1);
  let z: tf.Tensor2D = tf.zerosLike(target);
  // Pass k makes the first k coordinates exact (σ_i and m_i read only earlier ones).
  for (let k = 0; k < d; k++) {
    const { m, logit } = gate(step, z, ctx);
    z = tf.add(m, tf.div(tf.sub(target, m), tf.sigmoid(logit))) as tf.Tensor2D;
  }
  return z;
}

/** Several steps in order: y and the summed log-determinant. */
export function iafForward(z: tf.Tensor2D, ctx: tf.Tensor2D | null, steps: readonly IafStep[]): { y: tf.Tensor2D; logDet: tf.Tensor1D } {
  let y = z;
  let logDet: tf.Tensor1D = tf.zeros([z.shape[0]]);
  for (const step of steps) {
    const r = iafStepForward(step, y, ctx);
    y = r.y;
    logDet = tf.add(logDet, r.logDet);
  }
  return { y, logDet };
}

/** The inverse of {@link iafForward}: the steps undone last first. */
export function iafInverse(y: tf.Tensor2D, ctx: tf.Tensor2D | null, steps: readonly IafStep[]): tf.Tensor2D {
  let z = y;
  for (let t = steps.length - 1; t >= 0; t--) z = iafStepInverse(steps[t] as IafStep, z, ctx);
  return z;
}

const specCache = new Map<string, LayerSpec>();

/** The MADE spec of a step (one object per shape, so the masks are built once: runtime/layers/made.ts caches by spec). */
function stepSpec(d: number, hidden: number, context: number): LayerSpec {
  const key = `${d},${hidden},${context}`;
  let spec = specCache.get(key);
  if (spec === undefined) {
    spec = iafMadeSpec(d, [hidden], context);
    specCache.set(key, spec);
  }
  return spec;
}

/**
 * A step of the registry's IAF row on `[..., D]`: weights arrive as `[1, 1, ...shape]` (dropped to their
 * own rank), the context h as `[S or 1, B, c]` (broadcast to the draws' lead axes). Without h (a latent
 * with no encoder) the context is zeros, so C still gets its (zero) gradient.
 */
function asStep(x: tf.Tensor, p: BijectorParams): { step: IafStep; z: tf.Tensor2D; ctx: tf.Tensor2D } {
  const d = x.shape[x.rank - 1] as number;
  const hidden = p.options.hidden as number;
  const context = p.options.context as number;
  const own = (name: string, rank: number): tf.Tensor => {
    const w = p.weights[name];
    if (w === undefined) throw new InternalError(`IAF: no weight '${name}'`);
    return tf.reshape(w, w.shape.slice(w.rank - rank));
  };
  const weights = { W0: own('W0', 2), C: own('C', 2), b0: own('b0', 1), W1: own('W1', 2), b1: own('b1', 1) };
  const lead = x.shape.slice(0, -1);
  const n = x.size / d;
  const h = p.inputs.h;
  const ctx = h === undefined ? tf.zeros([n, context]) : tf.reshape(tf.broadcastTo(h, [...lead, context]), [n, context]);
  return { step: { spec: stepSpec(d, hidden, context), weights }, z: tf.reshape(x, [n, d]) as tf.Tensor2D, ctx: ctx as tf.Tensor2D };
}

/** The IAF row's implementation (src/flows/create.ts). */
export const iaf: Bijector = {
  spec: BIJECTORS.IAF,

  forward(x: tf.Tensor, p: BijectorParams): ForwardResult {
    const [y, logDetJ] = tf.tidy(() => {
      const { step, z, ctx } = asStep(x, p);
      const r = iafStepForward(step, z, ctx);
      return [tf.reshape(r.y, x.shape), tf.reshape(r.logDet, x.shape.slice(0, -1))];
    });
    return { y: y as tf.Tensor, logDetJ: logDetJ as tf.Tensor };
  },

  inverse(y: tf.Tensor, p: BijectorParams): tf.Tensor {
    return tf.tidy(() => {
      const { step, z, ctx } = asStep(y, p);
      return tf.reshape(iafStepInverse(step, z, ctx), y.shape);
    });
  },
};
