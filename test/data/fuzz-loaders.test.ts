/**
 * Fuzzing the data loaders (issue 10): CSV, JSON and IDX bytes mutated at random — truncated, bytes
 * replaced, inserted or deleted, invalid UTF-8, a BOM, CRLF or lone CR line ends, ragged rows, empty
 * cells, quotes, huge and tiny numbers, NaN/Inf spellings, wrong types and nesting — from a fixed seed.
 * Each load either returns a dataset whose every value is a finite float32 inside its variable's domain,
 * or throws a {@link UserError}: one line, starting with the file's name. Nothing else (no RangeError,
 * no TypeError, no stack overflow) may escape.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/common/diagnostic.js';
import { readCsvDataset } from '../../src/data/csv.js';
import type { Dataset } from '../../src/data/dataset-types.js';
import { datasetFromIdx } from '../../src/data/idx-dataset.js';
import { readIdx, writeIdx, type IdxType } from '../../src/data/idx.js';
import { readJsonDataset } from '../../src/data/json.js';
import { maybeGunzip } from '../../src/data/read-file.js';
import { inDomain } from '../../src/data/validate.js';
import { categoryCount, rowWidth, type DataVariable } from '../../src/data/variables.js';
import { Rng } from '../../src/distributions/rng.js';

/** `x: Real[3]; b: Binary; y: Category(3); k: Count; u: Unit; p: Positive`. */
const VARS: DataVariable[] = [
  { name: 'x', shape: [3], domain: 'Real' },
  { name: 'b', shape: [], domain: 'Binary' },
  { name: 'y', shape: [3], domain: 'Category', categories: 3 },
  { name: 'k', shape: [], domain: 'Count' },
  { name: 'u', shape: [], domain: 'Unit' },
  { name: 'p', shape: [], domain: 'Positive' },
];

const CSV = 'x.0,x.1,x.2,b,y,k,u,p\n0.5,-1.25,3e2,1,2,4,0.25,1.5\n-0.125,0,7,0,0,0,0.5,0.001\n"1.5",2,-3,1,1,12,0.999,20\n';
const JSON_ROWS = JSON.stringify([
  { x: [0.5, -1.25, 300], b: 1, y: 2, k: 4, u: 0.25, p: 1.5 },
  { x: [-0.125, 0, 7], b: 0, y: 0, k: 0, u: 0.5, p: 0.001 },
  { x: [1.5, 2, -3], b: 1, y: 1, k: 12, u: 0.999, p: 20 },
]);

/** Tokens a mutation may splice in: the values and characters that break parsers and validators. */
const TOKENS = [
  '', ',', '"', '""', '\n', '\r', '\r\n', ' ', '\t', '\uFEFF', 'NaN', 'nan', 'Inf', '-Infinity', 'inf', '1e39', '-1e39', '1e400', '1e-46', '-0', '0x1F',
  '1,5', '1.2.3', 'abc', 'null', 'true', '[]', '{}', '[1,2]', '{"a":1}', ':', '9'.repeat(400), '0.99999999999', '1e-300', '\u00e9', '\u{1F600}', '\\', '\0', '[[[[[[[[', ']]]]',
];

const pick = <T,>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.nextFloat() * xs.length)] as T;
const int = (rng: Rng, n: number) => Math.floor(rng.nextFloat() * n);

/** One random mutation of a byte string. */
function mutate(rng: Rng, bytes: Uint8Array): Uint8Array {
  const at = int(rng, bytes.length + 1);
  const enc = (s: string) => new TextEncoder().encode(s);
  switch (int(rng, 8)) {
    case 0: // truncate
      return bytes.subarray(0, at);
    case 1: // replace a byte by any byte (invalid UTF-8 included)
      return Uint8Array.from(bytes, (b, i) => (i === at ? int(rng, 256) : b));
    case 2: // delete a run of bytes
      return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + int(rng, 8))]);
    case 3: // insert a token
      return Uint8Array.from([...bytes.subarray(0, at), ...enc(pick(rng, TOKENS)), ...bytes.subarray(at)]);
    case 4: // duplicate a slice (ragged rows, repeated keys)
      return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at, at + 1 + int(rng, 20)), ...bytes.subarray(at)]);
    case 5: // line ends: CRLF everywhere or lone CR
      return enc(new TextDecoder().decode(bytes).replace(/\n/g, rng.nextFloat() < 0.5 ? '\r\n' : '\r'));
    case 6: // a BOM in front
      return Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes]);
    default: // replace a number-looking run by a token
      return enc(new TextDecoder().decode(bytes).replace(/-?\d+(\.\d+)?(e\d+)?/g, (m) => (rng.nextFloat() < 0.15 ? pick(rng, TOKENS) : m)));
  }
}

