/**
 * The `guide { … }` block: a user-written q(z | x) for some latents of the model.
 *
 * Rules (docs/language.md, "Guide blocks"): a guide holds `~`, `let`, `net` and `param` statements; its names
 * must not clash with the model's; each `~` samples a latent of the model (at most once), with the same
 * `global` flag, from a distribution whose support matches the latent's domain and whose parameters
 * broadcast to the latent's shape. Guide expressions may read data (observed or covariate), dims, the
 * guide's own nets, params and lets, and latents that the guide itself samples (in dependency order; cycles are
 * errors), and the model's nets (nets are shared: one set of weights) — never the model's params or lets. The guide of a global latent must not depend on
 * per-datapoint values.
 *
 * Verbs: `check*` return the refined guide or report.
 */
import type { Span } from '../common/span.js';
import { DISTRIBUTION_NAMES, DISTRIBUTIONS } from '../registry/distributions.js';
import { isDiscrete } from '../registry/domains.js';
import { FUNCTION_NAMES, lookupFunction } from '../registry/functions.js';
import { lookupDistribution } from '../registry/distributions.js';
import type { GuideBlock, LetStmt, NetDecl, ParamDecl, SampleStmt } from '../syntax/ast.js';
import type { CheckedGuide, ExprInfo, LetSymbol, NetSymbol, OrderedStmt, ParamSymbol } from './checked-model.js';
import { checkSite, lookupSiteDistribution } from './check-site.js';
import { resolveType, type ResolvedType } from './declarations.js';
import { checkGlobalIndependence, type NameClass, orderStatements } from './model-order.js';
import { guideSupportMatches } from './domains.js';
import { checkGuideWithinPrior } from './guide-support.js';
import { type CalleeLookup, ExprTyper, type TypingEnv, type ValueLookup } from './infer-expr.js';
import {
  discreteParam,
  duplicateGuide,
  guideScopeMismatch,
  guideSupportMismatch,
  guideTargetNotLatent,
  guideUsesModelName,
  guideUsesUnsampledLatent,
  statementNotAllowedInGuide,
  unusedDeclaration,
} from './messages-model.js';
import { duplicateDeclaration, sampledTwice, unknownName } from './messages.js';
import { entryInfo, type ModelContext } from './model-env.js';
import { auxiliaryGuideVariable, checkFlowCall, isFlowCall } from '../flows/check-flow.js';
import { checkFlowInputs } from '../flows/check-flow-inputs.js';
import { checkReserved, entrySpan, KIND_WORDS, suggest } from './scope.js';

/** The guide's own names. */
type GuideEntry =
  | { readonly kind: 'net'; readonly decl: NetDecl }
  | { readonly kind: 'param'; readonly decl: ParamDecl }
  | { readonly kind: 'let'; readonly decl: LetStmt };

