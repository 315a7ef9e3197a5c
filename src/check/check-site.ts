/**
 * Checking the distribution of one `~` statement (model or guide): the distribution exists, its
 * arguments bind to a parameterization, each argument is typed with `I` shaped like the sampled
 * variable, each argument's shape broadcasts to the variable's shape, and each constrained parameter
 * is provably in its set (a fix such as `softplus(...)` is suggested otherwise). For a row with an
 * `eventOffset` (LogisticNormal) "the variable's shape" means it with the last axis shortened by the
 * offset, both for `I` and for the broadcast check; a parameter with an `eventRank` of 0 or 2 drops the
 * event axis or repeats it (Multinomial's total_count, MultivariateNormal's scale_tril); a mixture's
 * parameters end in an axis of free length, the longest last axis among its arguments (NormalMixture's
 * components, LowRankMultivariateNormal's rank).
 *
 * Verbs: `check*` return the refined statement (a {@link BoundDistribution}) or report.
 */
import type { DiagnosticBag } from '../common/diagnostic.js';
import { type DistributionSpec, hasFreeAxis, lookupDistribution, DISTRIBUTION_NAMES, parameterShapeFor } from '../registry/distributions.js';
import type { ValueDomain } from '../registry/domains.js';
import type { Expr, SampleStmt } from '../syntax/ast.js';
import { bindDistribution } from './bind-distribution.js';
import type { BoundDistribution, ExprInfo, Shape } from './checked-model.js';
import { CONSTRAINT_FIX, CONSTRAINT_WORDS, provesConstraint, refinedSupport } from './domains.js';
import { exprText } from './expr-text.js';
import type { CalleeLookup, ExprTyper } from './infer-expr.js';
import { missingEventAxis, notADistribution, parameterShape } from './messages-expr.js';
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
  const bound = spec === undefined ? undefined : bindDistribution(stmt.dist, spec, bag);
  if (spec === undefined || bound === undefined) {
    for (const a of stmt.dist.args) typer.inferArgument(a.value, varShape);
    return undefined;
  }
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
  return { bound, support: refinedSupport(spec, [bounds[0], bounds[1]], bound.args.map((a) => a.param.name)), argsTyped };
}

function eventOffsetHelp(spec: DistributionSpec, variable: string, varShape: Shape, target: Shape): string {
  const offset = spec.eventOffset ?? 0;
  return `the parameters of \`${spec.name}\` have ${offset} fewer ${offset === 1 ? 'entry' : 'entries'} on their last axis than its value: for \`${variable}\` of shape ${formatShape(varShape)} give them shape ${formatShape(target)}`;
}

function checkConstraint(spec: DistributionSpec, param: string, constraint: keyof typeof CONSTRAINT_WORDS, value: Expr, info: ExprInfo, bag: DiagnosticBag): void {
  if (constraint === 'real' || provesConstraint(constraint, info.domain, info.constant)) return;
  const fn = CONSTRAINT_FIX[constraint];
  let fix = fn === undefined ? 'give a non-negative integer constant, `Count` data, or their sum (`sum(x)` of a Count vector)' : `map it into the constraint, e.g. \`${fn}(${exprText(value)})\``;
  const alt = spec.parameterizations.find((ps) => ps.length === 1 && ps[0]?.constraint === 'real')?.[0];
  if (alt !== undefined && spec.parameterizations.length > 1) {
    fix += `, or pass unconstrained values as \`${spec.name}(${alt.name}: ${exprText(value)})\``;
  }
  bag.add(constraintNotProvable(value.span, param, spec.name, CONSTRAINT_WORDS[constraint], info.domain, fix));
}
