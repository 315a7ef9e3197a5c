/**
 * Names: the model's declarations and sample targets collected into one table, with duplicate,
 * reserved-name and sample-target errors; and "did you mean" suggestions by edit distance over the
 * namespace that fits the place (distributions after `~`, functions and nets in calls, domains in types,
 * declared names in expressions).
 *
 * Verbs: `build*` collect a table and report, `suggest` picks a near name.
 */
import leven from 'leven';
import type { DiagnosticBag } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import { DISTRIBUTION_NAMES } from '../registry/distributions.js';
import { DOMAIN_NAMES } from '../registry/domains.js';
import { FUNCTION_NAMES } from '../registry/functions.js';
import { ARCHITECTURE_KINDS } from '../registry/networks.js';
import type { DataDecl, DimDecl, GuideBlock, LatentDecl, LetStmt, ModelDecl, NetDecl, ParamDecl, SampleStmt } from '../syntax/ast.js';
import { duplicateDeclaration, globalObservation, invalidSampleTarget, reservedName, sampledTwice } from './messages.js';

/**
 * The closest candidate to `name`, if one is close enough: a case-insensitive match first, else the
 * smallest Levenshtein distance up to max(1, ⌊length / 3⌋) (rustc's threshold), ties to the earlier one.
 */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (c === name) continue;
    if (c.toLowerCase() === lower) return c;
    const d = leven(name, c, { maxDistance: limit + 1 });
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Built-in names that declarations may not take, with what they are. */
export const RESERVED_NAMES: ReadonlyMap<string, string> = new Map<string, string>([
  ...FUNCTION_NAMES.map((n) => [n, 'function'] as const),
  ...DISTRIBUTION_NAMES.map((n) => [n, 'distribution'] as const),
  ...DOMAIN_NAMES.map((n) => [n, 'domain'] as const),
  ...ARCHITECTURE_KINDS.map((n) => [n, 'network layer'] as const),
]);

/** What a model-level name refers to, before types are resolved. */
export type ScopeEntry =
  | { readonly kind: 'dim'; readonly decl: DimDecl }
  | { readonly kind: 'data'; readonly decl: DataDecl }
  | { readonly kind: 'param'; readonly decl: ParamDecl }
  | { readonly kind: 'net'; readonly decl: NetDecl }
  | { readonly kind: 'let'; readonly decl: LetStmt }
  | { readonly kind: 'latent'; readonly decl?: LatentDecl; sample?: SampleStmt };

/** How each kind of name is called in messages. */
export const KIND_WORDS: Readonly<Record<ScopeEntry['kind'], string>> = {
  dim: 'dim',
  data: 'data variable',
  param: 'param',
  net: 'network',
  let: 'let binding',
  latent: 'latent',
};

/** The span of the name in an entry's declaration (or its defining `~` for undeclared latents). */
export function entrySpan(e: ScopeEntry): Span {
  if (e.kind === 'latent') return (e.decl?.name.span ?? e.sample?.target.span) as Span;
  return e.decl.name.span;
}

/** The names of one model. */
export interface ModelScope {
  /** Every model-level name. */
  readonly entries: ReadonlyMap<string, ScopeEntry>;
  /** `~` statements that define a variable (the first one per target), in source order. */
  readonly samples: readonly SampleStmt[];
  /** Data variables observed by a `~` statement, with that statement. */
  readonly observedBy: ReadonlyMap<string, SampleStmt>;
  /** `let` statements whose name is declared once, in source order. */
  readonly lets: readonly LetStmt[];
  /** The `guide` blocks, in source order (more than one is an error reported by the guide checker). */
  readonly guides: readonly GuideBlock[];
}

/** Reports a reserved name; true when it was one. */
export function checkReserved(name: string, span: Span, bag: DiagnosticBag): boolean {
  const what = RESERVED_NAMES.get(name);
  if (what === undefined) return false;
  bag.add(reservedName(span, name, what));
  return true;
}

/** Collects a model's declarations and sample targets, reporting name errors into `bag`. */
export function buildModelScope(model: ModelDecl, bag: DiagnosticBag): ModelScope {
  const entries = new Map<string, ScopeEntry>();
  const lets: LetStmt[] = [];
  const guides: GuideBlock[] = [];
  const declare = (name: string, span: Span, entry: ScopeEntry): boolean => {
    // A reserved name is reported but still declared, so that its uses do not also report "unknown".
    checkReserved(name, span, bag);
    const prev = entries.get(name);
    if (prev !== undefined) {
      bag.add(duplicateDeclaration(span, name, entrySpan(prev)));
      return false;
    }
    entries.set(name, entry);
    return true;
  };
  for (const s of model.body) {
    switch (s.kind) {
      case 'dim':
      case 'data':
      case 'param':
      case 'net':
        declare(s.name.name, s.name.span, { kind: s.kind, decl: s } as ScopeEntry);
        break;
      case 'latent':
        declare(s.name.name, s.name.span, { kind: 'latent', decl: s });
        break;
      case 'let':
        if (declare(s.name.name, s.name.span, { kind: 'let', decl: s })) lets.push(s);
        break;
      case 'guide':
        guides.push(s);
        break;
      case 'sample':
        break;
    }
  }
  const samples: SampleStmt[] = [];
  const observedBy = new Map<string, SampleStmt>();
  for (const s of model.body) {
    if (s.kind !== 'sample') continue;
    const name = s.target.name;
    if (checkReserved(name, s.target.span, bag)) continue;
    const entry = entries.get(name);
    if (entry === undefined) {
      entries.set(name, { kind: 'latent', sample: s });
      samples.push(s);
    } else if (entry.kind === 'data') {
      const first = observedBy.get(name);
      if (first !== undefined) bag.add(sampledTwice(s.target.span, name, first.target.span));
      else {
        if (s.global) bag.add(globalObservation(s.target.span, name));
        observedBy.set(name, s);
        samples.push(s);
      }
    } else if (entry.kind === 'latent') {
      if (entry.sample !== undefined) bag.add(sampledTwice(s.target.span, name, entry.sample.target.span));
      else {
        entry.sample = s;
        samples.push(s);
      }
    } else {
      bag.add(invalidSampleTarget(s.target.span, name, KIND_WORDS[entry.kind], entrySpan(entry)));
    }
  }
  return { entries, samples, observedBy, lets, guides };
}
