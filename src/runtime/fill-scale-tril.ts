/**
 * `fill_scale_tril(v)`: the D(D + 1)/2 entries of v, row by row, into the lower triangle of a D × D
 * matrix, the diagonal through softplus(·) + 1e-4 so that it is a Cholesky factor — TFP's
 * `FillScaleTriL` bijector (`fill_triangular` then a softplus on the diagonal), the map by which an
 * encoder's unconstrained outputs become a full-covariance Gaussian's scale_tril. One gather: the
 * entries above the diagonal read an appended zero.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';

/** The floor added to the diagonal, so the covariance stays positive definite. */
export const FILL_TRIL_FLOOR = 1e-4;

/** D for a vector of n = D(D + 1)/2 entries. */
export function trilSize(n: number): number {
  const d = Math.round((Math.sqrt(8 * n + 1) - 1) / 2);
  if ((d * (d + 1)) / 2 !== n) throw new InternalError(`fill_scale_tril: ${n} is not D(D + 1)/2`);
  return d;
}

/** `[..., D(D + 1)/2]` → `[..., D, D]`. */
export function fillScaleTril(v: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const n = v.shape[v.rank - 1] as number;
    const d = trilSize(n);
    const index: number[] = [];
    const diag: boolean[] = new Array<boolean>(n).fill(false);
    let k = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        if (j <= i) {
          if (j === i) diag[k] = true;
          index.push(k++);
        } else index.push(n);
      }
    }
    const isDiag = tf.tensor1d(diag.map((b) => (b ? 1 : 0)), 'bool');
    const entries = tf.where(isDiag, tf.add(tf.softplus(v), FILL_TRIL_FLOOR), v);
    const padded = tf.concat([entries, tf.zeros([...v.shape.slice(0, -1), 1])], -1);
    const flat = tf.gather(padded, tf.tensor1d(index, 'int32'), v.rank - 1);
    return tf.reshape(flat, [...v.shape.slice(0, -1), d, d]);
  });
}
