/**
 * The network registry: one row per layer kind, as data. A row declares what a layer takes (positional
 * form and typed options), its shape rule (pure, per datapoint, checked at compile time), its weights
 * (names, shapes, initialisation), how a derived encoder mirrors it, and how it prints. The checker
 * (`check/declarations.ts`, `check/infer-expr.ts`), the derive stage (encoders, weight budget, emitted
 * guides), the runtime (`runtime/net-layers.ts`, typed `Record<LayerKind, …>`), checkpoints and the NaN
 * guard all read this table; nothing else names an architecture.
 *
 * A net is one layer spec: `MLP(…)`, `Linear(…)`, `Sequential(l1, l2, …)` or any single layer. Composite
 * rows (`MLP`, `Linear` with `out =`, `Sequential`) expand into primitive layers; weights are named
 * `net/<net>/<i>/<weight>` where i counts the primitive layers that have weights, so the MLP of earlier
 * versions keeps its checkpoint names (`net/decoder/0/W`, `net/decoder/1/b`).
 *
 * Shapes are per datapoint and images channel-first `[C, H, W]`. A layer with a fixed input rank (Linear 1,
 * Conv2d 3, GRU 2) maps over any extra leading axes; the first such layer of a net fixes the net's.
 */
import type { ValueDomain } from './domains.js';
import { MADE_ORDERS, madeShape } from './made-degrees.js';

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

const shapeText = (s: NetShape): string => `[${s.join(', ')}]`;
const prod = (s: NetShape): number => s.reduce((a, b) => a * b, 1);
const int = (l: LayerSpec, k: string): number => l.options[k] as number;

function activationRow(doc: string, domain: ValueDomain, hidden: boolean, out: boolean): LayerRow {
  return { doc, positional: { form: 'none' }, options: {}, shape: (_l, x) => ({ shape: x }), domain, activation: { hidden, out } };
}

const linear = (a: number, b: number): LayerSpec => ({ kind: 'Linear', sizes: [a, b], options: { out: 'identity' } });
const act = (name: string): LayerSpec => ({ kind: name as LayerKind, sizes: [], options: {} });

/** Output size of a convolution along one axis (floor((n + 2p − k)/s) + 1), and its transpose. */
export function convOutput(n: number, k: number, s: number, p: number): number {
  return Math.floor((n + 2 * p - k) / s) + 1;
}
export function convTransposeOutput(n: number, k: number, s: number, p: number, op: number): number {
  return (n - 1) * s - 2 * p + k + op;
}

function convShape(l: LayerSpec, x: NetShape, transpose: boolean): ShapeResult {
  const [cin, cout] = l.sizes as [number, number];
  const k = int(l, 'kernel');
  const s = int(l, 'stride');
  const p = int(l, 'padding');
  const op = transpose ? int(l, 'output_padding') : 0;
  const [c, h, w] = x as [number, number, number];
  if (c !== cin) return { error: `${describeLayer(l)} expects ${cin} input channels, but its input is ${shapeText(x)} (${c} channel${c === 1 ? '' : 's'}, channel-first [C, H, W])` };
  const out = (n: number) => (transpose ? convTransposeOutput(n, k, s, p, op) : convOutput(n, k, s, p));
  const [h2, w2] = [out(h), out(w)];
  const formula = transpose
    ? `(${h} − 1)·${s} − 2·${p} + ${k}${op ? ` + ${op}` : ''} = ${h2}`
    : `⌊(${h} + 2·${p} − ${k}) / ${s}⌋ + 1 = ${h2}`;
  if (h2 < 1 || w2 < 1) return { error: `${describeLayer(l)} on ${shapeText(x)} leaves no output (height ${formula})` };
  if (transpose && op >= s) return { error: `${describeLayer(l)}: output_padding must be smaller than the stride` };
  return { shape: [cout, h2, w2] };
}

