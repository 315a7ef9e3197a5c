/**
 * Prints IR expressions as Tilde source. Used by `--emit ir` and by the guide emitter, so printing a
 * lowered expression and parsing it back gives the same expression (the ejectable guide relies on it).
 */
import { DISTRIBUTIONS } from '../registry/distributions.js';
import type { DistNode, IRExpr } from './model-ir.js';

/** Binding strength of each printed form (higher binds tighter), mirroring the grammar. */
function precedence(e: IRExpr): number {
  switch (e.op) {
    case 'binary':
      return e.operator === '+' || e.operator === '-' ? 1 : e.operator === '^' ? 4 : 2;
    case 'neg':
      return 3;
    case 'const':
      return e.value < 0 ? 3 : 6;
    default:
      return 6;
  }
}

/** Prints a number so that it parses back to the same float32-relevant value (`1e-4`, `0.5`, `20`). */
export function printNumber(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  const s = String(v);
  return s.includes('e') ? s.replace('e+', 'e') : s;
}

function wrap(e: IRExpr, min: number, opts: PrintOptions): string {
  const s = printExpr(e, opts);
  return precedence(e) < min ? `(${s})` : s;
}

/** How to print network nodes marked as pre-activation (not expressible in source). */
export interface PrintOptions {
  /** Printer for a net applied before its out activation; default `net.pre(arg)`. */
  readonly preActivation?: (net: string, arg: string) => string;
}

/** Prints an IR expression as Tilde source text. */
export function printExpr(e: IRExpr, opts: PrintOptions = {}): string {
  switch (e.op) {
    case 'const':
      return printNumber(e.value);
    case 'ones':
      return 'I';
    case 'ref':
      return e.name;
    case 'call':
      return `${e.fn}(${e.args.map((a) => printExpr(a, opts)).join(', ')})`;
    case 'net': {
      const arg = printExpr(e.arg, opts);
      if (!e.preActivation) return `${e.net}(${arg})`;
      return opts.preActivation ? opts.preActivation(e.net, arg) : `${e.net}.pre(${arg})`;
    }
    case 'neg':
      return `-${wrap(e.arg, 4, opts)}`;
    case 'index': {
      const axes = e.axes.map((a) => (a.kind === 'at' ? String(a.index) : `${a.start}:${a.end}`));
      return `${wrap(e.target, 6, opts)}[${axes.join(', ')}]`;
    }
    case 'pieces':
      // No surface syntax: the loop stage makes it. Printed as its parts, `{0:1 = 0, 1:20 = 0.9 * z[0:19]}`.
      return `{${e.parts.map((p) => `${p.start}:${p.end} = ${printExpr(p.value, opts)}`).join(', ')}}`;
    case 'binary': {
      const p = precedence(e);
      if (e.operator === '^') return `${wrap(e.left, p + 1, opts)} ^ ${wrap(e.right, p, opts)}`;
      // Left-associative: the right operand needs parentheses at equal precedence.
      return `${wrap(e.left, p, opts)} ${e.operator} ${wrap(e.right, p + 1, opts)}`;
    }
  }
}

/** Prints `Dist(name: value, …)`, positional when the parameterization is the first one. */
export function printDist(d: DistNode, positional: boolean, opts: PrintOptions = {}): string {
  const args = Object.entries(d.params).map(([k, v]) => (positional ? printExpr(v, opts) : `${k}: ${printExpr(v, opts)}`));
  if (d.component !== undefined) {
    const inner = printDist(d.component, firstParameterization(d.component), opts);
    args.push(positional ? inner : `component: ${inner}`);
  }
  return `${d.dist}(${args.join(', ')})`;
}

/** Whether a node binds the first parameterization of its row in order (so it prints positionally). */
export function firstParameterization(d: DistNode): boolean {
  const firstNames = DISTRIBUTIONS[d.dist].parameterizations[0]?.map((p) => p.name) ?? [];
  return Object.keys(d.params).every((k, i) => firstNames[i] === k);
}
