/**
 * The loop stage (issue 17): a model body with `for` loops and element definitions (`z[0] ~ …`,
 * `z[t] ~ …`) → an equivalent loop-free body the rest of the checker types as usual, plus the loop facts
 * the IR keeps. A variable defined by one full-range loop statement becomes that statement vectorized
 * (`for t in 0:T { x[t] ~ Normal(z[t], 0.3); }` is `x ~ Normal(z[0:T], 0.3)`: no unrolling); a variable
 * defined by several pieces becomes one statement whose arguments are {@link PiecesExpr}s. Checked here,
 * with located errors: loop ranges, index arithmetic and ranges, each element defined exactly once, and
 * no iteration reading its own element or a later one. A loop is a **sequence** when an iteration reads
 * an element an earlier iteration defined, else a **plate**.
 *
 * Verbs: `lower*` return the rewritten body and the facts, reporting into the bag.
 */
import type { DiagnosticBag } from '../../common/diagnostic.js';
import type { Span } from '../../common/span.js';
import type { Arg, ForStmt, LetStmt, ModelDecl, PiecesExpr, SampleStmt, Statement } from '../../syntax/ast.js';
import type { CarriedRead, ElementRead, LoopInfo } from '../../ir/loops-ir.js';
import { type DimValues, evalConstInt, evalLoopIndex } from './loop-index.js';
import * as M from './loop-messages.js';
import { collectConstReads, type ConstRead, type LoopRange, type LoopRead, vectorize, type VectorizeSink } from './vectorize.js';

/** One statement's definition of elements `[start, end)` of a variable. */
interface Piece {
  readonly name: string;
  readonly stmt: SampleStmt | LetStmt;
  readonly start: number;
  readonly end: number;
  /** Index into the loops, for a loop body statement. */
  readonly loop?: number;
  /** The target's offset from the loop variable (`z[t + 1] ~ …`: 1). */
  readonly targetOffset: number;
  /** The vectorized arguments (`~`) or value (`let`), each with whether it carries the loop axis. */
  readonly args: readonly { readonly arg?: Arg; readonly value: import('../../syntax/ast.js').Expr; readonly loopAxis: boolean }[];
  readonly reads: readonly LoopRead[];
  readonly constReads: readonly ConstRead[];
}

/** What the loop stage learned, for the checker's later steps and the IR. */
export interface LoopFacts {
  /** The model's loops in source order. */
  readonly loops: readonly LoopInfo[];
  /** Pieces of each variable defined by elements, by start (names defined by one plain statement are absent). */
  readonly pieces: ReadonlyMap<string, readonly { start: number; end: number; loop?: number; reads: readonly ElementRead[]; span: Span }[]>;
  /** Lags of each variable whose pieces read the variable itself (a sequence). */
  readonly selfLags: ReadonlyMap<string, readonly number[]>;
  /** Expression nodes of the rewritten body whose value carries a loop axis. */
  readonly loopAxis: ReadonlySet<import('../../syntax/ast.js').Expr>;
  /** Rewritten statements made from one loop statement over the whole variable (plates), with their loop length. */
  readonly vectorized: ReadonlyMap<SampleStmt | LetStmt, number>;
}

/** Whether a model body needs the loop stage. */
export function hasLoops(decl: ModelDecl): boolean {
  return decl.body.some((s) => s.kind === 'for' || ((s.kind === 'sample' || s.kind === 'let') && s.indices !== undefined));
}

function dimValues(decl: ModelDecl): Map<string, number> {
  const dims = new Map<string, number>();
  for (const s of decl.body) {
    if (s.kind !== 'dim') continue;
    const v = evalConstInt(s.value, dims);
    if (v !== undefined && !dims.has(s.name.name)) dims.set(s.name.name, v);
  }
  return dims;
}

/** Leading-axis lengths of declared data, latents and params. */
function declaredLengths(decl: ModelDecl, dims: DimValues): Map<string, number> {
  const out = new Map<string, number>();
  for (const s of decl.body) {
    if (s.kind !== 'data' && s.kind !== 'latent' && s.kind !== 'param') continue;
    const first = s.type.shape[0];
    const n = first === undefined ? undefined : evalConstInt(first, dims);
    if (n !== undefined) out.set(s.name.name, n);
  }
  return out;
}

