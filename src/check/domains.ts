/**
 * Domain inference: what the checker can prove about the values of an expression, elementwise.
 *
 * Arithmetic is reasoned about with a few elementwise {@link Facts} (≥ 0, > 0, ≤ 1, < 1, integer),
 * computed from an operand's domain or, for compile-time constants, from its value; the result's facts
 * are mapped back to the finest {@link ValueDomain} that they imply. This is what lets `2 * softplus(h)`
 * be Positive although the literal `2` alone is a Count (it may be zero as far as the Count domain
 * says, but its value says it is not). The rules are listed in docs/language.md, "Domain rules".
 *
 * Verbs: `*Facts` compute facts, `*Domain` compute domains, `proves*`/`*Matches` decide.
 */
import type { ParamConstraint, DistributionSpec } from '../registry/distributions.js';
import { boundsOf, DISTRIBUTIONS, DISTRIBUTION_NAMES } from '../registry/distributions.js';
import type { ValueDomain } from '../registry/domains.js';
import { isSubdomain } from '../registry/domains.js';
import type { BinaryOp } from '../syntax/ast.js';

/** Elementwise facts about a value. */
export interface Facts {
  /** ≥ 0 */
  readonly nonNeg: boolean;
  /** > 0 */
  readonly pos: boolean;
  /** ≤ 1 */
  readonly le1: boolean;
  /** < 1 */
  readonly lt1: boolean;
  /** an integer */
  readonly int: boolean;
}

const NONE: Facts = { nonNeg: false, pos: false, le1: false, lt1: false, int: false };

/** The facts every value of a domain satisfies. */
export function domainFacts(d: ValueDomain): Facts {
  switch (d) {
    case 'Real':
      return NONE;
    case 'NonNegative':
      return { ...NONE, nonNeg: true };
    case 'Positive':
      return { ...NONE, nonNeg: true, pos: true };
    case 'UnitInterval':
      return { ...NONE, nonNeg: true, le1: true };
    case 'Unit':
      return { nonNeg: true, pos: true, le1: true, lt1: true, int: false };
    case 'Count':
      return { ...NONE, nonNeg: true, int: true };
    case 'Binary':
    case 'Category':
      return { ...NONE, nonNeg: true, le1: true, int: true };
    case 'Simplex':
      return { ...NONE, nonNeg: true, pos: true, le1: true };
  }
}

/** The facts a constant value satisfies. */
export function constantFacts(c: number): Facts {
  return { nonNeg: c >= 0, pos: c > 0, le1: c <= 1, lt1: c < 1, int: Number.isInteger(c) };
}

/** Facts of an operand: from its constant value when known (sharper), else from its domain. */
export function operandFacts(domain: ValueDomain, constant: number | undefined): Facts {
  return constant === undefined ? domainFacts(domain) : constantFacts(constant);
}

/**
 * The finest domain implied by a set of facts. Integer facts win over positivity (the literal `1` is
 * Binary), which loses nothing because constants keep their value for constraint proofs.
 */
export function factsDomain(f: Facts): ValueDomain {
  if (f.int && f.nonNeg) return f.le1 ? 'Binary' : 'Count';
  if (f.pos) return f.lt1 ? 'Unit' : 'Positive';
  if (f.nonNeg) return f.le1 ? 'UnitInterval' : 'NonNegative';
  return 'Real';
}

/** The domain of a number literal (or any compile-time constant): 0 and 1 are Binary, 2 is Count, 0.5 Unit, 2.5 Positive, −1 Real. */
export function constantDomain(c: number): ValueDomain {
  return factsDomain(constantFacts(c));
}

/** Facts of `a op b` (elementwise, or for `@` of each output element). */
export function binaryFacts(op: BinaryOp, a: Facts, b: Facts, bConstant: number | undefined): Facts {
  switch (op) {
    case '+': {
      const nonNeg = a.nonNeg && b.nonNeg;
      return { nonNeg, pos: nonNeg && (a.pos || b.pos), le1: false, lt1: false, int: a.int && b.int };
    }
    case '-':
      return { ...NONE, int: a.int && b.int };
    case '*': {
      const nonNeg = a.nonNeg && b.nonNeg;
      const le1 = nonNeg && a.le1 && b.le1;
      return { nonNeg, pos: a.pos && b.pos, le1, lt1: le1 && (a.lt1 || b.lt1), int: a.int && b.int };
    }
    case '/':
      return { ...NONE, nonNeg: a.nonNeg && b.pos, pos: a.pos && b.pos };
    case '^':
      return powerFacts(a, b, bConstant);
    case '@':
      // A sum of products: sign facts survive, bounds by 1 do not.
      return { ...NONE, nonNeg: a.nonNeg && b.nonNeg, pos: a.pos && b.pos, int: a.int && b.int };
  }
}

