/**
 * Derives the amortized guide q(z | x): for every latent the user's `guide { }` block does not cover, a
 * variational family from its support (`families.ts`), conditioned on the inputs faithful inversion
 * gives (`inversion.ts`), with an encoder network mirroring the decoder path (`encoders.ts`); globals and
 * input-less latents get free variational parameters instead (mean field). The result is a
 * {@link GuideIR}: plain guide code, the same form a user guide has.
 */
import { denseNet, netOutputShape, printLayer, type LayerSpec } from '../registry/networks.js';
import type { Diagnostic } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import type { DistNode, IRExpr, LatentSite, LetSite, ModelIR, NetSite, ParamSite } from '../ir/model-ir.js';
import { distRefs, exprRefs } from '../ir/model-ir.js';
import { chooseFamily, type DiscreteStrategy, type FamilyChoice, type Head } from './families.js';
import { encoderShape } from './encoders.js';
import { guideOrder, invert } from './inversion.js';
import { applyNet, call, constant, inlineLets, latentsRead, plus, ref, sizeOf, sliceVector } from './ir-builders.js';
import type { GuideFactor, GuideIR, GuideStep } from './guide-ir.js';
import { deriveMessages } from './derive-messages.js';
import { deriveSequenceFactor, sequenceGuideFits } from './sequence-guide.js';
import { ENCODER_INPUT } from '../registry/domains.js';
import { UserError } from '../common/diagnostic.js';
import { applyGuideFamily } from '../flows/derive-family.js';
import type { GuideFamilyOption } from '../flows/guide-family.js';
import type { FlowNode } from '../flows/flow-ir.js';
import { flowInputHeads, withFlowInputs } from '../flows/flow-inputs.js';

/** Options of guide derivation. */
export interface DeriveGuideOptions {
  /** Relaxed (Gumbel-softmax / Concrete) or score-function for Binary and Category latents. Default relaxed. */
  readonly discrete?: DiscreteStrategy;
  /** Hidden widths of every derived encoder (overrides the mirrored default). */
  readonly encoderHidden?: readonly number[];
  /** Added to every learned scale-like parameter so it never reaches 0. Default 1e-4. */
  readonly scaleFloor?: number;
  /** `--guide-family`: full covariance or a flow for latents with support Real (src/flows/guide-family.ts). */
  readonly guideFamily?: GuideFamilyOption;
}

/** The default floor added to learned scales. */
export const DEFAULT_SCALE_FLOOR = 1e-4;

interface Builder {
  readonly nets: Record<string, NetSite>;
  readonly params: Record<string, ParamSite>;
  readonly lets: Record<string, LetSite>;
  readonly steps: GuideStep[];
  readonly taken: Set<string>;
}

function fresh(b: Builder, base: string): string {
  let name = base;
  for (let i = 2; b.taken.has(name); i++) name = `${base}_${i}`;
  b.taken.add(name);
  return name;
}

/** softplus⁻¹(y) = log(e^y − 1), to 4 decimals (it is printed in emitted guides). */
function softplusInverse(y: number): number {
  return Math.round(Math.log(Math.expm1(y)) * 1e4) / 1e4;
}

/** Applies a head's bijector (and the scale floor) to a raw expression. */
function constrain(raw: IRExpr, head: Head, floor: number, span: Span): IRExpr {
  if (head.bijector === 'identity') return raw;
  if (head.bijector === 'fill_scale_tril') return call('fill_scale_tril', [raw], head.shape, 'Real', span);
  const shifted = head.init !== undefined ? plus(raw, constant(softplusInverse(head.init), span), 'Real', span) : raw;
  const sp = call('softplus', [shifted], raw.info.shape, 'Positive', span);
  return floor > 0 ? plus(sp, constant(floor, span), 'Positive', span) : sp;
}

/**
 * The encoder input: one input as is, several joined with `concat`. Among several, an input with more
 * than one axis (a matrix-valued global, image data) goes through a weightless guide net `Flatten` first.
 */
