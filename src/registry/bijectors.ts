/**
 * The table of bijectors a guide flow can chain after its base distribution (Rezende & Mohamed 2015,
 * "Variational Inference with Normalizing Flows"): one row per kind, with its options, the learned
 * weights it needs as functions of the event size D, whether an inverse exists, and its paper. The
 * checker reads it to type `Planar(Normal(…), steps: 8)` in a guide block and `--guide-family planar:8`,
 * the derivation to build flow factors, the runtime (`src/flows/create.ts`) maps each row to its
 * implementation and checkpoints name the weights `flow/<latent>/<step>/<weight>`. Add a bijector here
 * first, then its class in src/flows/ and one line in src/flows/create.ts.
 */

/** How a learned weight of one flow step starts. */
export type WeightInit =
  /** All zeros. */
  | { readonly kind: 'zeros' }
  /** Uniform on ±bound (a small random start: a planar step with u = w = 0 is a saddle of the bound). */
  | { readonly kind: 'uniform'; readonly bound: number };

/** One learned weight of a flow step. */
export interface BijectorWeightSpec {
  /** Its name within the step (`u`, `w`, `b`): the last part of `flow/<latent>/<step>/<name>`. */
  readonly name: string;
  /** Its shape, from the event size D and the step's options. */
  readonly shape: (eventSize: number, options: Readonly<Record<string, number>>) => readonly number[];
  readonly init: WeightInit;
  /** One line for docs and `--explain`. */
  readonly doc: string;
}

/** A numeric option of a bijector (`hidden` for IAF's MADE). */
export interface BijectorOptionSpec {
  readonly name: string;
  readonly default: number;
  readonly doc: string;
}

/**
 * Whether and how the inverse is computed: `closed-form`; `numeric` (a monotone scalar root, planar);
 * `sequential` (D passes, IAF); `none`. Log q of a flow's own draws never needs it (the
 * TransformedDistribution caches them); log q at any other point, and log q with the flow's parameters
 * stopped (sticking the landing), does.
 */
export type InverseKind = 'closed-form' | 'numeric' | 'sequential' | 'none';

/** A row of the table. */
export interface BijectorSpec {
  /** The name written in guide blocks (`Planar(Normal(…), steps: 8)`). */
  readonly name: BijectorName;
  /** The name after `--guide-family` (`planar` in `planar:8`). */
  readonly cli: string;
  /** Learned weights of each step (non-amortized: one set per latent and step). */
  readonly weights: readonly BijectorWeightSpec[];
  /**
   * Amortized inputs a step reads from the guide (IAF's context vector h from the encoder), by name,
   * with their per-datapoint width. Empty for planar, whose weights are free variational parameters.
   */
  readonly inputs: readonly { readonly name: string; readonly width: (eventSize: number, options: Readonly<Record<string, number>>) => number; readonly doc: string }[];
  readonly options: readonly BijectorOptionSpec[];
  readonly inverse: InverseKind;
  /** The paper that introduced it (author, year, section). */
  readonly paper: string;
  /** One line for docs. */
  readonly doc: string;
}

/** Every bijector name (extend this union and {@link BIJECTORS} together). */
export const BIJECTOR_NAMES = ['Planar', 'IAF'] as const;
export type BijectorName = (typeof BIJECTOR_NAMES)[number];

export const BIJECTORS: Readonly<Record<BijectorName, BijectorSpec>> = {
  Planar: {
    name: 'Planar',
    cli: 'planar',
    weights: [
      { name: 'u', shape: (d) => [d], init: { kind: 'uniform', bound: 0.01 }, doc: 'direction of the shift (made invertible as û)' },
      { name: 'w', shape: (d) => [d], init: { kind: 'uniform', bound: 0.01 }, doc: 'normal of the hyperplane' },
      { name: 'b', shape: () => [], init: { kind: 'zeros' }, doc: 'offset of the hyperplane' },
    ],
    inputs: [],
    options: [],
    inverse: 'numeric',
    paper: 'Rezende & Mohamed 2015, §4.1 and Appendix A.1 (the constraint on u)',
    doc: 'y = x + û tanh(wᵀx + b), log|det J| = log|1 + ûᵀψ(x)|, ψ = (1 − tanh²(wᵀx + b)) w; û = u + (m(wᵀu) − wᵀu) w/‖w‖², m(a) = −1 + softplus(a), so wᵀû ≥ −1 and the map is invertible',
  },
  IAF: {
    name: 'IAF',
    cli: 'iaf',
    // One MADE per step, `MADE(D -> hidden -> 2D, context)` (src/flows/iaf.ts, src/registry/made-degrees.ts):
    // masked weights W0, W1, the context's C; the last layer starts small, so a step starts near
    // y = σ(2)·x (m ≈ 0, the forget-gate bias 2).
    weights: [
      { name: 'W0', shape: (d, o) => [d, o.hidden as number], init: { kind: 'uniform', bound: 0.1 }, doc: 'MADE input-to-hidden weights (masked)' },
      { name: 'C', shape: (_d, o) => [o.context as number, o.hidden as number], init: { kind: 'uniform', bound: 0.1 }, doc: 'MADE context-to-hidden weights' },
      { name: 'b0', shape: (_d, o) => [o.hidden as number], init: { kind: 'zeros' }, doc: 'MADE hidden biases' },
      { name: 'W1', shape: (d, o) => [o.hidden as number, 2 * d], init: { kind: 'uniform', bound: 0.01 }, doc: 'MADE hidden-to-output weights (masked), m then s' },
      { name: 'b1', shape: (d) => [2 * d], init: { kind: 'zeros' }, doc: 'MADE output biases' },
    ],
    inputs: [{ name: 'h', width: (_d, o) => o.context as number, doc: 'the context vector from the encoder' }],
    options: [
      { name: 'hidden', default: 64, doc: 'width of the hidden layer of each step\'s MADE' },
      { name: 'context', default: 16, doc: 'width of the context vector h the encoder emits' },
    ],
    inverse: 'sequential',
    paper: 'Kingma, Salimans, Jozefowicz, Chen, Sutskever & Welling 2016, §4 and Algorithm 1 (the numerically stable update); MADE: Germain et al. 2015',
    doc: '[m, s] = MADE(x, h), σ = sigmoid(s + 2), y = reverse(σ ⊙ x + (1 − σ) ⊙ m), log|det J| = Σ log σ; the inverse takes D sequential passes',
  },
};

/** The row whose `cli` name is `name` (`planar`), if any. */
export function bijectorByCli(name: string): BijectorSpec | undefined {
  return Object.values(BIJECTORS).find((b) => b.cli === name);
}

/** Whether `name` is a bijector written in guide blocks. */
export function isBijectorName(name: string): name is BijectorName {
  return Object.prototype.hasOwnProperty.call(BIJECTORS, name);
}

/** The options of a step: the row's defaults overridden by `given`. */
export function bijectorOptions(spec: BijectorSpec, given: Readonly<Record<string, number>> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of spec.options) out[o.name] = given[o.name] ?? o.default;
  return out;
}

/** The number of learned scalars of one step on an event of size D. */
export function bijectorWeightCount(spec: BijectorSpec, eventSize: number, options: Readonly<Record<string, number>> = {}): number {
  const opts = bijectorOptions(spec, options);
  return spec.weights.reduce((n, w) => n + w.shape(eventSize, opts).reduce((a, b) => a * b, 1), 0);
}

/** The checkpoint name of a flow weight: `flow/<latent>/<step>/<weight>` (steps counted from 1). */
export function flowWeightName(latent: string, step: number, weight: string): string {
  return `flow/${latent}/${step}/${weight}`;
}
