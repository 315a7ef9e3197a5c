/**
 * Shape arithmetic on per-datapoint shapes (no batch axis; `[]` is a scalar). Pure functions that return
 * either the result shape or a short reason; the checker turns reasons into located diagnostics. The
 * rules are numpy's, restricted to what the language needs:
 *
 * - elementwise operators broadcast (numpy broadcasting: align trailing axes; sizes equal or one is 1);
 * - `@` is numpy's `matmul` for rank 1 and 2 only: [m,n]@[n] → [m], [n]@[n,k] → [k], [m,n]@[n,k] → [m,k],
 *   [n]@[n] → [];
 * - built-in functions follow their registry {@link ShapeRule};
 * - indexing with a constant position drops the axis, a constant slice `a:b` keeps it with size b − a.
 *
 * Verbs: `broadcast*`/`*Shape` compute a result, `formatShape` prints one.
 */
import type { Shape } from './checked-model.js';
import type { ShapeRule } from '../registry/functions.js';

/** A computed shape, or why none exists (one sentence fragment naming both shapes). */
export type ShapeResult =
  | { readonly ok: true; readonly shape: Shape }
  | { readonly ok: false; readonly reason: string; readonly kind?: 'bounds' | 'invalid' };

const ok = (shape: Shape): ShapeResult => ({ ok: true, shape });
const fail = (reason: string, kind?: 'bounds' | 'invalid'): ShapeResult => (kind ? { ok: false, reason, kind } : { ok: false, reason });

/** Prints a shape the way users write it: `[784]`, `[20, 3]`, `[]` for a scalar. */
export function formatShape(s: Shape): string {
  return `[${s.join(', ')}]`;
}

/** Whether two shapes are identical. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** numpy broadcasting of two shapes. */
export function broadcastShapes(a: Shape, b: Shape): ShapeResult {
  const n = Math.max(a.length, b.length);
  const out: number[] = new Array<number>(n);
  for (let i = 1; i <= n; i++) {
    const x = a[a.length - i] ?? 1;
    const y = b[b.length - i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return fail(`cannot broadcast ${formatShape(a)} with ${formatShape(b)}`);
    out[n - i] = x === 1 ? y : x;
  }
  return ok(out);
}

/** Broadcast of many shapes (scalar for none). */
export function broadcastAll(shapes: readonly Shape[]): ShapeResult {
  let acc: Shape = [];
  for (const s of shapes) {
    const r = broadcastShapes(acc, s);
    if (!r.ok) return r;
    acc = r.shape;
  }
  return ok(acc);
}

/** Whether `from` broadcasts to exactly `to` (a distribution parameter against its variable's shape). */
export function broadcastsTo(from: Shape, to: Shape): boolean {
  const r = broadcastShapes(from, to);
  return r.ok && sameShape(r.shape, to);
}

/** The shape of `a @ b` (matrix/vector product of rank-1 and rank-2 operands). */
export function matmulShape(a: Shape, b: Shape): ShapeResult {
  const what = `${formatShape(a)} @ ${formatShape(b)}`;
  if (a.length === 0 || b.length === 0) return fail(`\`@\` needs vectors or matrices, found ${what}`);
  if (a.length > 2 || b.length > 2) return fail(`\`@\` supports rank 1 and 2 operands only, found ${what}`);
  const inner = a[a.length - 1] as number;
  const innerB = (b.length === 1 ? b[0] : b[0]) as number;
  if (inner !== innerB) return fail(`cannot multiply ${what}: inner sizes ${inner} and ${innerB} differ`);
  const out: number[] = [];
  if (a.length === 2) out.push(a[0] as number);
  if (b.length === 2) out.push(b[1] as number);
  return ok(out);
}

/**
 * The result shape of a built-in function with the given rule (the arity was checked before).
 */
export function functionShape(rule: ShapeRule, name: string, args: readonly Shape[]): ShapeResult {
  switch (rule) {
    case 'elementwise':
      return ok(args[0] ?? []);
    case 'last-axis': {
      const a = args[0] ?? [];
      return a.length === 0 ? fail(`\`${name}\` works along the last axis and needs a vector, found a scalar ${formatShape(a)}`) : ok(a);
    }
    case 'reduce':
      return ok([]);
    case 'dot': {
      const [a = [], b = []] = args;
      if (a.length !== 1 || b.length !== 1 || a[0] !== b[0]) {
        return fail(`\`${name}\` needs two vectors of equal length, found ${formatShape(a)} and ${formatShape(b)}`);
      }
      return ok([]);
    }
    case 'concat':
      return concatShape(name, args);
    case 'fill-tril': {
      const a = args[0] ?? [];
      const n = a.length === 1 ? (a[0] as number) : -1;
      const d = Math.round((Math.sqrt(8 * n + 1) - 1) / 2);
      return n > 0 && (d * (d + 1)) / 2 === n ? ok([d, d]) : fail(`\`${name}\` needs a vector of D(D + 1)/2 entries (1, 3, 6, 10, …), found ${formatShape(a)}`);
    }
  }
}

function concatShape(name: string, args: readonly Shape[]): ShapeResult {
  // A scalar joins as a vector of length 1, so `concat(x, y)` of two scalars is a [2] vector.
  const joined = args.map((s) => (s.length === 0 ? [1] : s));
  const first = joined[0] ?? [];
  if (args.some((s) => s.length === 0) && joined.some((s) => s.length > 1)) {
    return fail(`\`${name}\` joins scalars only with vectors, found ${args.map(formatShape).join(', ')}`);
  }
  let last = 0;
  for (const s of joined) {
    const lead = s.slice(0, -1);
    if (!sameShape(lead, first.slice(0, -1))) {
      return fail(`\`${name}\` needs arguments equal in all but the last axis, found ${args.map(formatShape).join(', ')}`);
    }
    last += s[s.length - 1] as number;
  }
  return ok([...first.slice(0, -1), last]);
}

/** One resolved index item: a position, or a slice with both bounds known (half-open). */
export type ResolvedIndex = { readonly kind: 'at'; readonly index: number } | { readonly kind: 'slice'; readonly start: number; readonly end: number };

/**
 * The shape after indexing `target` with constant items, one per leading axis. A failure is `bounds`
 * (a position or slice end past the axis) or `invalid` (too many indices, an empty slice).
 */
export function indexShape(target: Shape, items: readonly ResolvedIndex[]): ShapeResult {
  if (items.length > target.length) {
    const n = `${items.length} ${items.length === 1 ? 'index' : 'indices'}`;
    return fail(`${n} for a value of shape ${formatShape(target)} (rank ${target.length})`, 'invalid');
  }
  const out: number[] = [];
  for (const [axis, item] of items.entries()) {
    const size = target[axis] as number;
    if (item.kind === 'at') {
      if (item.index >= size) return fail(`index ${item.index} is out of bounds for axis ${axis} of size ${size} (shape ${formatShape(target)})`, 'bounds');
    } else {
      if (item.end > size) return fail(`slice end ${item.end} is out of bounds for axis ${axis} of size ${size} (shape ${formatShape(target)})`, 'bounds');
      if (item.start >= item.end) return fail(`slice ${item.start}:${item.end} is empty (its start must be less than its end)`, 'invalid');
      out.push(item.end - item.start);
    }
  }
  return ok([...out, ...target.slice(items.length)]);
}
