/**
 * Shape rules and weight declarations of the tensor layers (conv2d.ts, conv-transpose2d.ts, gru.ts),
 * as plain numbers (no TensorFlow.js), for the layers' own tests and internal checks; the compiler
 * checks nets against the network registry's rows. Images are channel-first `[C, H, W]`; every rule accepts extra leading
 * axes and keeps them (a net maps over them).
 *
 * Each rule returns a value, never throws: `ok` with the output shape and the arithmetic that gave
 * it (for `--explain` and for located shape errors), or the reason the input does not fit.
 *
 * Initialization follows PyTorch's defaults, so a Tilde model starts from the same distribution of
 * weights as a hand-written PyTorch one: `nn.Conv2d` and `nn.ConvTranspose2d` call
 * `kaiming_uniform_(weight, a = √5)`, i.e. bound = gain·√(3 / fan_in) with gain = √(2 / (1 + a²)) =
 * √(1/3), which is 1/√fan_in; the bias is uniform on ±1/√fan_in too. PyTorch's fan_in is
 * `weight.size(1)·k·k`: C_in·k² for Conv2d (weight [C_out, C_in, k, k]) but C_out·k² for
 * ConvTranspose2d (weight [C_in, C_out, k, k]). `nn.GRU` draws every weight and bias uniform on
 * ±1/√hidden.
 *
 * The per-axis size formulas are the network registry's (its rows are the rules the compiler checks);
 * these functions only add the runtime's leading axes and messages around them.
 */
import { convOutput, convTransposeOutput } from '../../registry/networks.js';

/** The result of a shape rule: the output shape and how it was computed, or why the input does not fit. */
export type ShapeResult =
  | { readonly ok: true; readonly shape: readonly number[]; readonly arithmetic: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/** Options of a 2-D convolution (`Conv2d(inChannels -> outChannels, kernel, stride, padding)`). */
export interface Conv2dSpec {
  readonly inChannels: number;
  readonly outChannels: number;
  /** Square kernel side k. */
  readonly kernel: number;
  readonly stride: number;
  readonly padding: number;
}

/** Options of a transposed 2-D convolution: those of {@link Conv2dSpec} plus `outputPadding`. */
export interface ConvTranspose2dSpec extends Conv2dSpec {
  /** Extra rows and columns added at the bottom and right of the output (PyTorch's `output_padding`, < stride). */
  readonly outputPadding: number;
}

/** Options of a GRU (`GRU(inputSize -> hidden)`). */
export interface GruSpec {
  readonly inputSize: number;
  readonly hidden: number;
}

/** One learned tensor of a layer: its name (the last part of `net/<net>/<layer>/<name>`), shape and init. */
export interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** Initialized uniform on [−bound, bound]. */
  readonly bound: number;
}

const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** Positive integers, and non-negative ones where allowed; else the first offending option. */
function checkOptions(spec: Conv2dSpec, layer: string, outputPadding?: number): string | null {
  for (const [name, v] of [
    ['input channels', spec.inChannels],
    ['output channels', spec.outChannels],
    ['kernel', spec.kernel],
    ['stride', spec.stride],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) return `${layer}: ${name} must be a positive integer, got ${v}`;
  }
  if (!Number.isInteger(spec.padding) || spec.padding < 0) return `${layer}: padding must be a non-negative integer, got ${spec.padding}`;
  if (outputPadding !== undefined) {
    if (!Number.isInteger(outputPadding) || outputPadding < 0 || outputPadding >= spec.stride) {
      return `${layer}: output_padding must be an integer in [0, stride) = [0, ${spec.stride}), got ${outputPadding}`;
    }
  }
  return null;
}

/** Splits `[...lead, C, H, W]`, or explains why the input is not an image. */
function splitImage(input: readonly number[], layer: string, inChannels: number): { lead: number[]; h: number; w: number } | string {
  if (input.length < 3) return `${layer} expects an input [C, H, W] (channels first), got ${fmt(input)}`;
  const c = input[input.length - 3]!;
  if (c !== inChannels) return `${layer} expects ${inChannels} input channels, got ${c} (input ${fmt(input)}, channels first)`;
  return { lead: input.slice(0, -3), h: input[input.length - 2]!, w: input[input.length - 1]! };
}

function describeConv(layer: string, spec: Conv2dSpec, outputPadding?: number): string {
  const extra = outputPadding === undefined || outputPadding === 0 ? '' : `, output_padding ${outputPadding}`;
  return `${layer}(${spec.inChannels} -> ${spec.outChannels}, kernel ${spec.kernel}, stride ${spec.stride}, padding ${spec.padding}${extra})`;
}