/** The loop stage on one model body. */
export function lowerLoops(decl: ModelDecl, bag: DiagnosticBag): { decl: ModelDecl; facts: LoopFacts } {
  const dims = dimValues(decl);
  const lengths = declaredLengths(decl, dims);
  const sink: VectorizeSink = { reads: [], constReads: [], loopAxis: new Set(), bag, dims };
  const loops: { info: Omit<LoopInfo, 'kind' | 'carried' | 'defines'>; stmt: ForStmt; defines: string[]; carried: CarriedRead[] }[] = [];
  const pieces: Piece[] = [];
  const slots: (Statement | Piece)[] = [];
  const names = new Set<string>(decl.body.flatMap((s) => ('name' in s ? [s.name.name] : s.kind === 'sample' ? [s.target.name] : [])));

  const takeReads = (): { reads: LoopRead[]; constReads: ConstRead[] } => {
    const r = { reads: sink.reads.splice(0), constReads: sink.constReads.splice(0) };
    return r;
  };

  const pieceOf = (s: SampleStmt | LetStmt, loop: { range: LoopRange; index: number } | undefined): Piece | undefined => {
    const name = s.kind === 'sample' ? s.target.name : s.name.name;
    const nameSpan = s.kind === 'sample' ? s.target.span : s.name.span;
    const indices = s.indices ?? [];
    if (indices.length !== 1) {
      bag.add(M.invalidTarget(nameSpan, name, `${indices.length} indices; an element target takes exactly one, on the leading axis`));
      return undefined;
    }
    const index = indices[0] as import('../../syntax/ast.js').Expr;
    let start: number;
    let end: number;
    let targetOffset = 0;
    if (loop === undefined) {
      const c = evalConstInt(index, dims);
      if (c === undefined) {
        bag.add(M.invalidTarget(index.span, name, 'outside a loop the index must be a constant integer'));
        return undefined;
      }
      [start, end] = [c, c + 1];
    } else {
      const idx = evalLoopIndex(index, loop.range.variable, dims);
      if (idx.kind !== 'affine') {
        bag.add(M.invalidTarget(index.span, name, idx.kind === 'const' ? `every iteration would define the same element \`${name}[${idx.value}]\`` : `the index ${idx.reason}`));
        return undefined;
      }
      targetOffset = idx.offset;
      [start, end] = [loop.range.start + idx.offset, loop.range.end + idx.offset];
    }
    const values = s.kind === 'sample' ? s.dist.args.map((a) => ({ arg: a as Arg | undefined, value: a.value })) : [{ arg: undefined, value: s.value }];
    const args = values.map(({ arg, value }) => {
      if (loop === undefined) {
        collectConstReads(value, dims, sink.constReads);
        return { ...(arg ? { arg } : {}), value, loopAxis: false };
      }
      const r = vectorize(value, loop.range, sink);
      return { ...(arg ? { arg } : {}), value: r.expr, loopAxis: r.loopAxis };
    });
    const { reads, constReads } = takeReads();
    if (s.kind === 'sample' && s.global) bag.add(M.invalidTarget(s.target.span, name, 'an element definition cannot be `global`'));
    return { name, stmt: s, start, end, ...(loop ? { loop: loop.index } : {}), targetOffset, args, reads, constReads };
  };

  for (const s of decl.body) {
    if ((s.kind === 'sample' || s.kind === 'let') && s.indices !== undefined) {
      const p = pieceOf(s, undefined);
      if (p) {
        pieces.push(p);
        slots.push(p);
      }
      continue;
    }
    if (s.kind !== 'for') {
      slots.push(s);
      continue;
    }
    const start = evalConstInt(s.start, dims);
    const end = evalConstInt(s.end, dims);
    if (start === undefined || end === undefined) {
      bag.add(M.invalidRange(start === undefined ? s.start.span : s.end.span, 'the bounds must be integer size expressions (literals, dims, `+ - *`)'));
      continue;
    }
    if (end <= start) {
      bag.add(M.invalidRange(s.start.span.start < s.end.span.end ? { start: s.start.span.start, end: s.end.span.end } : s.start.span, `\`${start}:${end}\` is empty (the end must exceed the start)`));
      continue;
    }
    const variable = s.variable.name;
    if (names.has(variable) || dims.has(variable)) {
      bag.add(M.invalidLoopVariableUse(s.variable.span, variable, 'shadows a name of the model; choose another name'));
      continue;
    }
    const index = loops.length;
    const defines = new Map<string, number>();
    for (const b of s.body) {
      if ((b.kind !== 'sample' && b.kind !== 'let') || b.indices?.length !== 1) continue;
      const idx = evalLoopIndex(b.indices[0] as import('../../syntax/ast.js').Expr, variable, dims);
      if (idx.kind === 'affine') defines.set(b.kind === 'sample' ? b.target.name : b.name.name, idx.offset);
    }
    const range: LoopRange = { variable, start, end, defines };
    loops.push({ info: { variable, start, end, keywordSpan: s.keywordSpan, span: s.span }, stmt: s, defines: [], carried: [] });
    for (const b of s.body) {
      if ((b.kind === 'sample' || b.kind === 'let') && b.indices !== undefined) {
        const p = pieceOf(b, { range, index });
        if (p) {
          pieces.push(p);
          slots.push(p);
          const l = loops[index];
          if (l && !l.defines.includes(p.name)) l.defines.push(p.name);
        }
      } else {
        const what = b.kind === 'for' ? 'a nested loop' : b.kind === 'sample' || b.kind === 'let' ? `\`${b.kind === 'sample' ? `${b.target.name} ~ …` : `let ${b.name.name}`}\` without an element index` : `a \`${b.kind}\` statement`;
        bag.add(M.notAllowedInLoop(b.kind === 'for' ? b.keywordSpan : b.span, what, s.keywordSpan));
      }
    }
  }

  // ---- reads: ranges, definedness, carried dependences ----
  const byName = new Map<string, Piece[]>();
  for (const p of pieces) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const lengthOf = (name: string): number | undefined => lengths.get(name) ?? (byName.get(name)?.length === 1 && byName.get(name)?.[0]?.start === 0 ? byName.get(name)?.[0]?.end : undefined);
  const selfLags = new Map<string, number[]>();
  for (const p of pieces) {
    const loop = p.loop === undefined ? undefined : loops[p.loop];
    for (const r of p.reads) {
      if (loop === undefined) continue;
      const n = lengthOf(r.name);
      const { variable, start, end } = loop.info;
      if (n !== undefined && start + r.offset < 0) bag.add(M.indexOutOfRange(r.span, r.text, r.name, start + r.offset, variable, start, n));
      else if (n !== undefined && end - 1 + r.offset >= n) bag.add(M.indexOutOfRange(r.span, r.text, r.name, end - 1 + r.offset, variable, end - 1, n));
      const def = (byName.get(r.name) ?? []).find((q) => q.loop === p.loop);
      if (def === undefined) continue;
      const lag = def.targetOffset - r.offset;
      if (lag > 0) {
        loop.carried.push({ name: r.name, lag, span: r.span });
        // The variable read is a sequence: its elements depend on earlier ones, directly or through lets.
        selfLags.set(r.name, [...new Set([...(selfLags.get(r.name) ?? []), lag])].sort((a, b) => a - b));
      } else if (lag < 0 || r.name === p.name) {
        bag.add(M.readBeforeDefined(r.span, r.text, r.name, variable, -lag, def.stmt.kind === 'sample' ? def.stmt.target.span : def.stmt.name.span));
      }
    }
    for (const c of p.constReads) {
      if (c.name !== p.name) continue;
      const own = p.loop === undefined ? true : c.index >= p.start && c.index < p.end;
      if (own) bag.add(M.readBeforeDefined(c.span, c.text, c.name, loop?.info.variable ?? 'i', 0, p.stmt.span));
    }
  }

  // ---- each variable: coverage and one rewritten statement ----
  const replacement = new Map<Piece, SampleStmt | LetStmt>();
  const vectorized = new Map<SampleStmt | LetStmt, number>();
  const factPieces = new Map<string, { start: number; end: number; loop?: number; reads: ElementRead[]; span: Span }[]>();
  for (const [name, ps] of byName) {
    const sorted = [...ps].sort((a, b) => a.start - b.start);
    const first = ps[0] as Piece;
    const declared = lengths.get(name);
    const single = ps.length === 1 && first.start === 0 && first.loop !== undefined && (declared === undefined || declared === first.end);
    let ok = true;
    // A let has no declaration: its pieces, which must cover it from 0, give its length.
    const letLength = first.stmt.kind === 'let' && declared === undefined ? Math.max(...ps.map((p) => p.end)) : undefined;
    if (!single && declared === undefined && letLength === undefined) {
      bag.add(M.piecewiseUndeclared(targetSpan(first), name));
      ok = false;
    }
    const n = declared ?? letLength ?? first.end;
    for (let i = 1; i < sorted.length && ok; i++) {
      const a = sorted[i - 1] as Piece;
      const b = sorted[i] as Piece;
      if (b.start < a.end) {
        bag.add(M.definedTwice(targetSpan(b), name, b.start, how(b, loops, b.start), targetSpan(a), how(a, loops, b.start)));
        ok = false;
      }
    }
    if (ok) {
      let at = 0;
      const covered = sorted.map((p) => (p.end - p.start === 1 ? String(p.start) : `${p.start}:${p.end}`)).join(', ');
      for (const p of [...sorted, undefined]) {
        const next = p === undefined ? n : Math.min(p.start, n);
        if (next > at) {
          bag.add(M.neverDefined(targetSpan(first), name, at, next, n, covered));
          ok = false;
          break;
        }
        if (p !== undefined) at = Math.max(at, p.end);
      }
      const last = sorted[sorted.length - 1] as Piece;
      if (ok && last.end > n && last.loop === undefined) {
        bag.add(M.indexOutOfRange(targetSpan(last), `${name}[${last.start}]`, name, last.start, 'the index', last.start, n));
        ok = false;
      } else if (ok && last.end > n) {
        const l = loops[last.loop as number];
        bag.add(M.indexOutOfRange(targetSpan(last), `${name}[…]`, name, last.end - 1, l?.info.variable ?? 't', (l?.info.end ?? 1) - 1, n));
        ok = false;
      }
    }
    if (!ok) continue;
    const stmt = single ? plainStatement(first) : piecesStatement(name, n, sorted, bag);
    if (stmt === undefined) continue;
    replacement.set(first, stmt);
    if (single) vectorized.set(stmt, first.end);
    factPieces.set(
      name,
      sorted.map((p) => ({
        start: p.start, end: p.end, ...(p.loop !== undefined ? { loop: p.loop } : {}),
        reads: p.reads.map((r) => ({ name: r.name, offset: r.offset - p.targetOffset })), span: p.stmt.span,
      })),
    );
  }

  const body: Statement[] = [];
  for (const s of slots) {
    if ('kind' in s) body.push(s);
    else {
      const r = replacement.get(s);
      if (r) body.push(r);
    }
  }
  const infos: LoopInfo[] = loops.map((l) => ({
    ...l.info, kind: l.carried.length > 0 ? 'sequence' : 'plate', carried: l.carried, defines: l.defines,
  }));
  return { decl: { ...decl, body }, facts: { loops: infos, pieces: factPieces, selfLags, loopAxis: sink.loopAxis, vectorized } };
}

