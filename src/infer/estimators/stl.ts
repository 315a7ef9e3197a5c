/**
 * "Sticking the landing" (Roeder, Wu & Duvenaud 2017): the path-derivative gradient of the ELBO. The
 * total derivative of log q(z(φ, ε) | φ) has a path part, through z, and a score part, ∂/∂φ log q with z
 * held fixed, whose expectation is zero. Dropping the score part keeps the estimator unbiased and makes
 * its variance vanish as q approaches the exact posterior. It is obtained by evaluating log q with the
 * guide's distribution parameters stopped (the runtime's `stopGuideParamsInLogQ`), while z keeps its
 * pathwise dependence on φ; the estimate's value is the ordinary ELBO.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { elbo } from './elbo.js';
import type { SiteTerm } from '../site-terms.js';

/** Per-datapoint ELBO `[B]` whose gradient is the path derivative (terms must come from a stopped-log-q guide run). */
export function stl(terms: readonly SiteTerm[], datasetSize: number): tf.Tensor {
  return elbo(terms, datasetSize);
}
