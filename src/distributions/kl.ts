/**
 * The KL registry: analytic KL(p ‖ q) for registered pairs of families, as TFP's `RegisterKL` and
 * torch's `register_kl`. Registering a pair twice is an error (as in TFP). The built-in pairs are
 * registered in one visible list at the bottom of this file; the formulas live in kl-formulas.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { boundsOf, lookupDistribution, type DistributionName } from '../registry/distributions.js';
import type { Distribution, DistributionFamily } from './distribution.js';
import {
  klBernoulliBernoulli,
  klBetaBeta,
  klCategoricalCategorical,
  klDirichletDirichlet,
  klExponentialExponential,
  klGammaGamma,
  type KLFormula,
  klKumaraswamyBeta,
  klLaplaceLaplace,
  klLogisticNormalLogisticNormal,
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

interface Entry {
  readonly pair: readonly [DistributionName, DistributionName];
  readonly fn: KLFormula;
  /** Whether the formula reads the bound parameters of bounded parameterizations (see {@link registerKL}). */
  readonly bounded: boolean;
}

const registry = new Map<string, Entry>();

function key(p: DistributionFamily, q: DistributionFamily): string {
  return `${p}\u2016${q}`;
}

function describePairs(): string {
  return [...registry.values()].map((e) => `${e.pair[0]}‖${e.pair[1]}`).join(', ');
}

/**
 * Registers the analytic KL(p ‖ q) for families `p` and `q`. `fn` must return the KL elementwise over
 * the broadcast batch (summed over the event for vector rows). A formula applies only to the families'
 * parameterizations without bound parameters (`Kumaraswamy(a, b)`, not `Kumaraswamy(a, b, low: l,
 * high: h)`) unless it is registered with `bounded: true`, meaning it reads the bounds of either side
 * (Uniform's, always). Throws {@link InternalError} when the pair is already registered.
 */
export function registerKL(p: DistributionName, q: DistributionName, fn: (p: Distribution, q: Distribution) => tf.Tensor, options: { bounded?: boolean } = {}): void {
  const k = key(p, q);
  if (registry.has(k)) throw new InternalError(`KL(${p} ‖ ${q}) is already registered`);
  registry.set(k, { pair: [p, q], fn, bounded: options.bounded === true });
}

function isBounded(name: DistributionFamily, params: Iterable<string> | undefined): boolean {
  const spec = lookupDistribution(name);
  if (spec === undefined) return false;
  return boundsOf(spec, params ?? (spec.parameterizations[0] ?? []).map((x) => x.name)) !== undefined;
}

function applies(e: Entry | undefined, pParams?: Iterable<string>, qParams?: Iterable<string>): e is Entry {
  return e !== undefined && (e.bounded || (!isBounded(e.pair[0], pParams) && !isBounded(e.pair[1], qParams)));
}

/**
 * Whether an analytic KL(p ‖ q) is registered for these parameterizations of the two families, given
 * by their parameter names (default: each row's first parameterization).
 */
export function hasAnalyticKL(p: DistributionName, q: DistributionName, params: { p?: Iterable<string>; q?: Iterable<string> } = {}): boolean {
  return applies(registry.get(key(p, q)), params.p, params.q);
}

/** The registered pairs, in registration order. */
export function analyticKLPairs(): ReadonlyArray<readonly [DistributionName, DistributionName]> {
  return [...registry.values()].map((e) => e.pair);
}

/**
 * The analytic KL(p ‖ q), elementwise over the broadcast of the two batch shapes (summed over the
 * event axis for vector rows). Throws {@link KLNotRegisteredError} for an unregistered pair (including
 * the relaxations, which have none, and pairs whose formula does not apply to a bounded parameterization).
 */
export function kl(p: Distribution, q: Distribution): tf.Tensor {
  const entry = registry.get(key(p.family, q.family));
  if (!applies(entry, Object.keys(p.params), Object.keys(q.params))) throw new KLNotRegisteredError(p.family, q.family);
  return tf.tidy(() => entry.fn(p, q));
}

// The built-in pairs, in one place.
registerKL('Normal', 'Normal', klNormalNormal);
registerKL('Laplace', 'Laplace', klLaplaceLaplace);
registerKL('Exponential', 'Exponential', klExponentialExponential);
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
