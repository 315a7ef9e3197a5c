/**
 * The data variables of a model and how they are laid out in a file and in memory. One convention is
 * shared by every file format: the element at index `(i, j)` of a data variable `x` is the column
 * `x.i.j`; a scalar `y` is the column `y`; a `Category(K)` variable stores a category index 0…K−1 per
 * element in files and a one-hot vector of length K in memory (its declared shape ends in K).
 */
import type { CheckedModel } from '../check/checked-model.js';
import type { DomainName } from '../registry/domains.js';

/** One data variable of the model, as the checker resolved it (from CheckedModel DataSymbol). */
export interface DataVariable {
  /** The declared name. */
  readonly name: string;
  /** Per-datapoint shape; for `Category(K)` the shape ENDS in K (one-hot). */
  readonly shape: readonly number[];
  /** The declared domain (src/registry/domains.ts). */
  readonly domain: DomainName;
  /** K for `Category(K)`. */
  readonly categories?: number;
}

/** The data variables of a checked model, in declaration order. */
export function dataVariablesOf(model: CheckedModel): DataVariable[] {
  const out: DataVariable[] = [];
  for (const s of model.symbols.values()) {
    if (s.kind !== 'data') continue;
    out.push(s.categories === undefined ? { name: s.name, shape: s.shape, domain: s.domain } : { name: s.name, shape: s.shape, domain: s.domain, categories: s.categories });
  }
  return out;
}

/** Number of float32 values one datapoint of `v` occupies in memory (one-hot for categories). */
export function rowWidth(v: DataVariable): number {
  return v.shape.reduce((a, b) => a * b, 1);
}

/**
 * The shape of what a file stores per datapoint: the declared shape, except that a `Category(K)`
 * variable stores one index per one-hot vector, so its trailing K is dropped.
 */
export function fileShape(v: DataVariable): readonly number[] {
  return v.domain === 'Category' ? v.shape.slice(0, -1) : v.shape;
}

/** Number of values one datapoint of `v` occupies in a file (CSV columns, JSON numbers). */
export function fileWidth(v: DataVariable): number {
  return fileShape(v).reduce((a, b) => a * b, 1);
}

/** The K of a `Category(K)` variable (its categories field, else its last dimension). */
export function categoryCount(v: DataVariable): number {
  return v.categories ?? (v.shape[v.shape.length - 1] as number);
}

/**
 * The column names of `v` in a CSV header, row-major: `y`; `x.0` … `x.{D−1}`; `m.0.0`, `m.0.1`, ….
 */
export function columnNames(v: DataVariable): string[] {
  const shape = fileShape(v);
  const names: string[] = [];
  const index = shape.map(() => 0);
  const total = fileWidth(v);
  for (let k = 0; k < total; k++) {
    names.push(shape.length === 0 ? v.name : `${v.name}.${index.join('.')}`);
    // Advance the multi-index like an odometer, last axis fastest (row-major).
    for (let a = shape.length - 1; a >= 0; a--) {
      index[a] = (index[a] as number) + 1;
      if ((index[a] as number) < (shape[a] as number)) break;
      index[a] = 0;
    }
  }
  return names;
}

/**
 * The per-datapoint shapes a declaration may give values stored in a file with per-row shape `dims`:
 * flat (`[784]`), the file's own shape (`[28, 28]`), or that shape behind a channel axis of one
 * (`[1, 28, 28]`: images are channel-first, as convolutional nets take them). All three are the same
 * row-major values, so laying them out moves nothing; any other shape would reorder or invent axes.
 */
export function acceptedShapes(dims: readonly number[]): number[][] {
  const size = dims.reduce((a, b) => a * b, 1);
  const out: number[][] = [];
  for (const shape of [[size], [...dims], [1, ...dims]]) {
    if (!out.some((s) => sameShape(s, shape))) out.push(shape);
  }
  return out;
}

/** Whether a declared per-datapoint shape is one of {@link acceptedShapes} of the file's `dims`. */
export function fitsFileShape(declared: readonly number[], dims: readonly number[]): boolean {
  return acceptedShapes(dims).some((s) => sameShape(s, declared));
}

/** The accepted shapes as a message lists them: `[784], [28, 28] or [1, 28, 28]`. */
export function describeAcceptedShapes(dims: readonly number[]): string {
  const texts = acceptedShapes(dims).map((s) => `[${s.join(', ')}]`);
  return texts.length === 1 ? (texts[0] as string) : `${texts.slice(0, -1).join(', ')} or ${texts[texts.length - 1] as string}`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The declaration as a user would write it: `x: Real[5]`, `y: Category(10)`, `c: Category(3)[4]`. */
export function describeDeclaration(v: DataVariable): string {
  const shape = fileShape(v);
  const dims = shape.length === 0 ? '' : `[${shape.join(', ')}]`;
  const domain = v.domain === 'Category' ? `Category(${categoryCount(v)})` : v.domain;
  return `${v.name}: ${domain}${dims}`;
}
