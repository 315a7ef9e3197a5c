/**
 * The guide as the runtime and the emitter see it: a small program over guide nets, guide params and
 * guide lets that draws every latent in order. Derived and user-written factors have the same form, so
 * one evaluator runs both and the emitter can print a derived guide as Tilde source.
 */
import type { Span } from '../common/span.js';
import type { DistributionName } from '../registry/distributions.js';
import type { DistNode, LetSite, NetSite, ParamSite } from '../ir/model-ir.js';

/** One factor q(z | inputs). */
export interface GuideFactor {
  readonly latent: string;
  /** The guide distribution, its parameters written over guide sites and the factor's inputs. */
  readonly dist: DistNode;
  /** The data and latents it conditions on (empty: not amortized). */
  readonly inputs: readonly string[];
  /** Whether Tilde derived it or the user wrote it in a `guide { }` block. */
  readonly origin: 'derived' | 'guide-block';
  /** Whether an encoder network computes its parameters per datapoint. */
  readonly amortized: boolean;
  readonly family: DistributionName;
  /** Why this family (derived) or "written in the guide block". */
  readonly familyReason: string;
  /** For derived factors: known data/latents left out because they are independent given `inputs`. */
  readonly dropped: readonly string[];
  /** For derived factors: the encoder's hidden widths and the model net it mirrors. */
  readonly encoder?: {
    readonly net: string;
    readonly layers: readonly number[];
    /** The model net whose hidden widths it mirrors (reversed), if any. */
    readonly mirrors?: string;
    /** How the output splits into the family's parameters, in order: `loc` 20, `scale` 20. */
    readonly heads: readonly { readonly param: string; readonly width: number; readonly bijector: string }[];
  };
  /** Where to blame numerical trouble: the latent's `~` statement (derived) or the guide statement. */
  readonly span: Span;
}

/** A step of the guide program. */
export type GuideStep = { readonly kind: 'let'; readonly name: string } | { readonly kind: 'sample'; readonly latent: string };

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
