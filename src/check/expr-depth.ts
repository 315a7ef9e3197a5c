/**
 * A guard against expressions too deep to check: long chains such as `a + a + … + a` or `x[0][0]…[0]`
 * parse into trees as deep as they are long, and the checker's walks recurse over them. Before checking a
 * model, its expressions are measured without recursion; one deeper than {@link MAX_EXPRESSION_DEPTH}
 * is reported (E0218) and the model is not checked further.
 *
 * Verbs: `find*` search.
 */
import { layerExpressions } from './resolve-net.js';
import type { Expr, Statement } from '../syntax/ast.js';

/** The deepest expression tree the checker walks (well within the JavaScript stack). */
export const MAX_EXPRESSION_DEPTH = 400;

/** The children of an expression node. */
function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'call':
      return e.args.map((a) => a.value);
    case 'pieces':
      return e.parts.map((p) => p.value);
    case 'index':
      return [e.target, ...e.items.flatMap((it) => (it.kind === 'at' ? [it.index] : [it.start, it.end].filter((x): x is Expr => x !== undefined)))];
    default:
      return [];
  }
}

/** The root expressions of a list of statements (guide bodies included). */
function roots(body: readonly Statement[], out: Expr[]): Expr[] {
  for (const s of body) {
    if (s.kind === 'dim' || s.kind === 'let' || s.kind === 'factor') out.push(s.value);
    else if (s.kind === 'sample') out.push(s.dist, ...(s.indices ?? []));
    else if (s.kind === 'net') out.push(...layerExpressions(s.layer));
    else if (s.kind === 'guide') roots(s.body, out);
    else if (s.kind === 'for') {
      out.push(s.start, s.end);
      roots(s.body, out);
    } else out.push(...s.type.domainArgs, ...s.type.shape);
  }
  return out;
}

/** The first root expression (in source order) deeper than the limit, with its depth, if any. */
export function findTooDeep(body: readonly Statement[]): { readonly root: Expr; readonly depth: number } | undefined {
  for (const root of roots(body, [])) {
    const stack: [Expr, number][] = [[root, 1]];
    let deepest = 0;
    while (stack.length > 0) {
      const [e, d] = stack.pop() as [Expr, number];
      deepest = Math.max(deepest, d);
      for (const c of children(e)) stack.push([c, d + 1]);
    }
    if (deepest > MAX_EXPRESSION_DEPTH) return { root, depth: deepest };
  }
  return undefined;
}