/** The table. Activations first, then layers with weights, then composites. */
export const LAYERS = {
  identity: activationRow('x', 'Real', false, true),
  relu: activationRow('max(x, 0)', 'NonNegative', true, false),
  tanh: activationRow('tanh x', 'Real', true, false),
  sigmoid: activationRow('1 / (1 + e^−x)', 'Unit', true, true),
  softplus: activationRow('log(1 + e^x)', 'Positive', true, true),
  elu: activationRow('x if x > 0 else e^x − 1', 'Real', true, false),
  exp: activationRow('e^x', 'Positive', false, true),
  softmax: activationRow('softmax over the last axis', 'Simplex', false, true),
  Linear: {
    doc: '`Linear(in -> out)`: x·W + b over the last axis',
    positional: { form: 'chain', min: 2, max: 2 },
    options: { out: { type: 'out', default: 'identity' } },
    inRank: () => 1,
    shape: (l, x) => {
      const [a, b] = l.sizes as [number, number];
      if (x[x.length - 1] !== a) return { error: `${describeLayer(l)} expects an input of width ${a}, but its input is ${shapeText(x)}` };
      return { shape: [...x.slice(0, -1), b] };
    },
    weights: (l) => {
      const [a, b] = l.sizes as [number, number];
      const bound = 1 / Math.sqrt(a);
      return [{ name: 'W', shape: [a, b], bound, what: 'weights' }, { name: 'b', shape: [b], bound, what: 'biases' }];
    },
    mirror: (l): LayerSpec => linear(l.sizes[1] as number, l.sizes[0] as number),
    expand: (l) => {
      const out = l.options.out as string;
      return [linear(l.sizes[0] as number, l.sizes[1] as number), ...(out === 'identity' ? [] : [act(out)])];
    },
  },
  Conv2d: {
    doc: '`Conv2d(cin -> cout, kernel = k, stride = s, padding = p)`: a 2-d convolution of `[cin, H, W]`',
    positional: { form: 'chain', min: 2, max: 2 },
    options: { kernel: { type: 'size' }, stride: { type: 'size', default: 1 }, padding: { type: 'count', default: 0 } },
    inRank: () => 3,
    shape: (l, x) => convShape(l, x, false),
    mirror: (l, input, output): LayerSpec | undefined => {
      // The transpose maps the output back to the input; output_padding recovers what the floor dropped.
      const [k, s, p] = [int(l, 'kernel'), int(l, 'stride'), int(l, 'padding')];
      const op = (input[1] as number) - convTransposeOutput(output[1] as number, k, s, p, 0);
      if (op < 0 || op >= s) return undefined;
      return { kind: 'ConvTranspose2d', sizes: [l.sizes[1] as number, l.sizes[0] as number], options: { kernel: k, stride: s, padding: p, output_padding: op } };
    },
    weights: (l) => {
      const [cin, cout] = l.sizes as [number, number];
      const k = int(l, 'kernel');
      const bound = 1 / Math.sqrt(cin * k * k);
      return [{ name: 'W', shape: [k, k, cin, cout], bound, what: 'kernels' }, { name: 'b', shape: [cout], bound, what: 'biases' }];
    },
  },
  ConvTranspose2d: {
    doc: '`ConvTranspose2d(cin -> cout, kernel = k, stride = s, padding = p, output_padding = q)`: the transpose of a convolution',
    positional: { form: 'chain', min: 2, max: 2 },
    options: { kernel: { type: 'size' }, stride: { type: 'size', default: 1 }, padding: { type: 'count', default: 0 }, output_padding: { type: 'count', default: 0 } },
    inRank: () => 3,
    shape: (l, x) => convShape(l, x, true),
    mirror: (l): LayerSpec => ({ kind: 'Conv2d', sizes: [l.sizes[1] as number, l.sizes[0] as number], options: { kernel: int(l, 'kernel'), stride: int(l, 'stride'), padding: int(l, 'padding') } }),
    weights: (l) => {
      const [cin, cout] = l.sizes as [number, number];
      const k = int(l, 'kernel');
      // PyTorch's fan-in of a transposed convolution is its weight's dimension 1 (out channels) × k².
      const bound = 1 / Math.sqrt(cout * k * k);
      return [{ name: 'W', shape: [k, k, cout, cin], bound, what: 'kernels' }, { name: 'b', shape: [cout], bound, what: 'biases' }];
    },
  },
  GRU: {
    doc: '`GRU(in -> hidden)`: a gated recurrent unit over the sequence axis, `[T, in]` to the hidden states `[T, hidden]`',
    positional: { form: 'chain', min: 2, max: 2 },
    options: {},
    inRank: () => 2,
    shape: (l, x) => {
      const [a, h] = l.sizes as [number, number];
      if (x.length !== 2 || x[1] !== a) return { error: `${describeLayer(l)} expects a sequence [T, ${a}], but its input is ${shapeText(x)}` };
      return { shape: [x[0] as number, h] };
    },
    weights: (l) => {
      const [a, h] = l.sizes as [number, number];
      const bound = 1 / Math.sqrt(h);
      return [
        { name: 'wIh', shape: [a, 3 * h], bound, what: 'input weights' },
        { name: 'wHh', shape: [h, 3 * h], bound, what: 'recurrent weights' },
        { name: 'bIh', shape: [3 * h], bound, what: 'input biases' },
        { name: 'bHh', shape: [3 * h], bound, what: 'recurrent biases' },
      ];
    },
  },
  MADE: {
    doc: '`MADE(d -> h1 -> … -> d·m, context = c, order = natural)`: a masked autoencoder (Germain et al. 2015) on `[d + c]` (z, then the context); output j·d + i depends only on the inputs before i in the order (and on the context)',
    positional: { form: 'chain', min: 3 },
    options: { context: { type: 'count', default: 0 }, order: { type: 'word', default: 'natural', choices: MADE_ORDERS }, hidden: { type: 'hidden', default: 'relu' } },
    inRank: () => 1,
    shape: (l, x) => {
      const d = l.sizes[0] as number;
      const out = l.sizes[l.sizes.length - 1] as number;
      const c = int(l, 'context');
      if (out % d !== 0) return { error: `${describeLayer(l)} has ${out} outputs, which is not a multiple of its ${d} inputs (write d·m: m parameters per input)` };
      if (x[x.length - 1] !== d + c) return { error: `${describeLayer(l)} expects an input of width ${d}${c > 0 ? ` + ${c} (context) = ${d + c}` : ''}, but its input is ${shapeText(x)}` };
      return { shape: [...x.slice(0, -1), out] };
    },
    weights: (l) => {
      // One masked product per layer (W_l ⊙ M_l, masks from made-degrees.ts); the context's C joins the first.
      const s = madeShape(l);
      const widths = [s.inputs, ...s.hidden, s.inputs * s.perInput];
      const out: LayerWeight[] = [];
      for (let i = 0; i + 1 < widths.length; i++) {
        const fanIn = (widths[i] as number) + (i === 0 ? s.context : 0);
        const bound = 1 / Math.sqrt(fanIn);
        out.push({ name: `W${i}`, shape: [widths[i] as number, widths[i + 1] as number], bound, what: `masked weights ${i + 1}` });
        if (i === 0 && s.context > 0) out.push({ name: 'C', shape: [s.context, widths[1] as number], bound, what: 'context weights' });
        out.push({ name: `b${i}`, shape: [widths[i + 1] as number], bound, what: `biases ${i + 1}` });
      }
      return out;
    },
  },
  Reshape: {
    doc: '`Reshape(d1, …)`: the same values with the shape `[d1, …]`',
    positional: { form: 'sizes', min: 1 },
    options: {},
    shape: (l, x) => {
      if (prod(x) !== prod(l.sizes)) {
        return { error: `${describeLayer(l)} needs ${l.sizes.join('·')} = ${prod(l.sizes)} values, but its input ${shapeText(x)} has ${x.length > 1 ? `${x.join('·')} = ` : ''}${prod(x)}` };
      }
      return { shape: l.sizes };
    },
    mirror: (_l, input): LayerSpec => (input.length === 1 ? { kind: 'Flatten', sizes: [], options: {} } : { kind: 'Reshape', sizes: input, options: {} }),
  },
  Flatten: {
    doc: '`Flatten`: the values of its input as one vector',
    positional: { form: 'none' },
    options: {},
    shape: (_l, x) => ({ shape: [prod(x)] }),
    mirror: (_l, input): LayerSpec => ({ kind: 'Reshape', sizes: input, options: {} }),
  },
  MLP: {
    doc: '`MLP(in -> h1 -> … -> out, hidden = relu, out = identity)`: dense layers with an activation between them',
    positional: { form: 'chain', min: 2 },
    options: { hidden: { type: 'hidden', default: 'relu' }, out: { type: 'out', default: 'identity' } },
    expand: (l) => {
      const out: LayerSpec[] = [];
      for (let i = 0; i + 1 < l.sizes.length; i++) {
        out.push(linear(l.sizes[i] as number, l.sizes[i + 1] as number));
        const a = i + 2 < l.sizes.length ? (l.options.hidden as string) : (l.options.out as string);
        if (a !== 'identity') out.push(act(a));
      }
      return out;
    },
  },
  Sequential: {
    doc: '`Sequential(layer, layer, …)`: layers applied in order',
    positional: { form: 'layers', min: 1 },
    options: {},
    expand: (l) => (l.layers ?? []).flatMap(primitives),
  },
} as const satisfies Record<string, LayerRow>;