/** Every value of every variable is finite, representable, and inside its domain; categories one-hot. */
function checkDataset(ds: Dataset, vars: readonly DataVariable[]): void {
  expect(ds.n).toBeGreaterThan(0);
  for (const v of vars) {
    const col = ds.columns.get(v.name);
    expect(col, v.name).toBeDefined();
    const values = col as Float32Array;
    expect(values.length).toBe(ds.n * rowWidth(v));
    if (v.domain === 'Category') {
      const k = categoryCount(v);
      for (let i = 0; i < values.length; i += k) {
        const hot = values.subarray(i, i + k);
        expect(hot.reduce((a, b) => a + b, 0)).toBe(1);
        expect(hot.every((h) => h === 0 || h === 1)).toBe(true);
      }
      continue;
    }
    for (const x of values) {
      if (!Number.isFinite(x) || !inDomain(v, x)) throw new Error(`${v.name} holds ${x}, outside ${v.domain}, after loading`);
    }
  }
}

/** Runs a load; returns 'ok' or 'user error', and fails the test on any other outcome. */
function outcome(load: () => Dataset, vars: readonly DataVariable[], file: string, input: Uint8Array): 'ok' | 'user error' {
  let ds: Dataset;
  try {
    ds = load();
  } catch (e) {
    if (!(e instanceof UserError)) throw new Error(`not a UserError for input ${JSON.stringify(new TextDecoder().decode(input).slice(0, 300))}: ${String(e)}`);
    expect(e.message.startsWith(`${file}:`) || e.message.startsWith(`${file} `), e.message).toBe(true);
    expect(e.message, 'one line').not.toContain('\n');
    expect(e.exitCode).toBe(1);
    return 'user error';
  }
  checkDataset(ds, vars);
  return 'ok';
}

const CASES = 400;

describe('fuzzed CSV', () => {
  it(`${CASES} mutated files: a valid dataset or a one-line UserError naming the file`, () => {
    const rng = new Rng(20261204);
    const seen = { ok: 0, 'user error': 0 };
    for (let c = 0; c < CASES; c++) {
      let bytes: Uint8Array = new TextEncoder().encode(CSV);
      for (let m = 1 + int(rng, 3); m > 0; m--) bytes = mutate(rng, bytes);
      const input = bytes;
      seen[outcome(() => readCsvDataset(input, 'f.csv', VARS, { ignoreColumns: rng.nextFloat() < 0.3 }), VARS, 'f.csv', input)]++;
    }
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    expect(seen.ok).toBeGreaterThan(10);
    expect(seen['user error']).toBeGreaterThan(100);
  });
});