function encoderInput(ir: ModelIR, b: Builder, inputs: readonly string[], span: Span): { expr: IRExpr; width: number; transforms: string[] } {
  const refs: IRExpr[] = [];
  const transforms: string[] = [];
  let width = 0;
  for (const n of inputs) {
    const s = ir.sites[n];
    if (s === undefined) continue;
    const perDatapoint = s.kind === 'data' || (s.kind === 'latent' && s.scope === 'local');
    // The input's domain may ask for an elementwise transform first (counts through log1p).
    const t = ENCODER_INPUT[s.domain];
    if (t !== undefined) transforms.push(`${t.fn}(${n}) (${t.why})`);
    const raw = ref(n, s.shape, s.domain, perDatapoint, span);
    const r = t !== undefined ? call(t.fn, [raw], s.shape, 'NonNegative', span) : raw;
    // A single input with several axes goes in whole: the encoder flattens it (or mirrors a conv decoder).
    if (s.shape.length > 1 && inputs.length === 1) return { expr: r, width: sizeOf(s.shape), transforms };
    refs.push(s.shape.length > 1 ? applyNet(flattenNet(b, n, span), r, sizeOf(s.shape), r.info.domain, span) : r);
    width += sizeOf(s.shape);
  }
  // One input goes in as it is (a scalar into a network of input width 1); several are joined.
  if (refs.length === 1 && refs[0] !== undefined && refs[0].info.shape.length <= 1) return { expr: refs[0], width, transforms };
  return { expr: call('concat', refs, [width], 'Real', span), width, transforms };
}

/** A guide net `flatten_<input>: Flatten` (no weights), shared by every encoder that reads the input. */
function flattenNet(b: Builder, input: string, span: Span): string {
  const name = `flatten_${input}`;
  if (b.nets[name] !== undefined) return name;
  const netName = fresh(b, name);
  b.nets[netName] = { kind: 'net', name: netName, spec: { kind: 'Flatten', sizes: [], options: {} }, shape: [], domain: 'Real', parents: [], span };
  return netName;
}

/**
 * The guide's bound parameters for a bounded choice: the prior's bound expressions, model lets inlined
 * (the guide evaluates no model lets), so that q's support is exactly p's. Latents they read are drawn
 * before this one (see {@link deriveGuide}'s schedule) and are the same values the prior reads.
 */
function boundParams(ir: ModelIR, site: LatentSite, choice: FamilyChoice): Record<string, IRExpr> {
  if (choice.bounds === undefined) return {};
  const [low, high] = choice.bounds;
  const lowExpr = site.prior.params[low];
  const highExpr = site.prior.params[high];
  if (lowExpr === undefined || highExpr === undefined) return {};
  return { low: inlineLets(ir, lowExpr), high: inlineLets(ir, highExpr) };
}

/**
 * A derived factor; with `flow`, a flow factor whose base is this family. The encoder emits the flow's
 * amortized inputs (IAF's context h) as extra heads after the base's (src/flows/flow-inputs.ts).
 */
