/**
 * Doubly reparameterized gradients for the IWAE bound (Tucker, Lawson, Gu & Maddison 2019, "Doubly
 * reparameterized gradient estimators for Monte Carlo objectives"). The bound is IWAE's,
 *
 *   L_K(x) = log (1/K) Σ_k w_k,   log w_k = log p(x, z_k) − log q(z_k | x),   z_k = g_φ(ε_k, x),
 *
 * and θ (the model) gets its ordinary gradient Σ_k w̃_k ∂ log p(x, z_k)/∂θ, w̃_k = w_k / Σ_j w_j. For φ
 * (the guide) the score part of ∂ log w_k/∂φ — ∂/∂φ log q with z held fixed — is rewritten by a second
 * reparameterization into a path term, which leaves
 *
 *   ∇_φ L_K = E[ Σ_k w̃_k² · ∂ log w_k / ∂z_k · ∂z_k / ∂φ ],
 *
 * unbiased, and with a signal-to-noise ratio that grows with K where IWAE's own guide gradient shrinks
 * (Rainforth et al. 2018). The runtime evaluates log q with the guide's parameters stopped (the row's
 * `stopLogQParams`), so ∂ log w_k/∂φ is exactly the path term, and the guide's objective is
 * Σ_k stop(w̃_k²) · log w_k. The identity needs a reparameterized z_k given x: the row declares
 * `pathwise-local`, and the plan refuses score-function and global latents.
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-core';
import { stopGradient } from '../../common/stop-gradient.js';
import { logWeight, type SiteTerm } from '../site-terms.js';
import { iwae } from './iwae.js';

/** The bound `[B]` (θ's objective): IWAE's, on terms from a stopped-log-q guide run (the value is unchanged). */
export function dregBound(terms: readonly SiteTerm[], datasetSize: number): tf.Tensor {
  return iwae(terms, datasetSize);
}

/** The guide's objective `[B]`, Σ_k stop(w̃_k²) · log w_k, whose φ-gradient is DReG's (terms from a stopped-log-q run). */
export function dregGuideObjective(terms: readonly SiteTerm[], datasetSize: number): tf.Tensor {
  const logW = logWeight(terms, datasetSize); // [K, B]: log w_k, log q with φ stopped but z = g_φ(ε_k, x)
  const normalized = stopGradient(tfc.softmax(tfc.transpose(logW))); // [B, K]: w̃_k = w_k / Σ_j w_j, no gradient
  return tfc.sum(tfc.mul(tfc.square(normalized), tfc.transpose(logW)), 1); // Σ_k w̃_k² · log w_k
}