/** Checks the model's guide block(s); returns the checked guide when there is one. */
export function checkGuide(ctx: ModelContext): CheckedGuide | undefined {
  const [block, ...extra] = ctx.scope.guides;
  for (const g of extra) ctx.bag.add(duplicateGuide(g.keywordSpan, (block as GuideBlock).keywordSpan));
  if (block === undefined) return undefined;
  const entries = collectGuideNames(ctx, block);
  const samples = collectGuideSamples(ctx, block);
  const nets = new Map<string, NetSymbol>();
  const params = new Map<string, ResolvedType>();
  for (const [name, e] of entries) {
    if (e.kind === 'net') {
      // Resolved before the model body (check-model.ts `resolveGuideNets`), since the model may call it.
      const net = ctx.guideNets.get(name);
      if (net !== undefined) nets.set(name, net);
    } else if (e.kind === 'param') {
      const t = resolveType(e.decl.type, ctx.ints, ctx.bag);
      if (t !== undefined && isDiscrete(t.domain)) ctx.bag.add(discreteParam(e.decl.type.domain.span, name, t.domain));
      else if (t !== undefined) params.set(name, t);
    }
  }
  const used = new Set<string>();
  const env = new GuideEnv(ctx, entries, nets, params, new Set(samples.keys()), used);
  const typer = new ExprTyper(env, ctx.ints, ctx.bag, ctx.exprs);
  env.typer = typer;
  const bound = new Map<SampleStmt, OrderedStmt>();
  for (const given of samples.values()) {
    const latent = given.target.name;
    // A flow (`Planar(Normal(…), steps: 8)`): its base is checked as the latent's guide distribution.
    const flow = isFlowCall(given) ? checkFlowCall(given, ctx.latentDomains.get(latent), ctx.bag) : undefined;
    if (isFlowCall(given) && flow === undefined) continue;
    const s: SampleStmt = flow === undefined ? given : { ...given, dist: flow.base };
    const spec = lookupSiteDistribution(s, env.callee(s.dist.callee.name), ctx.bag);
    const shape = ctx.latentShapes.get(latent);
    const site = checkSite(s, spec, latent, shape, typer, ctx.ints, ctx.bag);
    if (flow !== undefined && !checkFlowInputs(flow, shape, typer, ctx.bag)) continue;
    const domain = ctx.latentDomains.get(latent);
    if (site === undefined) continue;
    if (domain !== undefined && !guideSupportMatches(site.support, domain)) {
      const alternatives = DISTRIBUTION_NAMES.filter((n) => guideSupportMatches(DISTRIBUTIONS[n].support, domain));
      ctx.bag.add(guideSupportMismatch(s.dist.callee.span, latent, domain, site.bound.spec.name, site.support, alternatives));
    } else if (domain !== undefined) checkGuideWithinPrior(ctx, s, site.bound, site.support, latent);
    if (shape !== undefined) {
      ctx.exprs.set(s.dist, { shape, domain: domain ?? site.support, perDatapoint: !s.global });
      if (site.bound.component !== undefined) ctx.exprs.set(site.bound.component.call, { shape, domain: domain ?? site.support, perDatapoint: !s.global });
    }
    if (flow !== undefined) ctx.exprs.set(given.dist, { shape: shape ?? [], domain: 'Real', perDatapoint: !s.global });
    bound.set(given, { kind: 'sample', stmt: given, dist: site.bound, ...(flow !== undefined ? { flow } : {}) });
  }
  const lets = [...entries.values()].filter((e): e is Extract<GuideEntry, { kind: 'let' }> => e.kind === 'let').map((e) => e.decl);
  for (const l of lets) env.typeLet(l);
  const classify = (name: string): NameClass => {
    const g = entries.get(name);
    if (g !== undefined) return g.kind === 'let' ? { kind: 'let', let: g.decl } : { kind: 'other' };
    const m = ctx.scope.entries.get(name);
    if (m?.kind === 'data') return { kind: 'data' };
    if (m?.kind === 'latent' && samples.has(name) && m.sample?.global !== true) return { kind: 'local latent' };
    return { kind: 'other' };
  };
  for (const s of samples.values()) if (s.global) checkGlobalIndependence(s, classify, true, ctx.bag);
  const order = orderStatements([...samples.values()], lets, bound, ctx.bag);
  for (const [name, e] of entries) {
    // A guide net the model calls is used too (nets are shared by the model and the guide), and so is
    // `net encoder_<z>` for a latent z the block does not sample: it replaces z's derived encoder.
    const overrides = e.kind === 'net' && name.startsWith('encoder_') && ctx.scope.entries.get(name.slice('encoder_'.length))?.kind === 'latent' && !samples.has(name.slice('encoder_'.length));
    if (!used.has(name) && !ctx.used.has(name) && !overrides) ctx.bag.add(unusedDeclaration(e.decl.name.span, KIND_WORDS[e.kind], name));
  }
  const symbols = new Map<string, NetSymbol | ParamSymbol | LetSymbol>(nets);
  for (const [name, t] of params) {
    symbols.set(name, { kind: 'param', name, shape: t.shape, domain: t.domain, span: (entries.get(name) as GuideEntry).decl.name.span });
  }
  for (const l of lets) symbols.set(l.name.name, { kind: 'let', name: l.name.name, stmt: l, span: l.name.span });
  return { symbols, order, covered: new Set(samples.keys()), span: block.span };
}

/** The guide's nets and lets, reporting clashes and statements that do not belong in a guide. */
function collectGuideNames(ctx: ModelContext, block: GuideBlock): Map<string, GuideEntry> {
  const entries = new Map<string, GuideEntry>();
  for (const s of block.body) {
    if (s.kind === 'net' || s.kind === 'let' || s.kind === 'param') {
      const name = s.name.name;
      ctx.guideNames.add(name);
      if (checkReserved(name, s.name.span, ctx.bag)) continue;
      const model = ctx.scope.entries.get(name);
      const prev = entries.get(name);
      if (model !== undefined) ctx.bag.add(duplicateDeclaration(s.name.span, name, entrySpan(model)));
      else if (prev !== undefined) ctx.bag.add(duplicateDeclaration(s.name.span, name, prev.decl.name.span));
      else entries.set(name, { kind: s.kind, decl: s } as GuideEntry);
    } else if (s.kind !== 'sample' && s.kind !== 'guide') {
      // A nested guide is a syntax error (E0106), reported by the parser.
      ctx.bag.add(statementNotAllowedInGuide(s.span, s.kind));
    }
  }
  return entries;
}

