/**
 * The derived guide of a sequence latent (a loop whose iterations read earlier ones, `z[t] ~ …(z[t − 1])`):
 * instead of faithful inversion on the unrolled graph, whose conditioning sets q(z_t | z_{t+1}, x[t..T))
 * grow with T, the structure of Krishnan, Shalit & Sontag (2017, "Structured inference networks for
 * nonlinear state space models"): a GRU run backward over the data the sequence's emission sites read,
 * and a combiner q(z_t | z_{t−1}, h_t) whose weights are shared over t (runtime/structured-guide.ts).
 * For a Markov chain observed step by step, z_t ⊥ x[0..t) given z_{t−1}, so this factorization holds the
 * exact posterior's; the networks decide how closely it is reached.
 *
 * The guide's nets are ordinary registry nets (`GRU`, `Linear`, `tanh`) and its start z₋₁ an ordinary
 * guide param, so weights, checkpoints, the weight budget and the NaN guard treat them as any other.
 */
import type { Span } from '../common/span.js';
import type { DistributionName } from '../registry/distributions.js';
import type { LatentSite, ModelIR, NetSite, ParamSite, Shape } from '../ir/model-ir.js';
import type { GuideFactor, SequenceEncoder } from './guide-ir.js';
import { ref, sizeOf } from './ir-builders.js';

/** The GRU's width when no `--encoder-hidden` is given. */
export const SEQUENCE_HIDDEN = 32;

/** What the derivation adds to the guide under construction. */
export interface SequenceBuilder {
  readonly nets: Record<string, NetSite>;
  readonly params: Record<string, ParamSite>;
  /** A guide name not yet taken, from a base. */
  readonly fresh: (base: string) => string;
}

/** Whether a latent is a sequence: its pieces read the latent itself (loops-ir.ts). */
export function isSequence(site: LatentSite): boolean {
  return (site.selfLags?.length ?? 0) > 0;
}

/**
 * The data the sequence's emission sites read: observed data whose likelihood reads the latent and whose
 * leading axis has the sequence's length (each step's features are the rest of its shape), in model order.
 */
export function emissionInputs(ir: ModelIR, site: LatentSite): string[] {
  const steps = site.shape[0];
  return ir.order.filter((n) => {
    const s = ir.sites[n];
    return s?.kind === 'data' && s.role === 'observed' && s.parents.includes(site.name) && s.shape[0] === steps;
  });
}

/** Why a sequence latent gets the structured guide, or why not (then it is derived as any latent). */
export function sequenceGuideFits(ir: ModelIR, site: LatentSite, family: DistributionName): { ok: true } | { ok: false; why: string } {
  if (!isSequence(site)) return { ok: false, why: 'not a sequence' };
  if (family !== 'Normal') return { ok: false, why: `its guide family is ${family}, and the structured guide draws Normal steps` };
  if (emissionInputs(ir, site).length === 0) return { ok: false, why: 'no observed data is read step by step' };
  return { ok: true };
}

const net = (name: string, spec: NetSite['spec'], width: number, span: Span): NetSite => ({ kind: 'net', name, spec, shape: [width], domain: 'Real', parents: [], span });
const linear = (a: number, b: number): NetSite['spec'] => ({ kind: 'Linear', sizes: [a, b], options: { out: 'identity' } });

/**
 * The structured factor of a sequence latent `z` of shape `[T, …]`: nets `rnn_z: GRU(F -> H)` (run
 * backward), `combine_z: Sequential(Linear(D -> H), tanh)`, `head_z: Linear(H -> 2D)` (loc, then the raw
 * scale), and the param `z_start: Real[D]` standing for z₋₁ (Pyro's `z_q_0`).
 */
