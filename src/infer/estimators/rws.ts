/**
 * Reweighted wake-sleep (Bornschein & Bengio 2015, "Reweighted wake-sleep"), the wake phases with
 * K importance samples z_k ~ q(z | x), drawn without a pathwise gradient:
 *
 *   wake-θ:  ∇_θ ≈ Σ_k w̃_k ∇_θ log p(x, z_k)       (the IWAE bound's θ-gradient at these samples),
 *   wake-φ:  ∇_φ ≈ Σ_k w̃_k ∇_φ log q(z_k | x),     w̃_k = w_k / Σ_j w_j,  w_k = p(x, z_k) / q(z_k | x),
 *
 * i.e. θ ascends the IWAE bound while q descends a self-normalized estimate of KL(p(z | x) ‖ q(z | x)) —
 * not a bound, so the two are separate losses (the row's `loss: 'split'`). It needs neither a
 * reparameterized sampler nor a score-function surrogate, hence discrete latents as they are. The
 * estimate of ∇_φ is biased for finite K (self-normalization) and consistent as K grows; at q = p(z | x)
 * the weights are equal and the update is exactly zero. The sleep-φ phase (fitting q to model draws)
 * is not included.
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-core';
import { stopGradient } from '../../common/stop-gradient.js';
import { logWeight, type SiteTerm } from '../site-terms.js';
import { iwae } from './iwae.js';

/** The bound `[B]` (wake-θ's objective): IWAE's, at samples without a path. */
export function rwsBound(terms: readonly SiteTerm[], datasetSize: number): tf.Tensor {
  return iwae(terms, datasetSize);
}

/**
 * Wake-φ's objective `[B]`, Σ_k stop(w̃_k) · log q(z_k | x), up to a term without φ: the latent terms are
 * log p(z | pa) − log q(z | x), and log p(z | pa) has no path to φ (the samples are stopped and θ is not
 * differentiated in the guide's pass), so Σ_k w̃_k (log q − log p) has exactly the φ-gradient of wake-φ.
 */
export function rwsGuideObjective(terms: readonly SiteTerm[], datasetSize: number): tf.Tensor {
  const normalized = stopGradient(tfc.softmax(tfc.transpose(logWeight(terms, datasetSize)))); // [B, K]: w̃_k
  const latent = terms.filter((t) => t.role === 'latent');
  const logq = tfc.neg(logWeight(latent, datasetSize)); // [K, B]: log q − log p
  return tfc.sum(tfc.mul(normalized, tfc.transpose(logq)), 1);
}
