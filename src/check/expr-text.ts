/**
 * Prints an expression back as source text, for fix suggestions in messages ("write
 * `softplus(decoder(z))`"). Parenthesizes by precedence; long expressions are elided in the middle so
 * a message stays one line.
 */
import type { Expr, BinaryOp } from '../syntax/ast.js';

const PRECEDENCE: Readonly<Record<BinaryOp, number>> = { '+': 1, '-': 1, '*': 2, '/': 2, '@': 2, '^': 4 };

/** Source text of an expression, at most `max` characters (elided with `…`). */
export function exprText(e: Expr, max = 60): string {
  const s = print(e, 0);
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function print(e: Expr, outer: number): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'name':
      return e.name;
    case 'identity':
      return 'I';
    case 'call':
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}: ` : '') + print(a.value, 0)).join(', ')})`;
    case 'unary': {
      const s = `-${print(e.operand, 3)}`;
      return outer > 3 ? `(${s})` : s;
    }
    case 'binary': {
      const p = PRECEDENCE[e.op];
      // `^` is right-associative, the others left-associative.
      const left = print(e.left, e.op === '^' ? p + 1 : p);
      const right = print(e.right, e.op === '^' ? p : p + 1);
      const s = `${left} ${e.op} ${right}`;
      return outer > p ? `(${s})` : s;
    }
    case 'index': {
      const items = e.items.map((it) =>
        it.kind === 'at' ? print(it.index, 0) : `${it.start ? print(it.start, 0) : ''}:${it.end ? print(it.end, 0) : ''}`,
      );
      return `${print(e.target, 5)}[${items.join(', ')}]`;
    }
  }
}
