/**
 * The structured inference network for a sequence of latents (Krishnan, Shalit & Sontag 2017,
 * "Structured inference networks for nonlinear state space models", AAAI; the "ST-L" guide, as in
 * Pyro's DMM example): a GRU runs backward over the observations, so its state h_t summarises x[t..T),
 * and a combiner conditions each step on the previous draw,
 *
 *   h_t        = GRU_backward(x)[t]
 *   c_t        = ½ (tanh(z_{t−1} W_z + b_z) + h_t)          (z_{−1} is a learned z₀)
 *   loc_t      = (c_t W_head + b_head)[0:D]
 *   scale_t    = softplus((c_t W_head + b_head)[D:2D]) + floor
 *   z_t        ~ Normal(loc_t, scale_t),   log q(z | x) = Σ_t m_t · log N(z_t; loc_t, scale_t)
 *
 * with every weight shared over t. The factorization q(z | x) = Π_t q(z_t | z_{t−1}, x[t..T)) has the
 * structure of the exact posterior of a Markov chain observed step by step (z_t ⊥ x[0..t) given z_{t−1}),
 * which is why a linear-Gaussian model's ELBO can reach its Kalman evidence.
 *
 * Sampling is sequential over t (each draw feeds the next step's combiner); a row's steps past its length
 * (mask m_t = 0) add nothing to log q and, through the GRU's mask, nothing to the states of its steps.
 * Callers run this inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { createDistribution } from '../distributions/create.js';
import type { Rng } from '../distributions/rng.js';
import { stopGradient } from '../common/stop-gradient.js';
import { dense } from './dense.js';
import { gru, type GruWeights } from './layers/gru.js';

/** The combiner's weights (shared over steps). */
export interface CombinerWeights {
  /** z_{t−1} to the GRU's width: `[D, H]` and `[H]`. */
  readonly wz: tf.Tensor;
  readonly bz: tf.Tensor;
  /** The loc and scale heads side by side: `[H, 2D]` and `[2D]`. */
  readonly wHead: tf.Tensor;
  readonly bHead: tf.Tensor;
  /** The learned stand-in for z_{−1}: `[D]`. */
  readonly z0: tf.Tensor;
}

/** All the weights of a structured guide. */
export interface StructuredGuideWeights {
  readonly gru: GruWeights;
  readonly combiner: CombinerWeights;
}

/** How to run it. */
export interface StructuredGuideOptions {
  /** Draws per row, S. */
  readonly samples: number;
  readonly rng: Rng;
  /** Added to every scale (the derived guides' floor). */
  readonly scaleFloor: number;
  /** Given values `[S or 1, B, T, D]`: scored instead of drawn (each step conditions on the given z_{t−1}). */
  readonly fixed?: tf.Tensor;
  /** Plug each step's loc in instead of a draw; no log q. */
  readonly useMeans?: boolean;
  /** Sticking the landing (Roeder et al. 2017): log q with each step's loc and scale stopped. */
  readonly stopParamsInLogQ?: boolean;
  /** The encoder's input is data: skip its gradient. */
  readonly inputIsData?: boolean;
}

/** What a run produced. */
export interface StructuredGuideTrace {
  /** The draws `[S, B, T, D]`. */
  readonly z: tf.Tensor;
  /** log q(z | x) per draw and row, `[S, B]` (zeros with `useMeans`). */
  readonly logq: tf.Tensor;
  /**
   * Every step's conditional loc and scale along the drawn path, `[S, B, T, D]`: the Normal they make has
   * log density at `z`, summed over the steps a row has, log q(z | x) (the conditionals, not the marginals).
   */
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;
}

/**
 * The backward GRU's states: h_t summarises x[t..T) (and, with a mask, x[t..len)).
 *
 * @param x - the encoder's input `[B, T, F]`
 * @param mask - `[B, T]` of 1 and 0, or undefined for full rows
 * @returns `[B, T, H]`
 */
export function backwardStates(x: tf.Tensor, w: GruWeights, mask: tf.Tensor | undefined, inputIsData: boolean): tf.Tensor {
  return gru(x, w, { reverse: true, inputIsConstant: inputIsData, ...(mask === undefined ? {} : { mask }) });
}

