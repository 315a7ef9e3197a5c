/**
 * Checking one model: names → dims and declared types → networks → latent domains and shapes → typing of
 * every `~`, `let` and `factor` → global independence → dependency order → the guide → unused declarations. Each
 * step reports into the model's diagnostics and keeps going; the {@link CheckedModel} is built only when
 * no step found an error.
 *
 * Verbs: `check*` return the refined model (or nothing) with the diagnostics.
 */
import { type Diagnostic, DiagnosticBag } from '../common/diagnostic.js';
import { type DistributionSpec, lookupDistribution } from '../registry/distributions.js';
import { isSubdomain } from '../registry/domains.js';
import { lookupFunction } from '../registry/functions.js';
import type { CallExpr, Expr, FactorStmt, ModelDecl, SampleStmt } from '../syntax/ast.js';
import type { CalleeLookup } from './infer-expr.js';
import type { CheckedModel, ModelSymbol, OrderedStmt } from './checked-model.js';
import { checkGuide } from './check-guide.js';
import { checkSite, type CheckedSite, lookupSiteDistribution, silentSupport } from './check-site.js';
import { resolveNet, resolveType } from './declarations.js';
import { distributionsSupporting } from './domains.js';
import { inferLatentShapes } from './latent-shapes.js';
import { factorNotScalar, undeterminedShape } from './messages-expr.js';
import { bernoulliOnUnitData, discreteParam, latentDeclarationIncompatible, observationOutsideSupport, unusedDeclaration } from './messages-model.js';
import { expressionTooDeep, latentNeverSampled, unusedData } from './messages.js';
import { findTooDeep, MAX_EXPRESSION_DEPTH } from './expr-depth.js';
import { type ModelContext, makeModelContext, makeModelTyping } from './model-env.js';
import { checkGlobalIndependence, type NameClass, orderStatements } from './model-order.js';
import { buildModelScope, KIND_WORDS } from './scope.js';
import { hasLoops, type LoopFacts, lowerLoops } from './loops/lower-loops.js';
import { verifyVectorized } from './loops/verify-vectorized.js';

