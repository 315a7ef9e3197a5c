/**
 * The model IR: an immutable graph of sites built from a checked model. Each site — data (observed or
 * covariate), latent (local or global), param, net, let — carries its per-datapoint shape, its domain, its
 * parents and the span of the statement that made it, so every later stage (derivation, plan, runtime, NaN
 * guard) can name the source line. Expressions are lowered to a small tree whose every node knows its
 * shape. The whole structure is frozen (immer's `freeze`, deep) once built.
 */
import type { FlowNode } from '../flows/flow-ir.js';
import type { Span } from '../common/span.js';
import type { BinaryOp } from '../syntax/ast.js';
import type { DistributionName } from '../registry/distributions.js';
import type { DomainName, ValueDomain } from '../registry/domains.js';
import type { FunctionName } from '../registry/functions.js';
import type { LayerSpec } from '../registry/networks.js';
import type { Shape } from '../check/checked-model.js';

/** The checker's per-datapoint shape, re-exported: the IR keeps the shapes the checker proved. */
export type { Shape };

/** What every expression node knows of its value. */
export interface ValueInfo {
  /** Per-datapoint shape (no batch axis), as the checker proved it. */
  readonly shape: Shape;
  /** The finest domain the checker proved for the value (e.g. `Positive` for `exp(…)`). */
  readonly domain: ValueDomain;
  /** Whether the value differs between datapoints. */
  readonly perDatapoint: boolean;
  /** The source expression this node was lowered from (a rewrite's new nodes reuse the span they replace). */
  readonly span: Span;
}

/** One axis of a constant index: a position, or a half-open slice `[start, end)`. */
export type IndexAxis =
  | {
      /** A single position: the axis is dropped. */
      readonly kind: 'at';
      /** The position, 0-based, inside the axis. */
      readonly index: number;
    }
  | {
      /** A slice: the axis is kept, with length `end - start`. */
      readonly kind: 'slice';
      /** First position kept, 0-based (an omitted bound is resolved to 0). */
      readonly start: number;
      /** One past the last position kept (an omitted bound is resolved to the axis length). */
      readonly end: number;
    };

/** Lowered expressions. */
export type IRExpr =
  | {
      /** A number literal (also the constant a rewrite adds, e.g. the scale floor). */
      readonly op: 'const';
      /** The number; it broadcasts against any shape. */
      readonly value: number;
      /** Shape, domain and source span of this node's value. */
      readonly info: ValueInfo;
    }
  /** `I`: ones shaped like the variable sampled. */
  | {
      /** `I`: every element 1, in the shape recorded in `info`. */
      readonly op: 'ones';
      /** Shape, domain and source span of this node's value. */
      readonly info: ValueInfo;
    }
  | {
      /** A read of another site's value by name. */
      readonly op: 'ref';
      /** The site read (data, latent, param or let; a guide-block site inside the guide). */
      readonly name: string;
      /** Shape, domain and source span of this node's value. */
      readonly info: ValueInfo;
    }
  | {
      /** A call of a registry function. */
      readonly op: 'call';
      /** The function (`exp`, `softplus`, `softmax`, `logsumexp`, `concat`, …), from the function registry. */
      readonly fn: FunctionName;
      /** Its arguments, in call order. */
      readonly args: readonly IRExpr[];
      /** Shape, domain and source span of this node's value. */
      readonly info: ValueInfo;
    }
  /**
   * A network applied to its input. `preActivation` marks the result of a safe-numerics rewrite: the
   * network's output before its `out` activation (e.g. the logits of a sigmoid decoder).
   */
  | {
      /** A network applied to one input. */
      readonly op: 'net';
      /** Name of the {@link NetSite} (in the model, or in the guide block). */
      readonly net: string;
      /** The network's input, of shape `[layers[0]]`. */
      readonly arg: IRExpr;
      /** True when the value is the network's output before its `out` activation (set by a rewrite). */
      readonly preActivation: boolean;
      /** Shape, domain and source span of this node's value. */
      readonly info: ValueInfo;
    }
  | {
      /** A binary operation. */
      readonly op: 'binary';
      /** `+ - * /` and `^` elementwise with broadcasting, `@` the matrix product. */
      readonly operator: BinaryOp;
      /** The left operand. */
      readonly left: IRExpr;
      /** The right operand. */
      readonly right: IRExpr;
      /** Shape, domain and source span of this node's value. */
      readonly info: ValueInfo;
    }
  | {
      /** Unary minus. */
      readonly op: 'neg';
      /** The negated operand. */
      readonly arg: IRExpr;
      /** Shape, domain and source span of this node's value. */
      readonly info: ValueInfo;
    }
  | {
      /** Constant indexing of leading axes. */
      readonly op: 'index';
      /** The value indexed. */
      readonly target: IRExpr;
      /** One entry per indexed leading axis, bounds resolved to numbers; later axes are kept whole. */
      readonly axes: readonly IndexAxis[];
      /** Shape, domain and source span of this node's value. */
      readonly info: ValueInfo;
    };

