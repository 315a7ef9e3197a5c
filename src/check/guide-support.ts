/**
 * A user-written guide must stay inside its prior's support: where q(z | x) > 0 but p(z) = 0, the
 * log-weight log p(z) − log q(z | x) is −∞ and every bound is meaningless. Domains alone cannot tell
 * (`Uniform(0, 5)` and `LogNormal` are both Positive), so each side is read as an interval whose ends
 * are −∞, +∞, constants, or expressions (the bound parameters of `Uniform(low, high)` and
 * `Kumaraswamy(a, b, low: l, high: h)`), and each end of the guide's interval must provably lie inside
 * the prior's: both constants in order, or the same expression (model lets expanded, so that a guide
 * can repeat `2 * s` for a prior bounded by `let h = 2 * s`).
 *
 * Verbs: `check*` report.
 */
import { boundsOf, lookupDistribution } from '../registry/distributions.js';
import type { ValueDomain } from '../registry/domains.js';
import type { Expr, SampleStmt } from '../syntax/ast.js';
import { bindSilently } from './bind-distribution.js';
import type { BoundDistribution } from './checked-model.js';
import { exprText } from './expr-text.js';
import { guideOutsidePriorSupport } from './messages-model.js';
import type { ModelContext } from './model-env.js';

/** One end of an interval: infinite, or a finite expression with its constant value when known. */
type End = { readonly kind: 'infinite' } | { readonly kind: 'finite'; readonly text: string; readonly constant: number | undefined };

interface Interval {
  readonly low: End;
  readonly high: End;
}

const INFINITE: End = { kind: 'infinite' };
const finite = (value: number): End => ({ kind: 'finite', text: String(value), constant: value });

/** The interval of a continuous scalar domain; undefined for discrete and vector domains (not checked here). */
function domainInterval(d: ValueDomain): Interval | undefined {
  switch (d) {
    case 'Real':
      return { low: INFINITE, high: INFINITE };
    case 'Positive':
    case 'NonNegative':
      return { low: finite(0), high: INFINITE };
    case 'Unit':
    case 'UnitInterval':
      return { low: finite(0), high: finite(1) };
    default:
      return undefined;
  }
}

/** The names of the model's lets that can be expanded without a cycle. */
function expandableLets(ctx: ModelContext): Map<string, Expr> {
  const values = new Map(ctx.scope.lets.map((l) => [l.name.name, l.value]));
  const names = (e: Expr, out: string[] = []): string[] => {
    if (e.kind === 'name') out.push(e.name);
    else if (e.kind === 'call') for (const a of e.args) names(a.value, out);
    else if (e.kind === 'unary') names(e.operand, out);
    else if (e.kind === 'binary') (names(e.left, out), names(e.right, out));
    else if (e.kind === 'index') names(e.target, out);
    return out;
  };
  const acyclic = (name: string, path: Set<string>): boolean => {
    const v = values.get(name);
    if (v === undefined) return true;
    if (path.has(name)) return false;
    const next = new Set([...path, name]);
    return names(v).every((n) => acyclic(n, next));
  };
  return new Map([...values].filter(([n]) => acyclic(n, new Set())));
}

/** The interval a bound distribution's values lie in, with the text of expression ends. */
function intervalOf(bound: BoundDistribution, support: ValueDomain, ctx: ModelContext, expand: (n: string) => Expr | undefined): Interval | undefined {
  const names = boundsOf(bound.spec, bound.args.map((a) => a.param.name));
  if (names === undefined) return domainInterval(support);
  const end = (param: string): End => {
    const e = bound.args.find((a) => a.param.name === param)?.value;
    return e === undefined ? INFINITE : { kind: 'finite', text: exprText(e, 1000, expand), constant: ctx.ints.constantOf(e) };
  };
  return { low: end(names[0]), high: end(names[1]) };
}

/** Whether `inner` provably lies on the inner side of `outer` (`side` −1 for a lower end, +1 for an upper). */
function within(inner: End, outer: End, side: -1 | 1): boolean {
  if (outer.kind === 'infinite') return true;
  if (inner.kind === 'infinite') return false;
  if (inner.constant !== undefined && outer.constant !== undefined) return side < 0 ? inner.constant >= outer.constant : inner.constant <= outer.constant;
  return inner.text === outer.text;
}

const endText = (e: End, side: -1 | 1): string => (e.kind === 'infinite' ? (side < 0 ? '−∞' : '∞') : e.text);
const intervalText = (i: Interval): string => `(${endText(i.low, -1)}, ${endText(i.high, 1)})`;

/**
 * Reports (E0287) a guide `~` statement for `latent` whose values can leave the prior's support. Called
 * after the domain check (E0281) passed, with the guide's bound distribution and support.
 */
export function checkGuideWithinPrior(ctx: ModelContext, stmt: SampleStmt, guide: BoundDistribution, guideSupport: ValueDomain, latent: string): void {
  const prior = ctx.scope.entries.get(latent);
  const call = prior?.kind === 'latent' ? prior.sample?.dist : undefined;
  const spec = call === undefined ? undefined : lookupDistribution(call.callee.name);
  const priorBound = call === undefined || spec === undefined ? undefined : bindSilently(call, spec);
  const priorDomain = ctx.latentDomains.get(latent);
  if (priorBound === undefined || priorDomain === undefined || call === undefined) return;
  const lets = expandableLets(ctx);
  const expand = (n: string) => lets.get(n);
  const p = intervalOf(priorBound, priorDomain, ctx, expand);
  const q = intervalOf(guide, guideSupport, ctx, expand);
  if (p === undefined || q === undefined) return;
  const lowOk = within(q.low, p.low, -1);
  const highOk = within(q.high, p.high, 1);
  if (lowOk && highOk) return;
  const culprit = !lowOk ? `its lower end ${endText(q.low, -1)} is not known to be ≥ ${endText(p.low, -1)}` : `its upper end ${endText(q.high, 1)} is not known to be ≤ ${endText(p.high, 1)}`;
  const finiteBounds = p.low.kind === 'finite' && p.high.kind === 'finite';
  const fix = finiteBounds
    ? `give the guide the prior's interval, e.g. \`${latent} ~ Kumaraswamy(a, b, low: ${p.low.text}, high: ${p.high.text})\` with positive shapes \`a\`, \`b\` (or \`Uniform(${p.low.text}, ${p.high.text})\`)`
    : `use a guide distribution whose support lies inside ${intervalText(p)}`;
  ctx.bag.add(guideOutsidePriorSupport(stmt.dist.callee.span, latent, exprText(call, 60), intervalText(p), guide.spec.name, intervalText(q), culprit, fix, call.span));
}
