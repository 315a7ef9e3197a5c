import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src/common/diagnostic.js';
import { loadDataset, UNIT_EPSILON, type DataVariable } from '../../src/data/dataset.js';
import { mnistDataDirectory, readMnistFiles } from '../../src/data/mnist.js';

const X784: DataVariable = { name: 'x', shape: [784], domain: 'Binary' };
const Y10: DataVariable = { name: 'y', shape: [10], domain: 'Category', categories: 10 };

/** Digit counts of the MNIST splits, as published with the data set (LeCun et al.). */
const TRAIN_DIGITS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const TEST_DIGITS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

/** The PyTorch reference's loader (shared/reference/mnist.js), beside the repository when present. */
const REFERENCE = fileURLToPath(new URL('../../../shared/reference/mnist.js', import.meta.url));

const digitCounts = (labels: Int32Array): number[] => {
  const c = new Array<number>(10).fill(0);
  for (const l of labels) c[l] = (c[l] as number) + 1;
  return c;
};
const sum = (a: Float32Array, start = 0, end = a.length): number => {
  let s = 0;
  for (let i = start; i < end; i++) s += a[i] as number;
  return s;
};

describe('MNIST facts', () => {
  it('the IDX files have 60,000 / 10,000 images of 28 × 28 and matching labels', async () => {
    const train = await readMnistFiles('train');
    const test = await readMnistFiles('test');
    expect([train.images.dims, train.labels.dims]).toEqual([[60000, 28, 28], [60000]]);
    expect([test.images.dims, test.labels.dims]).toEqual([[10000, 28, 28], [10000]]);
  });

  it('training split: labels, digit counts, and the static binarization of the first image', async () => {
    const t0 = performance.now();
    const ds = await loadDataset('mnist:train', [X784, Y10]);
    // Loading and binarizing the full set: measured ≈ 0.5 s on the 2-core machine; the bound leaves room
    // for a loaded machine and still catches an accidentally quadratic or per-pixel-allocating loader.
    expect((performance.now() - t0) / 1000).toBeLessThan(5);
    expect([ds.n, ds.source]).toEqual([60000, 'mnist:train (60000 rows)']);
    const labels = ds.labels as Int32Array;
    expect(labels[0]).toBe(5);
    expect(digitCounts(labels)).toEqual(TRAIN_DIGITS);
    const x = ds.columns.get('x') as Float32Array;
    expect(x.length).toBe(60000 * 784);
    // 111 pixels of the first image (a 5) have p/255 > 0.5: computed with the reference's binarize().
    expect(sum(x, 0, 784)).toBe(111);
    let nonBinary = 0;
    for (let i = 0; i < x.length; i++) if (x[i] !== 0 && x[i] !== 1) nonBinary++;
    expect(nonBinary).toBe(0);
    // One-hot labels: row 0 is a 5.
    expect([...(ds.columns.get('y') as Float32Array).subarray(0, 10)]).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it.skipIf(!existsSync(REFERENCE))('static binarization equals the PyTorch reference loader on the whole training set', async () => {
    process.env.MNIST_DIR = mnistDataDirectory(); // read by the reference when it is loaded
    const ref = createRequire(import.meta.url)(REFERENCE) as {
      binarize: (d: unknown) => { n: number; d: number; x: Float32Array };
      readIdxImages: (f: string) => unknown;
    };
    const expected = ref.binarize(ref.readIdxImages('train-images-idx3-ubyte'));
    const ds = await loadDataset('mnist:train', [X784]);
    expect([expected.n, expected.d]).toEqual([60000, 784]);
    const x = ds.columns.get('x') as Float32Array;
    let differ = 0;
    for (let i = 0; i < x.length; i++) if (x[i] !== expected.x[i]) differ++;
    expect(differ).toBe(0);
  });

  it('test split: first label 7, digit counts, image shape [28, 28] accepted', async () => {
    const ds = await loadDataset('mnist:test', [{ name: 'x', shape: [28, 28], domain: 'Real' }]);
    expect(ds.n).toBe(10000);
    const labels = ds.labels as Int32Array;
    expect(labels[0]).toBe(7);
    expect(digitCounts(labels)).toEqual(TEST_DIGITS);
    const x = ds.columns.get('x') as Float32Array;
    expect(Math.min(...x.subarray(0, 784))).toBe(0);
    expect(Math.max(...x.subarray(0, 784))).toBe(1);
  });

  it('the declared shape decides the layout: [784], [28, 28] and channel-first [1, 28, 28] hold the same row-major pixels', async () => {
    const flat = await loadDataset('mnist:test', [X784], { limit: 4 });
    const square = await loadDataset('mnist:test', [{ ...X784, shape: [28, 28] }], { limit: 4 });
    const image = await loadDataset('mnist:test', [{ ...X784, shape: [1, 28, 28] }, Y10], { limit: 4 });
    const x = flat.columns.get('x') as Float32Array;
    expect(x.length).toBe(4 * 784);
    expect(square.columns.get('x')).toEqual(x);
    expect(image.columns.get('x')).toEqual(x);
    expect([...(image.labels as Int32Array)]).toEqual([7, 2, 1, 0]);
    // The values are the file's pixels in its own order (p/255 > 0.5), whichever shape was declared.
    const raw = (await readMnistFiles('test')).images.data.subarray(0, 4 * 784);
    expect([...x]).toEqual(Array.from(raw, (p) => (p / 255 > 0.5 ? 1 : 0)));
  });

  it('Unit grey levels are clamped into the open interval by UNIT_EPSILON', async () => {
    const ds = await loadDataset('mnist:test', [{ name: 'x', shape: [784], domain: 'Unit' }], { limit: 5 });
    const x = ds.columns.get('x') as Float32Array;
    expect(ds.source).toBe('mnist:test (first 5 of 10000 rows)');
    expect(Math.min(...x)).toBe(Math.fround(UNIT_EPSILON));
    expect(Math.max(...x)).toBe(Math.fround(1 - UNIT_EPSILON));
  });

  it('a model that does not fit MNIST is a clear data error (exit code 1)', async () => {
    const prefix = 'mnist:test holds 28 × 28 grey-level images with class labels, which do not fit the model\'s data';
    const cases: [DataVariable[], string][] = [
      [[{ ...X784, shape: [100] }], `${prefix} (x: Binary[100]): x: Binary[100] has 100 elements per datapoint, the images 784 (28 × 28): declare the shape [784], [28, 28] or [1, 28, 28]`],
      [[{ ...X784, shape: [14, 56] }], `${prefix} (x: Binary[14, 56]): x: Binary[14, 56] has the right size but not the images' shape [28, 28]: declare [784], [28, 28] or [1, 28, 28]`],
      [[{ ...X784, shape: [28, 28, 1] }], `${prefix} (x: Binary[28, 28, 1]): x: Binary[28, 28, 1] has the right size but not the images' shape [28, 28]: declare [784], [28, 28] or [1, 28, 28]`],
      [[{ ...X784, shape: [1, 28, 27] }], `${prefix} (x: Binary[1, 28, 27]): x: Binary[1, 28, 27] has 756 elements per datapoint, the images 784 (28 × 28): declare the shape [784], [28, 28] or [1, 28, 28]`],
      [[{ ...X784, domain: 'Count' }], `${prefix} (x: Count[784]): x: Count[784]: grey levels load as Binary (binarized), Unit (clamped into (0, 1)) or Real (in [0, 1]), not Count`],
      [[X784, { ...X784, name: 'w' }], `${prefix} (x: Binary[784], w: Binary[784]): declare exactly one data variable for the images besides the labels, found x, w`],
      [[Y10], `${prefix} (y: Category(10)): declare one data variable of 784 elements for the images, e.g. data x: Binary[784]`],
      [[X784, { ...Y10, name: 'y', shape: [3], categories: 3 }], 'mnist:test: row 1, column y: expected a category index 0..2 (Category(3)), found 7'],
    ];
    for (const [vars, message] of cases) {
      const e = await loadDataset('mnist:test', vars, { limit: 3 }).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(UserError);
      expect([(e as UserError).message, (e as UserError).exitCode]).toEqual([message, 1]);
    }
  });
});
