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
 *
 * This file holds the one table (`LAYERS`) and the queries on it; rows live by concept beside it
 * (`networks-conv.ts`, `networks-recurrent.ts`, `networks-made.ts`; the activations, dense, reshaping and composite rows here),
 * their types in `networks-types.ts`, and the encoder mirror in `networks-mirror.ts`. A new layer kind is
 * one row (in a file of its concept) spread into `LAYERS`, plus its runtime in `runtime/net-layers.ts`.
 */
import type { ValueDomain } from './domains.js';
import { CONV_ROWS } from './networks-conv.js';
import { MADE_ROWS } from './networks-made.js';
import { RECURRENT_ROWS } from './networks-recurrent.js';
import { describeWith, prod, shapeText, type LayerRow, type LayerSpec, type LayerWeight, type NetShape } from './networks-types.js';

export type { LayerRow, LayerSpec, LayerWeight, NetShape, OptionSpec, OptionType, PositionalForm, ShapeResult } from './networks-types.js';
export { convOutput, convTransposeOutput } from './networks-conv.js';

function activationRow(doc: string, domain: ValueDomain, hidden: boolean, out: boolean): LayerRow {
  return { doc, positional: { form: 'none' }, options: {}, shape: (_l, x) => ({ shape: x }), domain, activation: { hidden, out } };
}

const linear = (a: number, b: number): LayerSpec => ({ kind: 'Linear', sizes: [a, b], options: { out: 'identity' } });
const act = (name: string): LayerSpec => ({ kind: name as LayerKind, sizes: [], options: {} });

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
  ...CONV_ROWS,
  ...RECURRENT_ROWS,
  ...MADE_ROWS,
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
  return describeWith(l, layerRow(l.kind));
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

/** Whether a layer changes the shape of what it is given (activations do not), for explaining shape errors. */
export function netLayerShapes(l: LayerSpec): boolean {
  return layerRow(l.kind).activation === undefined;
}

/** The layer kinds that are not activations (`Linear`, `Conv2d`, …, `MLP`, `Sequential`): reserved names. */
export const ARCHITECTURE_KINDS: readonly LayerKind[] = LAYER_KINDS.filter((k) => layerRow(k).activation === undefined);
/** The activation layer kinds (`relu`, `sigmoid`, …). */
export const ACTIVATION_KINDS: readonly LayerKind[] = LAYER_KINDS.filter((k) => layerRow(k).activation !== undefined);
