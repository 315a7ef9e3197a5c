/**
 * The checker's output: a model whose names are resolved, whose every expression has a shape and a
 * domain, and whose statements are in dependency order. This is the only thing later stages (IR,
 * derivation) read from the front end; they never re-derive a shape or re-resolve a name.
 */
import type { Span } from '../common/span.js';
import type { CallExpr, Expr, ModelDecl, SampleStmt, LetStmt, NetDecl } from '../syntax/ast.js';
import type { DistributionSpec, ParamSpec } from '../registry/distributions.js';
import type { ValueDomain, DomainName } from '../registry/domains.js';
import type { HiddenActivation, NetKind, OutputActivation } from '../registry/functions.js';

/** A per-datapoint shape (no batch axis); `[]` is a scalar. */
export type Shape = readonly number[];

/** What the checker knows of one expression's value. */
export interface ExprInfo {
  /** Per-datapoint shape. */
  readonly shape: Shape;
  /** The finest domain the checker could prove. */
  readonly domain: ValueDomain;
  /**
   * Whether the value differs between datapoints (depends on data or a local latent) — false for
   * constants, dims, params, globals and expressions of them only.
   */
  readonly perDatapoint: boolean;
  /**
   * The value of every element when the checker knows it at compile time: literals, dims, `I` (1),
   * and `+ - * / ^` and unary `-` of those. Undefined otherwise.
   */
  readonly constant?: number;
}

/** A distribution call with its arguments bound to the parameters of one parameterization. */
export interface BoundDistribution {
  /** The call as written. */
  readonly call: CallExpr;
  /** The registry row. */
  readonly spec: DistributionSpec;
  /** Index into `spec.parameterizations` of the parameterization used. */
  readonly parameterization: number;
  /** Each parameter of that parameterization with the expression bound to it, in the registry's order. */
  readonly args: readonly { readonly param: ParamSpec; readonly value: Expr }[];
}

/** `dim N = …;` with its value. */
export interface DimSymbol {
  readonly kind: 'dim';
  readonly name: string;
  readonly value: number;
  readonly span: Span;
}

/** `data x: D[shape];`. */
export interface DataSymbol {
  readonly kind: 'data';
  readonly name: string;
  readonly shape: Shape;
  readonly domain: DomainName;
  /** K for `Category(K)` (the shape then ends in K: a one-hot vector). */
  readonly categories?: number;
  /** `observed` if some `~` statement has it on its left, else `covariate`. */
  readonly role: 'observed' | 'covariate';
  readonly span: Span;
}

/** `param c: D[shape];`. */
export interface ParamSymbol {
  readonly kind: 'param';
  readonly name: string;
  readonly shape: Shape;
  readonly domain: DomainName;
  readonly span: Span;
}

/** `net f: MLP(…)` / `Linear(…)` with resolved sizes. */
export interface NetSymbol {
  readonly kind: 'net';
  readonly name: string;
  readonly arch: NetKind;
  /** Layer widths, input first, output last (at least two). */
  readonly layers: readonly number[];
  /** Activation between hidden layers (`relu` when not given; unused by `Linear`). */
  readonly hidden: HiddenActivation;
  /** Output activation (`identity` when not given). */
  readonly out: OutputActivation;
  readonly decl: NetDecl;
  readonly span: Span;
}

/** A latent variable: the target of a `~` statement that is not data. */
export interface LatentSymbol {
  readonly kind: 'latent';
  readonly name: string;
  readonly shape: Shape;
  /** The support of its prior (refined by a `latent` declaration if one was given). */
  readonly domain: ValueDomain;
  /** K when the latent is a `Category(K)` one-hot vector. */
  readonly categories?: number;
  /** `global` for `global z ~ …`, shared by all datapoints. */
  readonly scope: 'local' | 'global';
  /** The `~` statement defining it. */
  readonly sample: SampleStmt;
  /** Span of its `latent` declaration, if any. */
  readonly declSpan?: Span;
  readonly span: Span;
}

/** `let h = expr;`. */
export interface LetSymbol {
  readonly kind: 'let';
  readonly name: string;
  readonly stmt: LetStmt;
  readonly span: Span;
}

/** Anything a name can resolve to. */
export type ModelSymbol = DimSymbol | DataSymbol | ParamSymbol | NetSymbol | LatentSymbol | LetSymbol;

/** A statement that computes or draws a value, in an order where every use follows its definition. */
export type OrderedStmt =
  | { readonly kind: 'sample'; readonly stmt: SampleStmt; readonly dist: BoundDistribution }
  | { readonly kind: 'let'; readonly stmt: LetStmt };

/** The checked `guide { … }` block. */
export interface CheckedGuide {
  /**
   * Names declared inside the guide (its nets, params and lets); they may not repeat a model name. Guide
   * params are the guide's own learned point parameters (e.g. the mean and scale of a global's q).
   */
  readonly symbols: ReadonlyMap<string, NetSymbol | ParamSymbol | LetSymbol>;
  /** Guide statements in dependency order; samples target latents of the model. */
  readonly order: readonly OrderedStmt[];
  /** Names of the model latents the guide covers. */
  readonly covered: ReadonlySet<string>;
  readonly span: Span;
}

/** A model that passed the checker (it may still carry warnings). */
export interface CheckedModel {
  readonly name: string;
  readonly decl: ModelDecl;
  /** Every model-level name. */
  readonly symbols: ReadonlyMap<string, ModelSymbol>;
  /** Model `~` and `let` statements in dependency (topological) order, ties kept in source order. */
  readonly order: readonly OrderedStmt[];
  /** Type of every expression node in the model and the guide (including sub-expressions). */
  readonly exprs: ReadonlyMap<Expr, ExprInfo>;
  /** The user's guide, if the model has one. */
  readonly guide?: CheckedGuide;
  readonly span: Span;
}
