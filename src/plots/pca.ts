/**
 * Principal component analysis down to two dimensions, for drawing a latent space of more than two
 * dimensions (Pearson 1901; Jolliffe, "Principal Component Analysis", 2002). The eigen-decomposition
 * of the sample covariance is ml-pca's; this file fixes the input layout and the sign convention.
 */
import { PCA } from 'ml-pca';
import { InternalError } from '../common/diagnostic.js';
import { requireLength } from './image-grid.js';
import { requirePositiveInteger } from './grey-canvas.js';

/** The first two principal coordinates of a point set. */
export interface Projection2D {
  /** n × 2 values, point-major: the centred points projected on the first two principal axes. */
  readonly points: Float32Array;
  /** Fraction of the total variance along each of the two axes (0 when all points coincide). */
  readonly explained: readonly [number, number];
  /** The two principal axes as unit vectors of length dims (axis a is axes[a]). */
  readonly axes: readonly [Float64Array, Float64Array];
}

/**
 * Project n points of dimension dims ≥ 2 on their first two principal axes (centred, not scaled).
 *
 * Eigenvectors have no intrinsic sign, so each axis is oriented to make its largest-magnitude
 * coordinate positive: the same data always gives the same picture.
 *
 * @param points - n × dims values, point-major
 * @param n - number of points (≥ 1; with one point, or identical points, the projection is all zero)
 * @param dims - dimension of each point (≥ 2)
 */
export function pcaProject2(points: Float32Array, n: number, dims: number): Projection2D {
  requirePositiveInteger(n, 'point count');
  requirePositiveInteger(dims, 'point dimension');
  if (dims < 2) throw new InternalError(`PCA to two dimensions needs dims ≥ 2, got ${dims}`);
  requireLength(points, n * dims, 'points');
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(points.subarray(i * dims, (i + 1) * dims)));
  const mean = new Float64Array(dims);
  for (const row of rows) for (let d = 0; d < dims; d++) mean[d] = (mean[d] as number) + (row[d] as number) / n;

  // The covariance route (dims × dims eigenproblem) is cheaper than an SVD of the n × dims data for
  // 10k test points in 20 dimensions; with one point there is no covariance to decompose.
  const fitted = n > 1 ? new PCA(rows, { method: 'covarianceMatrix', center: true, scale: false }) : undefined;
  const axes: [Float64Array, Float64Array] = [new Float64Array(dims), new Float64Array(dims)];
  const explained: [number, number] = [0, 0];
  if (fitted !== undefined) {
    const vectors = fitted.getEigenvectors();
    const values = fitted.getEigenvalues();
    const total = values.reduce((sum, v) => sum + Math.max(v, 0), 0);
    for (let a = 0; a < 2; a++) {
      const axis = axes[a] as Float64Array;
      for (let d = 0; d < dims; d++) axis[d] = vectors.get(d, a);
      orientAxis(axis);
      explained[a] = total > 0 ? Math.max(values[a] as number, 0) / total : 0;
    }
  } else {
    axes[0][0] = 1;
    axes[1][1] = 1;
  }

  const projected = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as number[];
    for (let a = 0; a < 2; a++) {
      const axis = axes[a] as Float64Array;
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += ((row[d] as number) - (mean[d] as number)) * (axis[d] as number);
      projected[2 * i + a] = dot;
    }
  }
  return { points: projected, explained, axes };
}

/** Flip `axis` in place so that its largest-magnitude coordinate (first one on ties) is positive. */
function orientAxis(axis: Float64Array): void {
  let largest = 0;
  for (let d = 1; d < axis.length; d++) if (Math.abs(axis[d] as number) > Math.abs(axis[largest] as number)) largest = d;
  if ((axis[largest] as number) < 0) for (let d = 0; d < axis.length; d++) axis[d] = -(axis[d] as number);
}