/** A layer kind. */
export type LayerKind = keyof typeof LAYERS;
/** Every layer kind, in table order. */
export const LAYER_KINDS = Object.keys(LAYERS) as LayerKind[];

/** The row of a kind. */
export function layerRow(kind: LayerKind): LayerRow {
  return LAYERS[kind];
}

/** The row for a name, or undefined. */
export function lookupLayer(name: string): LayerKind | undefined {
  return Object.prototype.hasOwnProperty.call(LAYERS, name) ? (name as LayerKind) : undefined;
}

/** Activation names allowed for an option type. */
export function activationsFor(type: 'hidden' | 'out'): LayerKind[] {
  return LAYER_KINDS.filter((k) => layerRow(k).activation?.[type] === true);
}

/** The primitive layers a spec stands for (composites expanded). */
export function primitives(l: LayerSpec): LayerSpec[] {
  const row = layerRow(l.kind);
  return row.expand !== undefined ? [...row.expand(l)] : [l];
}

/** A primitive layer with its weights and the index used in their names (`net/<net>/<index>/<weight>`). */
export interface WeightedLayer {
  readonly layer: LayerSpec;
  /** Position among the primitive layers. */
  readonly position: number;
  /** Index among the primitive layers that have weights, or undefined when it has none. */
  readonly index?: number;
  readonly weights: readonly LayerWeight[];
}