function powerFacts(a: Facts, b: Facts, bConstant: number | undefined): Facts {
  const evenInt = bConstant !== undefined && Number.isInteger(bConstant) && bConstant % 2 === 0;
  const natural = bConstant !== undefined && Number.isInteger(bConstant) && bConstant >= 0;
  const pos = a.pos;
  const nonNeg = pos || evenInt || (a.nonNeg && b.pos);
  // x in (0, 1) or [0, 1] raised to a positive power stays there.
  const le1 = a.nonNeg && a.le1 && b.pos;
  const lt1 = le1 && a.lt1;
  return { nonNeg, pos, le1, lt1, int: a.int && a.nonNeg && natural };
}

/** The constant value of `a op b` when both are constants (undefined if not finite). */
export function foldBinary(op: BinaryOp, a: number, b: number): number | undefined {
  const v = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : op === '^' ? a ** b : undefined;
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/** Whether a value with this domain and constant provably satisfies a parameter constraint. */
export function provesConstraint(constraint: ParamConstraint, domain: ValueDomain, constant: number | undefined): boolean {
  const f = operandFacts(domain, constant);
  switch (constraint) {
    case 'real':
      return true;
    case 'positive':
      return f.pos;
    case 'unit':
      return f.pos && f.lt1;
    case 'simplex':
      return isSubdomain(domain, 'Simplex');
    case 'count':
      return f.nonNeg && f.int;
    case 'cholesky':
      // Positive entries give a positive diagonal; the entries above it are ignored.
      return f.pos;
    case 'distribution':
      // Not an expression: the component call is checked as a distribution (check-site.ts).
      return false;
  }
}

/** The function that maps any real value into a constraint's set, to suggest in messages. */
export const CONSTRAINT_FIX: Readonly<Record<Exclude<ParamConstraint, 'real'>, string | undefined>> = {
  positive: 'softplus',
  unit: 'sigmoid',
  simplex: 'softmax',
  // No function maps reals to counts: the message asks for a constant or Count data instead.
  count: undefined,
  cholesky: 'softplus',
  distribution: undefined,
};

/** Words for a constraint in messages. */
export const CONSTRAINT_WORDS: Readonly<Record<ParamConstraint, string>> = {
  real: 'real',
  positive: 'positive',
  unit: 'in the open interval (0, 1)',
  simplex: 'on the probability simplex',
  count: 'a non-negative integer',
  cholesky: 'a lower-triangular matrix with a positive diagonal',
  distribution: 'a distribution call',
};

/**
 * The support of a distribution given constant bounds: in a bounded parameterization (`Uniform(low,
 * high)`, `Kumaraswamy(a, b, low: l, high: h)`; `paramNames` names its parameters, by default the row's
 * first parameterization) a constant `low ≥ 0` makes it Positive, and if also `high ≤ 1` Unit, else it
 * is Real; every other parameterization's support is the registry row's.
 */
export function refinedSupport(
  spec: DistributionSpec,
  boundConstants: readonly [number | undefined, number | undefined],
  paramNames: Iterable<string> = (spec.parameterizations[0] ?? []).map((p) => p.name),
): ValueDomain {
  if (boundsOf(spec, paramNames) === undefined) return spec.support;
  const [low, high] = boundConstants;
  if (low === undefined || low < 0) return 'Real';
  return high !== undefined && high <= 1 ? 'Unit' : 'Positive';
}

/**
 * Whether a guide's support matches a latent's domain: equal, except that the open and closed unit
 * intervals count as equal (they differ by the endpoints, a set of probability zero).
 */
export function guideSupportMatches(guideSupport: ValueDomain, latentDomain: ValueDomain): boolean {
  const norm = (d: ValueDomain): ValueDomain => (d === 'UnitInterval' ? 'Unit' : d);
  return norm(guideSupport) === norm(latentDomain);
}

/** Distributions whose support contains a domain (for "use … instead" hints), in registry order. */
export function distributionsSupporting(d: ValueDomain): string[] {
  // A row bounded by parameters in its first parameterization (Uniform) covers its support only in part.
  const bounded = (n: (typeof DISTRIBUTION_NAMES)[number]) => boundsOf(DISTRIBUTIONS[n], (DISTRIBUTIONS[n].parameterizations[0] ?? []).map((p) => p.name)) !== undefined;
  return DISTRIBUTION_NAMES.filter((n) => !bounded(n) && isSubdomain(d, DISTRIBUTIONS[n].support));
}
