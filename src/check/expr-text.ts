/**
 * Prints an expression back as source text, for fix suggestions in messages ("write
 * `softplus(decoder(z))`"). Parenthesizes by precedence; long expressions are elided in the middle so
 * a message stays one line.
 */
import type { Expr, BinaryOp } from '../syntax/ast.js';

const PRECEDENCE: Readonly<Record<BinaryOp, number>> = { '+': 1, '-': 1, '*': 2, '/': 2, '@': 2, '^': 4 };

/**
 * Source text of an expression, at most `max` characters (elided with `…`). `expand` may replace a
 * name by the expression it stands for (a model `let`'s value), printed in its place.
 */
export function exprText(e: Expr, max = 60, expand?: (name: string) => Expr | undefined): string {
  const s = print(e, 0, expand);
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function print(e: Expr, outer: number, expand?: (name: string) => Expr | undefined): string {
  const print_ = (x: Expr, o: number): string => print(x, o, expand);
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'name': {
      const x = expand?.(e.name);
      return x === undefined ? e.name : print_(x, outer);
    }
    case 'identity':
      return 'I';
    case 'pieces':
      return `{${e.parts.map((p) => `${p.start}:${p.end} = ${print_(p.value, 0)}`).join(', ')}}`;
    case 'call':
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}: ` : '') + print_(a.value, 0)).join(', ')})`;
    case 'unary': {
      const s = `-${print_(e.operand, 3)}`;
      return outer > 3 ? `(${s})` : s;
    }
    case 'binary': {
      const p = PRECEDENCE[e.op];
      // `^` is right-associative, the others left-associative.
      const left = print_(e.left, e.op === '^' ? p + 1 : p);
      const right = print_(e.right, e.op === '^' ? p : p + 1);
      const s = `${left} ${e.op} ${right}`;
      return outer > p ? `(${s})` : s;
    }
    case 'index': {
      const items = e.items.map((it) =>
        it.kind === 'at' ? print_(it.index, 0) : `${it.start ? print_(it.start, 0) : ''}:${it.end ? print_(it.end, 0) : ''}`,
      );
      return `${print_(e.target, 5)}[${items.join(', ')}]`;
    }
  }
}
