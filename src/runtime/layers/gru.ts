/**
 * The `GRU` layer: a gated recurrent unit over a sequence axis, returning every hidden state (PyTorch's
 * `nn.GRU` with one layer, batch_first, h₀ = 0; Cho et al., "Learning phrase representations using
 * RNN encoder–decoder for statistical machine translation", EMNLP 2014), with gates in PyTorch's order
 * r, z, n and its placement of the reset gate (inside the product with W_hn, after its bias):
 *
 *   r_t = σ(x_t W_ir + b_ir + h_{t−1} W_hr + b_hr)
 *   z_t = σ(x_t W_iz + b_iz + h_{t−1} W_hz + b_hz)
 *   n_t = tanh(x_t W_in + b_in + r_t ⊙ (h_{t−1} W_hn + b_hn))
 *   h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
 *
 * The input projections of all steps are one product ([N·T, in] × [in, 3H]); the loop is unrolled
 * over T (a static shape), each step one [N, H] × [H, 3H] product. Products go through dense.ts, whose
 * gradients use only untransposed products (fast on wasm); the rest is differentiated by tfjs.
 * Weights are stored `[in, 3H]` (tfjs's layout, the transpose of PyTorch's `weight_ih_l0`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../../common/diagnostic.js';
import { dense } from '../dense.js';

/** The four weights of a GRU (gate blocks r, z, n along the last axis). */
export interface GruWeights {
  /** Input-to-hidden weights `[in, 3H]`. */
  readonly wIh: tf.Tensor2D;
  /** Hidden-to-hidden weights `[H, 3H]`. */
  readonly wHh: tf.Tensor2D;
  /** Input-to-hidden bias `[3H]`. */
  readonly bIh: tf.Tensor1D;
  /** Hidden-to-hidden bias `[3H]`. */
  readonly bHh: tf.Tensor1D;
}

/** Options of {@link gru}. */
export interface GruOptions {
  /** Run from the last step to the first (the backward half of a bidirectional GRU); outputs stay at their step. */
  readonly reverse?: boolean;
  /** The input is data: skip its gradient (see dense.ts's `inputIsConstant`). */
  readonly inputIsConstant?: boolean;
  /**
   * `[...lead, T]` of 1 (a step the row has) and 0 (past its length): a masked step's state is reset to
   * h₀ = 0, so a reversed run starts afresh at each row's own last step and padding never reaches the
   * states of the steps a row has (variable-length sequences; issue 17).
   */
  readonly mask?: tf.Tensor;
}

/**
 * Every hidden state of a GRU over the second-to-last axis.
 *
 * @param x - `[...lead, T, in]`
 * @returns `[...lead, T, H]`
 */
export function gru(x: tf.Tensor, w: GruWeights, o: GruOptions = {}): tf.Tensor {
  const [inSize, h3] = w.wIh.shape;
  const hidden = w.wHh.shape[0];
  if (x.rank < 2 || x.shape[x.rank - 1] !== inSize) throw new InternalError(`gru: input [${x.shape}] does not have ${inSize} features on its last axis`);
  if (h3 !== 3 * hidden || w.wHh.shape[1] !== h3) throw new InternalError(`gru: weights [${w.wIh.shape}], [${w.wHh.shape}] are not [in, 3H], [H, 3H]`);
  const lead = x.shape.slice(0, -2);
  const steps = x.shape[x.rank - 2]!;
  const n = x.size / (steps * inSize);
  // All steps' input projections at once: [N·T, 3H] → T tensors [N, 3H].
  const projected = dense(tf.reshape(x, [n * steps, inSize]), w.wIh, w.bIh, 'linear', { inputIsConstant: o.inputIsConstant === true });
  // (tfjs's gradients of unstack and split fail for a single piece, hence the reshape when T = 1.)
  const perStep = steps === 1 ? [projected] : tf.split(tf.reshape(projected, [n, steps, h3]), steps, 1).map((p) => tf.reshape(p, [n, h3]));
  const masks = o.mask === undefined ? undefined : steps === 1 ? [tf.reshape(o.mask, [n, 1])] : tf.split(tf.reshape(o.mask, [n, steps]), steps, 1);
  const states: tf.Tensor2D[] = new Array<tf.Tensor2D>(steps);
  // h₀ = 0 as a tensor (not a special first step), so W_hh stays connected to the output and gets its
  // (zero) gradient even when T = 1, as optimizers expect of every weight.
  let h: tf.Tensor2D = tf.zeros([n, hidden]);
  for (let k = 0; k < steps; k++) {
    const t = o.reverse === true ? steps - 1 - k : k;
    const [xr, xz, xn] = tf.split(perStep[t]!, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [hr, hz, hn] = tf.split(dense(h, w.wHh, w.bHh), 3, 1);
    const r = tf.sigmoid(tf.add(xr, hr!));
    const z = tf.sigmoid(tf.add(xz, hz!));
    const cand = tf.tanh(tf.add(xn, tf.mul(r, hn!)));
    // (1 − z)·n + z·h = n + z·(h − n).
    h = tf.add(cand, tf.mul(z, tf.sub(h, cand)));
    const m = masks?.[t];
    if (m !== undefined) h = tf.mul(h, m);
    states[t] = h;
  }
  return tf.reshape(steps === 1 ? states[0]! : tf.stack(states, 1), [...lead, steps, hidden]);
}
