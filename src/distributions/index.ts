/**
 * The runtime distributions: the contract, the factory over the registry, the KL registry, the seeded
 * random source and the special functions other stages use.
 */
export type { Distribution, DistributionFamily, RelaxableDistribution, SamplerKind } from './distribution.js';
export { isRelaxable } from './distribution.js';
export { createDistribution, IMPLEMENTATIONS } from './create.js';
export { analyticKLPairs, hasAnalyticKL, kl, KLNotRegisteredError, registerKL } from './kl.js';
export { Rng } from './rng.js';
export { stopGradient } from '../common/stop-gradient.js';
export * as special from './special.js';
