/**
 * The ELBO with one discrete latent y summed out exactly (`--discrete enumerate`): for a y with finite
 * support of V values,
 *
 *   ELBO(x) = Σ_y q(y | x) · E_{q(z | x, y)} [ log p(x, y, z) − log q(y | x) − log q(z | x, y) ],
 *
 * the sum over y in closed form and the expectation over the rest of the guide by S draws per value
 * (Kingma, Rezende, Mohamed & Welling 2014, eq. 7, the unlabelled term of M2; Pyro's TraceEnum_ELBO).
 * Its gradient in q(y | x)'s parameters flows through the weights q(y | x) themselves, so y needs no
 * relaxation and no score function; if nothing else is sampled the bound has no Monte Carlo error.
 * The runtime lays the values along the draws (`Program.runGuide`: draw v·S + l has y = v), so a term
 * `[V · S, B]` is reshaped to `[V, S, B]`, averaged over S and summed over V with weights q(v | x).
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-core';

/**
 * Σ_v q(v | x) · (1/S) Σ_l t[v·S + l] per datapoint `[B]`, for a term `t` of shape `[V · S, B]` (or
 * `[V · S, 1]` for a global term) and the enumerated latent's log q `[V · S, B]`.
 */
export function enumeratedMean(t: tf.Tensor, logqEnumerated: tf.Tensor, values: number): tf.Tensor {
  const all = logqEnumerated.shape[0] as number;
  const batch = logqEnumerated.shape[1] as number;
  const draws = all / values;
  // log q(y = v | x) is the same on every draw of block v: read it off the first.
  const weights = tfc.exp(tfc.reshape(tfc.slice(tfc.reshape(logqEnumerated, [values, draws, batch]), [0, 0, 0], [values, 1, batch]), [values, batch]));
  const perValue = tfc.mean(tfc.reshape(t, [values, draws, t.shape[1] as number]), 1); // [V, B or 1]
  return tfc.sum(tfc.mul(weights, perValue), 0);
}
