/**
 * JSON data: an array with one object per datapoint, mapping each data variable's name to its value:
 *
 * ```json
 * [
 *   { "x": [0.5, 1.25, -2], "y": 3 },
 *   { "x": [0.1, 0.0, 4.5], "y": 0 }
 * ]
 * ```
 *
 * A scalar is a number; a vector `x: Real[D]` an array of D numbers; a matrix `m: Real[A, B]` an array of
 * A arrays of B numbers; a `Category(K)` element is its index 0…K−1 (so `y: Category(10)` is a number,
 * `c: Category(3)[4]` an array of 4 indices). Keys the model does not declare are an error unless
 * `ignoreColumns`. Rows in messages are 1-based positions in the array; columns are named as in CSV
 * (`x.2` is the third element of `x`).
 */
import { UserError } from '../common/diagnostic.js';
import { describeSource, type Dataset, type LoadOptions } from './dataset-types.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { storeDatapoint } from './validate.js';
import { columnNames, describeDeclaration, fileShape, fileWidth, rowWidth, type DataVariable } from './variables.js';

/**
 * Reads a JSON file into a dataset for `variables`.
 *
 * @param bytes - the file's bytes (UTF-8, already gunzipped)
 * @param file - the file as the user named it, for messages
 * @param variables - the model's data variables
 * @param options - `ignoreColumns` and `limit` are used
 * @throws UserError (exit code 1) for invalid JSON, a top level that is not an array of objects,
 *   missing or unexpected keys, values of the wrong shape, and values outside a variable's domain
 */
export function readJsonDataset(bytes: Uint8Array, file: string, variables: readonly DataVariable[], options: LoadOptions): Dataset {
  let rows: unknown;
  // A byte-order mark is allowed in front (editors on Windows write one); JSON.parse rejects it.
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  try {
    rows = JSON.parse(text);
  } catch {
    throw new UserError(`${file}: ${invalidJson(text)}`, 1);
  }
  if (!Array.isArray(rows)) {
    throw new UserError(`${file}: expected a JSON array of row objects such as [{"x": [0.5, 1.2], "y": 3}], found ${kindOf(rows)}`, 1);
  }
  if (rows.length === 0) throw new UserError(`${file}: the array has no rows`, 1);
  const n = Math.min(rows.length, options.limit ?? Infinity);
  const declared = new Set(variables.map((v) => v.name));
  const columns = new Map(variables.map((v) => [v.name, new Float32Array(n * rowWidth(v))] as const));
  const names = new Map(variables.map((v) => [v.name, columnNames(v)] as const));
  for (let r = 0; r < n; r++) {
    const row: unknown = rows[r];
    const at = { file, row: r + 1 };
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new UserError(`${file}: row ${at.row}: expected an object mapping data names to values, found ${kindOf(row)}`, 1);
    }
    const record = row as Record<string, unknown>;
    if (!(options.ignoreColumns ?? false)) {
      const extra = Object.keys(record).find((k) => !declared.has(k));
      if (extra !== undefined) {
        throw new UserError(
          `${file}: row ${at.row}: unexpected key "${extra}": the model declares ${variables.map(describeDeclaration).join(', ')} ` +
            '(pass --ignore-columns to skip keys the model does not use)',
          1,
        );
      }
    }
    for (const v of variables) {
      if (!Object.hasOwn(record, v.name)) throw new UserError(`${file}: row ${at.row}: missing key "${v.name}" (data ${describeDeclaration(v)})`, 1);
      const flat: unknown[] = [];
      flatten(record[v.name], fileShape(v), v.name, flat, (column, why) => {
        throw new UserError(`${file}: row ${at.row}, column ${column}: ${why}`, 1);
      });
      const values = new Float64Array(fileWidth(v));
      const vNames = names.get(v.name) as string[];
      flat.forEach((x, k) => {
        if (typeof x !== 'number') throw new UserError(`${file}: row ${at.row}, column ${vNames[k] as string}: expected a number, found ${JSON.stringify(x)}`, 1);
        values[k] = x;
      });
      storeDatapoint(v, values, (k) => String(flat[k]), columns.get(v.name) as Float32Array, r, at, vNames);
    }
  }
  return { n, columns, source: describeSource(file, n, rows.length) };
}

/** `invalid JSON at line 3, column 7: expected `,` or `]`, found `}``: one line, located. */
function invalidJson(text: string): string {
  const err = findJsonSyntaxError(text);
  if (err === undefined) return 'invalid JSON';
  const before = text.slice(0, err.offset);
  const line = (before.match(/\n/g)?.length ?? 0) + 1;
  const column = err.offset - (before.lastIndexOf('\n') + 1) + 1;
  const c = text.codePointAt(err.offset);
  const found = c === undefined ? 'the end of the file' : c < 0x20 || c === 0x7f ? `the control character U+${c.toString(16).toUpperCase().padStart(4, '0')}` : `\`${String.fromCodePoint(c)}\``;
  return `invalid JSON at line ${line}, column ${column}: expected ${err.expected}, found ${found}`;
}

/**
 * Flattens a nested array of the given shape row-major into `out`, reporting the first level whose
 * length or kind is wrong through `fail(column, why)`.
 */
function flatten(value: unknown, shape: readonly number[], column: string, out: unknown[], fail: (column: string, why: string) => never): void {
  if (shape.length === 0) {
    if (Array.isArray(value)) fail(column, `expected a number, found an array of ${value.length}`);
    out.push(value);
    return;
  }
  const d = shape[0] as number;
  const inner = shape.length === 1 ? 'numbers' : `arrays of ${shape.slice(1).join(' × ')}`;
  if (!Array.isArray(value)) fail(column, `expected an array of ${d} ${inner}, found ${kindOf(value)}`);
  const items = value as unknown[];
  if (items.length !== d) fail(column, `expected an array of ${d} ${inner}, found an array of ${items.length}`);
  items.forEach((item, i) => flatten(item, shape.slice(1), `${column}.${i}`, out, fail));
}

/** A short description of a JSON value for messages: `an object`, `a string "abc"`, `null`. */
function kindOf(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of ${x.length}`;
  if (typeof x === 'object') return 'an object';
  if (typeof x === 'string') return `a string ${JSON.stringify(x)}`;
  return `${typeof x === 'number' ? 'the number' : 'the value'} ${JSON.stringify(x)}`;
}
