/**
 * Lowers a flow factor to its runtime distribution: the base distribution (built by the program like
 * any guide distribution), then one {@link FlowStep} per step with its weights read from the model's
 * {@link Weights} (`flow/<latent>/<step>/<weight>`, shaped `[1, 1, …]` to broadcast over the draws'
 * `[S, B]`) and its amortized inputs evaluated in the guide. With `stop`, every weight and input is
 * stopped as well as the base's parameters (sticking the landing, Roeder et al. 2017: log q with all of
 * q's parameters held fixed, not only the base's).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Distribution } from '../distributions/distribution.js';
import type { IRExpr } from '../ir/model-ir.js';
import type { Weights } from '../runtime/weights.js';
import { BIJECTORS, flowWeightName } from '../registry/bijectors.js';
import { bijectorOf } from './create.js';
import type { FlowNode } from './flow-ir.js';
import { stopStep, TransformedDistribution, type FlowStep } from './transformed.js';

/** The runtime flow of `latent` over the base distribution `base`. */
export function buildFlow(latent: string, flow: FlowNode, base: Distribution, valueShape: readonly number[], weights: Weights, evalInput: (e: IRExpr) => tf.Tensor, stop: boolean): TransformedDistribution {
  const steps: FlowStep[] = flow.steps.map((s) => {
    const spec = BIJECTORS[s.bijector];
    const w: Record<string, tf.Tensor> = {};
    for (const ws of spec.weights) {
      const v = weights.flowWeight(flowWeightName(latent, s.index, ws.name));
      w[ws.name] = tf.reshape(v, [1, 1, ...v.shape]);
    }
    const inputs: Record<string, tf.Tensor> = {};
    for (const [k, e] of Object.entries(s.inputs)) inputs[k] = evalInput(e);
    const step: FlowStep = { bijector: bijectorOf(s.bijector), params: { weights: w, inputs, options: s.options } };
    return stop ? stopStep(step) : step;
  });
  return new TransformedDistribution(base, steps, valueShape);
}