function targetSpan(p: Piece): Span {
  const idx = p.stmt.indices ?? [];
  const last = idx[idx.length - 1];
  const name = p.stmt.kind === 'sample' ? p.stmt.target.span : p.stmt.name.span;
  return last === undefined ? name : { start: name.start, end: last.span.end + 1 };
}

function how(p: Piece, loops: readonly { info: { variable: string } }[], element: number): string {
  if (p.loop === undefined) return `by \`${p.name}[${p.start}]\``;
  const v = loops[p.loop]?.info.variable ?? 't';
  return `by the loop when ${v} = ${element - p.targetOffset}`;
}

/** A full-range loop statement as the whole-variable statement it stands for. */
function plainStatement(p: Piece): SampleStmt | LetStmt {
  const { indices: _drop, ...rest } = p.stmt;
  if (rest.kind === 'let') return { ...rest, value: (p.args[0] as Piece['args'][number]).value };
  return { ...rest, dist: { ...rest.dist, args: p.args.map((a) => ({ ...(a.arg as Arg), value: a.value })) } };
}

/** Several pieces as one statement whose arguments are assembled along the leading axis. */
function piecesStatement(name: string, n: number, sorted: readonly Piece[], bag: DiagnosticBag): SampleStmt | LetStmt | undefined {
  const first = sorted[0] as Piece;
  for (const p of sorted.slice(1)) {
    const a = first.stmt;
    const b = p.stmt;
    let reason: string | undefined;
    if (a.kind !== b.kind) reason = 'one is a `~` statement and another a `let`';
    else if (a.kind === 'sample' && b.kind === 'sample') {
      if (a.dist.callee.name !== b.dist.callee.name) reason = `\`${a.dist.callee.name}\` here and \`${b.dist.callee.name}\` there`;
      else if (a.dist.args.map((x) => x.name?.name ?? '').join() !== b.dist.args.map((x) => x.name?.name ?? '').join() || a.dist.args.length !== b.dist.args.length) {
        reason = 'their arguments are not the same parameters in the same order';
      }
    }
    if (reason !== undefined) {
      bag.add(M.piecesDiffer(b.kind === 'sample' ? b.dist.span : b.span, name, reason, a.kind === 'sample' ? a.dist.span : a.span));
      return undefined;
    }
  }
  const assemble = (i: number): PiecesExpr => ({
    kind: 'pieces', self: name, length: n,
    parts: sorted.map((p) => {
      const a = p.args[i] as Piece['args'][number];
      return { start: p.start, end: p.end, value: a.value, vectorized: a.loopAxis };
    }),
    span: (first.args[i] as Piece['args'][number]).value.span,
  });
  const { indices: _drop, ...rest } = first.stmt;
  if (rest.kind === 'let') return { ...rest, value: assemble(0) };
  return { ...rest, dist: { ...rest.dist, args: rest.dist.args.map((a, i) => ({ ...a, value: assemble(i) })) } };
}

