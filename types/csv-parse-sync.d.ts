/**
 * The part of csv-parse's sync API that src/data/csv.ts uses, typed without Node's types (csv-parse's
 * own declarations reference `Buffer` and `stream`, which would pull Node's types into the core).
 * package.json `imports` maps `#csv-parse/sync` to this file for TypeScript and to csv-parse's Node or
 * browser build at run time.
 */

/** The options src/data/csv.ts passes. */
export interface Options {
  readonly bom?: boolean;
  readonly trim?: boolean;
  readonly skip_empty_lines?: boolean;
  readonly relax_column_count?: boolean;
  readonly info?: boolean;
}

/** Parses CSV text into records (with `info: true`, records with their line information). */
export function parse(input: string | Uint8Array, options: Options): unknown[];

/** A malformed-CSV error. */
export class CsvError extends Error {
  readonly code: string;
}