/** A distribution with its parameters bound by name (one parameterization of the registry row). */
export interface DistNode {
  /** The registry row drawn from (`Normal`, `Bernoulli`, …). */
  readonly dist: DistributionName;
  /** Parameter name → expression, e.g. `{ logits: … }` after the Bernoulli rewrite. */
  readonly params: Readonly<Record<string, IRExpr>>;
  /** The distribution call in the source (`Normal(0, I)`). */
  readonly span: Span;
  /**
   * A mixture's component distribution (MixtureSameFamily's `distribution` parameter), its parameters
   * carrying the mixture axis before the event axis.
   */
  readonly component?: DistNode;
}

/** Every parameter expression of a distribution, its component's included. */
export function distExprs(d: DistNode): IRExpr[] {
  return [...Object.values(d.params), ...(d.component === undefined ? [] : distExprs(d.component))];
}

interface SiteBase {
  /** The name declared or sampled in the source (unique within the model and its guide block). */
  readonly name: string;
  /** Per-datapoint shape (no batch axis); a net's is its output width `[layers.at(-1)]`. */
  readonly shape: Shape;
  /**
   * The values it takes: the declared domain (data, params), the support of the prior refined by a
   * `latent` declaration (latents), the proven domain of the expression (lets); `Real` for nets.
   */
  readonly domain: ValueDomain;
  /** Names of the sites its definition reads (nets and params included), sorted. */
  readonly parents: readonly string[];
  /**
   * The statement that defines it: the `~` statement (latents, observed data), the `let` statement, or
   * the name in its declaration (covariates, params, nets).
   */
  readonly span: Span;
}

/** A per-datapoint input; `observed` ones have a likelihood. */
export interface DataSite extends SiteBase {
  /** Discriminant: always `'data'`. */
  readonly kind: 'data';
  /** `observed` when a `~` statement draws it (it then has a `likelihood`), `covariate` when it is only read. */
  readonly role: 'observed' | 'covariate';
  /** The domain written in its `data` declaration (the dataset is validated against it). */
  readonly declared: DomainName;
  /** K for a `Category(K)` variable, stored one-hot (its shape then ends in K). */
  readonly categories?: number;
  /** For observed data: the distribution it is drawn from (its `~` statement). */
  readonly likelihood?: DistNode;
  /** Span of the name in its `data` declaration. */
  readonly declSpan: Span;
}

/** A latent variable drawn from its prior. */
export interface LatentSite extends SiteBase {
  /** Discriminant: always `'latent'`. */
  readonly kind: 'latent';
  /** `local`: one value per datapoint; `global` (`global z ~ …`): one value shared by all datapoints. */
  readonly scope: 'local' | 'global';
  /** The distribution of its `~` statement, p(z | parents). */
  readonly prior: DistNode;
  /** K when the latent is a `Category(K)` one-hot vector (its shape then ends in K). */
  readonly categories?: number;
}

/** A learned point parameter. */
export interface ParamSite extends SiteBase {
  /** Discriminant: always `'param'`. */
  readonly kind: 'param';
  /**
   * The declared domain, which picks the map from the unconstrained learned variable to the value:
   * identity (`Real`), softplus (`Positive`), sigmoid (`Unit`), softmax (`Simplex`).
   */
  readonly declared: DomainName;
}

/** A learned network. */
export interface NetSite extends SiteBase {
  /** Discriminant: always `'net'`. */
  readonly kind: 'net';
  /** The layer of the network registry it is (`MLP(…)`, `Sequential(…)`, …), resolved. */
  readonly spec: LayerSpec;
}

/** A deterministic binding. */
export interface LetSite extends SiteBase {
  /** Discriminant: always `'let'`. */
  readonly kind: 'let';
  /** The bound expression (the site's shape and domain are its `info`'s). */
  readonly value: IRExpr;
}

