/**
 * The importance-weighted bound (Burda, Grosse & Salakhutdinov 2016, eq. 8):
 *
 *   L_K(x) = E[ log (1/K) Σ_k p(x, z_k) / q(z_k | x) ],  z_k ~ q(z | x) i.i.d.,
 *
 * computed as logsumexp_k(log w_k) − log K, so no weight is ever exponentiated on its own. L_1 is the
 * ELBO and L_K increases towards log p(x) as K grows. Global latents (if any) are drawn once per step and
 * enter as in the ELBO: the bound is then E_q(w)[log p(w)/q(w) + Σ_i L_K(x_i | w)], still ≤ log p(x).
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-core';
import { logWeight, type SiteTerm } from '../site-terms.js';

/** Per-datapoint IWAE bound `[B]` from K importance samples along the first axis. */
export function iwae(terms: readonly SiteTerm[], datasetSize: number): tf.Tensor {
  const logW = logWeight(terms, datasetSize); // [K, B]: log p(x, z_k) − log q(z_k | x)
  const k = logW.shape[0] as number;
  return tfc.sub(tfc.logSumExp(logW, 0), Math.log(k)); // log (1/K) Σ_k w_k
}
