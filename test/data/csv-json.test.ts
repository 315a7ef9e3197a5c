import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src/common/diagnostic.js';
import { loadDataset, type DataVariable } from '../../src/data/dataset.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/data/', import.meta.url));
const load = (spec: string, vars: readonly DataVariable[], ignoreColumns = false) => loadDataset(spec, vars, { cwd: FIXTURES, ignoreColumns });

/** The model most bad-data fixtures are written for: `x: Real[3]; b: Binary; y: Category(3)`. */
const XBY: DataVariable[] = [
  { name: 'x', shape: [3], domain: 'Real' },
  { name: 'b', shape: [], domain: 'Binary' },
  { name: 'y', shape: [3], domain: 'Category', categories: 3 },
];
const single = (domain: DataVariable['domain'], shape: number[] = []): DataVariable[] => [{ name: 'v', shape, domain }];

/** Runs a load that must fail and returns its UserError. */
async function failure(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

describe('CSV', () => {
  it('loads every domain, in any column order, with one-hot categories', async () => {
    const vars: DataVariable[] = [
      { name: 'x', shape: [2], domain: 'Real' },
      { name: 'y', shape: [3], domain: 'Category', categories: 3 },
      { name: 'k', shape: [], domain: 'Count' },
      { name: 'b', shape: [], domain: 'Binary' },
      { name: 'u', shape: [], domain: 'Unit' },
      { name: 'p', shape: [], domain: 'Positive' },
      { name: 's', shape: [3], domain: 'Simplex' },
      { name: 'm', shape: [2, 2], domain: 'Real' },
    ];
    const ds = await load('points.csv', vars);
    expect(ds.n).toBe(3);
    expect(ds.source).toBe('points.csv (3 rows)');
    const col = (name: string) => [...(ds.columns.get(name) as Float32Array)];
    expect(col('x')).toEqual([1.5, -2, 0.5, Math.fround(1e-3), -0, 4]);
    expect(col('y')).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0]);
    expect(col('k')).toEqual([0, 7, 12]);
    expect(col('b')).toEqual([1, 0, 1]);
    expect(col('u')).toEqual([0.25, 0.75, 0.5]);
    expect(col('p')).toEqual([3, 0.5, 100]);
    expect(col('s')).toEqual([0.2, 0.3, 0.5, 0.333, 0.333, 0.334, 0.1, 0.1, 0.8].map(Math.fround));
    expect(col('m')).toEqual([1, 2, 3, 4, -1, -2, -3, -4, 0, 0, 0, 0]);
    expect(ds.labels).toBeUndefined();
  });

  it('keeps only the first `limit` rows', async () => {
    const ds = await loadDataset('good-xby.csv', XBY, { cwd: FIXTURES, limit: 2 });
    expect(ds.n).toBe(2);
    expect([...(ds.columns.get('x') as Float32Array)]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ds.source).toBe('good-xby.csv (first 2 of 3 rows)');
  });

  it('accepts extra columns only with ignoreColumns', async () => {
    const model = XBY.slice(1);
    expect((await failure(load('good-xby.csv', model))).message).toBe(
      'good-xby.csv: unexpected columns x.0, x.1, x.2: the model declares b: Binary, y: Category(3) (pass --ignore-columns to skip columns the model does not use)',
    );
    const ds = await load('good-xby.csv', model, true);
    expect([...(ds.columns.get('b') as Float32Array)]).toEqual([0, 1, 1]);
  });

  // Each bad file with the exact message; rows count the header as row 1 (the file's line numbers).
  const cases: [string, DataVariable[], string][] = [
    ['bad-fields.csv', XBY, 'bad-fields.csv: row 3: expected 5 fields as in the header, found 4'],
    ['bad-missing.csv', XBY, 'bad-missing.csv: missing column b (data b: Binary needs column b)'],
    ['bad-vector-width.csv', XBY, 'bad-vector-width.csv: missing column x.2 (data x: Real[3] needs columns x.0 … x.2)'],
    [
      'bad-vector-name.csv',
      XBY,
      'bad-vector-name.csv: missing columns x.0, x.1, x.2 (data x: Real[3] needs columns x.0 … x.2); a vector is stored one element per column (x.0, x.1, …), not as a column x',
    ],
    [
      'bad-extra.csv',
      XBY,
      'bad-extra.csv: unexpected column x.3: the model declares x: Real[3], b: Binary, y: Category(3) (pass --ignore-columns to skip columns the model does not use)',
    ],
    ['bad-binary.csv', XBY, 'bad-binary.csv: row 3, column b: expected 0 or 1 (Binary), found "0.5"'],
    ['bad-nan.csv', XBY, 'bad-nan.csv: row 4, column x.1: expected a finite number, found "NaN"'],
    ['bad-empty-cell.csv', XBY, 'bad-empty-cell.csv: row 2, column x.1: expected a number, found an empty cell'],
    ['bad-text.csv', XBY, 'bad-text.csv: row 3, column x.1: expected a number, found "abc"'],
    ['bad-category.csv', XBY, 'bad-category.csv: row 3, column y: expected a category index 0..2 (Category(3)), found "3"'],
    ['bad-quote.csv', XBY, 'bad-quote.csv: malformed CSV: Quote Not Closed: the parsing is finished with an opening quote at line 2'],
    ['empty.csv', XBY, 'empty.csv: the file is empty; expected a header row naming the columns'],
    ['header-only.csv', XBY, 'header-only.csv: no data rows after the header'],
    ['bad-count-negative.csv', single('Count'), 'bad-count-negative.csv: row 3, column v: expected a non-negative integer 0, 1, 2, ... (Count), found "-1"'],
    ['bad-count-fraction.csv', single('Count'), 'bad-count-fraction.csv: row 2, column v: expected a non-negative integer 0, 1, 2, ... (Count), found "2.5"'],
    ['bad-unit.csv', single('Unit'), 'bad-unit.csv: row 3, column v: expected a real number in the open interval (0, 1) (Unit), found "1"'],
    ['bad-positive.csv', single('Positive'), 'bad-positive.csv: row 2, column v: expected a real number > 0 (Positive), found "0"'],
    [
      'bad-simplex.csv',
      single('Simplex', [2]),
      'bad-simplex.csv: row 3, columns v.0..v.1: expected a vector of positive numbers summing to 1 (Simplex), found a sum of 0.9',
    ],
    ['bad-infinity.csv', single('Real'), 'bad-infinity.csv: row 2, column v: expected a finite number, found "-inf"'],
  ];
  it.each(cases)('%s is a data error (exit code 1) with file, row and column', async (file, vars, message) => {
    const e = await failure(load(file, vars));
    expect(e.message).toBe(message);
    expect(e.exitCode).toBe(1);
  });

  it('a missing file is an I/O error (exit code 2)', async () => {
    const e = await failure(load('no-such.csv', XBY));
    expect(e.message).toBe('no-such.csv: cannot read the data file: no such file');
    expect(e.exitCode).toBe(2);
  });
});

