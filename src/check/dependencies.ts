/**
 * The dependency graph of a model's (or a guide's) `~` and `let` statements: a statement depends on the
 * statements that define the names its expressions read. Cycles are errors that name the cycle
 * (`a -> b -> a`: `a` depends on `b`, which depends on `a`); otherwise the statements are put in
 * topological order with ties broken by source order (Kahn's algorithm, always taking the earliest ready statement).
 *
 * Verbs: `collect*` gather, `find*` search, `order*` sort.
 */
import type { RelatedNote } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import type { Expr } from '../syntax/ast.js';

/** A name read by an expression, where it is read. */
export interface NameUse {
  /** The name read. */
  readonly name: string;
  /** Where it is read. */
  readonly span: Span;
}

/** Appends every name an expression reads as a value (not callees) to `out`, in source order. */
export function collectNameUses(e: Expr, out: NameUse[]): void {
  switch (e.kind) {
    case 'name':
      out.push({ name: e.name, span: e.span });
      return;
    case 'number':
    case 'identity':
      return;
    case 'unary':
      collectNameUses(e.operand, out);
      return;
    case 'binary':
      collectNameUses(e.left, out);
      collectNameUses(e.right, out);
      return;
    case 'call':
      for (const a of e.args) collectNameUses(a.value, out);
      return;
    case 'pieces': {
      // A piecewise variable's reads of its own earlier elements are not a cycle (the loop stage proved
      // each reads only elements defined before it).
      const inner: NameUse[] = [];
      for (const p of e.parts) collectNameUses(p.value, inner);
      out.push(...inner.filter((u) => u.name !== e.self));
      return;
    }
    case 'index':
      // A read of an earlier iteration's element is no variable-level dependence (a sequence, issue 17).
      if (e.carried === true) return;
      collectNameUses(e.target, out);
      for (const it of e.items) {
        if (it.kind === 'at') collectNameUses(it.index, out);
        else {
          if (it.start) collectNameUses(it.start, out);
          if (it.end) collectNameUses(it.end, out);
        }
      }
      return;
  }
}

/** A statement in the graph. */
export interface DepNode {
  /** The name it defines. */
  readonly name: string;
  /** Where to report a cycle through it (its target or let name). */
  readonly span: Span;
  /** Names it reads (only those that are nodes matter). */
  readonly uses: readonly NameUse[];
}

/** A cycle: the node names around it (first repeated last), the node to report at, and notes. */
export interface Cycle {
  /** Node names around the cycle, the first repeated at the end (`a`, `b`, `a`). */
  readonly names: readonly string[];
  /** Index of the node to report at (the cycle's earliest in source order). */
  readonly at: number;
  /** One note per edge: where each node reads the next. */
  readonly notes: readonly RelatedNote[];
}

/** Edges of the graph: for each node index, the indices of the nodes it depends on (with the use). */
function edges(nodes: readonly DepNode[]): { to: number; use: NameUse }[][] {
  const index = new Map(nodes.map((n, i) => [n.name, i]));
  return nodes.map((n) => n.uses.flatMap((u) => (index.has(u.name) ? [{ to: index.get(u.name) as number, use: u }] : [])));
}

/**
 * Every cycle, one per strongly connected component (Tarjan 1972) that has a cycle, reported at its
 * earliest node in source order.
 */
export function findCycles(nodes: readonly DepNode[]): Cycle[] {
  const adj = edges(nodes);
  const sccs = stronglyConnected(adj);
  const cycles: Cycle[] = [];
  for (const comp of sccs) {
    const start = Math.min(...comp);
    const inComp = new Set(comp);
    const selfLoop = (adj[start] ?? []).some((e) => e.to === start);
    if (comp.length === 1 && !selfLoop) continue;
    // Shortest path start -> … -> start inside the component (breadth-first).
    const prev = new Map<number, { from: number; use: NameUse }>();
    const queue = [start];
    let found = false;
    for (let qi = 0; qi < queue.length && !found; qi++) {
      const v = queue[qi] as number;
      for (const e of adj[v] ?? []) {
        if (!inComp.has(e.to)) continue;
        if (e.to === start) {
          prev.set(-1, { from: v, use: e.use });
          found = true;
          break;
        }
        if (!prev.has(e.to)) {
          prev.set(e.to, { from: v, use: e.use });
          queue.push(e.to);
        }
      }
    }
    const path: { node: number; use: NameUse }[] = [];
    let step = prev.get(-1);
    while (step !== undefined) {
      path.unshift({ node: step.from, use: step.use });
      step = step.from === start ? undefined : prev.get(step.from);
    }
    const names = [...path.map((p) => (nodes[p.node] as DepNode).name), (nodes[start] as DepNode).name];
    const notes = path.map((p) => ({ span: p.use.span, message: `\`${(nodes[p.node] as DepNode).name}\` depends on \`${p.use.name}\` here` }));
    cycles.push({ names, at: start, notes });
  }
  return cycles.sort((a, b) => a.at - b.at);
}

/** Tarjan's strongly connected components, iterative (no recursion-depth limit). */
function stronglyConnected(adj: readonly { to: number }[][]): number[][] {
  const n = adj.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: { v: number; next: number }[] = [{ v: root, next: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1] as { v: number; next: number };
      const v = frame.v;
      const succ = adj[v] ?? [];
      if (frame.next < succ.length) {
        const w = (succ[frame.next++] as { to: number }).to;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push({ v: w, next: 0 });
        } else if (onStack[w]) low[v] = Math.min(low[v] as number, index[w] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent.v] = Math.min(low[parent.v] as number, low[v] as number);
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack.pop() as number;
          onStack[w] = false;
          comp.push(w);
        } while (w !== v);
        out.push(comp);
      }
    }
  }
  return out;
}

/**
 * The node indices in dependency order (each after the nodes it depends on), ties in source order.
 * Nodes on or behind a cycle are left out (the cycle is an error).
 */
export function orderTopologically(nodes: readonly DepNode[]): number[] {
  const adj = edges(nodes);
  const pending = adj.map((es) => new Set(es.map((e) => e.to)).size);
  const dependents: number[][] = nodes.map(() => []);
  for (const [v, es] of adj.entries()) for (const to of new Set(es.map((e) => e.to))) (dependents[to] as number[]).push(v);
  // Ready node indices, kept sorted descending so that the smallest (earliest in source) pops last.
  const ready: number[] = [];
  const push = (x: number): void => {
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((ready[mid] as number) > x) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, x);
  };
  for (const [v, p] of pending.entries()) if (p === 0) push(v);
  const order: number[] = [];
  while (ready.length > 0) {
    const v = ready.pop() as number;
    order.push(v);
    for (const d of dependents[v] as number[]) {
      pending[d] = (pending[d] as number) - 1;
      if (pending[d] === 0) push(d);
    }
  }
  return order;
}