const layerCache = new WeakMap<LayerSpec, readonly WeightedLayer[]>();

/** The primitive layers of a net in order, with their weights (computed once per spec: the runtime asks every step). */
export function netLayers(spec: LayerSpec): readonly WeightedLayer[] {
  const cached = layerCache.get(spec);
  if (cached !== undefined) return cached;
  const layers = weightedLayers(spec);
  layerCache.set(spec, layers);
  return layers;
}

function weightedLayers(spec: LayerSpec): WeightedLayer[] {
  let index = 0;
  return primitives(spec).map((layer, position) => {
    const weights = layerRow(layer.kind).weights?.(layer) ?? [];
    return weights.length > 0 ? { layer, position, index: index++, weights } : { layer, position, weights };
  });
}

/** Number of learned float32 parameters of a net. */
export function netParameterCount(spec: LayerSpec): number {
  return netLayers(spec).reduce((n, l) => n + l.weights.reduce((m, w) => m + prod(w.shape), 0), 0);
}

/** The activation the net ends with (the logits rewrite drops a final sigmoid/softmax), or `identity`. */
export function finalActivation(spec: LayerSpec): LayerKind {
  const last = primitives(spec).at(-1);
  return last !== undefined && layerRow(last.kind).activation !== undefined ? last.kind : 'identity';
}

