/**
 * A dataset from an IDX file named directly on the command line (`--data dir/train-images-idx3-ubyte.gz`),
 * e.g. Fashion-MNIST or KMNIST downloaded by hand. Two kinds of content:
 *
 * - images — `ubyte` data of rank 3 (n × rows × cols): grey levels, converted as for MNIST
 *   (images.ts). If the file's name contains `images-idx3-ubyte` (or `images.idx3-ubyte`), the labels
 *   file beside it (`labels-idx1-ubyte`, gzipped or not) is read too when it exists.
 * - numbers — any other IDX array of shape n × …: the values of the model's single data variable,
 *   validated against its domain like a CSV cell (rows are 1-based indices along the first axis).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../common/diagnostic.js';
import { describeSource, type Dataset, type LoadOptions } from './dataset-types.js';
import { readIdx, type IdxArray } from './idx.js';
import { datasetFromGreyImages } from './images.js';
import { maybeGunzip, readDataFile } from './read-file.js';
import { storeDatapoint } from './validate.js';
import { columnNames, describeDeclaration, fileWidth, rowWidth, type DataVariable } from './variables.js';

/** Whether a file name (without `.gz`) looks like an IDX file: `*.idx`, `*-idx3-ubyte`, `*.idx1-ubyte`. */
export function isIdxFileName(name: string): boolean {
  return /\.idx$/i.test(name) || /[.-]idx\d+-ubyte$/i.test(name);
}

/**
 * The labels file that the IDX distribution puts beside an images file, if one exists on disk.
 *
 * @param imagesPath - the images file as the user wrote it
 * @param cwd - base directory for a relative path
 * @returns the labels path in the user's spelling, or `undefined`
 */
export function siblingLabelsFile(imagesPath: string, cwd?: string): string | undefined {
  const name = basename(imagesPath);
  if (!/images[.-]idx3-ubyte/i.test(name)) return undefined;
  const labels = name.replace(/images([.-])idx3-ubyte/i, 'labels$1idx1-ubyte');
  const plain = labels.replace(/\.gz$/i, '');
  const candidates = [labels, plain, `${plain}.gz`].map((f) => join(dirname(imagesPath), f));
  return candidates.find((p) => existsSync(resolve(cwd ?? process.cwd(), p)));
}

/**
 * Loads an IDX file (optionally gzipped) for the model's data variables.
 *
 * @param path - the file as the user wrote it
 * @param variables - the model's data variables
 * @param options - `limit`, `binarize`, `seed` and `cwd` are used
 * @throws UserError (exit code 1) for a malformed file or data that do not fit the declarations
 */
export async function readIdxDataset(path: string, variables: readonly DataVariable[], options: LoadOptions): Promise<Dataset> {
  const idx = await readIdxPath(path, options.cwd);
  const total = idx.dims[0] as number;
  const n = Math.min(total, options.limit ?? Infinity);
  if (total === 0) throw new UserError(`${path}: the file holds no rows (first dimension is 0)`, 1);
  if (idx.type === 'ubyte' && idx.dims.length === 3) {
    const imageDims = idx.dims.slice(1);
    const size = imageDims.reduce((a, b) => a * b, 1);
    const labelsPath = siblingLabelsFile(path, options.cwd);
    const labels = labelsPath === undefined ? undefined : await readIdxPath(labelsPath, options.cwd);
    if (labels && (labels.type !== 'ubyte' || labels.dims.length !== 1 || labels.dims[0] !== total)) {
      throw new UserError(`${labelsPath as string}: expected ${total} ubyte labels for ${path}, found ${labels.type} ${labels.dims.join(' × ')}`, 1);
    }
    const pixels = (idx.data as Uint8Array).subarray(0, n * size);
    const base = { name: path, imageDims, pixels, n, total };
    const images = labels ? { ...base, labels: (labels.data as Uint8Array).subarray(0, n), labelsName: labelsPath as string } : base;
    return datasetFromGreyImages(images, variables, options);
  }
  return numericDataset(idx, path, n, variables);
}

/** Reads, gunzips and decodes one IDX file. */
async function readIdxPath(path: string, cwd: string | undefined): Promise<IdxArray> {
  return readIdx(maybeGunzip(await readDataFile(path, cwd), path), path);
}

/** The rows of a numeric IDX array as the values of the model's single data variable. */
function numericDataset(idx: IdxArray, path: string, n: number, variables: readonly DataVariable[]): Dataset {
  const rowDims = idx.dims.slice(1);
  const width = rowDims.reduce((a, b) => a * b, 1);
  const shapeText = rowDims.length === 0 ? 'one number' : `${rowDims.join(' × ')} numbers`;
  const v = variables[0];
  if (v === undefined || variables.length > 1) {
    throw new UserError(`${path} holds one array (${shapeText} per row), so the model must declare exactly one data variable; it declares ${variables.map(describeDeclaration).join(', ')}`, 1);
  }
  if (fileWidth(v) !== width) throw new UserError(`${path} holds ${shapeText} per row, but data ${describeDeclaration(v)} needs ${fileWidth(v)}`, 1);
  const out = new Float32Array(n * rowWidth(v));
  const names = columnNames(v);
  for (let r = 0; r < n; r++) {
    const values = idx.data.subarray(r * width, (r + 1) * width);
    storeDatapoint(v, values, (k) => String(values[k]), out, r, { file: path, row: r + 1 }, names);
  }
  return { n, columns: new Map([[v.name, out]]), source: describeSource(path, n, idx.dims[0] as number) };
}
