/**
 * VIMCO (Mnih & Rezende 2016, "Variational inference for Monte Carlo objectives"): the IWAE
 * bound L̂ = log (1/K) Σ_k f_k, f_k = p(x, h_k) / q(h_k | x), for latents h without a pathwise sampler,
 * with a learning signal per sample that is its own baseline's complement:
 *
 *   ∇_φ L̂ ≈ Σ_j [L̂ − L̂_{−j}] ∇_φ log q(h_j | x) + Σ_j w̃_j ∇_φ log f_j,
 *   L̂_{−j} = log (1/K) (Σ_{i≠j} f_i + f̂_{−j}),   log f̂_{−j} = (1/(K−1)) Σ_{i≠j} log f_i,
 *
 * i.e. sample j's signal is how much the bound would lose if f_j were replaced by the geometric mean of
 * the others — a baseline from the other K − 1 samples, with no learned parameters (hence K ≥ 2). The
 * second sum is the ordinary gradient of L̂ (pathwise sites keep their reparameterized gradient); the
 * first enters as a zero-valued surrogate. Every latent must be local: a global latent's single draw
 * has no other samples to compare with.
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-core';
import { stopGradient } from '../../common/stop-gradient.js';
import { logWeight, type SiteTerm } from '../site-terms.js';
import { iwae } from './iwae.js';

/** The bound `[B]`: IWAE's. */
export function vimcoBound(terms: readonly SiteTerm[], datasetSize: number): tf.Tensor {
  return iwae(terms, datasetSize);
}

/** The leave-one-out signals L̂ − L̂_{−j}, `[K, B]`, with no gradient. */
export function leaveOneOutSignals(logF: tf.Tensor): tf.Tensor {
  const f = stopGradient(logF); // [K, B]
  const k = f.shape[0] as number;
  const bound = tfc.sub(tfc.logSumExp(f, 0), Math.log(k)); // L̂, [B]
  const others = tfc.div(tfc.sub(tfc.sum(f, 0, true), f), k - 1); // log f̂_{−j} = mean of the others, [K, B]
  // Row j of [K(j), K(i), B]: log f_i for i ≠ j, and log f̂_{−j} in place of log f_j.
  const eye = tfc.cast(tfc.expandDims(tfc.eye(k), 2), 'bool'); // [K, K, 1]
  const replaced = tfc.where(tfc.broadcastTo(eye, [k, k, f.shape[1] as number]), tfc.broadcastTo(tfc.expandDims(others, 1), [k, k, f.shape[1] as number]), tfc.broadcastTo(tfc.expandDims(f, 0), [k, k, f.shape[1] as number]));
  const withoutJ = tfc.sub(tfc.logSumExp(replaced, 1), Math.log(k)); // L̂_{−j}, [K, B]
  return tfc.sub(bound, withoutJ); // L̂ − L̂_{−j}
}

/**
 * The zero-valued surrogate `[B]` whose φ-gradient is the first sum: Σ_j stop(L̂ − L̂_{−j}) · log q(h_j | x),
 * minus its own value. `scoreLogq` `[K, B]` is Σ over the score-function sites of log q at sample j.
 */
export function vimcoScoreSurrogate(terms: readonly SiteTerm[], datasetSize: number, scoreLogq: tf.Tensor): tf.Tensor {
  const signals = leaveOneOutSignals(logWeight(terms, datasetSize));
  const s = tfc.sum(tfc.mul(signals, scoreLogq), 0); // Σ_j (L̂ − L̂_{−j}) log q(h_j | x)
  return tfc.sub(s, stopGradient(s));
}
