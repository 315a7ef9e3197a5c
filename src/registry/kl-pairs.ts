/**
 * The pairs of families with a closed-form KL(p ‖ q), as data. The plan reads this table to choose an
 * analytic or a Monte Carlo KL term (so the compiler never loads TensorFlow.js); `src/distributions/kl.ts`
 * implements one formula per row, and a test checks that the implementations and this table agree.
 * Add a pair here and its formula there.
 */
import { boundsOf, lookupDistribution, type DistributionName } from './distributions.js';

/** A pair (p, q) for KL(p ‖ q): the guide's family first, the prior's second. */
export type KLPair = readonly [p: DistributionName, q: DistributionName];

/**
 * Pairs whose formula reads the bound parameters of a bounded parameterization (Uniform's always; the
 * stretched `Kumaraswamy(a, b, low: l, high: h)`). Every other formula applies only to parameterizations
 * without bounds (`Kumaraswamy(a, b)` ‖ Beta, not the stretched one).
 */
const BOUNDED_KL_PAIRS: readonly KLPair[] = [
  ['Uniform', 'Uniform'],
  ['Kumaraswamy', 'Uniform'],
];

/** The built-in pairs, in documentation order (docs/distributions.md lists them). */
export const BUILTIN_KL_PAIRS: readonly KLPair[] = [
  ['Normal', 'Normal'],
  ['Laplace', 'Laplace'],
  ['Exponential', 'Exponential'],
  ['HalfNormal', 'HalfNormal'],
  ['HalfCauchy', 'HalfCauchy'],
  ['Gamma', 'Gamma'],
  ['Beta', 'Beta'],
  ['LogNormal', 'LogNormal'],
  ['Bernoulli', 'Bernoulli'],
  ['Categorical', 'Categorical'],
  ['Uniform', 'Uniform'],
  ['Kumaraswamy', 'Uniform'],
  ['Kumaraswamy', 'Beta'],
  ['Dirichlet', 'Dirichlet'],
  ['Weibull', 'Gamma'],
  ['LogisticNormal', 'LogisticNormal'],
  ['MultivariateNormal', 'MultivariateNormal'],
  ['LowRankMultivariateNormal', 'MultivariateNormal'],
  ['LowRankMultivariateNormal', 'LowRankMultivariateNormal'],
];

function key(p: string, q: string): string {
  return `${p}\u2016${q}`;
}

interface Declared {
  readonly pair: KLPair;
  /** Whether the formula reads the bounds of bounded parameterizations (see {@link BOUNDED_KL_PAIRS}). */
  readonly bounded: boolean;
}

// The table as a set, plus the pairs a program declares at run time through `registerKL`.
const declared = new Map<string, Declared>(
  BUILTIN_KL_PAIRS.map((pair) => [key(pair[0], pair[1]), { pair, bounded: BOUNDED_KL_PAIRS.some((b) => b[0] === pair[0] && b[1] === pair[1]) }]),
);

function isBounded(name: string, params: Iterable<string> | undefined): boolean {
  const spec = lookupDistribution(name);
  if (spec === undefined) return false;
  return boundsOf(spec, params ?? (spec.parameterizations[0] ?? []).map((x) => x.name)) !== undefined;
}

/** The parameter names of each side of a KL pair (default: each row's first parameterization). */
export interface KLParams {
  readonly p?: Iterable<string>;
  readonly q?: Iterable<string>;
}

/**
 * Whether an analytic KL(p ‖ q) is declared (built in, or added by `registerKL`) for these
 * parameterizations of the two families, given by their parameter names.
 */
export function hasAnalyticKL(p: string, q: string, params: KLParams = {}): boolean {
  const d = declared.get(key(p, q));
  return d !== undefined && (d.bounded || (!isBounded(p, params.p) && !isBounded(q, params.q)));
}

/** The declared pairs: the built-in ones in table order, then those added at run time. */
export function analyticKLPairs(): readonly KLPair[] {
  return [...declared.values()].map((d) => d.pair);
}

/**
 * Declares a pair added at run time (called by `registerKL` together with its formula), so the plan
 * sees it. Declaring a built-in pair again is allowed: implementing it twice is what `registerKL` refuses.
 */
export function declareAnalyticKL(p: DistributionName, q: DistributionName, bounded = false): void {
  if (!declared.has(key(p, q))) declared.set(key(p, q), { pair: [p, q], bounded });
}
