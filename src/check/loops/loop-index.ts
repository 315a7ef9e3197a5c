/**
 * Index arithmetic for loops: constant integer expressions (literals, dims, `+ - *`, unary `-`) and the
 * affine forms an index may take in a loop body — `t`, `t + c`, `c + t`, `t - c` with `c` constant.
 *
 * Verbs: `eval*` compute a value or report why not.
 */
import type { Expr } from '../../syntax/ast.js';

/** Dim values known so far, by name. */
export type DimValues = ReadonlyMap<string, number>;

/** Whether `e` mentions the name `v` anywhere. */
export function mentions(e: Expr, v: string): boolean {
  switch (e.kind) {
    case 'name':
      return e.name === v;
    case 'number':
    case 'identity':
      return false;
    case 'unary':
      return mentions(e.operand, v);
    case 'binary':
      return mentions(e.left, v) || mentions(e.right, v);
    case 'call':
      return e.args.some((a) => mentions(a.value, v));
    case 'index':
      return mentions(e.target, v) || e.items.some((it) => (it.kind === 'at' ? mentions(it.index, v) : [it.start, it.end].some((x) => x !== undefined && mentions(x, v))));
    case 'pieces':
      return e.parts.some((p) => mentions(p.value, v));
  }
}

/** The value of a constant integer expression, or undefined when it is not one. */
export function evalConstInt(e: Expr, dims: DimValues): number | undefined {
  switch (e.kind) {
    case 'number':
      return Number.isInteger(e.value) ? e.value : undefined;
    case 'name':
      return dims.get(e.name);
    case 'unary': {
      const a = evalConstInt(e.operand, dims);
      return a === undefined ? undefined : -a;
    }
    case 'binary': {
      const a = evalConstInt(e.left, dims);
      const b = evalConstInt(e.right, dims);
      if (a === undefined || b === undefined) return undefined;
      if (e.op === '+') return a + b;
      if (e.op === '-') return a - b;
      if (e.op === '*') return a * b;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** An index in a loop body: a constant, `variable + offset`, or a form the loop stage refuses. */
export type LoopIndex =
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'affine'; readonly offset: number }
  | { readonly kind: 'bad'; readonly reason: string };

/** Classifies an index expression against the loop variable `v`. */
export function evalLoopIndex(e: Expr, v: string, dims: DimValues): LoopIndex {
  if (!mentions(e, v)) {
    const c = evalConstInt(e, dims);
    return c === undefined ? { kind: 'bad', reason: 'is not a constant integer' } : { kind: 'const', value: c };
  }
  if (e.kind === 'name') return { kind: 'affine', offset: 0 };
  if (e.kind === 'binary' && (e.op === '+' || e.op === '-')) {
    const left = mentions(e.left, v);
    const right = mentions(e.right, v);
    if (left && !right && e.left.kind === 'name') {
      const c = evalConstInt(e.right, dims);
      if (c !== undefined) return { kind: 'affine', offset: e.op === '+' ? c : -c };
    }
    if (right && !left && e.op === '+' && e.right.kind === 'name') {
      const c = evalConstInt(e.left, dims);
      if (c !== undefined) return { kind: 'affine', offset: c };
    }
  }
  return { kind: 'bad', reason: `is not of the form \`${v}\`, \`${v} + c\` or \`${v} - c\` with c a constant` };
}

/** `t`, `t + 2`, `t - 1`. */
export function affineText(v: string, offset: number): string {
  return offset === 0 ? v : offset > 0 ? `${v} + ${offset}` : `${v} - ${-offset}`;
}
