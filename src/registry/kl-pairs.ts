/**
 * The pairs of families with a closed-form KL(p ‖ q), as data. The plan reads this table to choose an
 * analytic or a Monte Carlo KL term (so the compiler never loads TensorFlow.js); `src/distributions/kl.ts`
 * implements one formula per row, and a test checks that the implementations and this table agree.
 * Add a pair here and its formula there.
 */
import type { DistributionName } from './distributions.js';

/** A pair (p, q) for KL(p ‖ q): the guide's family first, the prior's second. */
export type KLPair = readonly [p: DistributionName, q: DistributionName];

/** The built-in pairs, in documentation order (docs/distributions.md lists them). */
export const BUILTIN_KL_PAIRS: readonly KLPair[] = [
  ['Normal', 'Normal'],
  ['Laplace', 'Laplace'],
  ['Exponential', 'Exponential'],
  ['Gamma', 'Gamma'],
  ['Beta', 'Beta'],
  ['LogNormal', 'LogNormal'],
  ['Bernoulli', 'Bernoulli'],
  ['Categorical', 'Categorical'],
  ['Uniform', 'Uniform'],
  ['Kumaraswamy', 'Beta'],
  ['Dirichlet', 'Dirichlet'],
  ['Weibull', 'Gamma'],
  ['LogisticNormal', 'LogisticNormal'],
];

function key(p: string, q: string): string {
  return `${p}\u2016${q}`;
}

// The table as a set, plus the pairs a program declares at run time through `registerKL`.
const declared = new Map<string, KLPair>(BUILTIN_KL_PAIRS.map((pair) => [key(pair[0], pair[1]), pair]));

/** Whether an analytic KL(p ‖ q) is declared (built in, or added by `registerKL`). */
export function hasAnalyticKL(p: DistributionName, q: DistributionName): boolean {
  return declared.has(key(p, q));
}

/** The declared pairs: the built-in ones in table order, then those added at run time. */
export function analyticKLPairs(): readonly KLPair[] {
  return [...declared.values()];
}

/**
 * Declares a pair added at run time (called by `registerKL` together with its formula), so the plan
 * sees it. Declaring a built-in pair again is allowed: implementing it twice is what `registerKL` refuses.
 */
export function declareAnalyticKL(p: DistributionName, q: DistributionName): void {
  if (!declared.has(key(p, q))) declared.set(key(p, q), [p, q]);
}