function deriveFactor(ir: ModelIR, b: Builder, site: LatentSite, choice: FamilyChoice, inputs: readonly string[], dropped: readonly string[], opts: DeriveGuideOptions, diags: Diagnostic[], flow?: FlowNode): GuideFactor | undefined {
  const span = site.span;
  const floor = opts.scaleFloor ?? DEFAULT_SCALE_FLOOR;
  const params: Record<string, IRExpr> = {};
  const base = { latent: site.name, family: choice.family, familyReason: choice.reason, dropped, span, origin: 'derived' as const };
  if (inputs.length === 0) {
    for (const head of choice.heads) {
      const name = fresh(b, `${site.name}_${head.param}`);
      const raw = head.rawWidth !== undefined ? [head.rawWidth] : head.shape;
      b.params[name] = { kind: 'param', name, shape: raw, domain: 'Real', declared: 'Real', parents: [], span };
      params[head.param] = constrain(ref(name, raw, 'Real', false, span), head, floor, span);
    }
    const dist: DistNode = { dist: choice.family, params: { ...params, ...boundParams(ir, site, choice) }, span };
    const factor = { ...base, dist, inputs: [], amortized: false };
    return flow === undefined ? factor : { ...factor, form: 'flow', flow };
  }
  if (site.shape.length > 1) {
    diags.push(deriveMessages.rankTooHigh(site));
    return undefined;
  }
  const input = encoderInput(ir, b, inputs, span);
  const widths = choice.heads.map((h) => h.rawWidth ?? sizeOf(h.shape));
  const flowHeads = flow === undefined ? [] : flowInputHeads(flow);
  const total = [...widths, ...flowHeads.map((h) => h.width)].reduce((x, y) => x + y, 0);
  const inShape = input.expr.info.shape;
  const user = overrideEncoder(ir, site, inShape, diags);
  if (user === null) return undefined;
  const shape = user !== undefined ? { hidden: [], activation: 'relu' as const, mirror: { layers: user.layers, input: inShape, width: user.width } } : encoderShape(ir, site.name, opts.encoderHidden);
  const layers = [input.width, ...shape.hidden, total];
  // The user's `encoder_<latent>` keeps its name (its weights are that net's); a derived one gets a fresh name.
  const netName = user !== undefined ? user.net.name : fresh(b, `encoder_${site.name}`);
  const mirror = shape.mirror !== undefined && inShape.join(',') === shape.mirror.input.join(',') ? shape.mirror : undefined;
  const dense = denseNet(mirror !== undefined ? [mirror.width, total] : layers, shape.activation);
  // A conv decoder's mirror (or the user's encoder) ends in the heads' Linear layer; any other input with several axes is flattened first.
  const spec: LayerSpec =
    mirror !== undefined ? { kind: 'Sequential', sizes: [], options: {}, layers: [...mirror.layers, dense] }
    : inShape.length > 1 ? { kind: 'Sequential', sizes: [], options: {}, layers: [{ kind: 'Flatten', sizes: [], options: {} }, dense] }
    : dense;
  b.nets[netName] = {
    kind: 'net', name: netName, spec,
    shape: [total], domain: 'Real', parents: [], span: user !== undefined ? user.net.span : span,
  };
  const letName = fresh(b, `enc_${site.name}`);
  const value = applyNet(netName, input.expr, total, 'Real', span);
  b.lets[letName] = { kind: 'let', name: letName, shape: [total], domain: 'Real', parents: [...inputs, netName].sort(), span, value };
  b.steps.push({ kind: 'let', name: letName });
  const out = ref(letName, [total], 'Real', true, span);
  let offset = 0;
  choice.heads.forEach((head, i) => {
    const w = widths[i] ?? 0;
    const raw = sliceVector(out, offset, offset + w, head.shape.length === 0 && head.rawWidth === undefined, span);
    params[head.param] = constrain(raw, head, floor, span);
    offset += w;
  });
  const flowInputs: Record<string, IRExpr> = {};
  for (const h of flowHeads) {
    flowInputs[h.name] = sliceVector(out, offset, offset + h.width, false, span);
    offset += h.width;
  }
  const heads = [
    ...choice.heads.map((h, i) => ({ param: h.param, width: widths[i] ?? 0, bijector: h.bijector !== 'softplus' ? h.bijector : h.init !== undefined ? `softplus(· + ${softplusInverse(h.init)}) + ${floor}` : `softplus + ${floor}` })),
    ...flowHeads.map((h) => ({ param: h.name, width: h.width, bijector: 'identity' })),
  ];
  const encoder = {
    net: netName, layers: mirror !== undefined ? [input.width, total] : layers, heads,
    ...(input.transforms.length > 0 ? { inputs: input.transforms } : {}),
    ...(mirror !== undefined ? { body: mirror.layers.map(printLayer).join(', ') } : {}),
    ...('mirrors' in shape && shape.mirrors !== undefined && (mirror !== undefined || shape.mirror === undefined) ? { mirrors: shape.mirrors } : {}),
    ...(user !== undefined ? { override: true } : {}),
  };
  const factor = { ...base, dist: { dist: choice.family, params: { ...params, ...boundParams(ir, site, choice) }, span }, inputs, amortized: true, encoder };
  return flow === undefined ? factor : { ...factor, form: 'flow', flow: withFlowInputs(flow, flowInputs) };
}

