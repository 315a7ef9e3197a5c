/**
 * Declarations to symbols: a type `Domain(args)[sizes]` to a domain and a shape, (networks: `resolve-net.ts`).
 *
 * Shapes of types: `D[s1, …, sn]` has shape [s1, …, sn]; `Category(K)[s…]` is a one-hot vector of
 * length K, so its shape is [s…, K]; `Simplex[s…]` needs at least one size (its last axis is the
 * simplex).
 *
 * Verbs: `resolve*` turn a declaration into a symbol and report what is wrong with it.
 */
import type { DiagnosticBag } from '../common/diagnostic.js';
import type { DomainName } from '../registry/domains.js';
import { DOMAIN_NAMES } from '../registry/domains.js';
import type { TypeExpr } from '../syntax/ast.js';
import type { Shape } from './checked-model.js';
export { resolveNet } from './resolve-net.js';
import { invalidDomainArgs, unknownDomain } from './messages.js';
import { suggest } from './scope.js';
import type { IntegerEvaluator } from './sizes.js';

/** A resolved type. */
export interface ResolvedType {
  /** The declared domain. */
  readonly domain: DomainName;
  /** The full per-datapoint shape (ending in K for `Category(K)`). */
  readonly shape: Shape;
  /** K for `Category(K)`. */
  readonly categories?: number;
}

/** Resolves a type, or returns undefined after reporting why it is invalid. */
export function resolveType(t: TypeExpr, ints: IntegerEvaluator, bag: DiagnosticBag): ResolvedType | undefined {
  const name = t.domain.name;
  const domain = (DOMAIN_NAMES as readonly string[]).includes(name) ? (name as DomainName) : undefined;
  if (domain === undefined) {
    bag.add(unknownDomain(t.domain.span, name, suggest(name, DOMAIN_NAMES), DOMAIN_NAMES));
  }
  // Evaluate every size even when the domain is wrong, so that all size errors are reported at once.
  const sizes = t.shape.map((s) => ints.evaluate(s, 'size'));
  const args = t.domainArgs.map((a) => ints.evaluate(a, 'size'));
  if (domain === undefined) return undefined;
  if (domain === 'Category') {
    if (t.domainArgs.length !== 1) {
      bag.add(
        invalidDomainArgs(t.domain.span, `\`Category\` takes one argument, the number of categories, found ${t.domainArgs.length}`, 'write `Category(K)`'),
      );
      return undefined;
    }
  } else if (t.domainArgs.length > 0) {
    bag.add(invalidDomainArgs(t.domain.span, `\`${domain}\` takes no arguments in parentheses`, `write \`${domain}[sizes]\` for a shape`));
    return undefined;
  }
  if (domain === 'Simplex' && t.shape.length === 0) {
    bag.add(invalidDomainArgs(t.domain.span, '`Simplex` needs a shape: its last axis holds the probabilities', 'write `Simplex[K]`'));
    return undefined;
  }
  if (sizes.some((s) => s === undefined) || args.some((a) => a === undefined)) return undefined;
  const shape = sizes as number[];
  if (domain === 'Category') {
    const k = args[0] as number;
    return { domain, shape: [...shape, k], categories: k };
  }
  return { domain, shape };
}
