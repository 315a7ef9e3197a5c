/**
 * The importance-weighted bound (Burda, Grosse & Salakhutdinov 2016, eq. 8):
 *
 *   L_K(x) = E[ log (1/K) Σ_k p(x, z_k) / q(z_k | x) ],  z_k ~ q(z | x) i.i.d.,
 *
 * computed as logsumexp_k(log w_k) − log K, so no weight is ever exponentiated on its own. L_1 is the
 * ELBO and L_K increases towards log p(x) as K grows. Global latents (if any) are drawn once per step and
 * enter as in the ELBO: the bound is then E_q(w)[log p(w)/q(w) + Σ_i L_K(x_i | w)], still ≤ log p(x).
 *
 * With enumerated discrete latents y (src/infer/estimators/enumerate.ts), each weight sums y out exactly:
 *
 *   w_k = Σ_y p(x, y, z_k⁽ʸ⁾) / q(z_k⁽ʸ⁾ | x, y),   z_k⁽ʸ⁾ ~ q(z | x, y) independently for each y,
 *
 * which is unbiased for p(x): E[w_k] = Σ_y ∫ q(z | x, y) p(x, y, z) / q(z | x, y) dz = Σ_y p(x, y) = p(x).
 * So by Jensen, L_K = E[log (1/K) Σ_k w_k] ≤ log E[(1/K) Σ_k w_k] = log p(x) as for any unbiased weights,
 * and when nothing but y is latent (or q(z | x, y) is the exact posterior) every w_k equals p(x): the
 * bound is log p(x) itself, with no variance. The runtime's log weights at value y already carry
 * −log q(y | x) (the enumerated site's own term), so w_k = Σ_y q(y | x) · exp(log W[y, k]): the
 * q(y | x)-weighted sum of enumerate.ts, in log space. q(y | x) cancels from the value, so the bound gives
 * q(y | x)'s parameters no gradient: under IWAE an enumerated latent's encoder is trained only by other
 * terms of the loss (a classification term), not by the bound.
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-core';
import { logWeight, type SiteTerm } from '../site-terms.js';
import { enumeratedLogWeights, type Enumeration } from './enumerate.js';

/** log (1/K) Σ_k w_k per datapoint `[B]` from log weights `[K, B]`. */
function logMeanExp(logW: tf.Tensor): tf.Tensor {
  const k = logW.shape[0] as number;
  return tfc.sub(tfc.logSumExp(logW, 0), Math.log(k));
}

/** Per-datapoint IWAE bound `[B]` from K importance samples along the first axis. */
export function iwae(terms: readonly SiteTerm[], datasetSize: number): tf.Tensor {
  return logMeanExp(logWeight(terms, datasetSize)); // log W: [K, B], log p(x, z_k) − log q(z_k | x)
}

/** Per-datapoint IWAE bound `[B]` with enumerated latents summed out of each weight, from log weights `[T · K, B]`. */
export function enumeratedIwae(logW: tf.Tensor, en: Enumeration): tf.Tensor {
  return logMeanExp(enumeratedLogWeights(logW, en)); // log w_k: [K, B]
}
