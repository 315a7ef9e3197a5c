/**
 * The value types of the data stage ({@link Dataset}, {@link LoadOptions}), kept apart from the entry
 * function in dataset.ts so the readers can import them without an import cycle.
 */

/** A dataset laid out for the model's data variables. */
export interface Dataset {
  /** Number of rows (datapoints). */
  readonly n: number;
  /** Per variable, row-major `n × prod(shape)` float32 values; `Category` variables one-hot. */
  readonly columns: ReadonlyMap<string, Float32Array>;
  /** Class labels when the source has them (MNIST, IDX files with a labels file beside them). */
  readonly labels?: Int32Array;
  /** Human-readable description, e.g. `mnist:train (60000 rows)`. */
  readonly source: string;
  /**
   * For Binary variables loaded from grey levels with dynamic binarization: the grey levels in [0,1],
   * so the trainer can resample each epoch with `resampleBinary` (src/data/binarize.ts). The column
   * itself then holds one fixed Bernoulli draw (seeded by {@link LoadOptions.seed}), e.g. for evaluation.
   */
  readonly greyLevels?: ReadonlyMap<string, Float32Array>;
}

/** Options of `loadDataset` (src/data/dataset.ts). */
export interface LoadOptions {
  /** How Binary variables are made from grey levels: `static` (default; p/255 > 0.5) or `dynamic`. */
  binarize?: 'static' | 'dynamic';
  /** CSV/JSON: allow columns the model does not declare (default: they are an error). */
  ignoreColumns?: boolean;
  /** Keep only the first `limit` rows (tests, quick runs); a positive integer. */
  limit?: number;
  /** Base directory for relative paths (default: the process's working directory). */
  cwd?: string;
  /** Seed of the one Bernoulli draw stored in a dynamically binarized column (default 0). */
  seed?: number;
}

/** Describes a loaded source: `points.csv (200 rows)`, `mnist:train (first 100 of 60000 rows)`. */
export function describeSource(name: string, kept: number, total: number): string {
  return kept === total ? `${name} (${total} rows)` : `${name} (first ${kept} of ${total} rows)`;
}
