/**
 * Discrete latents summed out exactly (`--discrete auto`, the default, or `enumerate`;
 * src/derive/enumeration.ts decides which). For enumerated latents y = (y_1, …, y_m) with T joint values,
 * the ELBO is
 *
 *   ELBO(x) = Σ_y q(y | x) · E_{q(z | x, y)} [ log p(x, y, z) − log q(y | x) − log q(z | x, y) ],
 *
 * the sum over y in closed form and the expectation over the rest of the guide by S draws per value
 * (Kingma, Rezende, Mohamed & Welling 2014, eq. 7, the unlabelled term of M2; Pyro's TraceEnum_ELBO).
 * q(y | x) = Π_i q(y_i | x, y_<i) is the product of the enumerated sites' log q at each joint value.
 * Its gradient in q(y | x)'s parameters flows through the weights q(y | x) themselves, so y needs no
 * relaxation and no score function; if nothing else is sampled the bound has no Monte Carlo error.
 * The IWAE bound with enumerated sites is in iwae.ts.
 *
 * The runtime lays the joint values along the draws (`Program.runGuide`): the draw axis is the flattened
 * `[V_1, …, V_m, S]`, so a term `[T · S, B]` is reshaped to `[T, S, B]`, weighted by q(y | x) and summed
 * over T — one reshape, no loop over values. Each of the S slices is then an independent estimate, so
 * evaluation's standard errors come from their spread as without enumeration.
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-core';
import { InternalError } from '../../common/diagnostic.js';
import type { GuideTrace, Program } from '../../runtime/program.js';

/** The enumeration of one guide run: the joint log q of the enumerated values on every draw, and T. */
export interface Enumeration {
  /** log q(y | x) = Σ_i log q(y_i | x, y_<i) at the joint value of each draw, `[T · S, B]`. */
  readonly logq: tf.Tensor;
  /** T, the joint number of values (the product of the enumerated sites' counts). */
  readonly values: number;
}

/** The enumeration of a guide run of `program` (undefined when nothing is enumerated). */
export function enumerationOf(program: Program, g: GuideTrace): Enumeration | undefined {
  if (program.enumerated.length === 0) return undefined;
  const logqs = program.enumerated.map((e) => {
    const lq = g.logq.get(e.name);
    if (lq === undefined) throw new InternalError(`no log q for enumerated site ${e.name}`);
    return lq;
  });
  return { logq: logqs.length === 1 ? (logqs[0] as tf.Tensor) : tfc.addN(logqs), values: program.enumerated.reduce((a, e) => a * (e.values ?? 1), 1) };
}

/** `[T · S, B]` (or broadcastable: a global term `[1, 1]`) → `[T, S, B]` beside the weights. */
function blocks(t: tf.Tensor, en: Enumeration): tf.Tensor {
  const all = en.logq.shape[0] as number;
  const full = t.shape[0] === all ? t : tfc.broadcastTo(t, [all, t.shape[1] as number]);
  return tfc.reshape(full, [en.values, all / en.values, full.shape[1] as number]);
}

/** Per sample l: Σ_y q(y | x) · t[y, l], `[S, B]` (B is 1 for a global term drawn per sample). */
export function enumeratedPerSample(t: tf.Tensor, en: Enumeration): tf.Tensor {
  const q = tfc.exp(blocks(en.logq, en)); // [T, S, B]
  const v = blocks(t, en);
  return tfc.sum(tfc.mul(q, v), 0);
}

/** Per sample l: log Σ_y q(y | x) · exp(logW[y, l]), `[S, B]`, by log-sum-exp (no weight exponentiated alone). */
export function enumeratedLogWeights(logW: tf.Tensor, en: Enumeration): tf.Tensor {
  return tfc.logSumExp(tfc.add(blocks(logW, en), blocks(en.logq, en)), 0);
}

/**
 * Σ_y q(y | x) · (1/S) Σ_l t[y, l] per datapoint `[B]`, for a term `t` of shape `[T · S, B]` (or
 * `[T · S, 1]` / `[1, 1]` for a global term) and the joint log q of the enumerated values `[T · S, B]`.
 */
export function enumeratedMean(t: tf.Tensor, logqEnumerated: tf.Tensor, values: number): tf.Tensor {
  return tfc.mean(enumeratedPerSample(t, { logq: logqEnumerated, values }), 0);
}

/** The enumerated ELBO per datapoint `[B]` from the log weights `[T · S, B]`. */
export function enumeratedElbo(logW: tf.Tensor, en: Enumeration): tf.Tensor {
  return tfc.mean(enumeratedPerSample(logW, en), 0);
}
