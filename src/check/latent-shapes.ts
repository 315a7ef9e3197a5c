/**
 * Latent shape inference. A latent's shape is, in order of preference:
 *
 * 1. the shape of its `latent z: D[shape]` declaration;
 * 2. else the shape fixed by the first place (in source order) that uses it directly as an argument
 *    whose shape is fixed: a network's input (`[in]`), an operand of `@` or `dot` whose other operand's
 *    shape is known (the matching vector), a parameter of a vector-event distribution (Categorical,
 *    Dirichlet, LogisticNormal) whose sampled variable's shape is known (`y ~ Categorical(p)` with
 *    `y: Category(3)` makes `p` a [3] vector: a vector parameter cannot broadcast along its event axis);
 * 3. else the broadcast of its distribution's parameter shapes, `I` excluded (`Normal(0, I)` is a
 *    scalar; `Normal(mu(h), I)` has the shape of `mu(h)`), with the last axis lengthened by the row's
 *    `eventOffset` (`LogisticNormal(m, s)` with `m` of shape [K − 1] gives [K]).
 *
 * Rules 2 and 3 may need other latents' shapes, so they are applied in sweeps over the latents in source
 * order until nothing new is determined (a fixpoint; a chain written in order resolves in one sweep).
 * Rule 3 waits for latents used directly as an operand of `@` or `dot`, whose rule-2 shape may appear
 * only once other shapes are known: it applies to them one at a time, when a sweep finds nothing else.
 * All typing here is silent; the final pass reports mismatches against the chosen shapes.
 *
 * Verbs: `infer*` compute shapes.
 */
import { netInputWidth } from '../registry/networks.js';
import { DiagnosticBag } from '../common/diagnostic.js';
import { type DistributionSpec, hasFreeAxis, lookupDistribution, parameterShapeFor, valueShapeFromParameter } from '../registry/distributions.js';
import type { Expr, SampleStmt } from '../syntax/ast.js';
import type { ExprInfo, Shape } from './checked-model.js';
import { bindDistribution } from './bind-distribution.js';
import { type ModelContext, makeSilentTyping, type ModelTyping } from './model-env.js';
import { broadcastAll } from './shapes.js';

/** Fills `ctx.latentShapes` for every latent whose shape can be determined. */
export function inferLatentShapes(ctx: ModelContext): void {
  const shapes = ctx.latentShapes;
  const pending: SampleStmt[] = [];
  for (const [name, entry] of ctx.scope.entries) {
    if (entry.kind !== 'latent') continue;
    const declared = entry.decl !== undefined ? ctx.types.get(name) : undefined;
    if (declared !== undefined) shapes.set(name, declared.shape);
    else if (entry.sample !== undefined) pending.push(entry.sample);
  }
  pending.sort((a, b) => a.span.start - b.span.start);
  const exprs = modelExpressions(ctx);
  // Latents used directly as an operand of `@` or `dot` may get a rule-2 shape only once the other
  // operand's shape is known, so rule 3 is applied to them last, one at a time.
  const deferred = operandsOfProducts(exprs);
  for (;;) {
    const typing = makeSilentTyping(ctx, shapes);
    const uses = fixedUses(ctx, new Set(pending.map((s) => s.target.name)), exprs, typing);
    let progress = false;
    for (let i = 0; i < pending.length; i++) {
      const s = pending[i] as SampleStmt;
      const name = s.target.name;
      const shape = uses.get(name) ?? (deferred.has(name) ? undefined : parameterShape(s, typing));
      if (shape === undefined) continue;
      shapes.set(name, shape);
      pending.splice(i--, 1);
      progress = true;
    }
    if (!progress) {
      const i = pending.findIndex((s) => deferred.has(s.target.name) && parameterShape(s, typing) !== undefined);
      if (i < 0) break;
      const s = pending[i] as SampleStmt;
      shapes.set(s.target.name, parameterShape(s, typing) as Shape);
      pending.splice(i, 1);
    }
  }
}

