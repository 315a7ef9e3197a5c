/**
 * Small dense linear algebra on the last two axes, as differentiable tfjs compositions (tfjs 4 has no
 * triangular solve): the lower triangle of a matrix, its diagonal, and forward substitution
 * (Golub & Van Loan 2013, "Matrix Computations", Algorithm 3.1.1), K sequential row steps — meant for
 * the event sizes of a MultivariateNormal, not for large K. Leading axes broadcast.
 */
import * as tf from '@tensorflow/tfjs-core';
import { broadcastShapes } from './base.js';

/** The lower triangle (diagonal included) of the last two axes, the rest zeroed. */
export function lowerTriangle(m: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const k = m.shape[m.rank - 1] as number;
    return tf.mul(m, tf.linalg.bandPart(tf.ones([k, k]), -1, 0));
  });
}

/** The diagonal of the last two axes, `[..., K]`. */
export function diagonal(m: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const k = m.shape[m.rank - 1] as number;
    return tf.sum(tf.mul(m, tf.eye(k)), -1);
  });
}

/** Row `i` of the last-but-one axis, columns [0, width): `[..., width]`. */
function rowSlice(m: tf.Tensor, i: number, width: number): tf.Tensor {
  const lead = m.rank - 2;
  const begin = [...new Array<number>(lead).fill(0), i, 0];
  const size = [...new Array<number>(lead).fill(-1), 1, width];
  return tf.squeeze(tf.slice(m, begin, size), [lead]);
}

/**
 * X with L X = B for lower-triangular L `[..., K, K]` with a non-zero diagonal and B `[..., K, M]`
 * (leading axes broadcast): xᵢ = (bᵢ − Σ_{j<i} Lᵢⱼ xⱼ) / Lᵢᵢ. Entries of L above the diagonal are not read.
 */
export function solveLowerTriangular(l: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const k = l.shape[l.rank - 1] as number;
    const m = b.shape[b.rank - 1] as number;
    const lead = broadcastShapes([l.shape.slice(0, -2), b.shape.slice(0, -2)]);
    const lb = tf.broadcastTo(l, [...lead, k, k]);
    const bb = tf.broadcastTo(b, [...lead, k, m]);
    const rows: tf.Tensor[] = [];
    for (let i = 0; i < k; i++) {
      let acc = rowSlice(bb, i, m);
      if (i > 0) {
        // Σ_{j<i} Lᵢⱼ xⱼ: [..., i, 1] · [..., i, M] summed over j.
        const lij = tf.expandDims(rowSlice(lb, i, i), -1);
        acc = tf.sub(acc, tf.sum(tf.mul(lij, tf.stack(rows, lead.length)), -2));
      }
      const lii = tf.slice(rowSlice(lb, i, i + 1), [...new Array<number>(lead.length).fill(0), i], [...new Array<number>(lead.length).fill(-1), 1]);
      rows.push(tf.div(acc, lii));
    }
    return tf.stack(rows, lead.length);
  });
}
