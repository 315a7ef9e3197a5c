/**
 * A flow guide factor as the derivation, the plan, the runtime and the emitter see it: the base
 * distribution (its parameters written over guide sites, like any guide distribution: an encoder's
 * heads or free variational parameters) followed by bijector steps, each naming its registry row, its
 * learned weights (checkpoint names `flow/<latent>/<step>/<weight>`) and any amortized inputs.
 */
import type { IRExpr } from '../ir/model-ir.js';
import { BIJECTORS, bijectorOptions, flowWeightName, type BijectorName } from '../registry/bijectors.js';

/** One bijector step. */
export interface FlowStepNode {
  /** Its registry row. */
  readonly bijector: BijectorName;
  /** Position in the flow, from 1 (the `<step>` of its weights' names). */
  readonly index: number;
  /** The step's options (row defaults filled in). */
  readonly options: Readonly<Record<string, number>>;
  /** Amortized inputs by the row's `inputs` names (IAF's context from the encoder); empty for planar. */
  readonly inputs: Readonly<Record<string, IRExpr>>;
}

/** The flow part of a factor: bijectors after the base distribution (the factor's `dist`). */
export interface FlowNode {
  /** The flow's bijector steps, applied in order after the base. */
  readonly steps: readonly FlowStepNode[];
  /** D, the latent's size: the bijectors act on its flattened values. */
  readonly eventSize: number;
}

/** `count` steps of one bijector kind, with the row's default options. */
export function repeatSteps(bijector: BijectorName, count: number, options: Readonly<Record<string, number>> = {}): FlowStepNode[] {
  const opts = bijectorOptions(BIJECTORS[bijector], options);
  return Array.from({ length: count }, (_, i) => ({ bijector, index: i + 1, options: opts, inputs: {} }));
}

/** Every learned weight of a latent's flow: checkpoint name and shape, in step order. */
export function flowWeights(latent: string, flow: FlowNode): { name: string; step: FlowStepNode; weight: string; shape: readonly number[] }[] {
  return flow.steps.flatMap((step) =>
    BIJECTORS[step.bijector].weights.map((w) => ({ name: flowWeightName(latent, step.index, w.name), step, weight: w.name, shape: w.shape(flow.eventSize, step.options) })),
  );
}