/** Names used directly as an operand of `@` or of `dot`. */
function operandsOfProducts(roots: readonly Expr[]): Set<string> {
  const out = new Set<string>();
  const direct = (e: Expr | undefined): void => {
    if (e?.kind === 'name') out.add(e.name);
  };
  const visit = (e: Expr): void => {
    if (e.kind === 'binary') {
      if (e.op === '@') {
        direct(e.left);
        direct(e.right);
      }
      visit(e.left);
      visit(e.right);
    } else if (e.kind === 'call') {
      if (e.callee.name === 'dot') for (const a of e.args) direct(a.value);
      for (const a of e.args) visit(a.value);
    } else if (e.kind === 'unary') visit(e.operand);
    else if (e.kind === 'index') visit(e.target);
  };
  for (const r of roots) visit(r);
  return out;
}

/** Top-level expressions of the model body: distribution arguments and let values, in source order. */
function modelExpressions(ctx: ModelContext): Expr[] {
  const out: Expr[] = [];
  for (const s of ctx.model.body) {
    if (s.kind === 'sample') for (const a of s.dist.args) out.push(a.value);
    else if (s.kind === 'let') out.push(s.value);
  }
  return out;
}

/** Rule 2: for each pending latent, the shape required by its first fixed-shape use. */
function fixedUses(ctx: ModelContext, pending: ReadonlySet<string>, roots: readonly Expr[], typing: ModelTyping): Map<string, Shape> {
  const found = new Map<string, Shape>();
  const note = (e: Expr | undefined, shape: Shape | undefined): void => {
    if (e?.kind === 'name' && shape !== undefined && pending.has(e.name) && !found.has(e.name)) found.set(e.name, shape);
  };
  const pendingName = (e: Expr | undefined): boolean => e?.kind === 'name' && pending.has(e.name) && !found.has(e.name);
  // The vector matching a known operand of `@`: [m, n] @ z and z @ [n, k] both fix z to [n].
  const matching = (other: Expr, otherIsRight: boolean): Shape | undefined => {
    const s = typing.typer.infer(other)?.shape;
    return s === undefined || s.length === 0 ? undefined : [(otherIsRight ? s[0] : s[s.length - 1]) as number];
  };
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'number':
      case 'name':
      case 'identity':
        return;
      case 'unary':
        return visit(e.operand);
      case 'index':
        return visit(e.target);
      case 'pieces':
        for (const p of e.parts) visit(p.value);
        return;
      case 'binary':
        if (e.op === '@') {
          if (pendingName(e.left)) note(e.left, matching(e.right, true));
          if (pendingName(e.right)) note(e.right, matching(e.left, false));
        }
        visit(e.left);
        visit(e.right);
        return;
      case 'call': {
        const entry = ctx.scope.entries.get(e.callee.name);
        const net = entry?.kind === 'net' ? ctx.nets.get(e.callee.name) : entry === undefined ? ctx.guideNets.get(e.callee.name) : undefined;
        const width = net !== undefined ? netInputWidth(net.spec) : undefined;
        if (width !== undefined && e.args.length === 1) note(e.args[0]?.value, [width]);
        if (e.callee.name === 'dot' && entry === undefined && e.args.length === 2) {
          const [a, b] = e.args.map((x) => x.value) as [Expr, Expr];
          const vector = (x: Expr): Shape | undefined => {
            const s = typing.typer.infer(x)?.shape;
            return s?.length === 1 ? s : undefined;
          };
          if (pendingName(a)) note(a, vector(b));
          if (pendingName(b)) note(b, vector(a));
        }
        for (const a of e.args) visit(a.value);
        return;
      }
    }
  };
  for (const r of roots) visit(r);
  // Parameters of vector-event distributions must have the event axis of the variable they draw.
  for (const st of ctx.model.body) {
    if (st.kind !== 'sample') continue;
    const spec = lookupDistribution(st.dist.callee.name);
    if (spec?.event !== 'vector') continue;
    const target = ctx.scope.entries.get(st.target.name);
    const varShape = target?.kind === 'data' ? ctx.types.get(st.target.name)?.shape : ctx.latentShapes.get(st.target.name);
    if (varShape === undefined || varShape.length === 0) continue;
    // A free trailing axis (a mixture's components) implies no shape for a name passed as the parameter.
    for (const a of boundArgs(st, spec)) if (pendingName(a.value) && !hasFreeAxis(spec, a.param)) note(a.value, parameterShapeFor(spec, a.param, varShape));
  }
  return found;
}

