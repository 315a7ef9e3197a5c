/**
 * The evidence lower bound, estimated by SGVB (Kingma & Welling 2014, Algorithm 1, eqs. 7 and 10):
 *
 *   ELBO(x) ≈ (1/L) Σ_l [ log p(x, z_l) − log q(z_l | x) ],  z_l = g_φ(ε_l, x),
 *
 * with −KL(q ‖ p) substituted, in closed form, for the log p(z) − log q(z | x) of every latent the plan
 * marks analytic (the "second estimator" of Kingma & Welling, lower variance).
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-core';
import { logWeight, type SiteTerm } from '../site-terms.js';

/** Per-datapoint ELBO estimate `[B]`: the mean over the L samples of the log weight. */
export function elbo(terms: readonly SiteTerm[], datasetSize: number): tf.Tensor {
  const w = logWeight(terms, datasetSize); // [L, B]: log p(x, z_l) − log q(z_l | x), KL-substituted
  return tfc.mean(w, 0); // (1/L) Σ_l
}
