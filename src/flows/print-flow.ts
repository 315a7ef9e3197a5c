/**
 * A flow as guide-block source: `Planar(Normal(loc, scale), steps: 8)` (src/flows/check-flow.ts reads
 * it back). A flow whose steps are not all one bijector with the same options has no such form yet.
 */
import { InternalError } from '../common/diagnostic.js';
import { printExpr } from '../ir/print-expr.js';
import { BIJECTORS } from '../registry/bijectors.js';
import type { FlowNode } from './flow-ir.js';

/** The source of `base` followed by `flow`. */
export function printFlow(flow: FlowNode, base: string): string {
  const first = flow.steps[0];
  if (first === undefined) return base;
  const same = flow.steps.every((s) => s.bijector === first.bijector && JSON.stringify(s.options) === JSON.stringify(first.options));
  if (!same) throw new InternalError('a flow of different bijectors has no guide-block form yet');
  const defaults = BIJECTORS[first.bijector].options;
  const opts = defaults.filter((o) => first.options[o.name] !== undefined && first.options[o.name] !== o.default).map((o) => `, ${o.name}: ${first.options[o.name]}`);
  // Amortized inputs (IAF's `h: enc_z[4:20]`), which every step shares.
  const inputs = Object.entries(first.inputs).map(([k, e]) => `, ${k}: ${printExpr(e)}`);
  return `${first.bijector}(${base}, steps: ${flow.steps.length}${opts.join('')}${inputs.join('')})`;
}
