/**
 * Splitting instead of slicing. A derived guide reads its encoder's output as consecutive slices —
 * `enc_z[0:20]` for the location, `enc_z[20:40]` for the scale. Evaluated one by one, each slice is a
 * Slice kernel whose gradient is a Pad, and the pads are summed: five kernels and two full-size
 * temporaries per step. When the slices of a let's last axis partition it exactly, one SplitV (gradient:
 * one Concat) computes all parts at once; this plan finds those lets at compile time.
 */
import type { GuideIR } from '../derive/guide-ir.js';
import { distExprs, type IRExpr, type ModelIR } from '../ir/model-ir.js';

/** Per let: the sizes of its last axis' parts, in order, and each slice's part index by [start, end). */
export interface SplitPlan {
  readonly sizes: readonly number[];
  readonly part: ReadonlyMap<string, number>;
}

const key = (start: number, end: number) => `${start}:${end}`;

/** The lets of a model and its guide whose last axis is read only as an exact partition of slices. */
export function planSplits(ir: ModelIR, guide: GuideIR): Map<string, SplitPlan> {
  const lets = new Map<string, number>();
  for (const s of [...Object.values(ir.sites), ...Object.values(guide.lets)]) if (s.kind === 'let' && s.shape.length === 1) lets.set(s.name, s.shape[0] as number);
  const slices = new Map<string, Set<string>>();
  const blocked = new Set<string>();
  const visit = (e: IRExpr, parentIsSlice = false): void => {
    switch (e.op) {
      case 'ref':
        if (!parentIsSlice) blocked.add(e.name);
        return;
      case 'index': {
        const t = e.target;
        const ax = e.axes[0];
        if (t.op === 'ref' && lets.has(t.name) && e.axes.length === 1 && ax !== undefined) {
          const k = ax.kind === 'at' ? key(ax.index, ax.index + 1) : key(ax.start, ax.end);
          const set = slices.get(t.name) ?? new Set<string>();
          set.add(k);
          slices.set(t.name, set);
          return visit(t, true);
        }
        return visit(t);
      }
      case 'call':
        return e.args.forEach((a) => visit(a));
      case 'net':
        return visit(e.arg);
      case 'binary':
        visit(e.left);
        return visit(e.right);
      case 'neg':
        return visit(e.arg);
      default:
        return;
    }
  };
  for (const s of [...Object.values(ir.sites), ...Object.values(guide.lets)]) {
    if (s.kind === 'let') visit(s.value);
    else if (s.kind === 'latent') distExprs(s.prior).forEach((e) => visit(e));
    else if (s.kind === 'data' && s.likelihood) distExprs(s.likelihood).forEach((e) => visit(e));
  }
  for (const f of Object.values(guide.factors)) distExprs(f.dist).forEach((e) => visit(e));
  const plans = new Map<string, SplitPlan>();
  for (const [name, set] of slices) {
    const width = lets.get(name);
    if (blocked.has(name) || width === undefined) continue;
    const parts = [...set].map((k) => k.split(':').map(Number) as [number, number]).sort((a, b) => a[0] - b[0]);
    let at = 0;
    const ok = parts.every(([s, e]) => {
      const fits = s === at && e > s;
      at = e;
      return fits;
    });
    if (!ok || at !== width || parts.length < 2) continue;
    plans.set(name, { sizes: parts.map(([s, e]) => e - s), part: new Map(parts.map(([s, e], i) => [key(s, e), i])) });
  }
  return plans;
}

/** The part index of a slice `[start, end)` of a planned let, or undefined. */
export function partOf(plan: SplitPlan, start: number, end: number): number | undefined {
  return plan.part.get(key(start, end));
}
