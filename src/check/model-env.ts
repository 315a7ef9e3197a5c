/**
 * The state of checking one model, and name resolution for expressions in the model body: what each
 * name means (a dim's value, a data variable's declared type, a latent's inferred shape and domain, a
 * let's typed value), with unknown names reported with a suggestion. A "silent" environment resolves the
 * same way into scratch diagnostics; the latent-shape fixpoint uses it to look ahead without reporting.
 *
 * Verbs: `make*` build an environment.
 */
import { DiagnosticBag } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import { lookupDistribution } from '../registry/distributions.js';
import type { ValueDomain } from '../registry/domains.js';
import { FUNCTION_NAMES, lookupFunction } from '../registry/functions.js';
import type { Expr, LetStmt, ModelDecl, SampleStmt } from '../syntax/ast.js';
import type { ExprInfo, NetSymbol, Shape } from './checked-model.js';
import type { ResolvedType } from './declarations.js';
import { type CalleeLookup, ExprTyper, type TypingEnv, type ValueLookup } from './infer-expr.js';
import { unknownName } from './messages.js';
import { KIND_WORDS, type ModelScope, type ScopeEntry, suggest } from './scope.js';
import { IntegerEvaluator } from './sizes.js';
import { constantDomain } from './domains.js';

/** Everything known about one model while it is being checked. */
export interface ModelContext {
  /** The model being checked. */
  readonly model: ModelDecl;
  /** Its names. */
  readonly scope: ModelScope;
  /** The model's diagnostics. */
  readonly bag: DiagnosticBag;
  /** Info of every typed expression node (model and guide). */
  readonly exprs: Map<Expr, ExprInfo>;
  /** Evaluator of dims and constant integers, reporting into {@link bag}. */
  readonly ints: IntegerEvaluator;
  /** Names read anywhere (model or guide), for unused-declaration checks. */
  readonly used: Set<string>;
  /** Resolved types of `data`, `param` and `latent` declarations (absent when invalid). */
  readonly types: Map<string, ResolvedType>;
  /** Resolved networks of the model (absent when invalid). */
  readonly nets: Map<string, NetSymbol>;
  /** Inferred latent shapes (absent when undetermined). */
  readonly latentShapes: Map<string, Shape>;
  /** Latent domains: their distribution's support (absent when the distribution is unknown). */
  readonly latentDomains: Map<string, ValueDomain>;
  /** Names declared in the guide, to explain why the model cannot see them. */
  readonly guideNames: Set<string>;
  /**
   * The guide block's resolved networks: nets are shared by the model and the guide (one set of weights,
   * owned by the side that declares them), so the model body may call a guide net (a VampPrior's prior
   * reads the encoder). Resolved once, before the model body is typed; `checkGuide` reuses them.
   */
  readonly guideNets: Map<string, NetSymbol>;
}

/** Creates the context of a model whose scope has been built. */
export function makeModelContext(model: ModelDecl, scope: ModelScope, bag: DiagnosticBag): ModelContext {
  const exprs = new Map<Expr, ExprInfo>();
  const used = new Set<string>();
  const dimNames = dimNamesOf(scope);
  const lookup = (name: string): ScopeEntry | undefined => {
    used.add(name);
    return scope.entries.get(name);
  };
  return {
    model, scope, bag, exprs, used, ints: new IntegerEvaluator(lookup, dimNames, bag, exprs),
    types: new Map(), nets: new Map(), latentShapes: new Map(), latentDomains: new Map(), guideNames: new Set(), guideNets: new Map(),
  };
}

function dimNamesOf(scope: ModelScope): string[] {
  return [...scope.entries].filter(([, e]) => e.kind === 'dim').map(([n]) => n);
}

/** Information about a value-like scope entry, shared by the model and guide environments. */
export function entryInfo(ctx: ModelContext, ints: IntegerEvaluator, name: string, entry: ScopeEntry, shapes: ReadonlyMap<string, Shape>): ExprInfo | undefined {
  switch (entry.kind) {
    case 'dim': {
      const v = ints.dim(entry.decl);
      return v === undefined ? undefined : { shape: [], domain: constantDomain(v), perDatapoint: false, constant: v };
    }
    case 'data':
    case 'param': {
      const t = ctx.types.get(name);
      return t === undefined ? undefined : { shape: t.shape, domain: t.domain, perDatapoint: entry.kind === 'data' };
    }
    case 'latent': {
      const shape = shapes.get(name);
      const domain = ctx.latentDomains.get(name);
      if (shape === undefined || domain === undefined) return undefined;
      return { shape, domain, perDatapoint: entry.sample?.global !== true };
    }
    case 'net':
    case 'let':
      return undefined;
  }
}

/** Name resolution in the model body. */
class ModelEnv implements TypingEnv {
  /** The typer using this environment (set right after construction). */
  typer!: ExprTyper;
  private readonly letInfo = new Map<LetStmt, ExprInfo | undefined>();
  private readonly visitingLets = new Set<LetStmt>();

