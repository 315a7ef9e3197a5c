/**
 * Declarations to symbols: a type `Domain(args)[sizes]` to a domain and a shape, and a network
 * signature `MLP(a -> h -> b, hidden = …, out = …)` to a {@link NetSymbol} with resolved widths.
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
import type { HiddenActivation, NetKind, OutputActivation } from '../registry/functions.js';
import { HIDDEN_ACTIVATIONS, NET_KINDS, OUTPUT_ACTIVATIONS } from '../registry/functions.js';
import type { NetDecl, NetOption, TypeExpr } from '../syntax/ast.js';
import type { NetSymbol, Shape } from './checked-model.js';
import {
  duplicateNetOption,
  invalidDomainArgs,
  unknownActivation,
  unknownDomain,
  unknownNetArchitecture,
  unknownNetOption,
  wrongLayerCount,
} from './messages.js';
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

const NET_OPTIONS: Readonly<Record<NetKind, readonly string[]>> = { MLP: ['hidden', 'out'], Linear: ['out'] };

/** Resolves a network declaration into a symbol, or returns undefined after reporting. */
export function resolveNet(decl: NetDecl, ints: IntegerEvaluator, bag: DiagnosticBag): NetSymbol | undefined {
  const archName = decl.arch.name;
  const arch = (NET_KINDS as readonly string[]).includes(archName) ? (archName as NetKind) : undefined;
  if (arch === undefined) bag.add(unknownNetArchitecture(decl.arch.span, archName, suggest(archName, NET_KINDS), NET_KINDS));
  const layers = decl.layers.map((l) => ints.evaluate(l, 'size'));
  if (arch === undefined) return undefined;
  let ok = true;
  if (arch === 'Linear' && decl.layers.length !== 2) {
    bag.add(wrongLayerCount(decl.arch.span, arch, 'exactly 2 sizes (`in -> out`)', decl.layers.length));
    ok = false;
  } else if (arch === 'MLP' && decl.layers.length < 2) {
    bag.add(wrongLayerCount(decl.arch.span, arch, 'at least 2 sizes (`in -> … -> out`)', decl.layers.length));
    ok = false;
  }
  let hidden: HiddenActivation = 'relu';
  let out: OutputActivation = 'identity';
  const seen = new Map<string, NetOption>();
  for (const opt of decl.options) {
    const name = opt.name.name;
    const allowed = NET_OPTIONS[arch];
    if (!allowed.includes(name)) {
      bag.add(unknownNetOption(opt.name.span, name, arch, allowed));
      ok = false;
      continue;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      bag.add(duplicateNetOption(opt.name.span, name, first.name.span));
      ok = false;
      continue;
    }
    seen.set(name, opt);
    const value = opt.value.name;
    const choices: readonly string[] = name === 'hidden' ? HIDDEN_ACTIVATIONS : Object.keys(OUTPUT_ACTIVATIONS);
    if (!choices.includes(value)) {
      bag.add(unknownActivation(opt.value.span, name, value, choices, suggest(value, choices)));
      ok = false;
      continue;
    }
    if (name === 'hidden') hidden = value as HiddenActivation;
    else out = value as OutputActivation;
  }
  if (!ok || layers.some((l) => l === undefined)) return undefined;
  return { kind: 'net', name: decl.name.name, arch, layers: layers as number[], hidden, out, decl, span: decl.name.span };
}
