/**
 * The `MADE` layer at run time (Germain, Gregor, Murray & Larochelle, "MADE: Masked Autoencoder for
 * Distribution Estimation", ICML 2015): dense layers whose weights are multiplied by fixed binary masks
 * (registry/made-degrees.ts), so output j·d + i depends only on the inputs before i in the ordering.
 *
 *   h₁ = act(z·(W₀ ⊙ M₀) + ctx·C + b₀),  h_{l+1} = act(h_l·(W_l ⊙ M_l) + b_l),  out = h_L·(W_L ⊙ M_L) + b_L
 *
 * The context (IAF's h; Kingma et al. 2016) joins the first product unmasked: `[z, ctx]·[W₀ ⊙ M₀; C]`.
 * Masks are rebuilt as tensors on every call from the spec's cached arrays (they are small, and a call
 * then owns every tensor it makes, so callers' tf.tidy frees them). The gradient of W ⊙ M is masked by tfjs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../../common/diagnostic.js';
import { madeMasks, madeShape, type MadeShape } from '../../registry/made-degrees.js';
import type { LayerSpec } from '../../registry/networks.js';
import { dense } from '../dense.js';

const maskCache = new WeakMap<LayerSpec, { readonly shape: MadeShape; readonly masks: readonly Float32Array[] }>();

/** The shape and masks of a spec, computed once per spec (the runtime asks every step). */
export function madeStructure(spec: LayerSpec): { readonly shape: MadeShape; readonly masks: readonly Float32Array[] } {
  const cached = maskCache.get(spec);
  if (cached !== undefined) return cached;
  const shape = madeShape(spec);
  const entry = { shape, masks: madeMasks(shape) };
  maskCache.set(spec, entry);
  return entry;
}

/**
 * A MADE on `[N, d + c]` (z, then the context) with its weights by registry name (`W0`, `C`, `b0`, `W1`, …);
 * `activate` applies the spec's hidden activation (passed in: net-layers.ts owns activations and imports this file).
 *
 * @returns `[N, d·m]`
 */
export function made(
  spec: LayerSpec,
  x: tf.Tensor,
  w: Readonly<Record<string, tf.Tensor>>,
  activate: (x: tf.Tensor, act: string) => tf.Tensor,
  inputIsData = false,
): tf.Tensor2D {
  const { shape: s, masks } = madeStructure(spec);
  const act = spec.options.hidden as string;
  const widths = [s.inputs, ...s.hidden, s.inputs * s.perInput];
  if (x.rank !== 2 || x.shape[1] !== s.inputs + s.context) throw new InternalError(`made: input [${x.shape}] is not [N, ${s.inputs + s.context}]`);
  let h = x as tf.Tensor2D;
  for (let l = 0; l + 1 < widths.length; l++) {
    const W = w[`W${l}`] as tf.Tensor2D;
    let masked = tf.mul(W, tf.tensor2d(masks[l] as Float32Array, [widths[l] as number, widths[l + 1] as number])) as tf.Tensor2D;
    if (l === 0 && s.context > 0) masked = tf.concat([masked, w.C as tf.Tensor2D], 0);
    h = dense(h, masked, w[`b${l}`] as tf.Tensor1D, 'linear', { inputIsConstant: l === 0 && inputIsData });
    if (l + 2 < widths.length) h = activate(h, act) as tf.Tensor2D;
  }
  return h;
}