export function deriveSequenceFactor(ir: ModelIR, b: SequenceBuilder, site: LatentSite, familyReason: string, hidden: number | undefined, floor: number): GuideFactor {
  const span = site.span;
  const steps = site.shape[0] as number;
  const step: Shape = site.shape.slice(1);
  const width = sizeOf(step);
  const inputs = emissionInputs(ir, site);
  const features = inputs.reduce((a, n) => a + sizeOf(ir.sites[n]?.shape.slice(1) ?? []), 0);
  const h = hidden ?? SEQUENCE_HIDDEN;
  const rnn = b.fresh(`rnn_${site.name}`);
  const combiner = b.fresh(`combine_${site.name}`);
  const head = b.fresh(`head_${site.name}`);
  const init = b.fresh(`${site.name}_start`);
  b.nets[rnn] = net(rnn, { kind: 'GRU', sizes: [features, h], options: {} }, h, span);
  b.nets[combiner] = net(combiner, { kind: 'Sequential', sizes: [], options: {}, layers: [linear(width, h), { kind: 'tanh', sizes: [], options: {} }] }, h, span);
  b.nets[head] = net(head, linear(h, 2 * width), 2 * width, span);
  b.params[init] = { kind: 'param', name: init, shape: [width], domain: 'Real', declared: 'Real', parents: [], span };
  const lags = site.selfLags ?? [];
  const sequence: SequenceEncoder = { rnn, combiner, head, init, inputs, steps, features, hidden: h, width, floor, lags };
  const lagNote = lags.some((l) => l > 1) ? ` (the prior reads lags ${lags.join(', ')}; the combiner conditions on the previous step only)` : '';
  return {
    latent: site.name,
    // The per-step conditionals along the drawn path, stacked: the runtime fills these two values.
    dist: { dist: 'Normal', params: { loc: ref(`${site.name}#loc`, site.shape, 'Real', true, span), scale: ref(`${site.name}#scale`, site.shape, 'Positive', true, span) }, span },
    inputs,
    origin: 'derived',
    amortized: true,
    family: 'Normal',
    familyReason: `${familyReason}; a sequence, so a structured inference network: q(${site.name}[t] | ${site.name}[t − 1], h[t]) with h a GRU run backward over ${inputs.join(', ')} (Krishnan et al. 2017)${lagNote}`,
    dropped: [],
    sequence,
    span,
  };
}

/**
 * The `--explain` line of a structured factor: `q(z | x) = Normal, structured inference network (Krishnan
 * et al. 2017): h = GRU `rnn_z` (1 → 32) backward over x, T = 20; q(z[t] | z[t − 1], h[t]) = Normal(head_z(c)),
 * c = ½(tanh(combine_z(z[t − 1])) + h[t]), weights shared over t, z[−1] = z_start`.
 */
export function sequenceFactorLine(f: GuideFactor, seq: SequenceEncoder): string {
  const z = f.latent;
  return [
    `q(${z} | ${seq.inputs.join(', ')}) = Normal, structured inference network (Krishnan et al. 2017), weights shared over t:`,
    `      h = GRU \`${seq.rnn}\` (${seq.features} → ${seq.hidden}) run backward over ${seq.inputs.join(', ')}, T = ${seq.steps};`,
    `      q(${z}[t] | ${z}[t − 1], h[t]) = Normal(loc, softplus(raw) + ${seq.floor}) with (loc ${seq.width}, raw ${seq.width}) = \`${seq.head}\`(c) (Linear ${seq.hidden} → ${2 * seq.width}),`,
    `      c = ½(\`${seq.combiner}\`(${z}[t − 1]) + h[t]) (Linear ${seq.width} → ${seq.hidden}, tanh), ${z}[−1] = \`${seq.init}\` (learned)`,
  ].join('\n');
}

/** The comment `--emit guide` prints in place of a structured factor, which guide blocks cannot express yet. */
export function sequenceEmitNote(seq: SequenceEncoder): string {
  return `derived structured inference network (GRU \`${seq.rnn}\` backward over ${seq.inputs.join(', ')}, combiner \`${seq.combiner}\`, heads \`${seq.head}\`, start \`${seq.init}\`); guide blocks cannot write it yet (no loops in guides), so it is left to be derived again`;
}
