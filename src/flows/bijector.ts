/**
 * The runtime contract of a bijector (one row of src/registry/bijectors.ts), after TFP's `Bijector`
 * (`forward`, `inverse`, `forward_log_det_jacobian`) and Pyro's `TransformModule`: a smooth invertible
 * map of an event `x` of size D (the last axis) to `y`, returning log|det ∂y/∂x| with it so a flow
 * never computes the Jacobian twice.
 *
 * Shapes: `x` is `[..., D]`; weights broadcast against its lead axes (a non-amortized weight is `[1, 1, …]`,
 * see {@link BijectorParams}); `logDetJ` is `[...]`, one value per event. Callers run these inside
 * `tf.tidy`; a bijector disposes nothing it was given.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { BijectorSpec } from '../registry/bijectors.js';

/** What one step of a flow reads besides its input. */
export interface BijectorParams {
  /**
   * The step's learned weights by their registry names (`u`, `w`, `b` for planar), shaped
   * `[1, 1, ...shape]` (the lead axes of draws `[S, B]` broadcast): `flow/<latent>/<step>/<weight>`.
   */
  readonly weights: Readonly<Record<string, tf.Tensor>>;
  /**
   * Amortized inputs from the guide (IAF's context h from the encoder), `[S or 1, B, width]`, by the
   * names of the row's `inputs`. Empty for non-amortized bijectors.
   */
  readonly inputs: Readonly<Record<string, tf.Tensor>>;
  /** The step's options (the row's defaults overridden by the user's). */
  readonly options: Readonly<Record<string, number>>;
}

/** The result of a forward pass. */
export interface ForwardResult {
  /** f(x), same shape as x. */
  readonly y: tf.Tensor;
  /** log|det ∂f(x)/∂x| per event: x's shape without its last axis. */
  readonly logDetJ: tf.Tensor;
}

/** A bijector implementation. */
export interface Bijector {
  /** Its registry row. */
  readonly spec: BijectorSpec;
  /** y = f(x) and log|det J_f(x)|. Differentiable in x and in the params. */
  forward(x: tf.Tensor, p: BijectorParams): ForwardResult;
  /**
   * x = f⁻¹(y), when the row's `inverse` is not `none`. Differentiable in `y` (the gradient of log q at a
   * moving point with the flow's parameters stopped, for sticking the landing, flows through it).
   */
  inverse?(y: tf.Tensor, p: BijectorParams): tf.Tensor;
}
