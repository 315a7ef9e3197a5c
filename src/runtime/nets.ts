/**
 * Networks at run time: an MLP or Linear net applied to a matrix of inputs `[N, in]`. Every layer goes
 * through the dense kernel of `dense.ts`, whose gradient uses only untransposed matrix products (the
 * fast path of the wasm backend; see docs/benchmarks.md).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HiddenActivation, OutputActivation } from '../registry/functions.js';
import type { NetSite } from '../ir/model-ir.js';
import type { NetWeights } from './weights.js';
import { denseLayer } from './dense-layer.js';

/** Applies an activation by name. */
export function activate(x: tf.Tensor, act: HiddenActivation | OutputActivation): tf.Tensor {
  switch (act) {
    case 'identity':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'softplus':
      return tf.softplus(x);
    case 'elu':
      return tf.elu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'exp':
      return tf.exp(x);
    case 'softmax':
      return tf.softmax(x);
  }
}

/**
 * Runs a network on `x` of shape `[N, in]`. With `preActivation`, the output activation is skipped (the
 * logits of a sigmoid or softmax decoder, for the safe-numerics rewrite). `inputIsData` lets the first
 * layer skip the gradient with respect to its input.
 */
export function applyNetwork(site: NetSite, w: NetWeights, x: tf.Tensor2D, preActivation: boolean, inputIsData: boolean): tf.Tensor2D {
  let h = x;
  const last = w.W.length - 1;
  for (let i = 0; i <= last; i++) {
    const W = w.W[i] as tf.Variable;
    const b = w.b[i] as tf.Variable;
    const act: HiddenActivation | OutputActivation = i < last ? site.hidden : preActivation ? 'identity' : site.out;
    h = denseLayer(h, W as tf.Tensor2D, b as tf.Tensor1D, act, i === 0 && inputIsData);
  }
  return h;
}
