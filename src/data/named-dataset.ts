/**
 * A named dataset (src/registry/datasets.ts: MNIST, Fashion-MNIST) from the bytes of its IDX files,
 * wherever they came from: the installed files under Node (named-files.ts), or the same files fetched by
 * a page. Each split is grey-level images with class labels; `NAME:train` / `NAME:test` name them.
 */
import { UserError } from '../common/diagnostic.js';
import type { NamedDatasetSpec, NamedSplit, SplitFiles } from '../registry/datasets.js';
import type { Dataset, LoadOptions } from './dataset-types.js';
import type { IdxArray } from './idx.js';
import { datasetFromGreyImages } from './images.js';
import type { DataVariable } from './variables.js';

/**
 * Checks that decoded files are the dataset's: ubyte images n × height × width and n ubyte labels.
 *
 * @throws UserError (exit code 1) naming the file that is not
 */
export function checkNamedFiles(spec: NamedDatasetSpec, split: NamedSplit, files: SplitFiles<IdxArray>): SplitFiles<IdxArray> {
  const { images, labels } = files;
  const [h, w] = spec.imageDims;
  const imagesOk = images.type === 'ubyte' && images.dims.length === 3 && images.dims[1] === h && images.dims[2] === w;
  if (!imagesOk) throw new UserError(`${spec.files[split].images}: expected ubyte images n × ${h} × ${w}, found ${images.type} ${images.dims.join(' × ')}`, 1);
  if (labels.type !== 'ubyte' || labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new UserError(`${spec.files[split].labels}: expected ${images.dims[0]} ubyte labels, found ${labels.type} ${labels.dims.join(' × ')}`, 1);
  }
  return files;
}

/**
 * Lays one split of a named dataset out for the model's data variables (see images.ts for how images
 * and labels are assigned and converted, and which shapes the image variable may declare).
 *
 * @param spec - the registry row
 * @param split - `train` or `test`
 * @param files - the split's decoded IDX files (checked here)
 * @param variables - the model's data variables
 * @param options - `limit`, `binarize` and `seed` are used
 */
export function datasetFromNamedFiles(spec: NamedDatasetSpec, split: NamedSplit, files: SplitFiles<IdxArray>, variables: readonly DataVariable[], options: LoadOptions): Dataset {
  const { images, labels } = checkNamedFiles(spec, split, files);
  const total = images.dims[0] as number;
  const n = Math.min(total, options.limit ?? Infinity);
  const size = spec.imageDims[0] * spec.imageDims[1];
  return datasetFromGreyImages(
    {
      name: `${spec.name}:${split}`,
      imageDims: spec.imageDims,
      pixels: (images.data as Uint8Array).subarray(0, n * size),
      labels: (labels.data as Uint8Array).subarray(0, n),
      n,
      total,
    },
    variables,
    options,
  );
}