/** Rule 3: the broadcast of the distribution's argument shapes, `I` counting as a scalar. */
function parameterShape(s: SampleStmt, typing: ModelTyping): Shape | undefined {
  const spec = lookupDistribution(s.dist.callee.name);
  if (spec === undefined) return undefined;
  const component = componentOf(s, spec);
  if (component !== undefined) return mixtureShape(component, typing);
  const args = boundArgs(s, spec);
  const infos: (ExprInfo | undefined)[] = args.map((a) => typing.typer.inferArgument(a.value, []));
  if (infos.some((i) => i === undefined)) return undefined;
  // Each parameter's shape implies a value shape by its own event rank (LogisticNormal's K − 1
  // log-ratios give K; scale_tril [K, K] gives [K]); a rank-0 parameter (total_count) implies none.
  const implied: Shape[] = [];
  for (const [i, info] of (infos as ExprInfo[]).entries()) {
    const a = args[i] as BoundArg;
    if (spec.event === 'vector' && info.shape.length === 0) continue;
    const v = valueShapeFromParameter(spec, a.param, info.shape);
    if (v !== undefined) implied.push(v);
  }
  // A vector event needs an axis for it; without one, nothing here determines its length.
  if (spec.event === 'vector' && implied.length === 0) return undefined;
  const r = broadcastAll(implied);
  // Parameters that do not broadcast: take the first, and let the final pass report the others.
  return r.ok ? r.shape : (implied[0] ?? []);
}

interface BoundArg {
  readonly param: string;
  readonly value: Expr;
}

/**
 * The statement's arguments with the parameter each binds to (silently; unbindable calls bind none); a
 * mixture's component call is not among them (see {@link componentOf}).
 */
function boundArgs(s: SampleStmt, spec: DistributionSpec): BoundArg[] {
  const bound = bindDistribution(s.dist, spec, new DiagnosticBag());
  return bound === undefined ? [] : bound.args.filter((a) => a.param.constraint !== 'distribution').map((a) => ({ param: a.param.name, value: a.value }));
}

/** A mixture's component call, bound silently to its own row. */
function componentOf(s: SampleStmt, spec: DistributionSpec): { spec: DistributionSpec; args: BoundArg[] } | undefined {
  const value = bindDistribution(s.dist, spec, new DiagnosticBag())?.args.find((a) => a.param.constraint === 'distribution')?.value;
  const inner = value?.kind === 'call' ? lookupDistribution(value.callee.name) : undefined;
  if (value?.kind !== 'call' || inner === undefined) return undefined;
  const bound = bindDistribution(value, inner, new DiagnosticBag());
  return bound === undefined ? undefined : { spec: inner, args: bound.args.map((a) => ({ param: a.param.name, value: a.value })) };
}

/** Rule 3 for a mixture: the component's implied value shape `[…, K, D]` without its mixture axis. */
function mixtureShape(component: { spec: DistributionSpec; args: BoundArg[] }, typing: ModelTyping): Shape | undefined {
  const implied: Shape[] = [];
  for (const a of component.args) {
    const info = typing.typer.inferArgument(a.value, []);
    if (info === undefined) return undefined;
    const v = valueShapeFromParameter(component.spec, a.param, info.shape);
    // A parameter with the mixture axis implies a value [..., K, D]; one without it implies nothing here.
    if (v !== undefined && v.length >= 2) implied.push([...v.slice(0, -2), v[v.length - 1] as number]);
  }
  if (implied.length === 0) return undefined;
  const r = broadcastAll(implied);
  return r.ok ? r.shape : implied[0];
}