/**
 * The guide block's `net encoder_<latent>` for a latent the block does not sample: it replaces the
 * derived encoder's body (the family's heads follow it, a Flatten first if its output has several axes).
 * Undefined when there is none; null (with a located E0288) when its first layer does not take the input.
 */
function overrideEncoder(ir: ModelIR, site: LatentSite, input: readonly number[], diags: Diagnostic[]): { net: NetSite; layers: LayerSpec[]; width: number } | undefined | null {
  const net = ir.guideBlock?.sites[`encoder_${site.name}`];
  if (net?.kind !== 'net') return undefined;
  const r = netOutputShape(net.spec, input);
  if ('error' in r || r.lead.length > 0) {
    diags.push(deriveMessages.encoderDoesNotFit(site, net, input, 'error' in r ? r.error : `it maps over the leading axes [${r.lead.join(', ')}] instead of taking them`));
    return null;
  }
  const layers: LayerSpec[] = net.spec.kind === 'Sequential' ? [...(net.spec.layers ?? [])] : [net.spec];
  if (r.shape.length > 1) layers.push({ kind: 'Flatten', sizes: [], options: {} });
  return { net, layers, width: sizeOf(r.shape) };
}

/** Adds a user guide-block factor (and the guide lets it needs, in block order) to the builder. */
function userFactor(ir: ModelIR, b: Builder, latent: string, emittedLets: Set<string>): GuideFactor | undefined {
  const block = ir.guideBlock;
  const sample = block?.samples[latent];
  if (block === undefined || sample === undefined) return undefined;
  // Emit the block lets this sample reads (transitively), in block order, each once.
  const needed = new Set<string>();
  const need = (names: Iterable<string>): void => {
    for (const n of names) {
      const s = block.sites[n];
      if (s?.kind === 'let' && !needed.has(n)) {
        needed.add(n);
        need(s.parents);
      }
    }
  };
  need(distRefs(sample.dist));
  // A flow's amortized inputs (IAF's h) read guide lets too.
  for (const step of sample.flow?.steps ?? []) for (const e of Object.values(step.inputs)) need(exprRefs(e));
  for (const item of block.order) {
    if (item.kind !== 'let' || !needed.has(item.name) || emittedLets.has(item.name)) continue;
    const s = block.sites[item.name];
    if (s?.kind === 'let') {
      b.lets[s.name] = s;
      b.steps.push({ kind: 'let', name: s.name });
      emittedLets.add(s.name);
    }
  }
  const factor = {
    latent, dist: sample.dist, inputs: sample.inputs, origin: 'guide-block' as const, amortized: sample.inputs.some((n) => ir.sites[n]?.kind === 'data'),
    family: sample.dist.dist, familyReason: 'written in the guide block', dropped: [], span: sample.span,
  };
  return sample.flow === undefined ? factor : { ...factor, form: 'flow', flow: sample.flow };
}

