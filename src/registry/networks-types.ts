/**
 * The types of the network registry (`networks.ts`) and the helpers its row files share. A row file
 * (`networks-conv.ts`, `networks-recurrent.ts`, …) imports only this file, so the table in `networks.ts`
 * can gather the rows without import circles.
 */
import type { ValueDomain } from './domains.js';
import type { LayerKind } from './networks.js';

/** A per-datapoint shape. */
export type NetShape = readonly number[];

/** The type of an option value. */
export type OptionType = 'size' | 'count' | 'hidden' | 'out' | 'word';

/** One declared option of a layer kind. */
export interface OptionSpec {
  /** `size`: positive integer; `count`: non-negative integer; `hidden`/`out`: an activation name. */
  readonly type: OptionType;
  /** The value when not given; an option without default is required. */
  readonly default?: number | string;
  /** `word`: the names it may take (`order = reversed`). */
  readonly choices?: readonly string[];
}

/** What the positional arguments of a layer are. */
export type PositionalForm =
  | { readonly form: 'chain'; readonly min: number; readonly max?: number }
  | { readonly form: 'sizes'; readonly min: number }
  | { readonly form: 'layers'; readonly min: number }
  | { readonly form: 'none' };

/** A resolved layer: a row name, its positional sizes, its options (defaults filled in), and sub-layers. */
export interface LayerSpec {
  readonly kind: LayerKind;
  /** `a -> b -> c` for chains, `d1, d2, …` for Reshape; empty otherwise. */
  readonly sizes: readonly number[];
  /** Every declared option of the row, with defaults filled in. */
  readonly options: Readonly<Record<string, number | string>>;
  /** The layers of a `Sequential`. */
  readonly layers?: readonly LayerSpec[];
}

/** One learned tensor of a layer. */
export interface LayerWeight {
  /** Its name inside the layer (`W`, `b`, `wIh`, …). */
  readonly name: string;
  readonly shape: NetShape;
  /** Initialised uniform on ±bound (PyTorch's default for the same layer, so both start alike). */
  readonly bound: number;
  /** Words for the NaN guard (`weights`, `biases`). */
  readonly what: string;
}

/** The result of a shape rule: the output shape, or why the input does not fit. */
export type ShapeResult = { readonly shape: NetShape } | { readonly error: string };

/** A row of the network table. */
export interface LayerRow {
  /** One line for docs. */
  readonly doc: string;
  readonly positional: PositionalForm;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** The rank of the input this layer takes (it maps over extra leading axes); undefined: the whole input. */
  readonly inRank?: (l: LayerSpec) => number;
  /** Output shape from input shape (primitive layers). */
  readonly shape?: (l: LayerSpec, input: NetShape) => ShapeResult;
  /** Learned tensors (primitive layers). */
  readonly weights?: (l: LayerSpec) => readonly LayerWeight[];
  /** Composite layers: the primitive layers it stands for. */
  readonly expand?: (l: LayerSpec) => readonly LayerSpec[];
  /** The domain of the output, for activations (others give Real). */
  readonly domain?: ValueDomain;
  /** Activation layers: what `MLP(hidden = …)` and `out = …` may name. */
  readonly activation?: { readonly hidden: boolean; readonly out: boolean };
  /**
   * The layer a derived encoder uses in its place, mapping this layer's output shape back to its input
   * shape (ConvTranspose2d ↔ Conv2d with channels reversed, Reshape ↔ Flatten, Linear reversed); undefined
   * when it has no mirror. Activations are not mirrored one by one (the encoder puts its own between layers).
   */
  readonly mirror?: (l: LayerSpec, input: NetShape, output: NetShape) => LayerSpec | undefined;
}

export const shapeText = (s: NetShape): string => `[${s.join(', ')}]`;
export const prod = (s: NetShape): number => s.reduce((a, b) => a * b, 1);
/** A numeric option of a resolved layer (the checker has filled in defaults and checked the type). */
export const int = (l: LayerSpec, k: string): number => l.options[k] as number;

/** A layer in words given its row: every numeric option, `ConvTranspose2d(16 -> 1, kernel 4, stride 2, padding 1)`. */
export function describeWith(l: LayerSpec, row: LayerRow): string {
  const parts: string[] = [];
  if (row.positional.form === 'chain') parts.push(l.sizes.join(' -> '));
  else if (row.positional.form === 'sizes') parts.push(l.sizes.join(', '));
  for (const [k, spec] of Object.entries(row.options)) {
    const v = l.options[k];
    const numeric = spec.type === 'size' || spec.type === 'count';
    if (numeric && v !== undefined && !((k === 'output_padding' || k === 'context') && v === 0)) parts.push(`${k} ${String(v)}`);
  }
  return parts.length === 0 ? l.kind : `${l.kind}(${parts.join(', ')})`;
}