  constructor(
    private readonly ctx: ModelContext,
    private readonly ints: IntegerEvaluator,
    private readonly bag: DiagnosticBag,
    private readonly shapes: ReadonlyMap<string, Shape>,
    private readonly track: boolean,
  ) {}

  value(name: string, span: Span): ValueLookup {
    const entry = this.ctx.scope.entries.get(name);
    if (entry === undefined) {
      if (this.ctx.guideNets.has(name)) {
        if (this.track) this.ctx.used.add(name);
        return { kind: 'net' };
      }
      const inGuide = this.ctx.guideNames.has(name);
      const help = inGuide ? `\`${name}\` is declared in the guide; the model cannot use the guide's lets and params (only nets are shared by the model and the guide)` : undefined;
      this.bag.add(unknownName(span, name, inGuide ? undefined : suggest(name, this.ctx.scope.entries.keys()), help));
      return { kind: 'error' };
    }
    if (this.track) this.ctx.used.add(name);
    if (entry.kind === 'net') return { kind: 'net' };
    if (entry.kind === 'let') return { kind: 'value', info: this.typeLet(entry.decl) };
    return { kind: 'value', info: entryInfo(this.ctx, this.ints, name, entry, this.shapes) };
  }

  inferredLatent(name: string): SampleStmt | undefined {
    const entry = this.ctx.scope.entries.get(name);
    return entry?.kind === 'latent' && entry.decl === undefined ? entry.sample : undefined;
  }

  dimWithValue(value: number): string | undefined {
    for (const [n, e] of this.ctx.scope.entries) if (e.kind === 'dim' && this.ints.dim(e.decl) === value) return n;
    return undefined;
  }

  callee(name: string): CalleeLookup {
    const entry = this.ctx.scope.entries.get(name);
    if (entry !== undefined) {
      if (this.track) this.ctx.used.add(name);
      return entry.kind === 'net' ? { kind: 'net', net: this.ctx.nets.get(name) } : { kind: 'variable', word: KIND_WORDS[entry.kind] };
    }
    const fn = lookupFunction(name);
    if (fn !== undefined) return { kind: 'function', spec: fn };
    if (lookupDistribution(name) !== undefined) return { kind: 'distribution' };
    const shared = this.ctx.guideNets.get(name);
    if (shared !== undefined) {
      if (this.track) this.ctx.used.add(name);
      return { kind: 'net', net: shared };
    }
    if (this.ctx.guideNames.has(name)) return { kind: 'unknown', guideOnly: true };
    const nets = [...this.ctx.scope.entries].filter(([, e]) => e.kind === 'net').map(([n]) => n);
    return { kind: 'unknown', suggestion: suggest(name, [...FUNCTION_NAMES, ...nets]) };
  }

  /** Types a let's value once (a let on a cycle types as unknown; the cycle is reported elsewhere). */
  typeLet(stmt: LetStmt): ExprInfo | undefined {
    if (this.letInfo.has(stmt)) return this.letInfo.get(stmt);
    if (this.visitingLets.has(stmt)) return undefined;
    this.visitingLets.add(stmt);
    const info = this.typer.infer(stmt.value);
    this.visitingLets.delete(stmt);
    // In the silent pass an unknown result may become known once more latent shapes are, so only
    // known results are kept; the reporting pass keeps every result, so a let is reported once.
    if (info !== undefined || this.track) this.letInfo.set(stmt, info);
    return info;
  }
}

/** A typer for the model body, and the let typing it uses. */
export interface ModelTyping {
  /** The expression typer over this environment. */
  readonly typer: ExprTyper;
  /** Types a let statement (memoized). */
  typeLet(stmt: LetStmt): ExprInfo | undefined;
}

/** The reporting environment: diagnostics into the model's bag, infos into its `exprs`. */
export function makeModelTyping(ctx: ModelContext): ModelTyping {
  const env = new ModelEnv(ctx, ctx.ints, ctx.bag, ctx.latentShapes, true);
  env.typer = new ExprTyper(env, ctx.ints, ctx.bag, ctx.exprs);
  return { typer: env.typer, typeLet: (s) => env.typeLet(s) };
}

/** A silent environment over candidate latent shapes: diagnostics and infos go to scratch storage. */
export function makeSilentTyping(ctx: ModelContext, shapes: ReadonlyMap<string, Shape>): ModelTyping {
  const bag = new DiagnosticBag();
  const exprs = new Map<Expr, ExprInfo>();
  const ints = new IntegerEvaluator((n) => ctx.scope.entries.get(n), dimNamesOf(ctx.scope), bag, exprs);
  const env = new ModelEnv(ctx, ints, bag, shapes, false);
  env.typer = new ExprTyper(env, ints, bag, exprs);
  return { typer: env.typer, typeLet: (s) => env.typeLet(s) };
}