/** Derives the complete guide of a model (user factors kept, the rest derived). */
export function deriveGuide(ir: ModelIR, opts: DeriveGuideOptions = {}): { guide: GuideIR; diagnostics: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const block = ir.guideBlock;
  const b: Builder = { nets: {}, params: {}, lets: {}, steps: [], taken: new Set([...Object.keys(ir.sites), ...Object.keys(block?.sites ?? {})]) };
  for (const s of Object.values(block?.sites ?? {})) {
    if (s.kind === 'net') b.nets[s.name] = s;
    else if (s.kind === 'param') b.params[s.name] = s;
  }
  for (const z of Object.keys(opts.guideFamily?.perLatent ?? {})) {
    if (ir.sites[z]?.kind !== 'latent') {
      const latents = Object.values(ir.sites).filter((s) => s.kind === 'latent').map((s) => `\`${s.name}\``);
      throw new UserError(`--guide-family names \`${z}\`, which is not a latent of model ${ir.name} (its latents: ${latents.join(', ') || 'none'})`, 2);
    }
    if (block?.samples[z] !== undefined) throw new UserError(`--guide-family names \`${z}\`, whose guide is written in the guide block`, 2);
  }
  const canonical = guideOrder(ir);
  const covered = new Set(Object.keys(block?.samples ?? {}));
  const choices = new Map<string, ReturnType<typeof chooseFamily>>();
  for (const z of canonical) {
    const site = ir.sites[z];
    if (site?.kind === 'latent' && !covered.has(z)) choices.set(z, chooseFamily(site, opts.discrete ?? 'auto'));
  }
  // What each guide factor must be drawn after: the latents a user factor reads, and for a derived
  // bounded factor the latents its bounds read (`u ~ Uniform(0, s)`: q(u | s, …) needs s first).
  const after = (z: string): string[] => {
    if (covered.has(z)) return (block?.samples[z]?.inputs ?? []).filter((n) => ir.sites[n]?.kind === 'latent');
    const choice = choices.get(z);
    const site = ir.sites[z];
    if (choice === undefined || 'refusal' in choice || site?.kind !== 'latent') return [];
    return Object.values(boundParams(ir, site, choice)).flatMap((e) => latentsRead(ir, e));
  };
  // Schedule: repeatedly take the first latent (canonical order) whose guide can be drawn now.
  const order: string[] = [];
  const remaining = [...canonical];
  while (remaining.length > 0) {
    const i = remaining.findIndex((z) => after(z).every((n) => order.includes(n)));
    const [z] = remaining.splice(i < 0 ? 0 : i, 1);
    if (z !== undefined) order.push(z);
  }
  const factors: Record<string, GuideFactor> = {};
  const emittedLets = new Set<string>();
  const inverted = new Map(invert(ir, order).map((f) => [f.latent, f]));
  for (const z of order) {
    const site = ir.sites[z];
    if (site?.kind !== 'latent') continue;
    let factor: GuideFactor | undefined;
    if (covered.has(z)) factor = userFactor(ir, b, z, emittedLets);
    else {
      const first = choices.get(z) ?? chooseFamily(site, opts.discrete ?? 'auto');
      const named = opts.guideFamily?.perLatent[z];
      const requested = named ?? opts.guideFamily?.default;
      const chosen = 'refusal' in first || requested === undefined ? first : applyGuideFamily(site, first, requested, named !== undefined);
      if ('refusal' in chosen) diags.push(deriveMessages.noFamily(site, chosen.refusal));
      else {
        const choice = 'choice' in chosen ? chosen.choice : chosen;
        const flow = 'choice' in chosen ? chosen.flow : undefined;
        if (flow === undefined && sequenceGuideFits(ir, site, choice.family).ok) {
          const seq = { nets: b.nets, params: b.params, fresh: (base: string) => fresh(b, base) };
          factor = deriveSequenceFactor(ir, seq, site, choice.reason, opts.encoderHidden?.[0], opts.scaleFloor ?? DEFAULT_SCALE_FLOOR);
        } else {
          factor = deriveFactor(ir, b, site, choice, inverted.get(z)?.inputs ?? [], inverted.get(z)?.dropped ?? [], opts, diags, flow);
        }
      }
    }
    if (factor === undefined) continue;
    factors[z] = factor;
    b.steps.push({ kind: 'sample', latent: z });
  }
  return { guide: { nets: b.nets, params: b.params, lets: b.lets, steps: b.steps, factors, order }, diagnostics: diags };
}
