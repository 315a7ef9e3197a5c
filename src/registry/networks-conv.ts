/**
 * The convolution rows of the network registry (`networks.ts` gathers them into its one table):
 * `Conv2d` and `ConvTranspose2d` over channel-first `[C, H, W]` images, with PyTorch's size formulas
 * and initialisation (torch.nn.Conv2d / ConvTranspose2d docs), and their mirrors for derived encoders.
 * The runtime (`runtime/layers/conv2d.ts`) computes its sizes with the same `convOutput` functions.
 */
import { describeWith, int, shapeText, type LayerRow, type LayerSpec, type NetShape, type ShapeResult } from './networks-types.js';

/** Output size of a convolution along one axis (floor((n + 2p − k)/s) + 1), and its transpose. */
export function convOutput(n: number, k: number, s: number, p: number): number {
  return Math.floor((n + 2 * p - k) / s) + 1;
}
export function convTransposeOutput(n: number, k: number, s: number, p: number, op: number): number {
  return (n - 1) * s - 2 * p + k + op;
}

function convShape(l: LayerSpec, x: NetShape, transpose: boolean): ShapeResult {
  const name = describeWith(l, transpose ? ConvTranspose2d : Conv2d);
  const [cin, cout] = l.sizes as [number, number];
  const k = int(l, 'kernel');
  const s = int(l, 'stride');
  const p = int(l, 'padding');
  const op = transpose ? int(l, 'output_padding') : 0;
  const [c, h, w] = x as [number, number, number];
  if (c !== cin) return { error: `${name} expects ${cin} input channels, but its input is ${shapeText(x)} (${c} channel${c === 1 ? '' : 's'}, channel-first [C, H, W])` };
  const out = (n: number) => (transpose ? convTransposeOutput(n, k, s, p, op) : convOutput(n, k, s, p));
  const [h2, w2] = [out(h), out(w)];
  const formula = transpose
    ? `(${h} − 1)·${s} − 2·${p} + ${k}${op ? ` + ${op}` : ''} = ${h2}`
    : `⌊(${h} + 2·${p} − ${k}) / ${s}⌋ + 1 = ${h2}`;
  if (h2 < 1 || w2 < 1) return { error: `${name} on ${shapeText(x)} leaves no output (height ${formula})` };
  if (transpose && op >= s) return { error: `${name}: output_padding must be smaller than the stride` };
  return { shape: [cout, h2, w2] };
}

const Conv2d: LayerRow = {
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
};

const ConvTranspose2d: LayerRow = {
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
};

/** The rows, in table order. */
export const CONV_ROWS = { Conv2d, ConvTranspose2d };