describe('CSV cells of every kind', () => {
  it('every cell of a row replaced by every token: a valid dataset or a UserError naming row and column', () => {
    const [header, first, ...rest] = CSV.trim().split('\n') as [string, string, ...string[]];
    const names = header.split(',');
    let errors = 0;
    names.forEach((column, j) => {
      for (const token of TOKENS) {
        const cells = first.split(',');
        cells[j] = token;
        const input = new TextEncoder().encode([header, cells.join(','), ...rest].join('\n'));
        let error: UserError | undefined;
        try {
          outcome(() => readCsvDataset(input, 'f.csv', VARS, {}), VARS, 'f.csv', input);
          readCsvDataset(input, 'f.csv', VARS, {});
        } catch (e) {
          error = e as UserError;
        }
        if (error === undefined) continue;
        errors++;
        // A bad value is located at its cell; tokens that change the row's shape name the row.
        if (!/[,"\n\r]/.test(token)) expect(error.message, token).toMatch(new RegExp(`^f\\.csv: row 2(, column ${column.replace('.', '\\.')}:|: expected 8 fields)`));
      }
    });
    expect(errors).toBeGreaterThan(names.length * 10);
  });

  it('values that do not survive float32 are errors, not ±∞, 0 or 1', () => {
    const row = (cells: Record<string, string>) => {
      const names = ['x.0', 'x.1', 'x.2', 'b', 'y', 'k', 'u', 'p'];
      const base = ['0', '0', '0', '1', '1', '1', '0.5', '1'];
      return new TextEncoder().encode(`${names.join(',')}\n${names.map((n, i) => cells[n] ?? base[i]).join(',')}\n`);
    };
    const message = (cells: Record<string, string>) => {
      try {
        readCsvDataset(row(cells), 'f.csv', VARS, {});
      } catch (e) {
        return (e as Error).message;
      }
      return 'loaded';
    };
    expect(message({ 'x.1': '1e39' })).toBe('f.csv: row 2, column x.1: expected a number within float32 range (|x| ≤ 3.4e38), found "1e39"');
    expect(message({ p: '1e-50' })).toBe('f.csv: row 2, column p: expected a real number > 0 (Positive), found "1e-50", which is 0 in float32');
    expect(message({ u: '0.9999999999' })).toBe('f.csv: row 2, column u: expected a real number in the open interval (0, 1) (Unit), found "0.9999999999", which is 1 in float32');
    expect(message({ k: 'Inf' })).toBe('f.csv: row 2, column k: expected a finite number, found "Inf"');
    expect(message({ 'x.2': 'NaN' })).toBe('f.csv: row 2, column x.2: expected a finite number, found "NaN"');
    expect(message({ y: 'two' })).toBe('f.csv: row 2, column y: expected a number, found "two"');
    expect(message({})).toBe('loaded');
  });
});

describe('fuzzed JSON', () => {
  it('a syntax error is located by line and column, on one line', () => {
    const cases: [string, string][] = [
      ['[{"x": [1, 2, 3]},\n {"x": [1, 2, 3]]}]', 'invalid JSON at line 2, column 17: expected `,` or `}`, found `]`'],
      ['[1,\n2,\n]', 'invalid JSON at line 3, column 1: expected a value, found `]`'],
      ['[{"x": 1', 'invalid JSON at line 1, column 9: expected `,` or `}`, found the end of the file'],
      ['[{x: 1}]', 'invalid JSON at line 1, column 3: expected a key in double quotes or `}`, found `x`'],
      ['[1] [2]', 'invalid JSON at line 1, column 5: expected the end of the file after the top-level value, found `[`'],
      ['["a\tb"]', 'invalid JSON at line 1, column 2: expected a value or `]`, found `"`'],
      ['', 'invalid JSON at line 1, column 1: expected a value, found the end of the file'],
    ];
    for (const [text, want] of cases) {
      expect(() => readJsonDataset(new TextEncoder().encode(text), 'f.json', VARS, {}), text).toThrow(`f.json: ${want}`);
    }
    // A byte-order mark in front is fine.
    const ds = readJsonDataset(new TextEncoder().encode(`\uFEFF${JSON_ROWS}`), 'f.json', VARS, {});
    expect(ds.n).toBe(3);
  });

  it(`${CASES} mutated files: a valid dataset or a one-line UserError naming the file`, () => {
    const rng = new Rng(7);
    const seen = { ok: 0, 'user error': 0 };
    for (let c = 0; c < CASES; c++) {
      let bytes: Uint8Array = new TextEncoder().encode(JSON_ROWS);
      for (let m = 1 + int(rng, 3); m > 0; m--) bytes = mutate(rng, bytes);
      const input = bytes;
      seen[outcome(() => readJsonDataset(input, 'f.json', VARS, { ignoreColumns: rng.nextFloat() < 0.3 }), VARS, 'f.json', input)]++;
    }
    expect(seen.ok).toBeGreaterThan(10);
    expect(seen['user error']).toBeGreaterThan(100);
  });

  it('structurally wrong values: every variable replaced by every kind of JSON value', () => {
    const kinds: unknown[] = [null, true, 'a', '1', [], {}, [1, 2], [[1, 2, 3]], [1, 2, 3, 4], 1e39, -1e39, 1e-46, 0.99999999999, 1.5, -1, 3, [null, 1, 2], { 0: 1 }];
    let errors = 0;
    for (const v of VARS) {
      for (const value of kinds) {
        const rows = JSON.parse(JSON_ROWS) as Record<string, unknown>[];
        (rows[1] as Record<string, unknown>)[v.name] = value;
        const input = new TextEncoder().encode(JSON.stringify(rows));
        if (outcome(() => readJsonDataset(input, 'f.json', VARS, {}), VARS, 'f.json', input) === 'user error') errors++;
      }
    }
    expect(errors).toBeGreaterThan(VARS.length * 10);
  });

  it('deep nesting is an error, not a stack overflow', () => {
    const input = new TextEncoder().encode(`${'['.repeat(200000)}${']'.repeat(200000)}`);
    expect(outcome(() => readJsonDataset(input, 'f.json', VARS, {}), VARS, 'f.json', input)).toBe('user error');
  });
});

describe('fuzzed IDX', () => {
  const IMAGE_VARS: DataVariable[] = [{ name: 'x', shape: [16], domain: 'Binary' }];
  const types: IdxType[] = ['ubyte', 'byte', 'short', 'int', 'float', 'double'];
  const numeric = (type: IdxType): DataVariable[] => [{ name: 'v', shape: [3], domain: type === 'float' || type === 'double' ? 'Positive' : 'Count' }];
  const load = (bytes: Uint8Array, vars: readonly DataVariable[]) => datasetFromIdx(readIdx(maybeGunzip(bytes, 'f-idx3-ubyte'), 'f-idx3-ubyte'), 'f-idx3-ubyte', undefined, vars, {});

  it(`${CASES} mutated images and numeric arrays of every element type, some gzipped`, () => {
    const rng = new Rng(99);
    const seen = { ok: 0, 'user error': 0 };
    for (let c = 0; c < CASES; c++) {
      const images = rng.nextFloat() < 0.4;
      const type = images ? 'ubyte' : pick(rng, types);
      const vars = images ? IMAGE_VARS : numeric(type);
      const good = images
        ? writeIdx([4, 4, 4], Array.from({ length: 64 }, () => int(rng, 256)))
        : writeIdx([5, 3], Array.from({ length: 15 }, () => (type === 'float' || type === 'double' ? 0.5 + 10 * rng.nextFloat() : int(rng, 100))), type);
      let bytes = good;
      // IDX is binary: mutate bytes only (header fields included), then maybe gzip or corrupt the gzip.
      for (let m = 1 + int(rng, 3); m > 0; m--) {
        const at = int(rng, bytes.length + 1);
        const r = int(rng, 5);
        if (r === 0) bytes = bytes.subarray(0, at);
        else if (r === 1 || r === 4) bytes = Uint8Array.from(bytes, (b, i) => (i === at || (r === 4 && i === int(rng, 12)) ? int(rng, 256) : b));
        else if (r === 2) bytes = Uint8Array.from([...bytes.subarray(0, at), ...Array.from({ length: 1 + int(rng, 8) }, () => int(rng, 256)), ...bytes.subarray(at)]);
        else bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + int(rng, 8))]);
      }
      if (rng.nextFloat() < 0.2) {
        const z = gzipSync(bytes);
        bytes = rng.nextFloat() < 0.5 ? z : z.subarray(0, int(rng, z.length));
      }
      const input = bytes;
      seen[outcome(() => load(input, vars), vars, 'f-idx3-ubyte', input)]++;
    }
    expect(seen.ok).toBeGreaterThan(10);
    expect(seen['user error']).toBeGreaterThan(100);
  });
});
