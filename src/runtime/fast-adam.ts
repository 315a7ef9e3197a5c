/**
 * Adam (Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", Algorithm 1) as one fused
 * pass over flat buffers, instead of tfjs's `tf.train.adam`.
 *
 * Why: tfjs's Adam runs ~14 elementwise kernels per variable per step (two moment updates, two bias
 * corrections, a square, a sqrt, a division…), each allocating a tensor; for the flagship VAE that is
 * ~110 kernels and ~14% of a wasm training step (issue 7's profile). Here the moments live in two flat
 * `Float32Array`s next to a flat master copy of the parameters, and one JavaScript loop updates
 * moment, moment and parameter per element in a single pass. Each variable then receives its new
 * values as one fresh tensor. The cost is a copy of each gradient out of the backend and of each
 * parameter into it, which is backend-independent and cheaper than the kernels it replaces.
 *
 * Numerics: the same update as tfjs's AdamOptimizer: m and v stored in float32; the constants β₁,
 * 1 − β₁, β₂, 1 − β₂, α and ε rounded to float32 as tfjs's scalar tensors are; βᵗ accumulated by
 * float32 multiplication as tfjs does (this matters: 1 − β₂ᵗ at t = 1 is 1.3e-5 off 0.001 in float32);
 * ε added to √v̂ and defaulting to the backend's epsilon. Only the arithmetic of one element is done
 * in float64 and rounded once when stored. Results match `tf.train.adam` to float32 rounding
 * (test/runtime/fast-adam.test.ts).
 *
 * The optimizer owns the variables' values: assign them only through {@link FlatAdam.setParameters}
 * (a change behind its back is detected and re-read, at the cost of a copy).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Hyper-parameters of {@link FlatAdam}; defaults as in tfjs and Kingma & Ba. */
