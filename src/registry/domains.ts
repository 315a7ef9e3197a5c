/**
 * The language's value domains, as data. Declarations name a {@link DomainName}; the checker refines
 * expressions to a finer {@link ValueDomain} (e.g. `relu(x)` is `NonNegative`) and compares them with
 * {@link isSubdomain}. Both the checker and the runtime (data validation, guide families) read this table.
 */

/** Domains a user may write in `data`, `param` and `latent` declarations. */
export type DomainName = 'Real' | 'Positive' | 'Unit' | 'Binary' | 'Count' | 'Category' | 'Simplex';

/**
 * The refinement lattice used for expressions: the declared domains plus two that only arise from
 * expressions and supports: `NonNegative` ([0, ∞): `relu`, `abs`, `x^2`) and `UnitInterval` (the closed
 * [0, 1], the support of ContinuousBernoulli).
 */
export type ValueDomain = DomainName | 'NonNegative' | 'UnitInterval';

/** All names a user may write as a domain, in documentation order. */
export const DOMAIN_NAMES: readonly DomainName[] = ['Real', 'Positive', 'Unit', 'Binary', 'Count', 'Category', 'Simplex'];

/** What each domain means, for messages and docs. */
export const DOMAIN_DESCRIPTIONS: Readonly<Record<ValueDomain, string>> = {
  Real: 'any real number',
  Positive: 'a real number > 0',
  Unit: 'a real number in the open interval (0, 1)',
  UnitInterval: 'a real number in the closed interval [0, 1]',
  NonNegative: 'a real number >= 0',
  Binary: '0 or 1',
  Count: 'a non-negative integer 0, 1, 2, ...',
  Category: 'one of K categories, represented as a one-hot vector of length K',
  Simplex: 'a vector of positive numbers summing to 1',
};

/** Immediate supersets of each domain; {@link isSubdomain} takes the transitive closure. */
const PARENTS: Readonly<Record<ValueDomain, readonly ValueDomain[]>> = {
  Real: [],
  NonNegative: ['Real'],
  Positive: ['NonNegative'],
  UnitInterval: ['NonNegative'],
  Unit: ['Positive', 'UnitInterval'],
  Count: ['NonNegative'],
  Binary: ['Count', 'UnitInterval'],
  Simplex: ['Positive', 'UnitInterval'],
  // A one-hot vector: each element is 0 or 1.
  Category: ['Binary'],
};

/** True when every value of `sub` is a value of `sup` (elementwise for vector domains). */
export function isSubdomain(sub: ValueDomain, sup: ValueDomain): boolean {
  if (sub === sup) return true;
  return PARENTS[sub].some((p) => isSubdomain(p, sup));
}

/** The most specific domain containing both (the join in the lattice); `Real` at worst. */
export function joinDomains(a: ValueDomain, b: ValueDomain): ValueDomain {
  if (isSubdomain(a, b)) return b;
  if (isSubdomain(b, a)) return a;
  // Walk up from `a` breadth-first; the first ancestor containing `b` is the join.
  const queue: ValueDomain[] = [...PARENTS[a]];
  while (queue.length > 0) {
    const d = queue.shift() as ValueDomain;
    if (isSubdomain(b, d)) return d;
    queue.push(...PARENTS[d]);
  }
  return 'Real';
}

/** Whether the domain's values are integers (so a data file must hold integers). */
export function isDiscrete(d: ValueDomain): boolean {
  return d === 'Binary' || d === 'Count' || d === 'Category';
}

/**
 * How a value of a domain enters a derived encoder: the elementwise function applied first, with why.
 * Counts are unbounded and heavy-tailed (a Poisson's variance grows with its mean), so raw counts in the
 * tens or hundreds saturate an encoder's first layer at initialisation; log1p keeps 0 at 0 and grows like
 * log, the transform the hand-written count guides apply (test/fixtures/pmf/). Other domains enter as they are: bounded ones ([0, 1], one-hot) are already on the
 * scale of the weights' initialisation, and Real and Positive values are the model's own coordinates.
 */
export const ENCODER_INPUT: Readonly<Partial<Record<ValueDomain, { readonly fn: 'log1p'; readonly why: string }>>> = {
  Count: { fn: 'log1p', why: 'counts enter through log1p, so large counts do not saturate the first layer' },
};
