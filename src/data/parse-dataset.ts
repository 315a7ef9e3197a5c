/**
 * The data stage without files: a dataset from bytes already in memory (fetched by a page, read by a
 * worker, made by a test), in any of the formats `loadDataset` reads from disk under Node. Runs
 * anywhere; gzip is not undone here (Node's loader does that before calling the same readers).
 */
import type { Dataset, LoadOptions } from './dataset-types.js';
import { readCsvDataset } from './csv.js';
import { readIdx } from './idx.js';
import { datasetFromIdx } from './idx-dataset.js';
import { readJsonDataset } from './json.js';
import type { DataVariable } from './variables.js';

/** The formats {@link parseDataset} reads. */
export type DataFormat = 'csv' | 'json' | 'idx';

/**
 * Decodes and validates a dataset from its bytes.
 *
 * @param bytes - the file's content (uncompressed)
 * @param format - `csv` (header row, one row per datapoint), `json` (an array of row objects) or `idx`
 * @param name - what to call the source in messages (a file name)
 * @param variables - the model's data variables ({@link TildeModel.dataVariables})
 * @param options - binarization, column policy, row limit, seed (`cwd` is not used)
 * @throws UserError (exit code 1) when the data do not fit the declarations
 */
export function parseDataset(bytes: Uint8Array, format: DataFormat, name: string, variables: readonly DataVariable[], options: LoadOptions = {}): Dataset {
  if (format === 'csv') return readCsvDataset(bytes, name, variables, options);
  if (format === 'json') return readJsonDataset(bytes, name, variables, options);
  return datasetFromIdx(readIdx(bytes, name), name, undefined, variables, options);
}
