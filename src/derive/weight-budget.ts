/**
 * The weight budget: every net's parameter count and bytes, computed from the compiled shapes before
 * anything is allocated. A model whose weights would not fit (`dim Z = 100000; net d: MLP(Z -> 100000
 * -> 784)` asks for 10¹⁰ float32 values) is a located compile error (E0905) naming the net, its
 * parameter count and the bytes it needs, instead of an out-of-memory crash or tfjs's "Invalid typed
 * array length" deep inside weight creation. `--explain` prints the same table.
 *
 * Verbs: `measure*` returns sizes, `verify*` returns diagnostics.
 */
import { netParameterCount as netWeightCount, netSummary } from '../registry/networks.js';
import type { Diagnostic } from '../common/diagnostic.js';
import type { ModelIR, NetSite, ParamSite } from '../ir/model-ir.js';
import type { GuideIR } from './guide-ir.js';
import { flowSummary } from '../flows/plan-flow.js';

/**
 * Default budget for all weights, in bytes: 2²⁸ (256 MiB, 67 million float32 parameters). Training holds
 * about four times the weights (the weights, their gradients and Adam's two moments), so this keeps a
 * run near 1 GiB — inside the wasm backend's 32-bit heap — while leaving room for any VAE of the
 * literature (the MNIST VAE has 0.6 million parameters). `--max-weight-memory` raises it.
 */
export const DEFAULT_MAX_WEIGHT_BYTES = 2 ** 28;

/** Bytes per stored parameter (float32). */
export const BYTES_PER_PARAMETER = 4;

/** The size of one learned part of a compiled model. */
export interface WeightSize {
  /** The net's or param's name. */
  readonly name: string;
  /** `net` (weight matrices and biases) or `param` (a model param or a free variational parameter). */
  readonly kind: 'net' | 'param';
  /** `model` (θ) or `guide` (φ). */
  readonly owner: 'model' | 'guide';
  /** What it is, for messages: "net `decoder`", "the derived encoder `encoder_z` of `z`". */
  readonly what: string;
  /** Widths, input first (nets only). */
  readonly layers?: string;
  /** Number of float32 parameters (exact, possibly above 2⁵³ only for absurd models). */
  readonly parameters: number;
  /** Bytes they take as float32. */
  readonly bytes: number;
  /** The declaration (for a derived encoder: its latent's `~`). */
  readonly span: NetSite['span'];
}

/** Parameters of a net, from the weights its registry rows declare. */
export function netParameterCount(net: NetSite): number {
  return netWeightCount(net.spec);
}

function paramSize(p: ParamSite, owner: 'model' | 'guide'): WeightSize {
  const parameters = p.shape.reduce((a, b) => a * b, 1);
  return { name: p.name, kind: 'param', owner, what: `${owner === 'guide' ? 'guide ' : ''}param \`${p.name}\``, parameters, bytes: parameters * BYTES_PER_PARAMETER, span: p.span };
}

