/**
 * A dataset from an IDX file named directly on the command line (`--data dir/train-images-idx3-ubyte.gz`),
 * e.g. Fashion-MNIST or KMNIST downloaded by hand (a Node adapter: it reads files). If an images file's
 * name contains `images-idx3-ubyte` (or `images.idx3-ubyte`), the labels file beside it
 * (`labels-idx1-ubyte`, gzipped or not) is read too when it exists. The content is laid out by
 * idx-dataset.ts.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Dataset, LoadOptions } from './dataset-types.js';
import { readIdx, type IdxArray } from './idx.js';
import { datasetFromIdx } from './idx-dataset.js';
import { maybeGunzip, readDataFile } from './read-file.js';
import type { DataVariable } from './variables.js';

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
 * Loads an IDX file (optionally gzipped) for the model's data variables, with the labels file beside
 * an images file when there is one (see idx-dataset.ts for how the content is laid out).
 *
 * @param path - the file as the user wrote it
 * @param variables - the model's data variables
 * @param options - `limit`, `binarize`, `seed` and `cwd` are used
 * @throws UserError (exit code 1) for a malformed file or data that do not fit the declarations
 */
export async function readIdxDataset(path: string, variables: readonly DataVariable[], options: LoadOptions): Promise<Dataset> {
  const idx = await readIdxPath(path, options.cwd);
  const imageFile = idx.type === 'ubyte' && idx.dims.length === 3 && (idx.dims[0] as number) > 0;
  const labelsPath = imageFile ? siblingLabelsFile(path, options.cwd) : undefined;
  const labels = labelsPath === undefined ? undefined : { idx: await readIdxPath(labelsPath, options.cwd), name: labelsPath };
  return datasetFromIdx(idx, path, labels, variables, options);
}

/** Reads, gunzips and decodes one IDX file. */
async function readIdxPath(path: string, cwd: string | undefined): Promise<IdxArray> {
  return readIdx(maybeGunzip(await readDataFile(path, cwd), path), path);
}