/**
 * Draws (or scores) z[0..T) step by step from the combiner, given the backward states.
 *
 * @param h - `[B, T, H]` from {@link backwardStates}
 * @param mask - `[B, T]` or undefined
 */
export function runCombiner(h: tf.Tensor, w: CombinerWeights, mask: tf.Tensor | undefined, o: StructuredGuideOptions): StructuredGuideTrace {
  const [batch, steps, hidden] = h.shape as [number, number, number];
  const [d, h2] = w.wz.shape as [number, number];
  if (h2 !== hidden || w.wHead.shape[0] !== hidden || w.wHead.shape[1] !== 2 * d) {
    throw new InternalError(`structured guide: combiner weights [${w.wz.shape}], [${w.wHead.shape}] do not fit states of width ${hidden}`);
  }
  const s = o.fixed !== undefined ? Math.max(o.samples, o.fixed.shape[0] as number) : o.samples;
  const rows = s * batch;
  const perStep = steps === 1 ? [tf.reshape(h, [batch, hidden])] : tf.split(h, steps, 1).map((x) => tf.reshape(x, [batch, hidden]));
  const given = o.fixed === undefined ? undefined : tf.split(tf.broadcastTo(o.fixed, [s, batch, steps, d]), steps, 2).map((x) => tf.reshape(x, [rows, d]));
  let prev: tf.Tensor = tf.broadcastTo(tf.reshape(w.z0, [1, d]), [rows, d]);
  const zs: tf.Tensor[] = [];
  const locs: tf.Tensor[] = [];
  const scales: tf.Tensor[] = [];
  const terms: tf.Tensor[] = [];
  for (let t = 0; t < steps; t++) {
    // c_t = ½ (tanh(z_{t−1} W_z + b_z) + h_t), the states broadcast over the S draws.
    const fromZ = tf.reshape(tf.tanh(dense(prev as tf.Tensor2D, w.wz as tf.Tensor2D, w.bz as tf.Tensor1D)), [s, batch, hidden]);
    const c = tf.reshape(tf.mul(0.5, tf.add(fromZ, perStep[t] as tf.Tensor)), [rows, hidden]);
    const out = dense(c as tf.Tensor2D, w.wHead as tf.Tensor2D, w.bHead as tf.Tensor1D);
    const loc = tf.slice(out, [0, 0], [rows, d]);
    const scale = tf.add(tf.softplus(tf.slice(out, [0, d], [rows, d])), o.scaleFloor);
    const q = createDistribution('Normal', { loc, scale });
    const z = given?.[t] ?? (o.useMeans === true ? loc : q.sample([], o.rng));
    if (o.useMeans !== true) {
      const qq = o.stopParamsInLogQ === true ? createDistribution('Normal', { loc: stopGradient(loc), scale: stopGradient(scale) }) : q;
      terms.push(tf.sum(qq.logProbInSupport(z), 1));
    }
    zs.push(z);
    locs.push(loc);
    scales.push(scale);
    prev = z;
  }
  const stack = (xs: tf.Tensor[]) => tf.reshape(tf.stack(xs, 1), [s, batch, steps, d]);
  let logq: tf.Tensor = tf.zeros([s, batch]);
  if (terms.length > 0) {
    // [S·B, T] per-step terms, masked past each row's length.
    let perStepTerms = tf.reshape(tf.stack(terms, 1), [s, batch, steps]);
    if (mask !== undefined) perStepTerms = tf.mul(perStepTerms, tf.reshape(mask, [1, batch, steps]));
    logq = tf.sum(perStepTerms, 2);
  }
  return { z: stack(zs), logq, loc: stack(locs), scale: stack(scales) };
}

/** The whole guide: the backward states, then the combiner. */
export function runStructuredGuide(x: tf.Tensor, w: StructuredGuideWeights, mask: tf.Tensor | undefined, o: StructuredGuideOptions): StructuredGuideTrace {
  return runCombiner(backwardStates(x, w.gru, mask, o.inputIsData === true), w.combiner, mask, o);
}
