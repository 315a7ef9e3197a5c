/**
 * Checking the distribution of one `~` statement (model or guide): the distribution exists, its
 * arguments bind to a parameterization, each argument is typed with `I` shaped like the sampled
 * variable, each argument's shape broadcasts to the variable's shape, and each constrained parameter
 * is provably in its set (a fix such as `softplus(...)` is suggested otherwise). For a row with an
 * `eventOffset` (LogisticNormal) "the variable's shape" means it with the last axis shortened by the
 * offset, both for `I` and for the broadcast check; a parameter with an `eventRank` of 0 or 2 drops the
 * event axis or repeats it (Multinomial's total_count, MultivariateNormal's scale_tril); a mixture's
 * parameters end in an axis of free length, the longest last axis among its arguments (NormalMixture's
 * components, LowRankMultivariateNormal's rank). A mixture's component (a `distribution` parameter) is
 * checked as a distribution of its own for the value with the mixture axis inserted before its last axis
 * (`[K, D]` parameters for a `[D]` value, {@link mixtureValueShape}); K is the weights' last axis (or,
 * for shared weights, the components'), and each component parameter's mixture axis must be K or 1.
 *
 * Verbs: `check*` return the refined statement (a {@link BoundDistribution}) or report.
 */
import type { DiagnosticBag } from '../common/diagnostic.js';
import { type DistributionSpec, hasFreeAxis, lookupDistribution, DISTRIBUTION_NAMES, mixtureAxisOf, mixtureValueShape, parameterShapeFor } from '../registry/distributions.js';
import type { ValueDomain } from '../registry/domains.js';
import { lookupFunction } from '../registry/functions.js';
import type { CallExpr, Expr, SampleStmt } from '../syntax/ast.js';
import { bindDistribution, bindSilently } from './bind-distribution.js';
import type { BoundDistribution, ExprInfo, Shape } from './checked-model.js';
import { CONSTRAINT_FIX, CONSTRAINT_WORDS, provesConstraint, refinedSupport } from './domains.js';
import { exprText } from './expr-text.js';
import type { CalleeLookup, ExprTyper } from './infer-expr.js';
import { componentNotADistribution, missingEventAxis, mixtureAxisMismatch, notADistribution, parameterShape } from './messages-expr.js';
import { constraintNotProvable } from './messages-model.js';
import { unknownDistribution } from './messages.js';
import { suggest } from './scope.js';
import { broadcastsTo, formatShape } from './shapes.js';
import type { IntegerEvaluator } from './sizes.js';

/** A checked `~` statement's distribution. */
export interface CheckedSite {
  /** The arguments bound to a parameterization. */
  readonly bound: BoundDistribution;
  /** The support, refined by constant bounds (`Uniform(0, 1)` is Unit). */
  readonly support: ValueDomain;
  /** Whether every argument typed without error (so shape-dependent conclusions are sound). */
  readonly argsTyped: boolean;
}

/** The registry row for the distribution after `~`, reporting an unknown one or a non-distribution. */
export function lookupSiteDistribution(stmt: SampleStmt, callee: CalleeLookup, bag: DiagnosticBag): DistributionSpec | undefined {
  const name = stmt.dist.callee.name;
  const spec = lookupDistribution(name);
  if (spec !== undefined) return spec;
  const span = stmt.dist.callee.span;
  if (callee.kind === 'net') bag.add(notADistribution(span, name, 'network'));
  else if (callee.kind === 'function') bag.add(notADistribution(span, name, 'function'));
  else if (callee.kind === 'variable') bag.add(notADistribution(span, name, callee.word));
  else bag.add(unknownDistribution(span, name, suggest(name, DISTRIBUTION_NAMES)));
  return undefined;
}

/**
 * Checks the distribution of `stmt`, sampling a variable named `variable` of shape `varShape`
 * (undefined when unknown). Arguments are typed even when the call is wrong, so that their own
 * mistakes are reported too.
 */
