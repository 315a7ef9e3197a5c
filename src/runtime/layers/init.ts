/**
 * Initial values of the layers' weights from their declarations in shapes.ts (PyTorch's default
 * bounds; see there): each weight uniform on [−bound, bound], from a caller-supplied seed so that a
 * model's initialization is reproducible (the caller draws one seed per weight from its Rng).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WeightSpec } from './shapes.js';

/** A fresh float32 tensor of `spec.shape`, uniform on ±`spec.bound`. The caller owns (and disposes) it. */
export function initialWeight(spec: WeightSpec, seed: number): tf.Tensor {
  return tf.randomUniform([...spec.shape], -spec.bound, spec.bound, 'float32', seed);
}