/** The result of checking one model. */
export interface ModelCheckResult {
  /** The checked model, when it has no errors (warnings allowed). */
  readonly model?: CheckedModel;
  /** Its diagnostics, in the order found. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Checks one model declaration. */
export function checkModel(source: ModelDecl): ModelCheckResult {
  const bag = new DiagnosticBag();
  // Loops and element definitions are rewritten to vectorized whole-variable statements first (issue 17).
  let decl = source;
  let loops: LoopFacts | undefined;
  if (hasLoops(source)) {
    const lowered = lowerLoops(source, bag);
    if (bag.hasErrors) return { diagnostics: bag.all };
    decl = lowered.decl;
    loops = lowered.facts;
  }
  const deep = findTooDeep(decl.body);
  if (deep !== undefined) return { diagnostics: [expressionTooDeep(deep.root.span, deep.depth, MAX_EXPRESSION_DEPTH)] };
  const scope = buildModelScope(decl, bag);
  const ctx = makeModelContext(decl, scope, bag);
  for (const g of scope.guides) for (const s of g.body) if (s.kind === 'net' || s.kind === 'let') ctx.guideNames.add(s.name.name);
  resolveDeclarations(ctx);
  resolveGuideNets(ctx);
  inferLatentDomains(ctx);
  inferLatentShapes(ctx);
  const bound = typeStatements(ctx);
  if (loops !== undefined) verifyVectorized(loops, ctx.exprs, bound, bag);
  const classify = (name: string): NameClass => {
    const e = scope.entries.get(name);
    if (e?.kind === 'data') return { kind: 'data' };
    if (e?.kind === 'latent' && e.sample !== undefined && !e.sample.global) return { kind: 'local latent' };
    if (e?.kind === 'let') return { kind: 'let', let: e.decl };
    return { kind: 'other' };
  };
  for (const s of scope.samples) if (s.global && scope.entries.get(s.target.name)?.kind === 'latent') checkGlobalIndependence(s, classify, false, bag);
  const order = orderStatements(scope.samples, scope.lets, bound, bag);
  const guide = checkGuide(ctx);
  reportUnused(ctx);
  if (bag.hasErrors) return { diagnostics: bag.all };
  const factors = decl.body.filter((s): s is FactorStmt => s.kind === 'factor');
  const model: CheckedModel = { name: decl.name.name, decl, symbols: buildSymbols(ctx), order, factors, exprs: ctx.exprs, span: decl.span, ...(guide ? { guide } : {}), ...(loops ? { loops } : {}) };
  return { model, diagnostics: bag.all };
}

/**
 * The first guide block's networks, resolved before the model body is typed so that the model may call
 * them (nets are shared by the model and the guide). A net whose name clashes with a model name, or a
 * repeated one, is skipped here: `checkGuide` reports the clash.
 */
function resolveGuideNets(ctx: ModelContext): void {
  for (const s of ctx.scope.guides[0]?.body ?? []) {
    if (s.kind !== 'net' || ctx.scope.entries.has(s.name.name) || ctx.guideNets.has(s.name.name)) continue;
    const net = resolveNet(s, ctx.ints, ctx.bag);
    if (net !== undefined) ctx.guideNets.set(s.name.name, net);
  }
}

/** Dims, declared types and networks, in source order (duplicates were reported and are skipped). */
function resolveDeclarations(ctx: ModelContext): void {
  for (const s of ctx.model.body) {
    if (s.kind === 'sample' || s.kind === 'guide' || s.kind === 'let' || s.kind === 'factor' || s.kind === 'for') continue;
    const entry = ctx.scope.entries.get(s.name.name);
    if (entry === undefined || entry.kind !== s.kind || entry.decl !== s) continue;
    if (s.kind === 'dim') ctx.ints.dim(s);
    else if (s.kind === 'net') {
      const net = resolveNet(s, ctx.ints, ctx.bag);
      if (net !== undefined) ctx.nets.set(s.name.name, net);
    } else {
      const t = resolveType(s.type, ctx.ints, ctx.bag);
      if (t === undefined) continue;
      if (s.kind === 'param' && (t.domain === 'Binary' || t.domain === 'Count' || t.domain === 'Category')) {
        ctx.bag.add(discreteParam(s.type.domain.span, s.name.name, t.domain));
        continue;
      }
      ctx.types.set(s.name.name, t);
    }
  }
}

/** Each latent's domain: its distribution's support, refined by constant bounds (`Uniform(0, 1)` is Unit). */
function inferLatentDomains(ctx: ModelContext): void {
  for (const [name, e] of ctx.scope.entries) {
    if (e.kind !== 'latent' || e.sample === undefined) continue;
    const spec = lookupDistribution(e.sample.dist.callee.name);
    if (spec === undefined) continue;
    const support = silentSupport(e.sample.dist, spec, ctx.ints);
    // A declaration incompatible with the support is reported later (E0262); until then the declared
    // domain stands in, so that uses of the latent are not reported as well.
    const declared = e.decl !== undefined ? ctx.types.get(name)?.domain : undefined;
    ctx.latentDomains.set(name, declared !== undefined && !isSubdomain(support, declared) ? declared : support);
  }
}

/** How a callee name is classified in the model body (for the right of `~`). */
function classifyCallee(ctx: ModelContext, name: string): CalleeLookup {
  const e = ctx.scope.entries.get(name);
  if (e !== undefined) ctx.used.add(name);
  if (e !== undefined) return e.kind === 'net' ? { kind: 'net', net: ctx.nets.get(name) } : { kind: 'variable', word: KIND_WORDS[e.kind] };
  const shared = ctx.guideNets.get(name);
  if (shared !== undefined) {
    ctx.used.add(name);
    return { kind: 'net', net: shared };
  }
  const fn = lookupFunction(name);
  return fn !== undefined ? { kind: 'function', spec: fn } : { kind: 'unknown' };
}

/** Types every statement of the body in source order; returns the checked form of each defining `~`. */
function typeStatements(ctx: ModelContext): Map<SampleStmt, OrderedStmt> {
  const typing = makeModelTyping(ctx);
  const defining = new Set(ctx.scope.samples);
  const lets = new Set(ctx.scope.lets);
  const bound = new Map<SampleStmt, OrderedStmt>();
  for (const s of ctx.model.body) {
    if (s.kind === 'let') {
      if (lets.has(s)) typing.typeLet(s);
      else typing.typer.infer(s.value);
      continue;
    }
    if (s.kind === 'factor') {
      // One number per datapoint (or per data set): a vector is reported, not summed silently.
      const info = typing.typer.infer(s.value);
      if (info !== undefined && info.shape.length > 0) ctx.bag.add(factorNotScalar(s.value.span, info.shape));
      continue;
    }
    if (s.kind !== 'sample') continue;
    const name = s.target.name;
    const entry = ctx.scope.entries.get(name);
    const isDefining = defining.has(s);
    const varShape = !isDefining ? undefined : entry?.kind === 'data' ? ctx.types.get(name)?.shape : ctx.latentShapes.get(name);
    const spec = lookupSiteDistribution(s, classifyCallee(ctx, s.dist.callee.name), ctx.bag);
    const site = checkSite(s, spec, name, varShape, typing.typer, ctx.ints, ctx.bag);
    if (site === undefined || !isDefining || entry === undefined) continue;
    if (entry.kind === 'data') checkObservation(ctx, s, site);
    else if (entry.kind === 'latent') checkLatent(ctx, s, site);
    if (varShape !== undefined) {
      const domain = entry.kind === 'data' ? (ctx.types.get(name)?.domain ?? site.support) : site.support;
      ctx.exprs.set(s.dist, { shape: varShape, domain, perDatapoint: !s.global });
      // A mixture's component call draws the same variable (one component at a time).
      if (site.bound.component !== undefined) ctx.exprs.set(site.bound.component.call, { shape: varShape, domain, perDatapoint: !s.global });
    }
    bound.set(s, { kind: 'sample', stmt: s, dist: site.bound });
  }
  return bound;
}

/** An observation's declared domain must lie in the support (Bernoulli on Unit data: a warning). */
function checkObservation(ctx: ModelContext, s: SampleStmt, site: CheckedSite): void {
  const entry = ctx.scope.entries.get(s.target.name);
  const t = ctx.types.get(s.target.name);
  if (t === undefined || entry?.kind !== 'data' || isSubdomain(t.domain, site.support)) return;
  const dist = site.bound.spec.name;
  if (dist === 'Bernoulli' && t.domain === 'Unit') {
    ctx.bag.add(bernoulliOnUnitData(s.dist.callee.span, s.target.name, entry.decl.type.span));
    return;
  }
  const alternatives = distributionsSupporting(t.domain);
  ctx.bag.add(observationOutsideSupport(s.dist.callee.span, s.target.name, t.domain, dist, site.support, entry.decl.type.span, alternatives));
}

/** A latent's declaration must contain its distribution's support; its shape must be known. */
function checkLatent(ctx: ModelContext, s: SampleStmt, site: CheckedSite): void {
  const name = s.target.name;
  const entry = ctx.scope.entries.get(name);
  const declared = ctx.types.get(name);
  if (entry?.kind === 'latent' && entry.decl !== undefined && declared !== undefined && !isSubdomain(site.support, declared.domain)) {
    ctx.bag.add(latentDeclarationIncompatible(s.dist.callee.span, name, declared.domain, site.bound.spec.name, site.support, entry.decl.type.span));
  }
  if (!ctx.latentShapes.has(name) && site.argsTyped) {
    const vector = site.bound.spec.event === 'vector';
    const reason = vector
      ? `\`${site.bound.spec.name}\` draws vectors, and neither a declaration, a network input nor its parameters give their length`
      : 'neither a declaration, a use as an input nor its parameters give it a shape';
    const example = site.bound.spec.support === 'Category' ? `${name}: Category(K)` : vector ? `${name}: Simplex[K]` : `${name}: Real[N]`;
    ctx.bag.add(undeterminedShape(s.target.span, name, reason, example));
  }
}

/** E0210 for data never observed nor read, E0211 for latents never sampled, W0003 for the rest. */
function reportUnused(ctx: ModelContext): void {
  for (const [name, e] of ctx.scope.entries) {
    if (e.kind === 'data') {
      if (!ctx.scope.observedBy.has(name) && !ctx.used.has(name)) ctx.bag.add(unusedData(e.decl.name.span, name));
    } else if (e.kind === 'latent') {
      if (e.sample === undefined && e.decl !== undefined) ctx.bag.add(latentNeverSampled(e.decl.name.span, name));
    } else if (!ctx.used.has(name)) {
      ctx.bag.add(unusedDeclaration(e.decl.name.span, KIND_WORDS[e.kind], name));
    }
  }
}

/** The symbol table of a model without errors. */
function buildSymbols(ctx: ModelContext): Map<string, ModelSymbol> {
  const out = new Map<string, ModelSymbol>();
  for (const [name, e] of ctx.scope.entries) {
    const span = e.kind === 'latent' ? (e.sample as SampleStmt).target.span : e.decl.name.span;
    switch (e.kind) {
      case 'dim':
        out.set(name, { kind: 'dim', name, value: ctx.ints.dim(e.decl) as number, span });
        break;
      case 'data': {
        const t = ctx.types.get(name);
        if (t === undefined) break;
        const role = ctx.scope.observedBy.has(name) ? 'observed' : 'covariate';
        out.set(name, { kind: 'data', name, shape: t.shape, domain: t.domain, role, span, ...(t.categories !== undefined ? { categories: t.categories } : {}) });
        break;
      }
      case 'param': {
        const t = ctx.types.get(name);
        if (t !== undefined) out.set(name, { kind: 'param', name, shape: t.shape, domain: t.domain, span });
        break;
      }
      case 'net': {
        const n = ctx.nets.get(name);
        if (n !== undefined) out.set(name, n);
        break;
      }
      case 'let':
        out.set(name, { kind: 'let', name, stmt: e.decl, span });
        break;
      case 'latent': {
        const sample = e.sample as SampleStmt;
        const shape = ctx.latentShapes.get(name) ?? [];
        const domain = ctx.latentDomains.get(name) ?? 'Real';
        const categories = domain === 'Category' ? shape[shape.length - 1] : undefined;
        out.set(name, {
          kind: 'latent', name, shape, domain, scope: sample.global ? 'global' : 'local', sample, span,
          ...(categories !== undefined ? { categories } : {}),
          ...(e.decl !== undefined ? { declSpan: e.decl.span } : {}),
        });
        break;
      }
    }
  }
  return out;
}
