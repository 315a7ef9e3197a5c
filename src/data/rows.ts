/**
 * Row selections of a {@link Dataset}: contiguous slices, arbitrary index lists, and a seeded
 * train/validation split. Every column (and the labels and grey levels) is cut the same way, so a
 * selection is again a valid dataset. Values are copied, never aliased.
 */
import { UserError } from '../common/diagnostic.js';
import type { Rng } from '../distributions/rng.js';
import type { Dataset } from './dataset-types.js';

/**
 * The rows at `indices`, in that order.
 *
 * @param ds - the dataset
 * @param indices - 0-based row indices, each in [0, ds.n)
 * @param source - description of the result (default: derived from `ds.source`)
 */
export function selectRows(ds: Dataset, indices: ArrayLike<number>, source = `${ds.source}, ${indices.length} selected rows`): Dataset {
  const m = indices.length;
  for (let i = 0; i < m; i++) {
    const r = indices[i] as number;
    if (!(Number.isInteger(r) && r >= 0 && r < ds.n)) throw new RangeError(`selectRows: row ${r} is outside 0..${ds.n - 1}`);
  }
  const gather = (col: Float32Array): Float32Array => {
    const w = col.length / ds.n;
    const out = new Float32Array(m * w);
    for (let i = 0; i < m; i++) {
      const r = indices[i] as number;
      out.set(col.subarray(r * w, (r + 1) * w), i * w);
    }
    return out;
  };
  const mapColumns = (cols: ReadonlyMap<string, Float32Array>): Map<string, Float32Array> => new Map([...cols].map(([k, c]) => [k, gather(c)]));
  const base: Dataset = { n: m, columns: mapColumns(ds.columns), source };
  const labels = ds.labels;
  const withLabels = labels ? { ...base, labels: Int32Array.from({ length: m }, (_, i) => labels[indices[i] as number] as number) } : base;
  return ds.greyLevels ? { ...withLabels, greyLevels: mapColumns(ds.greyLevels) } : withLabels;
}

/**
 * Rows `start` (inclusive) to `end` (exclusive), clamped to the dataset.
 *
 * @param ds - the dataset
 * @param start - first row, 0-based
 * @param end - one past the last row (default: to the end)
 */
export function sliceRows(ds: Dataset, start: number, end: number = ds.n): Dataset {
  const a = Math.max(0, Math.min(start, ds.n));
  const b = Math.max(a, Math.min(end, ds.n));
  return selectRows(ds, Int32Array.from({ length: b - a }, (_, i) => a + i), `${ds.source}, rows ${a + 1}..${b}`);
}

/** The two parts of {@link splitDataset}. */
export interface DatasetSplit {
  /** The rows to train on. */
  readonly train: Dataset;
  /** The held-out rows (early stopping, model selection). */
  readonly validation: Dataset;
}

/**
 * A seeded random split into training and validation rows (for early stopping). The validation set
 * has round(fraction · n) rows chosen by a uniformly random permutation from `rng`; both parts keep
 * the original row order.
 *
 * @param ds - the dataset
 * @param fraction - the share of rows held out for validation, in (0, 1)
 * @param rng - the random stream (advanced by one permutation of n)
 * @throws UserError (exit code 2) when the fraction is outside (0, 1) or would leave a part empty
 */
export function splitDataset(ds: Dataset, fraction: number, rng: Rng): DatasetSplit {
  const nValidation = Math.round(fraction * ds.n);
  if (!(fraction > 0 && fraction < 1) || nValidation === 0 || nValidation === ds.n) {
    throw new UserError(`the validation fraction must be in (0, 1) and leave both parts non-empty; ${fraction} of ${ds.n} rows does not`, 2);
  }
  const perm = rng.permutation(ds.n);
  const validation = perm.slice(0, nValidation).sort();
  const train = perm.slice(nValidation).sort();
  return {
    train: selectRows(ds, train, `${ds.source}, training part (${train.length} rows)`),
    validation: selectRows(ds, validation, `${ds.source}, validation part (${validation.length} rows)`),
  };
}
