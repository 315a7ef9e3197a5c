/**
 * Networks at run time: the primitive layers of a net's registry spec applied in order to `[N, ...event]`.
 * A Linear layer on a matrix followed by an activation goes through the dense kernel of `dense.ts` with
 * the activation fused (the fast path of the wasm backend; see docs/benchmarks.md); every other layer
 * goes through its function in `net-layers.ts`.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { NetSite } from '../ir/model-ir.js';
import { layerRow, netLayers } from '../registry/networks.js';
import { denseLayer } from './dense-layer.js';
import { fromNHWC, toNHWC } from './layers/conv-core.js';
import { LAYER_RUNTIME, NHWC_RUNTIME } from './net-layers.js';
import type { NetWeights } from './weights.js';

export { activate } from './net-layers.js';

/**
 * Runs a network on `x` of shape `[N, ...event]`. With `preActivation`, a final activation layer is
 * skipped (the logits of a sigmoid or softmax decoder, for the safe-numerics rewrite). `inputIsData` lets
 * the first layer skip the gradient with respect to its input.
 */
export function applyNetwork(site: NetSite, w: NetWeights, x: tf.Tensor, preActivation: boolean, inputIsData: boolean): tf.Tensor {
  const all = netLayers(site.spec);
  const lastLayer = all[all.length - 1];
  const layers = preActivation && lastLayer !== undefined && layerRow(lastLayer.layer.kind).activation !== undefined ? all.slice(0, -1) : all;
  let h = x;
  // Whether h is in tfjs's image layout [N, H, W, C] inside a chain of convolutions (net-layers.ts).
  let nhwc = false;
  for (let i = 0; i < layers.length; i++) {
    const { layer, index } = layers[i] as (typeof layers)[number];
    const weights = index === undefined ? {} : (w.layers[index] as Readonly<Record<string, tf.Variable>>);
    const first = i === 0 && inputIsData;
    const image = NHWC_RUNTIME[layer.kind];
    if (image !== undefined && (nhwc || image.enters)) {
      if (!nhwc) h = toNHWC(h);
      nhwc = true;
      h = image.apply(layer, h, weights, first);
      continue;
    }
    if (nhwc) {
      h = fromNHWC(h as tf.Tensor4D, [h.shape[0] as number]);
      nhwc = false;
    }
    const next = layers[i + 1]?.layer;
    if (layer.kind === 'Linear' && h.rank === 2 && next !== undefined && layerRow(next.kind).activation !== undefined) {
      h = denseLayer(h as tf.Tensor2D, weights.W as tf.Tensor2D, weights.b as tf.Tensor1D, next.kind as never, first);
      i++;
      continue;
    }
    h = LAYER_RUNTIME[layer.kind](layer, h, weights, first);
  }
  return nhwc ? fromNHWC(h as tf.Tensor4D, [h.shape[0] as number]) : h;
}