export function checkSite(
  stmt: SampleStmt,
  spec: DistributionSpec | undefined,
  variable: string,
  varShape: Shape | undefined,
  typer: ExprTyper,
  ints: IntegerEvaluator,
  bag: DiagnosticBag,
): CheckedSite | undefined {
  const bound0 = spec === undefined ? undefined : bindDistribution(stmt.dist, spec, bag);
  if (spec === undefined || bound0 === undefined) {
    for (const a of stmt.dist.args) if (isDistributionCall(a.value)) typeLoosely(a.value, typer);
    else typer.inferArgument(a.value, varShape);
    return undefined;
  }
  const componentArg = bound0.args.find((a) => a.param.constraint === 'distribution');
  const bound = componentArg === undefined ? bound0 : { ...bound0, args: bound0.args.filter((a) => a !== componentArg) };
  let argsTyped = true;
  // The shape each argument must broadcast to (and the shape `I` takes): the variable's, or for a row
  // with an event offset (LogisticNormal) the variable's with a shorter last axis.
  // Each parameter's own event rank applies (MultivariateNormal's scale_tril is [K, K] for a [K] value).
  // A free trailing axis (a mixture's K components): every argument is typed against length 1 (so `I` is
  // ones that broadcast over it), then its length is the longest last axis among them and each must broadcast
  // to its shape with that K.
  const typed = bound.args.map(({ param, value }) => {
    const target = varShape === undefined ? undefined : parameterShapeFor(spec, param.name, varShape, 1);
    return { param, value, target, info: typer.inferArgument(value, target) };
  });
  let free = 1;
  for (const t of typed) if (hasFreeAxis(spec, t.param.name) && t.info !== undefined && t.info.shape.length > 0) free = Math.max(free, t.info.shape[t.info.shape.length - 1] as number);
  let component: CheckedSite | undefined;
  if (componentArg !== undefined) {
    const weights = typed.find((t) => hasFreeAxis(spec, t.param.name));
    const mixture = checkComponent(spec, componentArg.value, weights === undefined ? undefined : { name: exprText(weights.value), k: free }, variable, varShape, typer, ints, bag);
    if (mixture === undefined) return undefined;
    component = mixture.site;
    free = mixture.k;
    if (!component.argsTyped) argsTyped = false;
  }
  for (const { param, value, info, target: typingTarget } of typed) {
    if (info === undefined) {
      // `I` has no shape while the variable's is unknown: that is the undetermined-shape error (E0247),
      // not an argument error, so it must not suppress that diagnostic.
      if (value.kind !== 'identity' || typingTarget !== undefined) argsTyped = false;
      continue;
    }
    checkConstraint(spec, param.name, param.constraint, value, info, bag);
    const target = varShape === undefined ? undefined : parameterShapeFor(spec, param.name, varShape, free);
    if (varShape !== undefined && target !== undefined && !broadcastsTo(info.shape, target)) {
      const d = parameterShape(value.span, param.name, spec.name, info.shape, variable, varShape);
      const help = hasFreeAxis(spec, param.name)
        ? `the parameters of \`${spec.name}\` end in a ${spec.freeAxis ?? 'free'} axis: for \`${variable}\` of shape ${formatShape(varShape)} and ${free} ${spec.freeAxis ?? 'entries'} give \`${param.name}\` shape ${formatShape(target)}`
        : (spec.eventOffset ?? 0) !== 0 ? eventOffsetHelp(spec, variable, varShape, target)
        : info.producedBy !== undefined ? `${info.producedBy} but \`${variable}\` is ${formatShape(varShape)}` : undefined;
      bag.add(help === undefined ? d : { ...d, help });
    }
  }
  if (varShape !== undefined && spec.event === 'vector' && varShape.length === 0) {
    bag.add(missingEventAxis(stmt.target.span, spec.name, variable, varShape));
  }
  const bounds = (spec.boundedBy ?? []).map((n) => {
    const v = bound.args.find((a) => a.param.name === n)?.value;
    return v === undefined ? undefined : ints.constantOf(v);
  });
  if (component !== undefined) return { bound: { ...bound, component: component.bound }, support: component.support, argsTyped };
  return { bound, support: refinedSupport(spec, [bounds[0], bounds[1]], bound.args.map((a) => a.param.name)), argsTyped };
}

/**
 * The support of a distribution call bound silently (the checker's first pass, before the arguments are
 * typed): the row's, refined by constant bounds, and for a mixture its component's.
 */
export function silentSupport(call: CallExpr, spec: DistributionSpec, ints: IntegerEvaluator): ValueDomain {
  const bound = bindSilently(call, spec);
  if (bound === undefined) return spec.support;
  const component = bound.args.find((a) => a.param.constraint === 'distribution')?.value;
  if (component !== undefined) {
    const inner = component.kind === 'call' ? lookupDistribution(component.callee.name) : undefined;
    return component.kind === 'call' && inner !== undefined && inner !== spec ? silentSupport(component, inner, ints) : spec.support;
  }
  const bounds = (spec.boundedBy ?? []).map((p) => {
    const arg = bound.args.find((a) => a.param.name === p)?.value;
    return arg === undefined ? undefined : ints.constantOf(arg);
  });
  return refinedSupport(spec, [bounds[0], bounds[1]], bound.args.map((a) => a.param.name));
}

/** Types an argument without a target shape, a distribution call by its arguments (so their names count as used). */
function typeLoosely(e: Expr, typer: ExprTyper): void {
  if (isDistributionCall(e) && e.kind === 'call') for (const a of e.args) typeLoosely(a.value, typer);
  else typer.inferArgument(e, undefined);
}

/** Whether an expression is a call of a registry distribution (a mixture's component, never a value). */
function isDistributionCall(e: Expr): boolean {
  return e.kind === 'call' && lookupDistribution(e.callee.name) !== undefined;
}

/**
 * Checks a mixture's component call as a distribution for the value with the mixture axis inserted and
 * returns it with K: the weights' last axis when longer than 1, else the longest mixture axis among the
 * component's parameters. Every other length on a mixture axis is E0232.
 */
