/**
 * Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1) as one fused
 * pass over flat buffers, instead of tfjs's `tf.train.adam`.
 *
 * Why: tfjs's Adam runs ~14 elementwise kernels per variable per step (two moment updates, two bias
 * corrections, a square, a sqrt, a division…), each allocating a tensor; for the flagship VAE that is
 * ~110 kernels, ~4 ms, ~14% of a wasm training step (issue 7's profile). Here the parameters and
 * moments live in flat buffers owned by a small WebAssembly SIMD kernel (adam.wat) that
 * updates moment, moment and parameter in one pass (~0.7 ms for 652k parameters; plain JavaScript
 * would take ~4 ms, being scalar). Each variable then receives its new values as one fresh tensor.
 * The price is a copy of each gradient out of the backend and of each parameter into it.
 *
 * Numerics: bit-identical to the tfjs-ops implementation it replaces, for either arithmetic
 * ({@link AdamRule}): the same operations in the same order, each rounded to float32, with the
 * constants rounded to float32 as tfjs's scalar tensors are. Rule `tfjs` is `tf.train.adam` (βᵗ
 * accumulated by float32 multiplication, which matters: 1 − β₂ᵗ at t = 1 is 1.3e-5 off 0.001 in
 * float32); rule `folded` is src/infer/adam.ts (PyTorch's algebra, bias corrections from t in double
 * precision). test/runtime/kernels/adam.test.ts checks both for equality.
 *
 * The optimizer owns the variables' values: assign them through {@link FlatAdam.setParameters} (a
 * change behind its back is detected and re-read, at the cost of a copy).
 */
import * as tf from '@tensorflow/tfjs-core';
import { copyValues } from '../fast-copy.js';
import { createAdamKernel, type AdamConstants, type AdamKernel, type FoldedAdamConstants } from './adam-wasm.js';

/**
 * Which arithmetic the update follows (both are Adam; they differ in float32 rounding):
 * - `tfjs`: `tf.train.adam`'s — βᵗ accumulated in float32, θ ← θ − α·(m/c₁)/(√(v/c₂) + ε);
 * - `folded`: src/infer/adam.ts's (PyTorch's algebra) — c₁, c₂ from t in double precision,
 *   θ ← θ − (m/(√v + ε√c₂))·(α√c₂/c₁); a run resumed from t, m, v continues bit for bit.
 */
export type AdamRule = 'tfjs' | 'folded';

/** Hyper-parameters of {@link FlatAdam}. */
export interface FlatAdamOptions {
  /** Step size α (can be overridden per step). */
  readonly learningRate: number;
  /** Decay of the first moment, β₁ (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second moment, β₂ (default 0.999). */
  readonly beta2?: number;
  /** ε in the denominator (default: `tfjs` rule, the backend's epsilon, 1e-7 in float32, as tfjs; `folded` rule, 1e-8, as PyTorch). */
  readonly epsilon?: number;
  /** The arithmetic to follow (default `tfjs`). */
  readonly rule?: AdamRule;
}

/** Per-step options of an update. */
export interface AdamStepOptions {
  /** This step's learning rate (a schedule); default: the constructor's. */
  readonly learningRate?: number;
  /** Factor applied to every gradient first (e.g. clipNorm/‖g‖ to clip the global norm); default 1. */
  readonly gradientScale?: number;
}

/** A checkpointable snapshot of the optimizer's state. */
export interface FlatAdamState {
  /** Updates applied so far (t in the paper). */
  readonly step: number;
  /** First moments, all variables concatenated in order. */
  readonly m: Float32Array;
  /** Second moments, likewise. */
  readonly v: Float32Array;
}

interface Slot {
  readonly variable: tf.Variable;
  readonly offset: number;
  readonly size: number;
  /** The backend data the master copy was last written to (to detect outside assignments). */
  dataId: object;
}

