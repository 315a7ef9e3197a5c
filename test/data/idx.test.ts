import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { UserError } from '../../src/common/diagnostic.js';
import { loadDataset, type DataVariable } from '../../src/data/dataset.js';
import { readIdx, writeIdx } from '../../src/data/idx.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/data/', import.meta.url));

/** The UserError a call throws (the test fails if it throws anything else or nothing). */
function thrown(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

/** The UserError a promise rejects with (the test fails if it resolves). */
async function rejection(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => new Error('expected a UserError'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

describe('readIdx', () => {
  it('round-trips every element type through writeIdx (big-endian)', () => {
    const values = [0, 1, -2, 300, -70000, 1.5];
    const expected: Record<string, number[]> = {
      ubyte: [0, 1, 254, 44, 144, 1],
      byte: [0, 1, -2, 44, -112, 1],
      short: [0, 1, -2, 300, -4464, 1],
      int: [0, 1, -2, 300, -70000, 1],
      float: values,
      double: values,
    };
    for (const [type, want] of Object.entries(expected)) {
      const bytes = writeIdx([2, 3], values, type as 'ubyte');
      const idx = readIdx(bytes, 'f');
      expect([idx.type, idx.dims, [...idx.data]]).toEqual([type, [2, 3], want]);
    }
    // The header is the documented one: 0 0 type rank, then big-endian sizes.
    expect([...writeIdx([2, 3], values, 'int').subarray(0, 12)]).toEqual([0, 0, 0x0c, 2, 0, 0, 0, 2, 0, 0, 0, 3]);
  });

  it('rejects a truncated file with a clear message', () => {
    const bytes = readFileSync(join(FIXTURES, 'truncated-images-idx3-ubyte'));
    const e = thrown(() => readIdx(bytes, 'truncated-images-idx3-ubyte'));
    expect(e.message).toBe('truncated-images-idx3-ubyte: not a valid IDX file: truncated data: dimensions 60000 × 28 × 28 need 47040000 bytes after the header, found 1584');
    expect(e.exitCode).toBe(1);
  });

  it('rejects bad magic numbers, type codes, short headers and trailing bytes', () => {
    const good = writeIdx([2, 2], [1, 2, 3, 4]);
    const edit = (i: number, b: number) => Uint8Array.from(good, (x, j) => (j === i ? b : x));
    const cases: [Uint8Array, string][] = [
      [edit(0, 0x50), 'f: not a valid IDX file: the magic number must start with two zero bytes, found 0x50 0x00'],
      [edit(2, 0x0a), 'f: not a valid IDX file: unknown element type code 0x0a'],
      [edit(3, 0), 'f: not a valid IDX file: the header declares zero dimensions'],
      [good.subarray(0, 7), 'f: not a valid IDX file: truncated header: 2 dimensions need 12 bytes, the file has 7'],
      [good.subarray(0, 2), 'f: not a valid IDX file: the file has 2 bytes, too short for the 4-byte magic number'],
      [Uint8Array.from([...good, 9]), 'f: not a valid IDX file: 1 unexpected bytes after the data (dimensions 2 × 2 need 4)'],
    ];
    for (const [bytes, message] of cases) expect(thrown(() => readIdx(bytes, 'f')).message).toBe(message);
  });
});

describe('IDX files as --data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tilde-idx-'));
  // Three 2 × 2 images; labels 2, 0, 1 in a gzipped labels file beside the gzipped images.
  const pixels = [0, 255, 128, 127, 10, 20, 30, 40, 255, 255, 0, 0];
  writeFileSync(join(dir, 'tiny-images-idx3-ubyte.gz'), gzipSync(writeIdx([3, 2, 2], pixels)));
  writeFileSync(join(dir, 'tiny-labels-idx1-ubyte.gz'), gzipSync(writeIdx([3], [2, 0, 1])));
  writeFileSync(join(dir, 'points.idx'), writeIdx([2, 3], [0.5, 1, -2, 3, 4, 5], 'float'));
  writeFileSync(join(dir, 'counts.idx'), writeIdx([2], [3, -1], 'int'));
  const bad = gzipSync(writeIdx([3, 2, 2], pixels));
  writeFileSync(join(dir, 'cut-images-idx3-ubyte.gz'), bad.subarray(0, bad.length - 10));
  const opts = { cwd: dir };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads gzipped images with the labels file beside them', async () => {
    const vars: DataVariable[] = [
      { name: 'x', shape: [2, 2], domain: 'Binary' },
      { name: 'y', shape: [3], domain: 'Category', categories: 3 },
    ];
    const ds = await loadDataset('tiny-images-idx3-ubyte.gz', vars, opts);
    expect(ds.n).toBe(3);
    expect([...(ds.columns.get('x') as Float32Array)]).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0]);
    expect([...(ds.columns.get('y') as Float32Array)]).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect([...(ds.labels as Int32Array)]).toEqual([2, 0, 1]);
    const real = await loadDataset('tiny-images-idx3-ubyte.gz', [{ name: 'x', shape: [4], domain: 'Real' }], { ...opts, limit: 1 });
    expect([...(real.columns.get('x') as Float32Array)]).toEqual([0, 1, 128 / 255, 127 / 255].map(Math.fround));
  });

  it('labels beyond Category(K) are an error naming the labels file, row and column', async () => {
    const vars: DataVariable[] = [
      { name: 'x', shape: [4], domain: 'Binary' },
      { name: 'y', shape: [2], domain: 'Category', categories: 2 },
    ];
    const e = await rejection(loadDataset('tiny-images-idx3-ubyte.gz', vars, opts));
    expect(e.message).toBe('tiny-labels-idx1-ubyte.gz: row 1, column y: expected a category index 0..1 (Category(2)), found 2');
  });

  it('loads numeric IDX arrays, validated like CSV cells', async () => {
    const ds = await loadDataset('points.idx', [{ name: 'v', shape: [3], domain: 'Real' }], opts);
    expect([...(ds.columns.get('v') as Float32Array)]).toEqual([0.5, 1, -2, 3, 4, 5]);
    // The declared shape is the rows' shape [3], or [1, 3]; [3, 1] would invent an axis.
    const channel = await loadDataset('points.idx', [{ name: 'v', shape: [1, 3], domain: 'Real' }], opts);
    expect(channel.columns.get('v')).toEqual(ds.columns.get('v'));
    const shape = await rejection(loadDataset('points.idx', [{ name: 'v', shape: [3, 1], domain: 'Real' }], opts));
    expect([shape.message, shape.exitCode]).toEqual(['points.idx holds rows of shape [3], but data v: Real[3, 1] has the shape [3, 1]: declare [3] or [1, 3]', 1]);
    const e = await rejection(loadDataset('counts.idx', [{ name: 'k', shape: [], domain: 'Count' }], opts));
    expect([e.message, e.exitCode]).toEqual(['counts.idx: row 2, column k: expected a non-negative integer 0, 1, 2, ... (Count), found -1', 1]);
  });

  it('a truncated gzip or IDX file is a data error (exit code 1)', async () => {
    const gz = await rejection(loadDataset('cut-images-idx3-ubyte.gz', [{ name: 'x', shape: [4], domain: 'Binary' }], opts));
    expect(gz).toBeInstanceOf(UserError);
    expect([gz.message.startsWith('cut-images-idx3-ubyte.gz: corrupt or truncated gzip data'), gz.exitCode]).toEqual([true, 1]);
    const idx = await rejection(loadDataset('truncated-images-idx3-ubyte', [{ name: 'x', shape: [784], domain: 'Binary' }], { cwd: FIXTURES }));
    expect([idx.message.startsWith('truncated-images-idx3-ubyte: not a valid IDX file: truncated data'), idx.exitCode]).toEqual([true, 1]);
  });
});