function checkComponent(
  mixture: DistributionSpec,
  value: Expr,
  weights: { name: string; k: number } | undefined,
  variable: string,
  varShape: Shape | undefined,
  typer: ExprTyper,
  ints: IntegerEvaluator,
  bag: DiagnosticBag,
): { site: CheckedSite; k: number } | undefined {
  const spec = value.kind === 'call' ? lookupDistribution(value.callee.name) : undefined;
  if (value.kind !== 'call' || spec === undefined || spec.parameterizations.some((ps) => ps.some((p) => p.constraint === 'distribution'))) {
    const found = value.kind !== 'call' ? `the expression \`${exprText(value)}\`` : spec === undefined ? `\`${value.callee.name}\`, which is not a distribution` : `another \`${spec.name}\` (mixtures do not nest)`;
    bag.add(componentNotADistribution(value.span, mixture.name, found));
    typeLoosely(value, typer);
    return undefined;
  }
  const bound = bindDistribution(value, spec, bag);
  if (bound === undefined) {
    typeLoosely(value, typer);
    return undefined;
  }
  const event = varShape === undefined || varShape.length === 0 ? undefined : (varShape[varShape.length - 1] as number);
  const cv = (k: number): Shape | undefined => (varShape === undefined || event === undefined ? undefined : mixtureValueShape(varShape, k));
  const typed = bound.args.map(({ param, value: v }) => {
    const shape1 = cv(1);
    return { param, value: v, info: typer.inferArgument(v, shape1 === undefined ? undefined : parameterShapeFor(spec, param.name, shape1)) };
  });
  const axisLength = (t: (typeof typed)[number]): number => {
    if (t.info === undefined) return 1;
    const i = mixtureAxisOf(spec, t.param.name, t.info.shape, event ?? 1);
    return i < 0 ? 1 : (t.info.shape[i] as number);
  };
  const fromWeights = weights !== undefined && weights.k > 1;
  const widest = typed.reduce((best, t) => (axisLength(t) > axisLength(best) ? t : best), typed[0] as (typeof typed)[number]);
  const k = fromWeights ? weights.k : axisLength(widest);
  const from = fromWeights ? `from the weights \`${weights.name}\`` : `from \`${exprText(widest.value)}\``;
  let argsTyped = true;
  for (const t of typed) {
    if (t.info === undefined) {
      argsTyped = false;
      continue;
    }
    checkConstraint(spec, t.param.name, t.param.constraint, t.value, t.info, bag);
    const n = axisLength(t);
    if (n !== 1 && n !== k) {
      bag.add(mixtureAxisMismatch(t.value.span, `\`${exprText(t.value)}\` (${spec.name}'s ${t.param.name})`, n, k, from));
      continue;
    }
    const full = cv(k);
    const target = full === undefined ? undefined : parameterShapeFor(spec, t.param.name, full);
    if (varShape !== undefined && target !== undefined && !broadcastsTo(t.info.shape, target)) {
      const d = parameterShape(t.value.span, t.param.name, spec.name, t.info.shape, variable, varShape);
      bag.add({ ...d, help: `a component of \`${mixture.name}\` carries the mixture axis before the event axis: for \`${variable}\` of shape ${formatShape(varShape)} and ${k} components give \`${t.param.name}\` shape ${formatShape(target)}` });
    }
  }
  const bounds = (spec.boundedBy ?? []).map((n) => {
    const v = bound.args.find((a) => a.param.name === n)?.value;
    return v === undefined ? undefined : ints.constantOf(v);
  });
  return { site: { bound, support: refinedSupport(spec, [bounds[0], bounds[1]], bound.args.map((a) => a.param.name)), argsTyped }, k };
}

function eventOffsetHelp(spec: DistributionSpec, variable: string, varShape: Shape, target: Shape): string {
  const offset = spec.eventOffset ?? 0;
  return `the parameters of \`${spec.name}\` have ${offset} fewer ${offset === 1 ? 'entry' : 'entries'} on their last axis than its value: for \`${variable}\` of shape ${formatShape(varShape)} give them shape ${formatShape(target)}`;
}

function checkConstraint(spec: DistributionSpec, param: string, constraint: keyof typeof CONSTRAINT_WORDS, value: Expr, info: ExprInfo, bag: DiagnosticBag): void {
  if (constraint === 'real' || provesConstraint(constraint, info.domain, info.constant)) return;
  // A function whose values satisfy the constraint by construction (`fill_scale_tril`: a Cholesky factor).
  if (value.kind === 'call' && lookupFunction(value.callee.name)?.satisfies === constraint) return;
  const fn = CONSTRAINT_FIX[constraint];
  let fix = fn === undefined ? 'give a non-negative integer constant, `Count` data, or their sum (`sum(x)` of a Count vector)' : `map it into the constraint, e.g. \`${fn}(${exprText(value)})\``;
  const alt = spec.parameterizations.find((ps) => ps.length === 1 && ps[0]?.constraint === 'real')?.[0];
  if (alt !== undefined && spec.parameterizations.length > 1) {
    fix += `, or pass unconstrained values as \`${spec.name}(${alt.name}: ${exprText(value)})\``;
  }
  bag.add(constraintNotProvable(value.span, param, spec.name, CONSTRAINT_WORDS[constraint], info.domain, fix));
}