/** Adam over a fixed list of float32 variables, fused into one pass over flat buffers. */
export class FlatAdam {
  private readonly slots: Slot[];
  private readonly kernel: AdamKernel;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly rule: AdamRule;
  private t = 0;
  // β₁ᵗ and β₂ᵗ for the coming step, accumulated in float32 like tfjs's accBeta variables.
  private accBeta1: number;
  private accBeta2: number;

  /**
   * @param variables - the trained variables (float32), in the order gradients will be given
   * @param opts - hyper-parameters
   */
  constructor(
    variables: readonly tf.Variable[],
    private readonly opts: FlatAdamOptions,
  ) {
    let offset = 0;
    this.slots = variables.map((variable) => {
      if (variable.dtype !== 'float32') throw new Error(`FlatAdam: variable '${variable.name}' is ${variable.dtype}, not float32`);
      const slot = { variable, offset, size: variable.size, dataId: variable.dataId };
      offset += variable.size;
      return slot;
    });
    this.kernel = createAdamKernel(offset);
    for (const s of this.slots) this.kernel.params.set(s.variable.dataSync() as Float32Array, s.offset);
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.rule = opts.rule ?? 'tfjs';
    this.epsilon = opts.epsilon ?? (this.rule === 'tfjs' ? tf.backend().epsilon() : 1e-8);
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
  }

  /** Updates applied so far. */
  get step(): number {
    return this.t;
  }

  /** Number of scalar parameters. */
  get size(): number {
    return this.kernel.params.length;
  }

  /** Whether the update runs on the wasm SIMD kernel (false: its scalar JavaScript twin). */
  get simd(): boolean {
    return this.kernel.simd;
  }

