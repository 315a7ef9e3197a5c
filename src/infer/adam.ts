/**
 * Adam (Kingma & Ba 2015) for the trainer, with PyTorch's update and defaults:
 *
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ − lr · m̂ / (√v̂ + ε),  m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ),
 *
 * computed as θ ← θ − (lr·√c₂/c₁) · m/(√v + ε·√c₂) with c₁ = 1 − β₁ᵗ, c₂ = 1 − β₂ᵗ taken in double
 * precision from t alone (not accumulated in float32 as tf.train.adam does), so that a run resumed from a
 * checkpoint's t, m and v takes bit-for-bit the same steps as one that never stopped. The update runs as
 * one fused pass over flat buffers (`FlatAdam`, rule `folded`, src/runtime/kernels/adam.ts) instead of ~14
 * tfjs kernels per variable.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { FlatAdam } from '../runtime/kernels/adam.js';

/** Adam's hyper-parameters. */
export interface AdamConfig {
  /** Decay rate β₁ of the first-moment (gradient) average, in [0, 1). */
  readonly beta1: number;
  /** Decay rate β₂ of the second-moment (squared-gradient) average, in [0, 1). */
  readonly beta2: number;
  /** ε added to √v̂ in the denominator, so a parameter with vanishing gradients takes bounded steps. */
  readonly epsilon: number;
}

/** PyTorch's defaults. */
export const DEFAULT_ADAM: AdamConfig = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Adam over a fixed, ordered list of variables. */
export class Adam {
  private readonly flat: FlatAdam;

  /**
   * @param variables - the variables it updates, in a fixed order (checkpoints rely on it)
   * @param config - β₁, β₂, ε
   */
  constructor(
    readonly variables: readonly tf.Variable[],
    readonly config: AdamConfig = DEFAULT_ADAM,
  ) {
    this.flat = new FlatAdam(variables, { learningRate: 1e-3, beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon, rule: 'folded' });
  }

  /** Steps taken so far. */
  get step(): number {
    return this.flat.step;
  }

  /**
   * One update with gradients `grads[i]` for `variables[i]` at learning rate `lr`; every gradient is
   * first multiplied by `gradientScale` (gradient clipping passes clip/‖g‖ here).
   */
  apply(grads: readonly tf.Tensor[], lr: number, gradientScale = 1): void {
    if (grads.length !== this.variables.length) throw new InternalError(`Adam got ${grads.length} gradients for ${this.variables.length} variables`);
    this.flat.applyGradients(grads, { learningRate: lr, gradientScale });
  }

  /** The state as named tensors (the step count t and the flat moments m, v), for a checkpoint. */
  state(): tf.NamedTensorMap {
    const { step, m, v } = this.flat.getState();
    return { t: tf.scalar(step, 'int32'), m: tf.tensor1d(m), v: tf.tensor1d(v) };
  }

  /** Restores a state written by {@link Adam.state}. */
  restore(state: tf.NamedTensorMap): void {
    const t = state['t'];
    const m = state['m'];
    const v = state['v'];
    if (t === undefined || m === undefined || v === undefined) throw new InternalError('optimizer state without t, m and v');
    this.flat.setState({ step: t.dataSync()[0] ?? 0, m: m.dataSync() as Float32Array, v: v.dataSync() as Float32Array });
  }

  /** Frees the optimizer's buffers (the variables belong to the model). */
  dispose(): void {
    // FlatAdam's buffers are plain memory, collected with it.
  }
}
