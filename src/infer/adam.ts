/**
 * Adam (Kingma & Ba 2015), written out so that its state is exactly what a checkpoint holds: the step
 * count t and the moments m, v of every variable. The bias corrections are computed in double precision
 * from t alone (not accumulated in float32 as tf.train.adam does), so a run resumed from a checkpoint
 * takes bit-for-bit the same steps as one that never stopped. Same update as PyTorch's `torch.optim.Adam`:
 *
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ − lr · m̂ / (√v̂ + ε),  m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';

/** Adam's hyper-parameters. */
export interface AdamConfig {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** PyTorch's defaults. */
export const DEFAULT_ADAM: AdamConfig = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Adam over a fixed, ordered list of variables. */
export class Adam {
  private t = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  /**
   * @param variables - the variables it updates, in a fixed order (checkpoints rely on it)
   * @param config - β₁, β₂, ε
   */
  constructor(
    readonly variables: readonly tf.Variable[],
    readonly config: AdamConfig = DEFAULT_ADAM,
  ) {
    this.m = variables.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = variables.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /** Steps taken so far. */
  get step(): number {
    return this.t;
  }

  /** One update with gradients `grads[i]` for `variables[i]` at learning rate `lr`. */
  apply(grads: readonly tf.Tensor[], lr: number): void {
    if (grads.length !== this.variables.length) throw new InternalError(`Adam got ${grads.length} gradients for ${this.variables.length} variables`);
    this.t += 1;
    const { beta1, beta2, epsilon } = this.config;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    // θ − lr·(m/c1)/(√(v/c2) + ε)  =  θ − (lr·√c2/c1) · m/(√v + ε·√c2)
    const stepSize = (lr * Math.sqrt(c2)) / c1;
    const epsHat = epsilon * Math.sqrt(c2);
    tf.tidy(() => {
      grads.forEach((g, i) => {
        const m = this.m[i] as tf.Variable;
        const v = this.v[i] as tf.Variable;
        const x = this.variables[i] as tf.Variable;
        const mNew = tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1));
        const vNew = tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2));
        m.assign(mNew);
        v.assign(vNew);
        x.assign(tf.sub(x, tf.mul(tf.div(mNew, tf.add(tf.sqrt(vNew), epsHat)), stepSize)));
      });
    });
  }

  /** The state as named tensors (copies), for a checkpoint. */
  state(): tf.NamedTensorMap {
    const out: tf.NamedTensorMap = { t: tf.scalar(this.t, 'int32') };
    this.m.forEach((m, i) => (out[`m/${i}`] = tf.clone(m)));
    this.v.forEach((v, i) => (out[`v/${i}`] = tf.clone(v)));
    return out;
  }

  /** Restores a state written by {@link state}. */
  restore(state: tf.NamedTensorMap): void {
    const t = state['t'];
    if (t === undefined) throw new InternalError('optimizer state without a step count');
    this.t = t.dataSync()[0] ?? 0;
    this.m.forEach((m, i) => m.assign(state[`m/${i}`] ?? tf.zerosLike(m)));
    this.v.forEach((v, i) => v.assign(state[`v/${i}`] ?? tf.zerosLike(v)));
  }

  /** Frees the moment variables. */
  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}
