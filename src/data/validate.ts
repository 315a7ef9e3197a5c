/**
 * Checking file values against a data variable's declared domain, and storing them in the in-memory
 * layout (one-hot for categories). Shared by the CSV, JSON and numeric-IDX readers, so every format
 * rejects the same values with the same words. Nothing is clamped or rounded here: a value outside
 * the domain is an error naming the file, row and column.
 */
import { UserError } from '../common/diagnostic.js';
import { DOMAIN_DESCRIPTIONS } from '../registry/domains.js';
import { categoryCount, columnNames, fileShape, fileWidth, rowWidth, type DataVariable } from './variables.js';

/**
 * How far a Simplex row's sum may be from 1. Files hold decimals rounded to a few digits (0.333,
 * 0.333, 0.334); a tolerance of 1e-4 accepts such rounding and still rejects rows that are not
 * normalized at all.
 */
export const SIMPLEX_SUM_TOLERANCE = 1e-4;

/** Whether a finite number lies in the variable's domain (for categories: is a valid index). */
export function inDomain(v: DataVariable, x: number): boolean {
  switch (v.domain) {
    case 'Real':
      return true;
    case 'Positive':
    case 'Simplex':
      return x > 0;
    case 'Unit':
      return x > 0 && x < 1;
    case 'Binary':
      return x === 0 || x === 1;
    case 'Count':
      return x >= 0 && Number.isInteger(x);
    case 'Category':
      return x >= 0 && x < categoryCount(v) && Number.isInteger(x);
  }
}

/** What a value of the variable must be, for messages: `0 or 1 (Binary)`. */
export function expectedValue(v: DataVariable): string {
  if (v.domain === 'Category') {
    const k = categoryCount(v);
    return `a category index 0..${k - 1} (Category(${k}))`;
  }
  if (v.domain === 'Real') return 'a finite number';
  return `${DOMAIN_DESCRIPTIONS[v.domain]} (${v.domain})`;
}

/** Where a value sits, for messages. */
export interface ValueLocation {
  /** What the user calls the source: the file as written, or `mnist:train`. */
  readonly file: string;
  /** The row as the format numbers it (CSV: line number, header = 1; JSON: 1-based element). */
  readonly row: number;
}

/** The standard location prefix: `data/points.csv: row 17, column x.3`. */
export function locate(at: ValueLocation, column: string): string {
  return `${at.file}: row ${at.row}, column ${column}`;
}

/**
 * Validates one datapoint of `v` given as file values and writes it into `out` (row-major, one-hot for
 * categories).
 *
 * @param v - the variable
 * @param values - `fileWidth(v)` finite numbers, row-major over `fileShape(v)`
 * @param shown - how to print value `k` in a message (the raw cell text, quoted)
 * @param out - the variable's column, `n × rowWidth(v)` floats
 * @param index - 0-based datapoint index within `out`
 * @param at - the file and row, for messages
 * @param names - `columnNames(v)`, passed in so callers compute them once per variable
 * @throws UserError (exit code 1) naming file, row and column for the first value outside the domain
 */
export function storeDatapoint(
  v: DataVariable,
  values: ArrayLike<number>,
  shown: (k: number) => string,
  out: Float32Array,
  index: number,
  at: ValueLocation,
  names: readonly string[] = columnNames(v),
): void {
  const width = fileWidth(v);
  for (let k = 0; k < width; k++) {
    const x = values[k] as number;
    if (!Number.isFinite(x)) throw new UserError(`${locate(at, names[k] as string)}: expected a finite number, found ${shown(k)}`, 1);
    if (!inDomain(v, x)) throw new UserError(`${locate(at, names[k] as string)}: expected ${expectedValue(v)}, found ${shown(k)}`, 1);
    // Values are stored as float32: one that overflows it, or leaves the domain when rounded to it
    // (1e39; 1e-50 as Positive; 0.9999999999 as Unit), would silently become ±∞, 0 or 1.
    const stored = Math.fround(x);
    if (!Number.isFinite(stored)) throw new UserError(`${locate(at, names[k] as string)}: expected a number within float32 range (|x| ≤ 3.4e38), found ${shown(k)}`, 1);
    if (!inDomain(v, stored)) throw new UserError(`${locate(at, names[k] as string)}: expected ${expectedValue(v)}, found ${shown(k)}, which is ${stored} in float32`, 1);
  }
  const base = index * rowWidth(v);
  if (v.domain === 'Category') {
    const k = categoryCount(v);
    out.fill(0, base, base + width * k);
    for (let e = 0; e < width; e++) out[base + e * k + (values[e] as number)] = 1;
    return;
  }
  for (let e = 0; e < width; e++) out[base + e] = values[e] as number;
  if (v.domain === 'Simplex') checkSimplexSums(v, out, base, at, names);
}

/** Each vector along the last axis of a Simplex variable must sum to 1 (within the tolerance). */
function checkSimplexSums(v: DataVariable, out: Float32Array, base: number, at: ValueLocation, names: readonly string[]): void {
  const shape = fileShape(v);
  const d = shape.length === 0 ? 1 : (shape[shape.length - 1] as number);
  const width = fileWidth(v);
  for (let start = 0; start < width; start += d) {
    let sum = 0;
    for (let e = 0; e < d; e++) sum += out[base + start + e] as number;
    if (Math.abs(sum - 1) > SIMPLEX_SUM_TOLERANCE) {
      const columns = `${names[start] as string}..${names[start + d - 1] as string}`;
      throw new UserError(`${at.file}: row ${at.row}, columns ${columns}: expected ${expectedValue(v)}, found a sum of ${roundForMessage(sum)}`, 1);
    }
  }
}

/** A number printed with at most 6 significant digits (messages should not show float noise). */
function roundForMessage(x: number): string {
  return String(Number(x.toPrecision(6)));
}
