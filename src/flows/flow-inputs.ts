/**
 * The amortized inputs of a flow's steps (IAF's context vector h; Kingma et al. 2016, §4: "the encoder
 * outputs μ, σ and an extra output h, which serves as an additional input to each subsequent step"): a
 * derived encoder emits them as extra heads after the base distribution's, and every step that declares an
 * input of that name reads the same head. Read from the bijector rows' `inputs`, so no bijector is named here.
 */
import { InternalError } from '../common/diagnostic.js';
import type { IRExpr } from '../ir/model-ir.js';
import { BIJECTORS } from '../registry/bijectors.js';
import type { FlowNode } from './flow-ir.js';

/** One extra encoder head: the input's name and its per-datapoint width. */
export interface FlowInputHead {
  readonly name: string;
  readonly width: number;
  readonly doc: string;
}

/** The inputs a flow's steps read, each once (first step's width; steps sharing a name must agree). */
export function flowInputHeads(flow: FlowNode): FlowInputHead[] {
  const out = new Map<string, FlowInputHead>();
  for (const s of flow.steps) {
    for (const inp of BIJECTORS[s.bijector].inputs) {
      const width = inp.width(flow.eventSize, s.options);
      const seen = out.get(inp.name);
      if (seen === undefined) out.set(inp.name, { name: inp.name, width, doc: inp.doc });
      else if (seen.width !== width) throw new InternalError(`flow input ${inp.name}: steps disagree on its width (${seen.width} and ${width})`);
    }
  }
  return [...out.values()];
}

/** The flow with each step's declared inputs set from `exprs` (by name). */
export function withFlowInputs(flow: FlowNode, exprs: Readonly<Record<string, IRExpr>>): FlowNode {
  return {
    ...flow,
    steps: flow.steps.map((s) => ({
      ...s,
      inputs: Object.fromEntries(BIJECTORS[s.bijector].inputs.flatMap((inp) => (exprs[inp.name] !== undefined ? [[inp.name, exprs[inp.name] as IRExpr]] : []))),
    })),
  };
}