/** `[...lead, C_in, H, W]` → `[...lead, C_out, H', W']` with H' = ⌊(H + 2p − k) / s⌋ + 1. */
export function conv2dOutputShape(input: readonly number[], spec: Conv2dSpec): ShapeResult {
  const bad = checkOptions(spec, 'Conv2d');
  if (bad !== null) return { ok: false, reason: bad };
  const parts = splitImage(input, describeConv('Conv2d', spec), spec.inChannels);
  if (typeof parts === 'string') return { ok: false, reason: parts };
  const { kernel: k, stride: s, padding: p } = spec;
  const side = (n: number, axis: string) => ({
    n: convOutput(n, k, s, p),
    text: `${axis}: ⌊(${n} + 2·${p} − ${k}) / ${s}⌋ + 1 = ${convOutput(n, k, s, p)}`,
  });
  const h = side(parts.h, 'H');
  const w = side(parts.w, 'W');
  const shape = [...parts.lead, spec.outChannels, h.n, w.n];
  if (h.n < 1 || w.n < 1) {
    return { ok: false, reason: `${describeConv('Conv2d', spec)} does not fit an input ${fmt(input)}: ${h.text}, ${w.text}` };
  }
  return { ok: true, shape, arithmetic: [h.text, w.text] };
}

/** `[...lead, C_in, H, W]` → `[...lead, C_out, H', W']` with H' = (H − 1)·s − 2p + k + output_padding. */
export function convTranspose2dOutputShape(input: readonly number[], spec: ConvTranspose2dSpec): ShapeResult {
  const bad = checkOptions(spec, 'ConvTranspose2d', spec.outputPadding);
  if (bad !== null) return { ok: false, reason: bad };
  const name = describeConv('ConvTranspose2d', spec, spec.outputPadding);
  const parts = splitImage(input, name, spec.inChannels);
  if (typeof parts === 'string') return { ok: false, reason: parts };
  const { kernel: k, stride: s, padding: p, outputPadding: op } = spec;
  const side = (n: number, axis: string) => {
    const out = convTransposeOutput(n, k, s, p, op);
    return { n: out, text: `${axis}: (${n} − 1)·${s} − 2·${p} + ${k}${op === 0 ? '' : ` + ${op}`} = ${out}` };
  };
  const h = side(parts.h, 'H');
  const w = side(parts.w, 'W');
  if (h.n < 1 || w.n < 1) return { ok: false, reason: `${name} does not fit an input ${fmt(input)}: ${h.text}, ${w.text}` };
  return { ok: true, shape: [...parts.lead, spec.outChannels, h.n, w.n], arithmetic: [h.text, w.text] };
}

/** `[...lead, T, in]` → `[...lead, T, hidden]` (every hidden state of the sequence). */
export function gruOutputShape(input: readonly number[], spec: GruSpec): ShapeResult {
  for (const [name, v] of [
    ['input size', spec.inputSize],
    ['hidden size', spec.hidden],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) return { ok: false, reason: `GRU: ${name} must be a positive integer, got ${v}` };
  }
  const name = `GRU(${spec.inputSize} -> ${spec.hidden})`;
  if (input.length < 2) return { ok: false, reason: `${name} expects a sequence [T, ${spec.inputSize}], got ${fmt(input)}` };
  const last = input[input.length - 1]!;
  if (last !== spec.inputSize) {
    return { ok: false, reason: `${name} expects ${spec.inputSize} features per step, got ${last} (input ${fmt(input)}, shape [T, ${spec.inputSize}])` };
  }
  return { ok: true, shape: [...input.slice(0, -1), spec.hidden], arithmetic: [`[T, ${spec.inputSize}] → [T, ${spec.hidden}]`] };
}

/** `W` [k, k, C_in, C_out] (tfjs's filter layout) and `b` [C_out], both uniform on ±1/√(C_in·k²). */
export function conv2dWeightSpecs(spec: Conv2dSpec): WeightSpec[] {
  const { kernel: k, inChannels: cin, outChannels: cout } = spec;
  const bound = 1 / Math.sqrt(cin * k * k);
  return [
    { name: 'W', shape: [k, k, cin, cout], bound },
    { name: 'b', shape: [cout], bound },
  ];
}

/** `W` [k, k, C_out, C_in] (tfjs's conv2dTranspose layout) and `b` [C_out], uniform on ±1/√(C_out·k²). */
export function convTranspose2dWeightSpecs(spec: Conv2dSpec): WeightSpec[] {
  const { kernel: k, inChannels: cin, outChannels: cout } = spec;
  const bound = 1 / Math.sqrt(cout * k * k);
  return [
    { name: 'W', shape: [k, k, cout, cin], bound },
    { name: 'b', shape: [cout], bound },
  ];
}

/** `wIh` [in, 3H], `wHh` [H, 3H], `bIh` [3H], `bHh` [3H] (gates r, z, n), all uniform on ±1/√H. */
export function gruWeightSpecs(spec: GruSpec): WeightSpec[] {
  const h3 = 3 * spec.hidden;
  const bound = 1 / Math.sqrt(spec.hidden);
  return [
    { name: 'wIh', shape: [spec.inputSize, h3], bound },
    { name: 'wHh', shape: [spec.hidden, h3], bound },
    { name: 'bIh', shape: [h3], bound },
    { name: 'bHh', shape: [h3], bound },
  ];
}