/** The guide's `~` statements by latent, reporting targets that are not model latents. */
function collectGuideSamples(ctx: ModelContext, block: GuideBlock): Map<string, SampleStmt> {
  const samples = new Map<string, SampleStmt>();
  const latents = [...ctx.scope.entries].filter(([, e]) => e.kind === 'latent').map(([n]) => n);
  for (const s of block.body) {
    if (s.kind !== 'sample') continue;
    const name = s.target.name;
    const entry = ctx.scope.entries.get(name);
    if (entry?.kind !== 'latent' || entry.sample === undefined) {
      const kind = entry === undefined ? undefined : entry.kind === 'latent' ? 'declared but never sampled latent' : KIND_WORDS[entry.kind];
      // A name the model does not have at all is an auxiliary variable of the guide (E0321), unless it is a typo of a latent.
      const typo = entry === undefined ? suggest(name, latents) : undefined;
      if (entry === undefined && typo === undefined) ctx.bag.add(auxiliaryGuideVariable(s.target.span, name));
      else ctx.bag.add(guideTargetNotLatent(s.target.span, name, kind, typo));
      continue;
    }
    const first = samples.get(name);
    if (first !== undefined) {
      ctx.bag.add(sampledTwice(s.target.span, name, first.target.span));
      continue;
    }
    if (s.global !== entry.sample.global) ctx.bag.add(guideScopeMismatch(s.target.span, name, entry.sample.global, entry.sample.target.span));
    samples.set(name, s);
  }
  return samples;
}

/** Name resolution inside the guide. */
class GuideEnv implements TypingEnv {
  typer!: ExprTyper;
  private readonly letInfo = new Map<LetStmt, ExprInfo | undefined>();
  private readonly visiting = new Set<LetStmt>();

  constructor(
    private readonly ctx: ModelContext,
    private readonly entries: ReadonlyMap<string, GuideEntry>,
    private readonly nets: ReadonlyMap<string, NetSymbol>,
    private readonly params: ReadonlyMap<string, ResolvedType>,
    private readonly sampled: ReadonlySet<string>,
    private readonly used: Set<string>,
  ) {}

  private allowedNames(): string[] {
    const model = [...this.ctx.scope.entries].filter(([n, e]) => e.kind === 'data' || e.kind === 'dim' || this.sampled.has(n)).map(([n]) => n);
    return [...this.entries.keys(), ...model];
  }

  value(name: string, span: Span): ValueLookup {
    const g = this.entries.get(name);
    if (g !== undefined) {
      this.used.add(name);
      if (g.kind === 'net') return { kind: 'net' };
      if (g.kind === 'let') return { kind: 'value', info: this.typeLet(g.decl) };
      const t = this.params.get(name);
      return { kind: 'value', info: t === undefined ? undefined : { shape: t.shape, domain: t.domain, perDatapoint: false } };
    }
    const entry = this.ctx.scope.entries.get(name);
    if (entry === undefined) {
      this.ctx.bag.add(unknownName(span, name, suggest(name, this.allowedNames())));
      return { kind: 'error' };
    }
    if (entry.kind === 'net') {
      this.ctx.used.add(name);
      return { kind: 'net' };
    }
    if (entry.kind === 'param' || entry.kind === 'let') {
      this.ctx.bag.add(guideUsesModelName(span, name, KIND_WORDS[entry.kind].replace(' binding', '')));
      return { kind: 'error' };
    }
    if (entry.kind === 'latent' && !this.sampled.has(name)) {
      this.ctx.bag.add(guideUsesUnsampledLatent(span, name));
      return { kind: 'error' };
    }
    this.ctx.used.add(name);
    return { kind: 'value', info: entryInfo(this.ctx, this.ctx.ints, name, entry, this.ctx.latentShapes) };
  }

  callee(name: string, span?: Span): CalleeLookup {
    const g = this.entries.get(name);
    if (g !== undefined) {
      this.used.add(name);
      return g.kind === 'net' ? { kind: 'net', net: this.nets.get(name) } : { kind: 'variable', word: KIND_WORDS[g.kind] };
    }
    const entry = this.ctx.scope.entries.get(name);
    if (entry?.kind === 'net') {
      // Nets are shared: the guide calls the model's net with the same weights.
      this.ctx.used.add(name);
      return { kind: 'net', net: this.ctx.nets.get(name) };
    }
    if (entry !== undefined) return { kind: 'variable', word: KIND_WORDS[entry.kind] };
    const fn = lookupFunction(name);
    if (fn !== undefined) return { kind: 'function', spec: fn };
    if (lookupDistribution(name) !== undefined) return { kind: 'distribution' };
    const nets = [...this.entries].filter(([, e]) => e.kind === 'net').map(([n]) => n);
    return { kind: 'unknown', suggestion: suggest(name, [...FUNCTION_NAMES, ...nets]) };
  }

  typeLet(stmt: LetStmt): ExprInfo | undefined {
    if (this.letInfo.has(stmt)) return this.letInfo.get(stmt);
    if (this.visiting.has(stmt)) return undefined;
    this.visiting.add(stmt);
    const info = this.typer.infer(stmt.value);
    this.visiting.delete(stmt);
    this.letInfo.set(stmt, info);
    return info;
  }
}