  /**
   * Applies one Adam update. Gradients are read, not disposed. A missing gradient (`undefined` in
   * the array, or a name absent from the map) leaves that variable and its moments untouched, as
   * tfjs does.
   *
   * @param grads - one gradient per variable: an array in constructor order, or a map by variable name
   * @param step - this step's learning rate and gradient scale
   */
  applyGradients(grads: readonly (tf.Tensor | undefined)[] | tf.NamedTensorMap, step: AdamStepOptions = {}): void {
    const list = Array.isArray(grads) ? grads : this.slots.map((s) => (grads as tf.NamedTensorMap)[s.variable.name]);
    if (list.length !== this.slots.length) throw new Error(`FlatAdam: expected ${this.slots.length} gradients, got ${list.length}`);
    const c = this.beginStep(step);
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i]!;
      const g = list[i];
      if (g === undefined) continue;
      if (g.size !== slot.size) throw new Error(`FlatAdam: gradient ${i} has ${g.size} elements, variable '${slot.variable.name}' has ${slot.size}`);
      this.syncMaster(slot);
      copyValues(g, this.kernel.grad, slot.offset);
      this.runUpdate(slot.offset, slot.size, c);
      this.writeBack(slot);
    }
  }

  /**
   * Applies one Adam update from a flat gradient (all variables concatenated in constructor order),
   * e.g. the sum of data-parallel workers' gradients with `gradientScale = 1/k`, which makes it their mean.
   */
  applyFlatGradient(flat: Float32Array, step: AdamStepOptions = {}): void {
    if (flat.length !== this.size) throw new Error(`FlatAdam: flat gradient has ${flat.length} elements, expected ${this.size}`);
    const c = this.beginStep(step);
    for (const slot of this.slots) this.syncMaster(slot);
    this.kernel.grad.set(flat);
    this.runUpdate(0, this.size, c);
    for (const slot of this.slots) this.writeBack(slot);
  }

  /**
   * Applies one Adam update with the gradient Σᵢ wᵢ·partsᵢ (flat parts, constructor order), summed
   * in the kernel: how data-parallel replicas combine their shares' gradients.
   */
  applyWeightedGradients(parts: readonly Float32Array[], weights: readonly number[], step: AdamStepOptions = {}): void {
    if (parts.length === 0 || parts.length !== weights.length) throw new Error(`FlatAdam: ${parts.length} parts and ${weights.length} weights`);
    for (const part of parts) if (part.length !== this.size) throw new Error(`FlatAdam: a part has ${part.length} elements, expected ${this.size}`);
    const c = this.beginStep(step);
    for (const slot of this.slots) this.syncMaster(slot);
    this.kernel.combine(parts, weights);
    this.runUpdate(0, this.size, c);
    for (const slot of this.slots) this.writeBack(slot);
  }

  /** The current parameters, all variables concatenated (a copy). */
  getParameters(): Float32Array {
    for (const slot of this.slots) this.syncMaster(slot);
    return this.kernel.params.slice();
  }

  /** Sets all parameters from a flat array (constructor order) and writes them to the variables. */
  setParameters(flat: Float32Array): void {
    if (flat.length !== this.size) throw new Error(`FlatAdam: expected ${this.size} parameters, got ${flat.length}`);
    this.kernel.params.set(flat);
    for (const slot of this.slots) this.writeBack(slot);
  }

  /** A copy of the optimizer state, for checkpoints. */
  getState(): FlatAdamState {
    return { step: this.t, m: this.kernel.m.slice(), v: this.kernel.v.slice() };
  }

  /** Restores {@link FlatAdam.getState}'s snapshot. */
  setState(state: FlatAdamState): void {
    if (state.m.length !== this.size || state.v.length !== this.size) throw new Error('FlatAdam: state does not match the variables');
    this.t = state.step;
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
    for (let i = 0; i < this.t; i++) this.advanceAccumulators();
    this.kernel.m.set(state.m);
    this.kernel.v.set(state.v);
  }

  /** Advances t and returns this step's constants, rounded to float32 as tfjs's scalar tensors are. */
  private beginStep(step: AdamStepOptions): AdamConstants | FoldedAdamConstants {
    this.t += 1;
    const f = Math.fround;
    const lr = step.learningRate ?? this.opts.learningRate;
    const common = {
      beta1: f(this.beta1),
      oneMinusBeta1: f(1 - this.beta1),
      beta2: f(this.beta2),
      oneMinusBeta2: f(1 - this.beta2),
      gradientScale: f(step.gradientScale ?? 1),
    };
    if (this.rule === 'folded') {
      const c1 = 1 - this.beta1 ** this.t;
      const c2 = 1 - this.beta2 ** this.t;
      return { ...common, epsilonHat: f(this.epsilon * Math.sqrt(c2)), stepSize: f((lr * Math.sqrt(c2)) / c1) };
    }
    const c = { ...common, biasCorrection1: f(1 - this.accBeta1), biasCorrection2: f(1 - this.accBeta2), epsilon: f(this.epsilon), negLearningRate: f(-lr) };
    this.advanceAccumulators();
    return c;
  }

  private runUpdate(offset: number, n: number, c: AdamConstants | FoldedAdamConstants): void {
    if ('stepSize' in c) this.kernel.updateFolded(offset, n, c);
    else this.kernel.update(offset, n, c);
  }

  private advanceAccumulators(): void {
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
  }

  /** Re-reads a variable if it was assigned by someone else since we last wrote it. */
  private syncMaster(slot: Slot): void {
    if (slot.variable.dataId !== slot.dataId) {
      this.kernel.params.set(slot.variable.dataSync() as Float32Array, slot.offset);
      slot.dataId = slot.variable.dataId;
    }
  }

  private writeBack(slot: Slot): void {
    // The wasm backend copies what it is given into its heap; others (cpu) keep the array itself,
    // and the kernel's buffer changes next step, so they get a copy.
    const range = this.kernel.params.subarray(slot.offset, slot.offset + slot.size);
    const values = tf.getBackend() === 'wasm' ? range : range.slice();
    const t = tf.tensor(values, slot.variable.shape, 'float32');
    slot.variable.assign(t);
    t.dispose();
    slot.dataId = slot.variable.dataId;
  }
}

