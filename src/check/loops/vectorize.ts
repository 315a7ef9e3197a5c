/**
 * Vectorizing one loop-body expression over the loop's range (issue 17): every read indexed by the loop
 * variable, `v[t + c, …]`, becomes the slice `v[a + c : b + c, …]` of the loop `for t in a:b`, so the
 * expression computes all iterations at once with the loop axis first. The reads are collected for the
 * range, definedness and plate/sequence checks; the nodes whose value carries the loop axis are collected
 * for the vectorizability check that runs once shapes are known (`verify-vectorized.ts`).
 *
 * Verbs: `vectorize*` return the rewritten expression and report.
 */
import type { DiagnosticBag } from '../../common/diagnostic.js';
import type { Span } from '../../common/span.js';
import type { Expr, IndexItem, NumberLit } from '../../syntax/ast.js';
import { exprText } from '../expr-text.js';
import { type DimValues, evalConstInt, evalLoopIndex, mentions } from './loop-index.js';
import { invalidLoopVariableUse, notVectorizable } from './loop-messages.js';

/** The loop being vectorized over. */
export interface LoopRange {
  /** The loop variable. */
  readonly variable: string;
  /** First value. */
  readonly start: number;
  /** One past the last value. */
  readonly end: number;
  /** Target offsets of the variables the loop defines (`z[t] ~ …`: z at 0), to tell carried reads. */
  readonly defines: ReadonlyMap<string, number>;
}

/** A read `name[t + offset, …]` in a loop body. */
export interface LoopRead {
  /** The variable read. */
  readonly name: string;
  /** The offset from the loop variable. */
  readonly offset: number;
  /** The index expression (`z[t - 1]`). */
  readonly span: Span;
  /** Its text, for messages. */
  readonly text: string;
}

/** A read `name[c, …]` with a constant first index, inside a loop body or outside loops. */
export interface ConstRead {
  readonly name: string;
  readonly index: number;
  readonly span: Span;
  readonly text: string;
}

/** What vectorizing collects. */
export interface VectorizeSink {
  /** Loop-indexed reads. */
  readonly reads: LoopRead[];
  /** Constant-index reads of a variable. */
  readonly constReads: ConstRead[];
  /** New nodes whose value carries the loop axis (shared by all loops of a model). */
  readonly loopAxis: Set<Expr>;
  readonly bag: DiagnosticBag;
  readonly dims: DimValues;
}

function numberAt(value: number, span: Span): NumberLit {
  return { kind: 'number', value, text: String(value), span };
}

/** Records constant-index reads of plain names (outside loops too, for the self-read check). */
export function collectConstReads(e: Expr, dims: DimValues, out: ConstRead[]): void {
  if (e.kind === 'index' && e.target.kind === 'name' && e.items[0]?.kind === 'at') {
    const c = evalConstInt(e.items[0].index, dims);
    if (c !== undefined) out.push({ name: e.target.name, index: c, span: e.span, text: exprText(e) });
  }
  switch (e.kind) {
    case 'unary':
      return collectConstReads(e.operand, dims, out);
    case 'binary':
      collectConstReads(e.left, dims, out);
      return collectConstReads(e.right, dims, out);
    case 'call':
      for (const a of e.args) collectConstReads(a.value, dims, out);
      return;
    case 'index':
      return collectConstReads(e.target, dims, out);
    default:
      return;
  }
}

/** `e` vectorized over `loop`; `loopAxis` tells whether the result carries the loop axis. */
export function vectorize(e: Expr, loop: LoopRange, sink: VectorizeSink): { readonly expr: Expr; readonly loopAxis: boolean } {
  const v = loop.variable;
  const mark = (expr: Expr, axis: boolean): { expr: Expr; loopAxis: boolean } => {
    if (axis) sink.loopAxis.add(expr);
    return { expr, loopAxis: axis };
  };
  switch (e.kind) {
    case 'number':
    case 'identity':
    case 'pieces':
      return { expr: e, loopAxis: false };
    case 'name':
      if (e.name === v) sink.bag.add(invalidLoopVariableUse(e.span, v, 'is used as a value; it may only index a variable'));
      return { expr: e, loopAxis: false };
    case 'unary': {
      const a = vectorize(e.operand, loop, sink);
      return mark({ ...e, operand: a.expr }, a.loopAxis);
    }
    case 'binary': {
      const l = vectorize(e.left, loop, sink);
      const r = vectorize(e.right, loop, sink);
      return mark({ ...e, left: l.expr, right: r.expr }, l.loopAxis || r.loopAxis);
    }
    case 'call': {
      const args = e.args.map((a) => ({ a, r: vectorize(a.value, loop, sink) }));
      return mark({ ...e, args: args.map(({ a, r }) => ({ ...a, value: r.expr })) }, args.some(({ r }) => r.loopAxis));
    }
    case 'index':
      return vectorizeIndex(e, loop, sink, mark);
  }
}

function vectorizeIndex(
  e: Extract<Expr, { kind: 'index' }>,
  loop: LoopRange,
  sink: VectorizeSink,
  mark: (expr: Expr, axis: boolean) => { expr: Expr; loopAxis: boolean },
): { expr: Expr; loopAxis: boolean } {
  const v = loop.variable;
  const [first, ...rest] = e.items;
  for (const it of rest) {
    const parts = it.kind === 'at' ? [it.index] : [it.start, it.end].filter((x): x is Expr => x !== undefined);
    if (parts.some((x) => mentions(x, v))) sink.bag.add(invalidLoopVariableUse(it.span, v, 'indexes an axis other than the first; the loop axis must be the leading one'));
  }
  if (first?.kind === 'slice' && [first.start, first.end].some((x) => x !== undefined && mentions(x, v))) {
    sink.bag.add(invalidLoopVariableUse(first.span, v, 'appears in a slice bound; index a single element with it'));
    return { expr: e, loopAxis: false };
  }
  if (first?.kind !== 'at' || !mentions(first.index, v)) {
    const target = vectorize(e.target, loop, sink);
    if (target.loopAxis) sink.bag.add(notVectorizable(e.span, exprText(e), 'indexing a value that varies with the loop would index the loop axis'));
    if (e.target.kind === 'name' && first?.kind === 'at') collectConstReads(e, sink.dims, sink.constReads);
    return { expr: { ...e, target: target.expr }, loopAxis: false };
  }
  if (e.target.kind !== 'name') {
    sink.bag.add(invalidLoopVariableUse(first.span, v, 'indexes a computed value; it may index only a variable by name'));
    return { expr: e, loopAxis: false };
  }
  const idx = evalLoopIndex(first.index, v, sink.dims);
  if (idx.kind !== 'affine') {
    sink.bag.add(invalidLoopVariableUse(first.index.span, v, `in \`${exprText(first.index)}\` ${idx.kind === 'bad' ? idx.reason : 'is not an index'}`));
    return { expr: e, loopAxis: false };
  }
  sink.reads.push({ name: e.target.name, offset: idx.offset, span: e.span, text: exprText(e) });
  const slice: IndexItem = {
    kind: 'slice',
    start: numberAt(loop.start + idx.offset, first.span),
    end: numberAt(loop.end + idx.offset, first.span),
    span: first.span,
  };
  const def = loop.defines.get(e.target.name);
  const carried = def !== undefined && def - idx.offset > 0;
  return mark({ ...e, items: [slice, ...rest], ...(carried ? { carried: true as const } : {}) }, true);
}