/** Every net and param of a model and its guide with its size, model first, in declaration order. */
export function measureWeights(ir: ModelIR, guide: GuideIR): WeightSize[] {
  const encoderOf = new Map<string, string>();
  for (const f of Object.values(guide.factors)) if (f.encoder !== undefined) encoderOf.set(f.encoder.net, f.latent);
  const net = (s: NetSite, owner: 'model' | 'guide'): WeightSize => {
    const parameters = netParameterCount(s);
    const latent = encoderOf.get(s.name);
    const what = latent !== undefined ? `the derived encoder \`${s.name}\` of \`${latent}\`` : `${owner === 'guide' ? 'guide ' : ''}net \`${s.name}\``;
    return { name: s.name, kind: 'net', owner, what, layers: netSummary(s.spec), parameters, bytes: parameters * BYTES_PER_PARAMETER, span: s.span };
  };
  const byStart = <T extends { span: { start: number } }>(xs: T[]) => xs.sort((a, b) => a.span.start - b.span.start);
  const sites = Object.values(ir.sites);
  return [
    ...byStart(sites.filter((s): s is NetSite => s.kind === 'net')).map((s) => net(s, 'model')),
    ...byStart(sites.filter((s): s is ParamSite => s.kind === 'param')).map((s) => paramSize(s, 'model')),
    ...Object.values(guide.nets).map((s) => net(s, 'guide')),
    ...Object.values(guide.params).map((s) => paramSize(s, 'guide')),
    // A flow's steps (`flow/<latent>/<step>/<weight>`), one part per latent.
    ...guide.order.flatMap((z): WeightSize[] => {
      const f = guide.factors[z];
      if (f?.form !== 'flow') return [];
      const { weights, steps } = flowSummary(z, f.flow);
      return [{ name: `flow/${z}`, kind: 'param', owner: 'guide', what: `the flow of \`${z}\` (${steps})`, parameters: weights, bytes: weights * BYTES_PER_PARAMETER, span: f.span }];
    }),
  ];
}

/** `268,435,456 bytes (256 MiB)`. */
export function formatBytes(bytes: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let unit = 'bytes';
  for (const u of units) {
    if (v < 1024) break;
    v /= 1024;
    unit = u;
  }
  const short = unit === 'bytes' ? '' : ` (${v >= 100 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '')} ${unit})`;
  return `${bytes.toLocaleString('en-US')} bytes${short}`;
}

/**
 * One E0905 error per net or param that alone exceeds `maxBytes`; if none does but all together do, one
 * error at the largest. Nothing is allocated: sizes come from the declared shapes.
 */
export function verifyWeightBudget(sizes: readonly WeightSize[], maxBytes: number): Diagnostic[] {
  const total = sizes.reduce((a, s) => a + s.bytes, 0);
  if (total <= maxBytes) return [];
  const budget = `the weight budget of ${formatBytes(maxBytes)}`;
  const help = `use smaller layers or latents, or raise the budget with \`--max-weight-memory ${suggest(total)}\` if the machine has the memory (training holds about 4× the weights: gradients and Adam's two moments)`;
  const layers = (s: WeightSize) => (s.layers !== undefined ? ` (${s.layers})` : '');
  const over = sizes.filter((s) => s.bytes > maxBytes);
  if (over.length > 0) {
    return over.map((s) => ({
      code: 'E0905', severity: 'error', span: s.span, help,
      message: `${s.what}${layers(s)} has ${s.parameters.toLocaleString('en-US')} parameters, which need ${formatBytes(s.bytes)} as float32: more than ${budget}`,
    }));
  }
  const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return [{
    code: 'E0905', severity: 'error', span: largest.span, help,
    message: `the model's weights need ${formatBytes(total)} as float32 (${sizes.reduce((a, s) => a + s.parameters, 0).toLocaleString('en-US')} parameters), more than ${budget}; the largest part is ${largest.what}${layers(largest)} with ${largest.parameters.toLocaleString('en-US')} parameters`,
  }];
}

/** A budget value that would admit `bytes`, rounded up to a power-of-two number of MiB or GiB (`512M`, `64G`). */
function suggest(bytes: number): string {
  const mib = Math.ceil(bytes / 2 ** 20);
  const pow = 2 ** Math.ceil(Math.log2(Math.max(1, mib)));
  return pow >= 1024 ? `${pow / 1024}G` : `${pow}M`;
}

/**
 * Parses a `--max-weight-memory` value: bytes, or a number with a binary suffix `K`, `M`, `G`, `T`
 * (`512M`, `1.5G`). Undefined for anything else.
 */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B?|B)?\s*$/i.exec(text);
  if (m === null) return undefined;
  const scale: Record<string, number> = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 };
  const unit = (m[2] ?? '').toUpperCase().replace(/I?B$/, '');
  const factor = scale[unit];
  const bytes = Number(m[1]) * (factor ?? NaN);
  return Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes) : undefined;
}
