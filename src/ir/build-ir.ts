/**
 * The IR stage's entry: `buildIR` turns a checked model into the frozen {@link ModelIR}. It resolves
 * nothing anew — names, shapes, domains and dependency order all come from the checker — it only
 * re-expresses them as a graph of sites.
 */
import { repeatSteps } from '../flows/flow-ir.js';
import { withFlowInputs } from '../flows/flow-inputs.js';
import { netSiteShape } from '../registry/networks.js';
import { freeze } from 'immer';
import { InternalError } from '../common/diagnostic.js';
import type { BoundDistribution, CheckedModel, NetSymbol } from '../check/checked-model.js';
import type { LetStmt } from '../syntax/ast.js';
import { lowerExpr, type LowerScope } from './lower-expr.js';
import type { DistNode, GuideBlockIR, GuideSample, LetSite, ModelIR, NetSite, ParamSite, Site } from './model-ir.js';
import { distRefs, exprRefs, factorSiteName } from './model-ir.js';
import type { PiecewiseSite } from './loops-ir.js';

function netSite(sym: NetSymbol): NetSite {
  return {
    kind: 'net', name: sym.name, shape: netSiteShape(sym.spec), domain: 'Real', parents: [], span: sym.span, spec: sym.spec,
  };
}

function lowerDist(scope: LowerScope, b: BoundDistribution): DistNode {
  const params: Record<string, ReturnType<typeof lowerExpr>> = {};
  for (const { param, value } of b.args) params[param.name] = lowerExpr(scope, value);
  if (b.component !== undefined) return { dist: b.spec.name, params, span: b.call.span, component: lowerDist(scope, b.component) };
  return { dist: b.spec.name, params, span: b.call.span };
}

function letSite(scope: LowerScope, stmt: LetStmt): LetSite {
  const value = lowerExpr(scope, stmt.value);
  return {
    kind: 'let', name: stmt.name.name, shape: value.info.shape, domain: value.info.domain,
    parents: [...exprRefs(value)].sort(), span: stmt.span, value,
  };
}

function modelScope(model: CheckedModel, guideNets: ReadonlySet<string> = new Set()): LowerScope {
  return {
    model,
    isNet: (n) => guideNets.has(n) || model.symbols.get(n)?.kind === 'net',
    dim: (n) => {
      const s = model.symbols.get(n);
      return s?.kind === 'dim' ? s.value : undefined;
    },
  };
}

function buildGuideBlock(model: CheckedModel): GuideBlockIR | undefined {
  const g = model.guide;
  if (g === undefined) return undefined;
  const guideNets = new Set([...g.symbols.values()].filter((s) => s.kind === 'net').map((s) => s.name));
  const scope = modelScope(model, guideNets);
  const sites: Record<string, NetSite | ParamSite | LetSite> = {};
  for (const s of g.symbols.values()) {
    if (s.kind === 'net') sites[s.name] = netSite(s);
    else if (s.kind === 'param') sites[s.name] = { kind: 'param', name: s.name, shape: s.shape, domain: s.domain, declared: s.domain, parents: [], span: s.span };
  }
  const order: GuideBlockIR['order'][number][] = [];
  const samples: Record<string, GuideSample> = {};
  // The data and latents a guide expression reads, looking through guide lets.
  const inputsOf = (refs: Iterable<string>): string[] => {
    const out = new Set<string>();
    const visit = (n: string): void => {
      const local = sites[n];
      if (local?.kind === 'let') for (const p of local.parents) visit(p);
      else if (local === undefined) {
        const sym = model.symbols.get(n);
        if (sym?.kind === 'data' || sym?.kind === 'latent') out.add(n);
      }
    };
    for (const r of refs) visit(r);
    return [...out].sort();
  };
  for (const item of g.order) {
    if (item.kind === 'let') {
      const site = letSite(scope, item.stmt);
      sites[site.name] = site;
      order.push({ kind: 'let', name: site.name });
    } else {
      const dist = lowerDist(scope, item.dist);
      const latent = item.stmt.target.name;
      const shape = model.symbols.get(latent)?.kind === 'latent' ? (model.symbols.get(latent) as { shape: readonly number[] }).shape : [];
      // A flow's amortized inputs (IAF's `h: …`) are guide expressions like the base's parameters.
      const flowInputs = Object.fromEntries(Object.entries(item.flow?.inputs ?? {}).map(([k, e]) => [k, lowerExpr(scope, e)]));
      const flow = item.flow === undefined ? undefined : withFlowInputs({ steps: repeatSteps(item.flow.bijector, item.flow.steps, item.flow.options), eventSize: shape.reduce((a, b) => a * b, 1) }, flowInputs);
      const refs = distRefs(dist);
      for (const e of Object.values(flowInputs)) exprRefs(e, refs);
      samples[latent] = { latent, dist, inputs: inputsOf(refs), span: item.stmt.span, ...(flow !== undefined ? { flow } : {}) };
      order.push({ kind: 'sample', latent });
    }
  }
  return { sites, order, samples, span: g.span };
}