/**
 * A `factor` statement: its scalar value is added to log p(x, z) (Stan's `target +=`). It defines no
 * name a program can read; its site name, `factor#1`, `factor#2`, … in source order, cannot clash with
 * a declared one. In the random graph it stands like an observed site whose parents are the latents and
 * data it reads, so faithful inversion couples them.
 */
export interface FactorSite extends SiteBase {
  /** Discriminant: always `'factor'`. */
  readonly kind: 'factor';
  /** `local`: added once per datapoint (it reads data or a local latent); `global`: once per data set. */
  readonly scope: 'local' | 'global';
  /** The term, a scalar per datapoint. */
  readonly value: IRExpr;
}

/** The site name of the `index`-th (0-based) `factor` statement of a model. */
export function factorSiteName(index: number): string {
  return `factor#${index + 1}`;
}

/** Any site. */
export type Site = DataSite | LatentSite | ParamSite | NetSite | LetSite | FactorSite;

/** A sample statement of a user-written guide, lowered. */
export interface GuideSample {
  /** The model latent it proposes. */
  readonly latent: string;
  /** The proposal q(latent | inputs), with its parameters bound (a flow's base). */
  readonly dist: DistNode;
  /** A flow after `dist` (`Planar(Normal(…), steps: 8)`), its steps with the row's default options filled in. */
  readonly flow?: FlowNode;
  /** Data and latents its parameters read (through lets), sorted: the guide's inputs for the plan. */
  readonly inputs: readonly string[];
  /** The guide's `~` statement. */
  readonly span: Span;
}

/** A step of a guide program: evaluate a let, or draw a latent from its factor. */
export type GuideStep =
  | {
      /** Evaluate a guide let. */
      readonly kind: 'let';
      /** Its name. */
      readonly name: string;
    }
  | {
      /** Draw a latent from its factor. */
      readonly kind: 'sample';
      /** The latent it draws. */
      readonly latent: string;
    };

/** The user's `guide { … }` block, lowered. */
export interface GuideBlockIR {
  /** Guide-local nets, params (free variational parameters) and lets. */
  readonly sites: Readonly<Record<string, NetSite | ParamSite | LetSite>>;
  /** Guide lets and samples in dependency order (names; samples by latent name). */
  readonly order: readonly GuideStep[];
  /** The guide's `~` statements, by the model latent each proposes. */
  readonly samples: Readonly<Record<string, GuideSample>>;
  /** From the `guide` keyword to the closing `}`. */
  readonly span: Span;
}

/** The model IR. */
export interface ModelIR {
  /** The model's name, from `model NAME { … }`. */
  readonly name: string;
  /** Every site by name. */
  readonly sites: Readonly<Record<string, Site>>;
  /** Lets, latents and observed data in dependency order (the order ancestral sampling runs), then factors. */
  readonly order: readonly string[];
  /** The user's guide block, if any. */
  readonly guideBlock?: GuideBlockIR;
  /** The `model` block, from the keyword to the closing `}`. */
  readonly span: Span;
}

/** Every site name an expression reads, including nets. */
export function exprRefs(e: IRExpr, out: Set<string> = new Set()): Set<string> {
  switch (e.op) {
    case 'ref':
      out.add(e.name);
      break;
    case 'net':
      out.add(e.net);
      exprRefs(e.arg, out);
      break;
    case 'call':
      for (const a of e.args) exprRefs(a, out);
      break;
    case 'binary':
      exprRefs(e.left, out);
      exprRefs(e.right, out);
      break;
    case 'neg':
      exprRefs(e.arg, out);
      break;
    case 'index':
      exprRefs(e.target, out);
      break;
    case 'const':
    case 'ones':
      break;
  }
  return out;
}

/** `e` with each direct subexpression replaced by `f` of it (the node itself kept): for bottom-up rewrites. */
export function mapChildren(e: IRExpr, f: (child: IRExpr) => IRExpr): IRExpr {
  switch (e.op) {
    case 'call':
      return { ...e, args: e.args.map(f) };
    case 'net':
    case 'neg':
      return { ...e, arg: f(e.arg) };
    case 'binary':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'index':
      return { ...e, target: f(e.target) };
    case 'ref':
    case 'const':
    case 'ones':
      return e;
  }
}

/** Every site name a distribution's parameters read. */
export function distRefs(d: DistNode): Set<string> {
  const out = new Set<string>();
  for (const e of distExprs(d)) exprRefs(e, out);
  return out;
}