/** The domain of a net's output. */
export function netDomain(spec: LayerSpec): ValueDomain {
  return layerRow(finalActivation(spec)).domain ?? 'Real';
}

/**
 * The rank of the input a net takes: the first layer with a fixed rank decides; a net that starts with
 * Reshape takes a vector; one that starts with Flatten (or has no ranked layer) takes its whole input.
 */
export function netInputRank(spec: LayerSpec): number | undefined {
  for (const l of primitives(spec)) {
    const row = layerRow(l.kind);
    if (row.inRank !== undefined) return row.inRank(l);
    if (l.kind === 'Reshape') return 1;
    if (row.activation === undefined) return undefined;
  }
  return undefined;
}

/** The input width of a net whose first ranked layer is a Linear (a hint for shape inference), or undefined. */
export function netInputWidth(spec: LayerSpec): number | undefined {
  const first = primitives(spec).find((l) => layerRow(l.kind).activation === undefined);
  return first?.kind === 'Linear' ? (first.sizes[0] as number) : undefined;
}

/** How a net maps an argument shape: its leading (mapped) axes, the output, or the first layer that fails. */
export type NetShapeResult =
  | { readonly lead: NetShape; readonly shape: NetShape; readonly trace: readonly { readonly layer: LayerSpec; readonly shape: NetShape }[] }
  | { readonly error: string };

/** Applies the shape rules of a net to an argument shape (a scalar counts as a vector of length 1). */
export function netOutputShape(spec: LayerSpec, arg: NetShape): NetShapeResult {
  const rank = netInputRank(spec);
  const input = arg.length === 0 ? [1] : arg;
  if (rank !== undefined && input.length < rank) {
    return { error: `its first layer takes ${rank === 1 ? 'a vector' : `rank-${rank} values${rank === 3 ? ' [C, H, W]' : rank === 2 ? ' [T, features]' : ''}`}, but the input is ${shapeText(arg)}` };
  }
  const split = rank === undefined ? 0 : input.length - rank;
  const lead = input.slice(0, split);
  let cur: NetShape = input.slice(split);
  const trace: { layer: LayerSpec; shape: NetShape }[] = [];
  // What gave the current shape, to say where a mismatched input came from.
  let from: string | undefined;
  const fail = (error: string): NetShapeResult => ({ error: from === undefined ? error : `${error}, the output of ${from}` });
  for (const l of primitives(spec)) {
    const rank2 = layerRow(l.kind).inRank?.(l);
    // Linear maps over leading axes inside a net too (a GRU's hidden states, one row per step).
    if (rank2 !== undefined && (l.kind === 'Linear' ? cur.length < 1 : cur.length !== rank2)) return fail(`${describeLayer(l)} takes rank-${rank2} input, but its input is ${shapeText(cur)}`);
    const r = layerRow(l.kind).shape?.(l, cur) ?? { shape: cur };
    if ('error' in r) return fail(r.error);
    if (netLayerShapes(l)) from = `${describeLayer(l)} on ${shapeText(cur)}`;
    cur = r.shape;
    trace.push({ layer: l, shape: cur });
  }
  return { lead, shape: cur, trace };
}

function optionText(v: number | string): string {
  return String(v);
}

/** A layer as it is written in model files (options equal to their defaults left out). */
export function printLayer(l: LayerSpec): string {
  const row = layerRow(l.kind);
  const parts: string[] = [];
  if (row.positional.form === 'chain') parts.push(l.sizes.join(' -> '));
  else if (row.positional.form === 'sizes') parts.push(l.sizes.join(', '));
  else if (row.positional.form === 'layers') parts.push(...(l.layers ?? []).map(printLayer));
  for (const [k, spec] of Object.entries(row.options)) {
    const v = l.options[k];
    if (v !== undefined && (v !== spec.default || (l.kind === 'MLP' && k === 'hidden'))) parts.push(`${k} = ${optionText(v)}`);
  }
  return parts.length === 0 && row.positional.form === 'none' ? l.kind : `${l.kind}(${parts.join(', ')})`;
}

