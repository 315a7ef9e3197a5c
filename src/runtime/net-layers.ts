/**
 * The run-time side of the network registry: one function per layer kind, typed `Record<LayerKind, …>`
 * so a row of `registry/networks.ts` cannot exist without its implementation. Inputs carry one leading
 * batch axis `[N, ...event]` (nets applied to values with more axes are flattened to it by the caller).
 * Linear layers are applied by `nets.ts` itself, which fuses a following activation into the dense kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import type { LayerKind, LayerSpec } from '../registry/networks.js';
import { dense } from './dense.js';
import { conv2d, conv2dNHWC } from './layers/conv2d.js';
import { convTranspose2d, convTranspose2dNHWC } from './layers/conv-transpose2d.js';
import { gru } from './layers/gru.js';
import { made } from './layers/made.js';

/** Applies one primitive layer to `[N, ...event]` with its weights (by registry name). */
export type LayerApply = (l: LayerSpec, x: tf.Tensor, w: Readonly<Record<string, tf.Tensor>>, inputIsData: boolean) => tf.Tensor;

const composite = (kind: string): LayerApply => () => {
  throw new InternalError(`${kind} is a composite layer; it is expanded before run time`);
};

/** The last-axis dense product of `[N, …, in]`. */
function linear(x: tf.Tensor, W: tf.Tensor, b: tf.Tensor, inputIsData: boolean): tf.Tensor {
  const opts = { inputIsConstant: inputIsData };
  if (x.rank === 2) return dense(x as tf.Tensor2D, W as tf.Tensor2D, b as tf.Tensor1D, 'linear', opts);
  const inWidth = x.shape[x.shape.length - 1] as number;
  const y = dense(tf.reshape(x, [x.size / inWidth, inWidth]) as tf.Tensor2D, W as tf.Tensor2D, b as tf.Tensor1D, 'linear', opts);
  return tf.reshape(y, [...x.shape.slice(0, -1), W.shape[1] as number]);
}

/** Activations by name (softmax over the last axis). */
export function activate(x: tf.Tensor, act: string): tf.Tensor {
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
    default:
      throw new InternalError(`unknown activation ${act}`);
  }
}

const activation = (kind: string): LayerApply => (_l, x) => activate(x, kind);

/** The table. */
export const LAYER_RUNTIME: Readonly<Record<LayerKind, LayerApply>> = {
  identity: activation('identity'),
  relu: activation('relu'),
  tanh: activation('tanh'),
  sigmoid: activation('sigmoid'),
  softplus: activation('softplus'),
  elu: activation('elu'),
  exp: activation('exp'),
  softmax: activation('softmax'),
  Linear: (_l, x, w, inputIsData) => linear(x, w.W as tf.Tensor, w.b as tf.Tensor, inputIsData),
  Conv2d: (l, x, w, inputIsData) =>
    conv2d(x, w.W as tf.Tensor4D, w.b as tf.Tensor1D, { stride: l.options.stride as number, padding: l.options.padding as number, inputIsConstant: inputIsData }),
  ConvTranspose2d: (l, x, w, inputIsData) =>
    convTranspose2d(x, w.W as tf.Tensor4D, w.b as tf.Tensor1D, {
      stride: l.options.stride as number,
      padding: l.options.padding as number,
      outputPadding: l.options.output_padding as number,
      inputIsConstant: inputIsData,
    }),
  GRU: (_l, x, w, inputIsData) =>
    gru(x, { wIh: w.wIh as tf.Tensor2D, wHh: w.wHh as tf.Tensor2D, bIh: w.bIh as tf.Tensor1D, bHh: w.bHh as tf.Tensor1D }, { inputIsConstant: inputIsData }),
  MADE: (l, x, w, inputIsData) => made(l, x, w, activate, inputIsData),
  Reshape: (l, x) => tf.reshape(x, [x.shape[0] as number, ...l.sizes]),
  Flatten: (_l, x) => tf.reshape(x, [x.shape[0] as number, x.size / (x.shape[0] as number)]),
  MLP: composite('MLP'),
  Sequential: composite('Sequential'),
};

const convOptions = (l: LayerSpec, inputIsData: boolean) => ({
  stride: l.options.stride as number,
  padding: l.options.padding as number,
  outputPadding: (l.options.output_padding as number | undefined) ?? 0,
  inputIsConstant: inputIsData,
});

/**
 * Layers that also run on tfjs's image layout `[N, H, W, C]`: a chain of convolutions and elementwise
 * activations stays in it and converts only at its ends (saving two transposes per layer each way);
 * `nets.ts` enters the layout at a layer marked `enters` and leaves it at the first layer not listed.
 * softmax is not listed: it acts on the last axis, which the layout changes.
 */
export const NHWC_RUNTIME: Readonly<Partial<Record<LayerKind, { readonly enters: boolean; readonly apply: LayerApply }>>> = {
  Conv2d: { enters: true, apply: (l, x, w, d) => conv2dNHWC(x as tf.Tensor4D, w.W as tf.Tensor4D, w.b as tf.Tensor1D, convOptions(l, d)) },
  ConvTranspose2d: { enters: true, apply: (l, x, w, d) => convTranspose2dNHWC(x as tf.Tensor4D, w.W as tf.Tensor4D, w.b as tf.Tensor1D, convOptions(l, d)) },
  identity: { enters: false, apply: activation('identity') },
  relu: { enters: false, apply: activation('relu') },
  tanh: { enters: false, apply: activation('tanh') },
  sigmoid: { enters: false, apply: activation('sigmoid') },
  softplus: { enters: false, apply: activation('softplus') },
  elu: { enters: false, apply: activation('elu') },
  exp: { enters: false, apply: activation('exp') },
};
