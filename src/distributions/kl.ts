/**
 * The KL registry: analytic KL(p ‖ q) for registered pairs of families, as TFP's `RegisterKL` and
 * torch's `register_kl`. Registering a pair twice is an error (as in TFP). Which pairs have one is data
 * (`src/registry/kl-pairs.ts`, read by the plan without loading TensorFlow.js); this file implements each
 * row, in one visible list at the bottom, with the formulas in kl-formulas.ts (a test checks that the
 * implemented pairs are exactly the table's).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import type { DistributionName } from '../registry/distributions.js';
import { analyticKLPairs, declareAnalyticKL, hasAnalyticKL, type KLPair } from '../registry/kl-pairs.js';
import type { Distribution, DistributionFamily } from './distribution.js';
import {
  klBernoulliBernoulli,
  klBetaBeta,
  klCategoricalCategorical,
  klDirichletDirichlet,
  klExponentialExponential,
  klGammaGamma,
  klHalfCauchyHalfCauchy,
  klHalfNormalHalfNormal,
  type KLFormula,
  klKumaraswamyBeta,
  klLaplaceLaplace,
  klLogisticNormalLogisticNormal,
  klMultivariateNormalMultivariateNormal,
  klLowRankLowRank,
  klLowRankMultivariateNormal,
  klNormalNormal,
  klKumaraswamyUniform,
  klUniformUniform,
  klWeibullGamma,
} from './kl-formulas.js';

/** Thrown by {@link kl} for a pair without an analytic KL: the caller should have asked {@link hasAnalyticKL}. */
export class KLNotRegisteredError extends InternalError {
  /**
   * @param p - the first family
   * @param q - the second family
   */
  constructor(
    readonly p: DistributionFamily,
    readonly q: DistributionFamily,
  ) {
    super(`no analytic KL(${p} ‖ ${q}) is registered; use a Monte Carlo estimate (registered pairs: ${describePairs()})`);
    this.name = 'KLNotRegisteredError';
  }
}

export { analyticKLPairs, hasAnalyticKL } from '../registry/kl-pairs.js';

const registry = new Map<string, { readonly pair: KLPair; readonly fn: KLFormula }>();

function key(p: DistributionFamily, q: DistributionFamily): string {
  return `${p}\u2016${q}`;
}

function describePairs(): string {
  return analyticKLPairs().map((pair) => `${pair[0]}‖${pair[1]}`).join(', ');
}

/**
 * Registers the analytic KL(p ‖ q) for families `p` and `q`, and declares the pair in the table the
 * plan reads. `fn` must return the KL elementwise over the broadcast batch (summed over the event for
 * vector rows). A formula applies only to the families' parameterizations without bound parameters
 * (`Kumaraswamy(a, b)`, not `Kumaraswamy(a, b, low: l, high: h)`) unless it is registered with
 * `bounded: true`, meaning it reads the bounds of either side (Uniform's, always). Throws
 * {@link InternalError} when the pair already has a formula.
 */
export function registerKL(p: DistributionName, q: DistributionName, fn: (p: Distribution, q: Distribution) => tf.Tensor, options: { bounded?: boolean } = {}): void {
  const k = key(p, q);
  if (registry.has(k)) throw new InternalError(`KL(${p} ‖ ${q}) is already registered`);
  registry.set(k, { pair: [p, q], fn });
  declareAnalyticKL(p, q, options.bounded === true);
}

/** The pairs with a formula here, in registration order (the test against the table reads it). */
export function implementedKLPairs(): readonly KLPair[] {
  return [...registry.values()].map((e) => e.pair);
}

/**
 * The analytic KL(p ‖ q), elementwise over the broadcast of the two batch shapes (summed over the
 * event axis for vector rows). Throws {@link KLNotRegisteredError} for an unregistered pair (including
 * the relaxations, which have none, and pairs whose formula does not apply to a bounded parameterization).
 */
export function kl(p: Distribution, q: Distribution): tf.Tensor {
  const entry = registry.get(key(p.family, q.family));
  if (entry === undefined || !hasAnalyticKL(p.family, q.family, { p: Object.keys(p.params), q: Object.keys(q.params) })) throw new KLNotRegisteredError(p.family, q.family);
  return tf.tidy(() => entry.fn(p, q));
}

// The formulas of the built-in pairs (src/registry/kl-pairs.ts), in one place.
registerKL('Normal', 'Normal', klNormalNormal);
registerKL('Laplace', 'Laplace', klLaplaceLaplace);
registerKL('Exponential', 'Exponential', klExponentialExponential);
registerKL('HalfNormal', 'HalfNormal', klHalfNormalHalfNormal);
registerKL('HalfCauchy', 'HalfCauchy', klHalfCauchyHalfCauchy);
registerKL('Gamma', 'Gamma', klGammaGamma);
registerKL('Beta', 'Beta', klBetaBeta);
registerKL('LogNormal', 'LogNormal', klNormalNormal);
registerKL('Bernoulli', 'Bernoulli', klBernoulliBernoulli);
registerKL('Categorical', 'Categorical', klCategoricalCategorical);
registerKL('Uniform', 'Uniform', klUniformUniform, { bounded: true });
registerKL('Kumaraswamy', 'Uniform', klKumaraswamyUniform, { bounded: true });
registerKL('Kumaraswamy', 'Beta', klKumaraswamyBeta);
registerKL('Dirichlet', 'Dirichlet', klDirichletDirichlet);
registerKL('Weibull', 'Gamma', klWeibullGamma);
registerKL('LogisticNormal', 'LogisticNormal', klLogisticNormalLogisticNormal);
registerKL('MultivariateNormal', 'MultivariateNormal', klMultivariateNormalMultivariateNormal);
registerKL('LowRankMultivariateNormal', 'MultivariateNormal', klLowRankMultivariateNormal);
registerKL('LowRankMultivariateNormal', 'LowRankMultivariateNormal', klLowRankLowRank);
