/**
 * The guide as the runtime and the emitter see it: a small program over guide nets, guide params and
 * guide lets that draws every latent in order. Derived and user-written factors have the same form, so
 * one evaluator runs both and the emitter can print a derived guide as Tilde source.
 */
import type { Span } from '../common/span.js';
import type { DistributionName } from '../registry/distributions.js';
import type { DistNode, GuideStep, LetSite, NetSite, ParamSite } from '../ir/model-ir.js';
import type { FlowNode } from '../flows/flow-ir.js';

/**
 * One factor q(z | inputs): a tagged union of a registry distribution ({@link DistributionFactor}) and a
 * normalizing flow ({@link FlowFactor}: a base distribution, then bijectors). Read `form` before `dist`:
 * for a flow, `dist` is only the base.
 */
export type GuideFactor = DistributionFactor | FlowFactor;

/** A factor that is one registry distribution (every factor before flows; `form` may be omitted). */
export interface DistributionFactor extends FactorCommon {
  readonly form?: 'distribution';
}

/** A factor that is a flow: `dist` is the base distribution, `flow` the bijectors after it. */
export interface FlowFactor extends FactorCommon {
  readonly form: 'flow';
  readonly flow: FlowNode;
}

/** What every factor has. */
export interface FactorCommon {
  /** The model latent it draws. */
  readonly latent: string;
  /** The guide distribution (a flow's base), its parameters written over guide sites and the factor's inputs. */
  readonly dist: DistNode;
  /** The data and latents it conditions on (empty: not amortized). */
  readonly inputs: readonly string[];
  /** Whether Tilde derived it or the user wrote it in a `guide { }` block. */
  readonly origin: 'derived' | 'guide-block';
  /** Whether an encoder network computes its parameters per datapoint. */
  readonly amortized: boolean;
  /** The guide distribution's family (the same as `dist.dist`; a flow's base family). */
  readonly family: DistributionName;
  /** Why this family (derived) or "written in the guide block". */
  readonly familyReason: string;
  /** For derived factors: known data/latents left out because they are independent given `inputs`. */
  readonly dropped: readonly string[];
  /** For derived factors: the encoder's hidden widths and the model net it mirrors. */
  readonly encoder?: {
    /** Name of the encoder's {@link NetSite} in {@link GuideIR.nets}. */
    readonly net: string;
    /** Layer widths, input first: the inputs' total width, the hidden widths, the heads' total width. */
    readonly layers: readonly number[];
    /** For a mirrored conv encoder: its layers before the heads, as written (`Conv2d(1 -> 16, …), relu, …`). */
    readonly body?: string;
    /** The model net whose hidden widths it mirrors (reversed), if any. */
    readonly mirrors?: string;
    /** The encoder's body is the guide block's own `net encoder_<latent>` (the heads follow it). */
    readonly override?: boolean;
    /** Inputs that enter through an elementwise transform of their domain, with why (`log1p(x) (counts …)`: `ENCODER_INPUT`). */
    readonly inputs?: readonly string[];
    /** How the output splits into the family's parameters, in order: `loc` 20, `scale` 20. */
    readonly heads: readonly {
      /** The family parameter this slice of the output becomes (`loc`, `scale`, `logits`, …). */
      readonly param: string;
      /** Number of output units in the slice (the parameter's per-datapoint size). */
      readonly width: number;
      /** The map from raw output to parameter, as printed: `identity`, or `softplus + FLOOR` for scales. */
      readonly bijector: string;
    }[];
  };
  /** For a derived sequence latent: the structured inference network that draws it step by step. */
  readonly sequence?: SequenceEncoder;
  /** Where to blame numerical trouble: the latent's `~` statement (derived) or the guide statement. */
  readonly span: Span;
}

/**
 * The structured inference network of a sequence latent `[T, …step]` (Krishnan et al. 2017; see
 * derive/sequence-guide.ts and runtime/structured-guide.ts): its nets, its start, and its sizes.
 */
export interface SequenceEncoder {
  /** Guide net `GRU(features -> hidden)`, run backward over the inputs. */
  readonly rnn: string;
  /** Guide net `Sequential(Linear(width -> hidden), tanh)` applied to the previous step. */
  readonly combiner: string;
  /** Guide net `Linear(hidden -> 2·width)`: each step's loc, then its raw scale. */
  readonly head: string;
  /** Guide param `Real[width]` standing for the step before the first. */
  readonly init: string;
  /** The data read step by step (each `[T, …]`), joined along their features. */
  readonly inputs: readonly string[];
  /** T, the number of steps. */
  readonly steps: number;
  /** Features per step of the inputs together. */
  readonly features: number;
  /** The GRU's width. */
  readonly hidden: number;
  /** Elements per step of the latent. */
  readonly width: number;
  /** Added to every step's scale. */
  readonly floor: number;
  /** The lags the prior reads (1 for a first-order chain). */
  readonly lags: readonly number[];
}

/** A step of the guide program (the IR's step type: derived and user guides share it). */
export type { GuideStep } from '../ir/model-ir.js';

/** The whole guide. */
export interface GuideIR {
  /** Encoder nets (derived) and guide-block nets. */
  readonly nets: Readonly<Record<string, NetSite>>;
  /**
   * Free variational parameters: those of derived non-amortized factors (declared Real: their guide
   * expressions apply the bijector) and the guide block's own (constrained by their declared domain).
   */
  readonly params: Readonly<Record<string, ParamSite>>;
  /** Guide lets (encoder outputs, guide-block lets). */
  readonly lets: Readonly<Record<string, LetSite>>;
  /** Execution order. */
  readonly steps: readonly GuideStep[];
  /** One factor per latent. */
  readonly factors: Readonly<Record<string, GuideFactor>>;
  /** Latents in the order the guide draws them. */
  readonly order: readonly string[];
}