/** The pieces and self-lags the loop stage found for a site (nothing for a plainly defined one). */
function piecewiseOf(model: CheckedModel, name: string): PiecewiseSite {
  const pieces = model.loops?.pieces.get(name);
  const lags = model.loops?.selfLags.get(name);
  return { ...(pieces !== undefined ? { pieces } : {}), ...(lags !== undefined && lags.length > 0 ? { selfLags: lags } : {}) };
}

/**
 * Parents without what the site reads only at earlier iterations of a sequence (`let m[t] = 0.9 * z[t - 1]`
 * does not make `m` a child of the whole `z`): those element-level reads are in `pieces`.
 */
function withoutCarried(model: CheckedModel, name: string, parents: readonly string[]): string[] {
  const reads = model.loops?.pieces.get(name)?.flatMap((p) => p.reads) ?? [];
  const carriedOnly = (n: string): boolean => {
    const rs = reads.filter((r) => r.name === n);
    return rs.length > 0 && rs.every((r) => r.offset < 0) && model.loops?.selfLags.has(n) === true;
  };
  return parents.filter((p) => p !== name && !carriedOnly(p));
}

/** Builds the frozen IR of a checked model. */
export function buildIR(model: CheckedModel): ModelIR {
  // The model may call the guide block's nets (nets are shared by the model and the guide).
  const guideNets = new Set([...(model.guide?.symbols.values() ?? [])].filter((s) => s.kind === 'net').map((s) => s.name));
  const scope = modelScope(model, guideNets);
  const sites: Record<string, Site> = {};
  for (const sym of model.symbols.values()) {
    switch (sym.kind) {
      case 'dim':
      case 'let':
      case 'latent':
        break; // dims are constants; lets and latents come from `order` below
      case 'net':
        sites[sym.name] = netSite(sym);
        break;
      case 'param':
        sites[sym.name] = { kind: 'param', name: sym.name, shape: sym.shape, domain: sym.domain, declared: sym.domain, parents: [], span: sym.span };
        break;
      case 'data':
        sites[sym.name] = {
          kind: 'data', name: sym.name, shape: sym.shape, domain: sym.domain, declared: sym.domain, role: sym.role,
          ...(sym.categories !== undefined ? { categories: sym.categories } : {}),
          parents: [], span: sym.span, declSpan: sym.span,
        };
        break;
    }
  }
  const order: string[] = [];
  for (const item of model.order) {
    if (item.kind === 'let') {
      const site = letSite(scope, item.stmt);
      sites[site.name] = { ...site, parents: withoutCarried(model, site.name, site.parents), ...piecewiseOf(model, site.name) };
      order.push(site.name);
      continue;
    }
    const name = item.stmt.target.name;
    const dist = lowerDist(scope, item.dist);
    // A sequence's prior reads the site's own earlier elements; that is not a parent (loops-ir.ts).
    const parents = withoutCarried(model, name, [...distRefs(dist)].sort());
    const sym = model.symbols.get(name);
    const piecewise = piecewiseOf(model, name);
    if (sym?.kind === 'latent') {
      sites[name] = {
        kind: 'latent', name, shape: sym.shape, domain: sym.domain, scope: sym.scope, prior: dist, parents, span: item.stmt.span,
        ...(sym.categories !== undefined ? { categories: sym.categories } : {}), ...piecewise,
      };
    } else if (sym?.kind === 'data') {
      const data = sites[name];
      if (data?.kind !== 'data') throw new InternalError(`data site \`${name}\` missing`);
      sites[name] = { ...data, likelihood: dist, parents, span: item.stmt.span, ...piecewise };
    } else {
      throw new InternalError(`\`${name}\` is sampled but is neither a latent nor data`);
    }
    order.push(name);
  }
  model.factors.forEach((stmt, i) => {
    const value = lowerExpr(scope, stmt.value);
    const name = factorSiteName(i);
    sites[name] = {
      kind: 'factor', name, shape: [], domain: value.info.domain, scope: value.info.perDatapoint ? 'local' : 'global',
      parents: [...exprRefs(value)].sort(), span: stmt.span, value,
    };
    order.push(name);
  });
  const guideBlock = buildGuideBlock(model);
  const loops = model.loops?.loops;
  const ir: ModelIR = {
    name: model.name, sites, order, ...(guideBlock ? { guideBlock } : {}), ...(loops !== undefined && loops.length > 0 ? { loops } : {}), span: model.span,
  };
  return freeze(ir, true);
}
