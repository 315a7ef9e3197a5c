/**
 * `fashion-mnist:train|test`: the registry row of src/registry/datasets.ts read from Debian's
 * `dataset-fashion-mnist` package (.ci/run installs it; the facts are skipped where it is not installed),
 * and the error that names the package when its files are absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/common/diagnostic.js';
import { loadDataset, type DataVariable } from '../../src/data/dataset.js';
import { readNamedFiles } from '../../src/data/named-files.js';
import { companionTestSpec } from '../../src/cli/data-flags.js';
import { NAMED_DATASETS, type NamedDatasetSpec } from '../../src/registry/datasets.js';

const FASHION = NAMED_DATASETS['fashion-mnist'] as NamedDatasetSpec;
const DIR = '/usr/share/datasets/fashion-mnist';
const installed = existsSync(join(DIR, 'train-images-idx3-ubyte.gz'));

const X: DataVariable = { name: 'x', shape: [1, 28, 28], domain: 'Binary' };
const Y10: DataVariable = { name: 'y', shape: [10], domain: 'Category', categories: 10 };

const classCounts = (labels: Int32Array): number[] => {
  const c = new Array<number>(10).fill(0);
  for (const l of labels) c[l] = (c[l] as number) + 1;
  return c;
};
const sum = (a: Float32Array, start: number, end: number): number => {
  let s = 0;
  for (let i = start; i < end; i++) s += a[i] as number;
  return s;
};

describe.skipIf(!installed)('Fashion-MNIST facts (Xiao, Rasul & Vollgraf 2017)', () => {
  it('the Debian files: 60,000 / 10,000 images of 28 × 28, 6,000 / 1,000 of each of the 10 classes', async () => {
    const train = await readNamedFiles(FASHION, 'train');
    const test = await readNamedFiles(FASHION, 'test');
    expect([train.images.dims, train.labels.dims, test.images.dims, test.labels.dims]).toEqual([[60000, 28, 28], [60000], [10000, 28, 28], [10000]]);
    const counts = (l: Uint8Array) => classCounts(Int32Array.from(l));
    expect(counts(train.labels.data as Uint8Array)).toEqual(new Array(10).fill(6000));
    expect(counts(test.labels.data as Uint8Array)).toEqual(new Array(10).fill(1000));
  });

  it('fashion-mnist:test loads a slice as [1, 28, 28] with one-hot labels', async () => {
    const ds = await loadDataset('fashion-mnist:test', [X, Y10], { limit: 5 });
    expect([ds.n, ds.source]).toEqual([5, 'fashion-mnist:test (first 5 of 10000 rows)']);
    // The first five test labels (9 ankle boot, 2 pullover, 1 trouser, 1, 6 shirt) and the first image's
    // pixels above 127 (p/255 > 0.5): both read with Python's gzip + numpy from the same files.
    expect([...(ds.labels as Int32Array)]).toEqual([9, 2, 1, 1, 6]);
    const x = ds.columns.get('x') as Float32Array;
    expect(x.length).toBe(5 * 784);
    expect(sum(x, 0, 784)).toBe(154);
    expect([...(ds.columns.get('y') as Float32Array).subarray(0, 10)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('fashion-mnist:train: first labels and image, as [784] grey levels', async () => {
    const ds = await loadDataset('fashion-mnist:train', [{ name: 'x', shape: [784], domain: 'Real' }], { limit: 3 });
    expect([...(ds.labels as Int32Array)]).toEqual([9, 0, 0]);
    // Σ p/255 over the first image; Python gives Σ p = 76247.
    expect(sum(ds.columns.get('x') as Float32Array, 0, 784)).toBeCloseTo(76247 / 255, 2);
  });

  it('a model that does not fit is a data error naming the source and both shapes', async () => {
    const e = await loadDataset('fashion-mnist:test', [{ ...X, shape: [28, 28, 1] }], { limit: 2 }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UserError);
    expect([(e as UserError).message, (e as UserError).exitCode]).toEqual([
      "fashion-mnist:test holds 28 × 28 grey-level images with class labels, which do not fit the model's data (x: Binary[28, 28, 1]): x: Binary[28, 28, 1] has the right size but not the images' shape [28, 28]: declare [784], [28, 28] or [1, 28, 28]",
      1,
    ]);
  });
});

describe('Fashion-MNIST not installed', () => {
  it('is a usage error (exit code 2) naming the Debian package that provides the files', async () => {
    const absent: NamedDatasetSpec = { ...FASHION, location: { kind: 'debian', directory: '/nonexistent/fashion-mnist', package: 'dataset-fashion-mnist' } };
    const e = await readNamedFiles(absent, 'train').catch((err: unknown) => err);
    expect(e).toBeInstanceOf(UserError);
    expect([(e as UserError).message, (e as UserError).exitCode]).toEqual([
      "fashion-mnist:train reads the Fashion-MNIST IDX files of Debian's dataset-fashion-mnist package, and /nonexistent/fashion-mnist/train-images-idx3-ubyte.gz is missing: " +
        'install the package (apt-get install dataset-fashion-mnist), or pass the IDX files directly (--data DIR/train-images-idx3-ubyte.gz reads the labels file beside it)',
      2,
    ]);
  });
});

describe('the registry in the CLI', () => {
  it('a named training split is tested on its test split by default; other specs have no companion', () => {
    expect(['mnist:train', 'fashion-mnist:train', 'cifar:train', 'mnist:test', 'points.csv'].map(companionTestSpec)).toEqual(['mnist:test', 'fashion-mnist:test', undefined, undefined, undefined]);
  });
});