describe('JSON', () => {
  it('loads an array of row objects, nested arrays for matrices', async () => {
    const ds = await load('good.json', [...XBY, { name: 'm', shape: [2, 2], domain: 'Real' }]);
    expect(ds.n).toBe(2);
    expect([...(ds.columns.get('x') as Float32Array)]).toEqual([1, 2, 3, 4.5, -5, 6]);
    expect([...(ds.columns.get('y') as Float32Array)]).toEqual([1, 0, 0, 0, 0, 1]);
    expect([...(ds.columns.get('m') as Float32Array)]).toEqual([1, 2, 3, 4, 0, 0, 0, 1]);
    expect(ds.source).toBe('good.json (2 rows)');
  });

  const cases: [string, string][] = [
    ['bad-width.json', 'bad-width.json: row 2, column x: expected an array of 3 numbers, found an array of 2'],
    ['bad-binary.json', 'bad-binary.json: row 1, column b: expected 0 or 1 (Binary), found 2'],
    ['bad-null.json', 'bad-null.json: row 1, column x.1: expected a number, found null'],
    ['bad-string.json', 'bad-string.json: row 1, column y: expected a number, found "1"'],
    [
      'bad-extra.json',
      'bad-extra.json: row 1: unexpected key "z": the model declares x: Real[3], b: Binary, y: Category(3) (pass --ignore-columns to skip keys the model does not use)',
    ],
    ['bad-missing.json', 'bad-missing.json: row 1: missing key "b" (data b: Binary)'],
    ['bad-category.json', 'bad-category.json: row 2, column y: expected a category index 0..2 (Category(3)), found -1'],
    ['bad-object.json', 'bad-object.json: expected a JSON array of row objects such as [{"x": [0.5, 1.2], "y": 3}], found an object'],
  ];
  it.each(cases)('%s is a data error (exit code 1) with file, row and column', async (file, message) => {
    const e = await failure(load(file, XBY));
    expect(e.message).toBe(message);
    expect(e.exitCode).toBe(1);
  });

  it('invalid JSON is a data error naming the file', async () => {
    const e = await failure(load('bad-syntax.json', XBY));
    expect(e.message).toBe('bad-syntax.json: invalid JSON at line 1, column 35: expected a value, found `]`');
    expect(e.exitCode).toBe(1);
  });

  it('ignoreColumns skips undeclared keys', async () => {
    const ds = await load('bad-extra.json', XBY, true);
    expect([...(ds.columns.get('b') as Float32Array)]).toEqual([0]);
  });
});

describe('specs', () => {
  it('rejects unknown spec forms and options as usage errors (exit code 2)', async () => {
    const cases: [string, string][] = [
      ['points.txt', 'unknown data spec "points.txt": expected mnist:train, mnist:test, fashion-mnist:train, fashion-mnist:test, FILE.csv, FILE.json or an IDX file (FILE.idx, *-idx3-ubyte), optionally gzipped'],
      ['mnist:valid', 'unknown MNIST split "valid" in --data mnist:valid: expected mnist:train or mnist:test'],
      ['fashion-mnist:val', 'unknown Fashion-MNIST split "val" in --data fashion-mnist:val: expected fashion-mnist:train or fashion-mnist:test'],
      ['cifar:train', 'unknown dataset "cifar" in --data cifar:train: expected mnist:train, mnist:test, fashion-mnist:train, fashion-mnist:test, FILE.csv, FILE.json or an IDX file'],
    ];
    for (const [spec, message] of cases) {
      const e = await failure(load(spec, XBY));
      expect(e.message).toBe(message);
      expect(e.exitCode).toBe(2);
    }
    const limit = await failure(loadDataset('good-xby.csv', XBY, { cwd: FIXTURES, limit: 0 }));
    expect([limit.message, limit.exitCode]).toEqual(['the row limit must be a positive integer, got 0', 2]);
  });
});
