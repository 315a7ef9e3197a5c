/**
 * The `@` operator on values with two lead axes: matrix–vector, vector–matrix, matrix–matrix and
 * vector–vector products per (sample, datapoint). When one side is shared by every datapoint (a param or
 * global), the product is a single 2-D matmul over all rows — the case regression models hit.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import type { Shape } from '../ir/model-ir.js';
import { matmul } from './dense.js';

/** `a @ b` where `a` has per-datapoint shape `as` and `b` has `bs`. */
export function matrixProduct(a: tf.Tensor, as: Shape, b: tf.Tensor, bs: Shape): tf.Tensor {
  const [a0, a1] = a.shape as [number, number];
  const [b0, b1] = b.shape as [number, number];
  if (as.length === 1 && bs.length === 1) return tf.sum(tf.mul(a, b), -1);
  // Promote vectors to matrices: a row vector on the left, a column vector on the right.
  const am = as.length === 1 ? tf.expandDims(a, -2) : a; // [.., 1, m] or [.., n, m]
  const bm = bs.length === 1 ? tf.expandDims(b, -1) : b; // [.., m, 1] or [.., m, k]
  const n = as.length === 1 ? 1 : (as[0] as number);
  const m = as.length === 1 ? (as[0] as number) : (as[1] as number);
  const k = bs.length === 1 ? 1 : (bs[1] as number);
  if (as.length > 2 || bs.length > 2) throw new InternalError('`@` on arrays of rank above 2');
  let out: tf.Tensor;
  if (b0 === 1 && b1 === 1 && n === 1) {
    // Row vectors per datapoint times one shared matrix: one [rows, m] × [m, k] product.
    out = tf.reshape(matmul(tf.reshape(am, [a0 * a1, m]), tf.reshape(bm, [m, k])), [a0, a1, 1, k]);
  } else if (a0 === 1 && a1 === 1 && k === 1) {
    // One shared matrix times column vectors per datapoint: (x Wᵀ) computed as rows × Wᵀ.
    const wt = tf.transpose(tf.reshape(am, [n, m]));
    out = tf.reshape(matmul(tf.reshape(bm, [b0 * b1, m]), wt), [b0, b1, n, 1]);
  } else {
    const l0 = Math.max(a0, b0);
    const l1 = Math.max(a1, b1);
    const ab = tf.broadcastTo(am, [l0, l1, n, m]);
    const bb = tf.broadcastTo(bm, [l0, l1, m, k]);
    out = tf.matMul(tf.reshape(ab, [l0 * l1, n, m]), tf.reshape(bb, [l0 * l1, m, k]));
    out = tf.reshape(out, [l0, l1, n, k]);
  }
  const [o0, o1] = out.shape as [number, number];
  const shape = [...(as.length === 2 ? [n] : []), ...(bs.length === 2 ? [k] : [])];
  return tf.reshape(out, [o0, o1, ...shape]);
}
