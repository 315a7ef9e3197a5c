/**
 * The guide as the runtime and the emitter see it: a small program over guide nets, guide params and
 * guide lets that draws every latent in order. Derived and user-written factors have the same form, so
 * one evaluator runs both and the emitter can print a derived guide as Tilde source.
 */
import type { Span } from '../common/span.js';
import type { DistributionName } from '../registry/distributions.js';
import type { DistNode, GuideStep, LetSite, NetSite, ParamSite } from '../ir/model-ir.js';

/** One factor q(z | inputs). */
export interface GuideFactor {
  /** The model latent it draws. */
  readonly latent: string;
  /** The guide distribution, its parameters written over guide sites and the factor's inputs. */
  readonly dist: DistNode;
  /** The data and latents it conditions on (empty: not amortized). */
  readonly inputs: readonly string[];
  /** Whether Tilde derived it or the user wrote it in a `guide { }` block. */
  readonly origin: 'derived' | 'guide-block';
  /** Whether an encoder network computes its parameters per datapoint. */
  readonly amortized: boolean;
  /** The guide distribution's family (the same as `dist.dist`). */
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
  /** Where to blame numerical trouble: the latent's `~` statement (derived) or the guide statement. */
  readonly span: Span;
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