/** A layer in words for diagnostics: every option, `ConvTranspose2d(16 -> 1, kernel 4, stride 2, padding 1)`. */
export function describeLayer(l: LayerSpec): string {
  const row = layerRow(l.kind);
  const parts: string[] = [];
  if (row.positional.form === 'chain') parts.push(l.sizes.join(' -> '));
  else if (row.positional.form === 'sizes') parts.push(l.sizes.join(', '));
  for (const [k, spec] of Object.entries(row.options)) {
    const v = l.options[k];
    const numeric = spec.type === 'size' || spec.type === 'count';
    if (numeric && v !== undefined && !((k === 'output_padding' || k === 'context') && v === 0)) parts.push(`${k} ${optionText(v)}`);
  }
  return parts.length === 0 ? l.kind : `${l.kind}(${parts.join(', ')})`;
}

/** The widths of a net made only of dense layers (`[784, 400, 20]`), or undefined. */
export function denseWidths(spec: LayerSpec): number[] | undefined {
  const dense = primitives(spec).filter((l) => layerRow(l.kind).activation === undefined);
  if (dense.length === 0 || dense.some((l) => l.kind !== 'Linear')) return undefined;
  for (let i = 1; i < dense.length; i++) if (dense[i]?.sizes[0] !== dense[i - 1]?.sizes[1]) return undefined;
  return [dense[0]?.sizes[0] as number, ...dense.map((l) => l.sizes[1] as number)];
}

/**
 * A one-line summary for tables: `784 → 400 → 20` for dense nets, else its primitive layers in short
 * (`Linear 32 → 1568, relu, Reshape [32, 7, 7], ConvTranspose2d 32 → 16 k4 s2 p1, …`).
 */
export function netSummary(spec: LayerSpec): string {
  const dense = denseWidths(spec);
  if (dense !== undefined) return dense.join(' → ');
  return primitives(spec)
    .map((l) => {
      const row = layerRow(l.kind);
      if (row.positional.form === 'sizes') return `${l.kind} [${l.sizes.join(', ')}]`;
      const sizes = l.sizes.length > 0 ? ` ${l.sizes.join(' → ')}` : '';
      const opts = Object.entries(row.options)
        .filter(([k, o]) => (o.type === 'size' || o.type === 'count') && !(k === 'output_padding' && l.options[k] === 0))
        .map(([k]) => `${k === 'output_padding' ? 'op' : k[0]}${l.options[k]}`);
      return `${l.kind}${sizes}${opts.length > 0 ? ` ${opts.join(' ')}` : ''}`;
    })
    .join(', ');
}

/** An MLP (or a Linear when there are no hidden widths) with these widths. */
export function denseNet(widths: readonly number[], hidden: string, out = 'identity'): LayerSpec {
  return widths.length === 2 ? { kind: 'Linear', sizes: widths, options: { out } } : { kind: 'MLP', sizes: widths, options: { hidden, out } };
}

/** The shape recorded on a net's site: the output width of a dense net, else `[]` (it depends on the input). */
export function netSiteShape(spec: LayerSpec): NetShape {
  const w = denseWidths(spec);
  return w === undefined ? [] : [w[w.length - 1] as number];
}

/** The activation between the dense layers of a net (an MLP's `hidden`), or `relu` when it has none. */
export function hiddenActivation(spec: LayerSpec): string {
  const ps = primitives(spec);
  for (let i = 0; i + 1 < ps.length; i++) {
    const row = layerRow((ps[i] as LayerSpec).kind);
    if (row.activation?.hidden === true && ps.slice(i + 1).some((l) => layerRow(l.kind).activation === undefined)) return (ps[i] as LayerSpec).kind;
  }
  return 'relu';
}

/** The checkpoint name of a net's weight: `net/<net>/<layer>/<weight>` (layer: index among weighted layers). */
export function netWeightName(net: string, layer: number, weight: string): string {
  return `net/${net}/${layer}/${weight}`;
}

