/**
 * A dataset from the bytes of an IDX file, decoded (idx.ts) and laid out for a model. Two kinds of
 * content:
 *
 * - images — `ubyte` data of rank 3 (n × rows × cols): grey levels, converted as for MNIST (images.ts),
 *   with the labels of a labels file (`ubyte`, rank 1, n values) when one is given;
 * - numbers — any other IDX array of shape n × …: the values of the model's single data variable,
 *   validated against its domain like a CSV cell (rows are 1-based indices along the first axis); the
 *   declared shape is the row shape, flat, or the row shape behind a channel axis of one.
 *
 * Runs anywhere; idx-file.ts finds and reads the files under Node.
 */
import { UserError } from '../common/diagnostic.js';
import { describeSource, type Dataset, type LoadOptions } from './dataset-types.js';
import type { IdxArray } from './idx.js';
import { datasetFromGreyImages } from './images.js';
import { storeDatapoint } from './validate.js';
import { columnNames, describeAcceptedShapes, describeDeclaration, fileShape, fileWidth, fitsFileShape, rowWidth, type DataVariable } from './variables.js';

/**
 * Lays a decoded IDX array out for the model's data variables.
 *
 * @param idx - the decoded file
 * @param name - the file as the user wrote it (for messages)
 * @param labels - for images: the decoded labels file and its name, if there is one
 * @param variables - the model's data variables
 * @param options - `limit`, `binarize` and `seed` are used
 * @throws UserError (exit code 1) for data that do not fit the declarations
 */
export function datasetFromIdx(
  idx: IdxArray,
  name: string,
  labels: { readonly idx: IdxArray; readonly name: string } | undefined,
  variables: readonly DataVariable[],
  options: LoadOptions,
): Dataset {
  const total = idx.dims[0] as number;
  const n = Math.min(total, options.limit ?? Infinity);
  if (total === 0) throw new UserError(`${name}: the file holds no rows (first dimension is 0)`, 1);
  if (idx.type === 'ubyte' && idx.dims.length === 3) {
    const imageDims = idx.dims.slice(1);
    const size = imageDims.reduce((a, b) => a * b, 1);
    if (labels && (labels.idx.type !== 'ubyte' || labels.idx.dims.length !== 1 || labels.idx.dims[0] !== total)) {
      throw new UserError(`${labels.name}: expected ${total} ubyte labels for ${name}, found ${labels.idx.type} ${labels.idx.dims.join(' × ')}`, 1);
    }
    const pixels = (idx.data as Uint8Array).subarray(0, n * size);
    const base = { name, imageDims, pixels, n, total };
    const images = labels ? { ...base, labels: (labels.idx.data as Uint8Array).subarray(0, n), labelsName: labels.name } : base;
    return datasetFromGreyImages(images, variables, options);
  }
  return numericDataset(idx, name, n, variables);
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
  if (!fitsFileShape(fileShape(v), rowDims)) {
    const declared = `[${fileShape(v).join(', ')}]`;
    throw new UserError(`${path} holds rows of shape [${rowDims.join(', ')}], but data ${describeDeclaration(v)} has the shape ${declared}: declare ${describeAcceptedShapes(rowDims)}`, 1);
  }
  const out = new Float32Array(n * rowWidth(v));
  const names = columnNames(v);
  for (let r = 0; r < n; r++) {
    const values = idx.data.subarray(r * width, (r + 1) * width);
    storeDatapoint(v, values, (k) => String(values[k]), out, r, { file: path, row: r + 1 }, names);
  }
  return { n, columns: new Map([[v.name, out]]), source: describeSource(path, n, idx.dims[0] as number) };
}
