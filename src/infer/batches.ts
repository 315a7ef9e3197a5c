/**
 * Minibatches: a seeded permutation per epoch (drawn from the run's random stream, so a resumed run
 * shuffles exactly as an uninterrupted one) and batch tensors gathered row by row into one reusable
 * buffer per data variable, off the hot path of the step itself.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset-types.js';
import type { Rng } from '../distributions/rng.js';
import type { Batch } from '../runtime/program.js';

/** Per-datapoint shape of each data variable the batches carry. */
export type DataShapes = ReadonlyMap<string, readonly number[]>;

/** Gathers rows of a dataset into batch tensors, reusing its buffers. */
export class BatchBuilder {
  private readonly buffers = new Map<string, Float32Array>();

  /**
   * @param data - the rows
   * @param shapes - the per-datapoint shape of every data variable to include
   * @param maxBatch - the largest batch it will build
   */
  constructor(
    private data: Dataset,
    private readonly shapes: DataShapes,
    private readonly maxBatch: number,
  ) {
    for (const [name, shape] of shapes) this.buffers.set(name, new Float32Array(maxBatch * shape.reduce((a, b) => a * b, 1)));
  }

  /** Replaces the rows (e.g. after a fresh dynamic binarization). */
  setData(data: Dataset): void {
    this.data = data;
  }

  /** The batch of the given row indices (at most `maxBatch` of them). */
  batch(rows: ArrayLike<number>): Batch {
    const n = rows.length;
    const tensors = new Map<string, tf.Tensor>();
    for (const [name, shape] of this.shapes) {
      const size = shape.reduce((a, b) => a * b, 1);
      const col = this.data.columns.get(name);
      const buf = this.buffers.get(name);
      if (col === undefined || buf === undefined) continue;
      for (let r = 0; r < n; r++) {
        const i = rows[r] as number;
        buf.set(col.subarray(i * size, (i + 1) * size), r * size);
      }
      tensors.set(name, tf.tensor(n === this.maxBatch ? buf : buf.slice(0, n * size), [n, ...shape]));
    }
    return { size: n, data: tensors };
  }

  /** Rows `start … end−1` in order (for evaluation). */
  range(start: number, end: number): Batch {
    const rows = new Int32Array(end - start);
    for (let i = 0; i < rows.length; i++) rows[i] = start + i;
    return this.batch(rows);
  }
}

/** The minibatches of one epoch: a permutation of the rows cut into consecutive groups. */
export function epochBatches(n: number, batchSize: number, rng: Rng): Int32Array[] {
  const perm = rng.permutation(n);
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i += batchSize) out.push(perm.subarray(i, Math.min(n, i + batchSize)));
  return out;
}

/** Frees a batch's tensors. */
export function disposeBatch(b: Batch): void {
  for (const t of b.data.values()) t.dispose();
}