export interface FlatAdamOptions {
  /** Step size α. */
  readonly learningRate: number;
  /** Decay of the first moment, β₁ (default 0.9). */
  readonly beta1?: number;
  /** Decay of the second moment, β₂ (default 0.999). */
  readonly beta2?: number;
  /** ε in the denominator (default: the backend's epsilon, 1e-7 for float32, as tfjs). */
  readonly epsilon?: number;
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
  private readonly params: Float32Array;
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private t = 0;

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
    this.params = new Float32Array(offset);
    this.m = new Float32Array(offset);
    this.v = new Float32Array(offset);
    for (const s of this.slots) this.params.set(s.variable.dataSync() as Float32Array, s.offset);
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = Math.fround(opts.epsilon ?? tf.backend().epsilon());
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
  }

  /** Updates applied so far. */
  get step(): number {
    return this.t;
  }

  /** Number of scalar parameters. */
  get size(): number {
    return this.params.length;
  }

  /**
   * Applies one Adam update. Gradients are read, not disposed.
   *
   * @param grads - one gradient per variable: an array in constructor order, or a map by variable name
   */
  applyGradients(grads: readonly tf.Tensor[] | tf.NamedTensorMap): void {
    const list = Array.isArray(grads) ? grads : this.slots.map((s) => (grads as tf.NamedTensorMap)[s.variable.name]);
    if (list.length !== this.slots.length) throw new Error(`FlatAdam: expected ${this.slots.length} gradients, got ${list.length}`);
    this.beginStep();
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i]!;
      const g = list[i];
      if (g === undefined) continue; // no gradient: the variable does not influence the loss
      if (g.size !== slot.size) throw new Error(`FlatAdam: gradient ${i} has ${g.size} elements, variable '${slot.variable.name}' has ${slot.size}`);
      this.syncMaster(slot);
      this.updateRange(g.dataSync() as Float32Array, 0, slot.offset, slot.size);
      this.writeBack(slot);
    }
  }

  /**
   * Applies one Adam update from a flat gradient (all variables concatenated in constructor order),
   * e.g. an average computed by data-parallel workers, optionally scaled (`scale = 1/k` averages a sum).
   */
  applyFlatGradient(flat: Float32Array, scale = 1): void {
    if (flat.length !== this.params.length) throw new Error(`FlatAdam: flat gradient has ${flat.length} elements, expected ${this.params.length}`);
    this.beginStep();
    for (const slot of this.slots) {
      this.syncMaster(slot);
      this.updateRange(flat, slot.offset, slot.offset, slot.size, scale);
      this.writeBack(slot);
    }
  }

  /** The current parameters, all variables concatenated (a copy). */
  getParameters(): Float32Array {
    for (const slot of this.slots) this.syncMaster(slot);
    return this.params.slice();
  }

  /** Sets all parameters from a flat array (constructor order) and writes them to the variables. */
  setParameters(flat: Float32Array): void {
    if (flat.length !== this.params.length) throw new Error(`FlatAdam: expected ${this.params.length} parameters, got ${flat.length}`);
    this.params.set(flat);
    for (const slot of this.slots) this.writeBack(slot);
  }

  /** A copy of the optimizer state, for checkpoints. */
  getState(): FlatAdamState {
    return { step: this.t, m: this.m.slice(), v: this.v.slice() };
  }

  /** Restores {@link FlatAdam.getState}'s snapshot. */
  setState(state: FlatAdamState): void {
    if (state.m.length !== this.m.length || state.v.length !== this.v.length) throw new Error('FlatAdam: state does not match the variables');
    this.t = state.step;
    this.accBeta1 = Math.fround(this.beta1);
    this.accBeta2 = Math.fround(this.beta2);
    for (let i = 0; i < this.t; i++) this.advanceAccumulators();
    this.m.set(state.m);
    this.v.set(state.v);
  }

  // β₁ᵗ and β₂ᵗ for the coming step, accumulated in float32 like tfjs's accBeta variables.
  private accBeta1: number;
  private accBeta2: number;
  // Bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ of the current step, in float32.
  private oneMinusAcc1 = 1;
  private oneMinusAcc2 = 1;

  private beginStep(): void {
    this.t += 1;
    this.oneMinusAcc1 = Math.fround(1 - this.accBeta1);
    this.oneMinusAcc2 = Math.fround(1 - this.accBeta2);
    this.advanceAccumulators();
  }

  private advanceAccumulators(): void {
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(this.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(this.beta2));
  }

  /** m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − α·m̂/(√v̂ + ε), for `n` elements. */
  private updateRange(g: Float32Array, gOffset: number, offset: number, n: number, scale = 1): void {
    const { params: p, m, v, epsilon: eps, oneMinusAcc1: d1, oneMinusAcc2: d2 } = this;
    const b1 = Math.fround(this.beta1);
    const b2 = Math.fround(this.beta2);
    const a1 = Math.fround(1 - this.beta1);
    const a2 = Math.fround(1 - this.beta2);
    const lr = Math.fround(this.opts.learningRate);
    for (let j = 0; j < n; j++) {
      const i = offset + j;
      const gi = g[gOffset + j]! * scale;
      const mi = Math.fround(b1 * m[i]! + a1 * gi);
      const vi = Math.fround(b2 * v[i]! + a2 * gi * gi);
      m[i] = mi;
      v[i] = vi;
      p[i] = p[i]! - (lr * (mi / d1)) / (Math.sqrt(vi / d2) + eps);
    }
  }

  /** Re-reads a variable if it was assigned by someone else since we last wrote it. */
  private syncMaster(slot: Slot): void {
    if (slot.variable.dataId !== slot.dataId) {
      this.params.set(slot.variable.dataSync() as Float32Array, slot.offset);
      slot.dataId = slot.variable.dataId;
    }
  }

  private writeBack(slot: Slot): void {
    // A copy: some backends (cpu) keep the array they are given, and the master copy changes next step.
    const values = this.params.slice(slot.offset, slot.offset + slot.size);
    const t = tf.tensor(values, slot.variable.shape, 'float32');
    slot.variable.assign(t);
    t.dispose();
    slot.dataId = slot.variable.dataId;
  }
}