/** The weight a checkpoint name denotes, in words (`layer 2 (ConvTranspose2d(…)) kernels`), for the NaN guard. */
export function describeNetWeight(spec: LayerSpec, layer: number, weight: string): string | undefined {
  const l = netLayers(spec).find((x) => x.index === layer);
  const w = l?.weights.find((x) => x.name === weight);
  if (l === undefined || w === undefined) return undefined;
  return `layer ${layer + 1}${l.layer.kind === 'Linear' ? '' : ` (${describeLayer(l.layer)})`} ${w.what}`;
}

/** A derived encoder's body mirroring a decoder: its input shape (the decoder's output) and the width it ends in. */
export interface MirroredEncoder {
  /** The encoder's layers before its heads (`Conv2d(1 -> 16, …), relu, …, Flatten`). */
  readonly layers: readonly LayerSpec[];
  /** The shape it takes: the decoder's output shape (`[1, 28, 28]`). */
  readonly input: NetShape;
  /** The width of its last layer's output, where the heads' Linear layer attaches. */
  readonly width: number;
}

/**
 * The encoder mirroring a decoder applied to values of shape `latent`: the decoder's layers in reverse,
 * each replaced by its row's mirror, with the decoder's hidden activation after every weighted layer; the
 * mirror of the first decoder layer (which would map back to the latent) is dropped, since the family's
 * heads take its place. Undefined when a layer has no mirror or the mirrored shapes do not round-trip.
 */
export function mirrorEncoder(spec: LayerSpec, latent: NetShape): MirroredEncoder | undefined {
  const r = netOutputShape(spec, latent);
  if ('error' in r || r.lead.length > 0) return undefined;
  const ps = primitives(spec);
  const shapes: NetShape[] = [latent.length === 0 ? [1] : latent, ...r.trace.map((t) => t.shape)];
  const act = hiddenActivation(spec);
  const out: LayerSpec[] = [];
  for (let i = ps.length - 1; i >= 0; i--) {
    const l = ps[i] as LayerSpec;
    const row = layerRow(l.kind);
    if (row.activation !== undefined) continue;
    const m = row.mirror?.(l, shapes[i] as NetShape, shapes[i + 1] as NetShape);
    if (m === undefined) return undefined;
    out.push(m);
    if (layerRow(m.kind).weights !== undefined) out.push({ kind: act as LayerKind, sizes: [], options: {} });
  }
  // Drop the mirror of the decoder's first layer (back to the latent) and the activation after it.
  while (out.length > 0 && layerRow((out[out.length - 1] as LayerSpec).kind).activation !== undefined) out.pop();
  if (out[out.length - 1]?.kind === 'Linear') out.pop();
  while (out.length > 0 && layerRow((out[out.length - 1] as LayerSpec).kind).activation !== undefined) out.pop();
  if (out.length === 0) return undefined;
  const body: LayerSpec = { kind: 'Sequential', sizes: [], options: {}, layers: out };
  const check = netOutputShape(body, r.shape);
  if ('error' in check) return undefined;
  let end = check.shape;
  if (end.length > 1) {
    out.push({ kind: 'Flatten', sizes: [], options: {} });
    end = [prod(end)];
  }
  return { layers: out, input: r.shape, width: end[0] as number };
}

/** Whether a layer changes the shape of what it is given (activations do not), for explaining shape errors. */
export function netLayerShapes(l: LayerSpec): boolean {
  return layerRow(l.kind).activation === undefined;
}

/** The layer kinds that are not activations (`Linear`, `Conv2d`, …, `MLP`, `Sequential`): reserved names. */
export const ARCHITECTURE_KINDS: readonly LayerKind[] = LAYER_KINDS.filter((k) => layerRow(k).activation === undefined);
/** The activation layer kinds (`relu`, `sigmoid`, …). */
export const ACTIVATION_KINDS: readonly LayerKind[] = LAYER_KINDS.filter((k) => layerRow(k).activation !== undefined);
