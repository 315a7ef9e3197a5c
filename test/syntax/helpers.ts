/** Shared helpers for the syntax tests: parse a string, print expressions compactly. */
import { SourceFile, type Span } from '../../src/common/span.js';
import type { Expr, IndexItem, Statement } from '../../src/syntax/ast.js';
import { parseProgram, type ParseResult } from '../../src/syntax/parse.js';

/** A parse of `text` together with its source file. */
export interface Parsed extends ParseResult {
  readonly file: SourceFile;
  /** The source text a span covers. */
  readonly at: (s: Span) => string;
}

/** Parses `text` as file `t.tilde`. */
export function parse(text: string): Parsed {
  const file = new SourceFile('t.tilde', text);
  return { ...parseProgram(file), file, at: (s) => file.slice(s) };
}

/** The statements of the first model of a parse (empty if none). */
export function body(p: Parsed): readonly Statement[] {
  return p.program.models[0]?.body ?? [];
}

function item(i: IndexItem): string {
  if (i.kind === 'at') return show(i.index);
  return `${i.start ? show(i.start) : ''}:${i.end ? show(i.end) : ''}`;
}

/** Prints an expression fully parenthesised: `((a + b) * c)`, `(-x)`, `f(a, n: b)`, `x[0, 1:3]`. */
export function show(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return e.text;
    case 'name':
      return e.name;
    case 'identity':
      return 'I';
    case 'pieces':
      return `{${e.parts.map((p) => `${p.start}:${p.end} = ${show(p.value)}`).join(', ')}}`;
    case 'call':
      return `${e.callee.name}(${e.args.map((a) => (a.name ? `${a.name.name}: ` : '') + show(a.value)).join(', ')})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'unary':
      return `(-${show(e.operand)})`;
    case 'index':
      return `${show(e.target)}[${e.items.map(item).join(', ')}]`;
  }
}

/** Parses `let e = <expr>;` inside a model and returns the expression (throws if it did not parse). */
export function expr(source: string): { e: Expr; p: Parsed } {
  const p = parse(`model m { let e = ${source}; }`);
  const s = body(p)[0];
  if (s?.kind !== 'let' || p.diagnostics.length > 0) throw new Error(`did not parse: ${source}: ${p.diagnostics.map((d) => d.message).join('; ')}`);
  return { e: s.value, p };
}
