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

/**
 * The lower Cholesky factor L (LLᵀ = A) of symmetric positive-definite A `[..., n, n]`, entry by entry
 * (Cholesky–Banachiewicz: Lᵢⱼ = (Aᵢⱼ − Σ_{k<j} LᵢₖLⱼₖ) / Lⱼⱼ, Lᵢᵢ = √(Aᵢᵢ − Σ_{k<i} Lᵢₖ²)) in tfjs ops, so it
 * batches and differentiates. O(n³) small ops: meant for small n (a low-rank factor's capacitance matrix).
 */
export function choleskySmall(a: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const n = a.shape[a.rank - 1] as number;
    const entries = tf.unstack(a, a.rank - 2).map((row) => tf.unstack(row, row.rank - 1));
    const l: tf.Tensor[][] = [];
    for (let i = 0; i < n; i++) {
      const row: tf.Tensor[] = [];
      for (let j = 0; j <= i; j++) {
        // Row j of L: the finished row for j < i, the row being built for j = i.
        const lj = j === i ? row : (l[j] as tf.Tensor[]);
        let s = (entries[i] as tf.Tensor[])[j] as tf.Tensor;
        for (let k = 0; k < j; k++) s = tf.sub(s, tf.mul(row[k] as tf.Tensor, lj[k] as tf.Tensor));
        row.push(i === j ? tf.sqrt(s) : tf.div(s, lj[j] as tf.Tensor));
      }
      l.push(row);
    }
    const zero = tf.zerosLike((l[0] as tf.Tensor[])[0] as tf.Tensor);
    return tf.stack(l.map((row) => tf.stack([...row, ...new Array<tf.Tensor>(n - row.length).fill(zero)], -1)), -2);
  });
}
