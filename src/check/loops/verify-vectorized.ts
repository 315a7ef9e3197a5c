/**
 * The vectorizability check of loop bodies, once shapes are known (issue 17). A loop body is written for
 * one iteration; the loop stage computes all iterations at once with the loop axis first. That is exact
 * when every operation keeps the loop axis leading and apart from the element's own axes:
 *
 * - an elementwise operation (`+ - * / ^`, elementwise functions): an operand that varies with the loop has
 *   the result's full rank (its leading axis is the loop axis), and one that does not has a smaller rank
 *   (it broadcasts over the element axes only — never against the loop axis);
 * - `a @ B`: only the left operand may vary with the loop (rows of a batched product);
 * - last-axis functions (`softmax`) need an element of rank ≥ 1; reductions, `dot` and `concat` would
 *   reduce or join along the loop axis, so they are refused inside loops;
 * - networks map over leading axes, so `f(z[t - 1])` is exact.
 *
 * Verbs: `verify*` report and return nothing.
 */
import type { DiagnosticBag } from '../../common/diagnostic.js';
import { lookupFunction } from '../../registry/functions.js';
import type { Expr, SampleStmt } from '../../syntax/ast.js';
import type { ExprInfo, OrderedStmt } from '../checked-model.js';
import { exprText } from '../expr-text.js';
import type { LoopFacts } from './lower-loops.js';
import { notVectorizable } from './loop-messages.js';

/**
 * Reports loop-body operations whose vectorized form would not compute each iteration; and loop-invariant
 * distribution arguments of a plate statement with the whole variable's rank (written for one element,
 * `x[t] ~ Normal(m, 1)` with `m: Real[T]` is a vector parameter for a scalar element — vectorized, it would
 * silently pair m[t] with x[t]).
 */
export function verifyVectorized(facts: LoopFacts, exprs: ReadonlyMap<Expr, ExprInfo>, bound: ReadonlyMap<SampleStmt, OrderedStmt>, bag: DiagnosticBag): void {
  const rank = (e: Expr): number | undefined => exprs.get(e)?.shape.length;
  const varies = (e: Expr): boolean => facts.loopAxis.has(e);
  for (const stmt of facts.vectorized.keys()) {
    if (stmt.kind !== 'sample') continue;
    const b = bound.get(stmt);
    const varRank = rank(stmt.dist);
    if (b?.kind !== 'sample' || varRank === undefined) continue;
    for (const { param, value } of b.dist.args) {
      const r = rank(value);
      if (r === undefined || varies(value)) continue;
      const limit = b.dist.spec.event === 'scalar' ? varRank - 1 : varRank - 2 + (param.eventRank ?? 1);
      if (r > limit) {
        bag.add(notVectorizable(value.span, exprText(value), `the loop body draws one element, but \`${param.name}\` here has ${r} ${r === 1 ? 'axis' : 'axes'}, as many as the whole variable; index it by the loop variable`));
      }
    }
  }
  for (const e of facts.loopAxis) {
    const r = rank(e);
    if (r === undefined) continue;
    if (e.kind === 'binary' && e.op === '@') {
      if (varies(e.right)) bag.add(notVectorizable(e.span, exprText(e), 'the right operand of `@` varies with the loop; only the left one may'));
    } else if (e.kind === 'binary') {
      for (const o of [e.left, e.right]) {
        const ro = rank(o);
        if (ro === undefined) continue;
        if (varies(o) ? ro !== r : ro >= r) {
          bag.add(notVectorizable(o.span, exprText(o), `its axes would line up with the loop axis of \`${exprText(varies(o) ? (o === e.left ? e.right : e.left) : e)}\`; broadcast explicitly or index it by the loop variable`));
          break;
        }
      }
    } else if (e.kind === 'call') {
      const fn = lookupFunction(e.callee.name);
      if (fn === undefined) continue; // a network: maps over the loop axis
      if (fn.shape === 'reduce' || fn.shape === 'dot' || fn.shape === 'concat') {
        bag.add(notVectorizable(e.span, exprText(e), `\`${fn.name}\` would reduce or join along the loop axis`));
      } else if (fn.shape === 'last-axis' && r < 2) {
        bag.add(notVectorizable(e.span, exprText(e), `\`${fn.name}\` of one element (a scalar) would run along the loop axis`));
      }
    }
  }
}
