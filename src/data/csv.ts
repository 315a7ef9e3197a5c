/**
 * CSV data: a header row naming the columns, then one row per datapoint. A scalar data variable `y` is
 * the column `y`; a vector `x: Real[D]` is the columns `x.0` … `x.{D−1}`; a matrix `m: Real[A, B]` is
 * `m.i.j` (row-major); a `Category(K)` element holds its index 0…K−1. Column order is free.
 *
 * Parsing is csv-parse's (RFC 4180 quoting, BOM, CRLF); blank lines are skipped and cells trimmed.
 * Rows in messages are the file's line numbers, the header being row 1, so `row 17` is what an editor
 * shows as line 17.
 */
// `#csv-parse/sync` is csv-parse's sync API: its Node build under Node, its browser build (with its own
// Buffer) in bundlers, and typed by types/csv-parse-sync.d.ts so the core needs no Node types (package.json `imports`).
import { CsvError, parse } from '#csv-parse/sync';
import { UserError } from '../common/diagnostic.js';
import { describeSource, type Dataset, type LoadOptions } from './dataset-types.js';
import { storeDatapoint } from './validate.js';
import { columnNames, describeDeclaration, fileWidth, rowWidth, type DataVariable } from './variables.js';

/** A decimal number as people write them: `3`, `-0.5`, `.25`, `1e-3`. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Spellings of non-finite values that spreadsheets and numpy write; parsed so the message can say "finite". */
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** One parsed CSV record with the line it starts on. */
interface CsvRecord {
  readonly cells: readonly string[];
  readonly line: number;
}

/**
 * Reads a CSV file into a dataset for `variables`.
 *
 * @param bytes - the file's bytes (already gunzipped)
 * @param file - the file as the user named it, for messages
 * @param variables - the model's data variables
 * @param options - `ignoreColumns` and `limit` are used
 * @throws UserError (exit code 1) for malformed CSV, missing or unexpected columns, rows of the wrong
 *   length, cells that are not numbers, or values outside a variable's domain
 */
export function readCsvDataset(bytes: Uint8Array, file: string, variables: readonly DataVariable[], options: LoadOptions): Dataset {
  const records = parseRecords(bytes, file);
  const header = records[0];
  if (header === undefined) throw new UserError(`${file}: the file is empty; expected a header row naming the columns`, 1);
  const positions = matchColumns(header.cells, file, variables, options.ignoreColumns ?? false);
  const body = records.slice(1);
  if (body.length === 0) throw new UserError(`${file}: no data rows after the header`, 1);
  const n = Math.min(body.length, options.limit ?? Infinity);
  const columns = new Map<string, Float32Array>();
  variables.forEach((v, vi) => {
    const out = new Float32Array(n * rowWidth(v));
    const names = columnNames(v);
    const at = positions[vi] as readonly number[];
    const values = new Float64Array(fileWidth(v));
    for (let r = 0; r < n; r++) {
      const record = body[r] as CsvRecord;
      if (record.cells.length !== header.cells.length) {
        throw new UserError(`${file}: row ${record.line}: expected ${header.cells.length} fields as in the header, found ${record.cells.length}`, 1);
      }
      const where = { file, row: record.line };
      for (let k = 0; k < values.length; k++) {
        const text = record.cells[at[k] as number] as string;
        const x = parseCell(text);
        if (x === undefined) {
          const found = text === '' ? 'an empty cell' : JSON.stringify(text);
          throw new UserError(`${file}: row ${record.line}, column ${names[k] as string}: expected a number, found ${found}`, 1);
        }
        values[k] = x;
      }
      storeDatapoint(v, values, (k) => JSON.stringify(record.cells[at[k] as number]), out, r, where, names);
    }
    columns.set(v.name, out);
  });
  return { n, columns, source: describeSource(file, n, body.length) };
}

/** Parses a trimmed cell as a number; `undefined` if it is not one (NaN/Inf spellings parse). */
function parseCell(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  if (NON_FINITE.test(text)) return /nan/i.test(text) ? NaN : text.startsWith('-') ? -Infinity : Infinity;
  return undefined;
}

/** All records, each with the line it starts on; csv-parse errors become UserErrors. */
function parseRecords(bytes: Uint8Array, file: string): CsvRecord[] {
  try {
    const rows = parse(bytes, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    // csv-parse reports the line a record ends on; a quoted field with line breaks started earlier.
    return rows.map(({ record, info }) => ({ cells: record, line: info.lines - record.reduce((s, c) => s + countNewlines(c), 0) }));
  } catch (e) {
    if (e instanceof CsvError) throw new UserError(`${file}: malformed CSV: ${e.message}`, 1);
    throw e;
  }
}

/** Number of `\n` in a string. */
function countNewlines(s: string): number {
  let c = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) c++;
  return c;
}

/**
 * For each variable, the header position of each of its columns. Missing columns are always an error;
 * columns no variable claims are an error unless `ignoreColumns`.
 */
function matchColumns(header: readonly string[], file: string, variables: readonly DataVariable[], ignoreColumns: boolean): number[][] {
  const position = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === '') throw new UserError(`${file}: row 1, column ${i + 1}: the header has an empty column name`, 1);
    if (position.has(name)) throw new UserError(`${file}: row 1: the header names column ${name} twice`, 1);
    position.set(name, i);
  });
  const claimed = new Set<string>();
  const result = variables.map((v) => {
    const names = columnNames(v);
    const missing = names.filter((c) => !position.has(c));
    if (missing.length > 0) throw new UserError(`${file}: ${missingMessage(v, names, missing, position)}`, 1);
    for (const c of names) claimed.add(c);
    return names.map((c) => position.get(c) as number);
  });
  const extra = header.filter((c) => !claimed.has(c));
  if (extra.length > 0 && !ignoreColumns) {
    const list = abbreviate(extra);
    throw new UserError(
      `${file}: unexpected column${extra.length > 1 ? 's' : ''} ${list}: the model declares ${variables.map(describeDeclaration).join(', ')} ` +
        '(pass --ignore-columns to skip columns the model does not use)',
      1,
    );
  }
  return result;
}

/** "missing column x.4 (data x: Real[5] needs columns x.0 … x.4)", with a hint for `x` vs `x.0`. */
function missingMessage(v: DataVariable, names: readonly string[], missing: readonly string[], position: ReadonlyMap<string, number>): string {
  const needs = names.length === 1 ? `column ${names[0] as string}` : `columns ${names[0] as string} … ${names[names.length - 1] as string}`;
  const hint = names.length > 1 && position.has(v.name) ? `; a vector is stored one element per column (${names[0] as string}, ${names[1] as string}, …), not as a column ${v.name}` : '';
  return `missing column${missing.length > 1 ? 's' : ''} ${abbreviate(missing)} (data ${describeDeclaration(v)} needs ${needs})${hint}`;
}

/** Lists up to five names, then "and N more". */
function abbreviate(names: readonly string[]): string {
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}
