/**
 * The checker's output: a model whose names are resolved, whose every expression has a shape and a
 * domain, and whose statements are in dependency order. This is the only thing later stages (IR,
 * derivation) read from the front end; they never re-derive a shape or re-resolve a name.
 */
import type { CheckedFlow } from '../flows/check-flow.js';
import type { Span } from '../common/span.js';
import type { CallExpr, Expr, FactorStmt, ModelDecl, SampleStmt, LetStmt, NetDecl } from '../syntax/ast.js';
import type { DistributionSpec, ParamSpec } from '../registry/distributions.js';
import type { ValueDomain, DomainName } from '../registry/domains.js';
import type { LayerSpec } from '../registry/networks.js';

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
   * For a network's output: the layer that gave its shape and that shape, in words
   * (`ConvTranspose2d(16 -> 1, kernel 4, stride 2, padding 1) gives [1, 14, 14]`), for shape errors.
   */
  readonly producedBy?: string;
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
  readonly args: readonly {
    /** The registry's description of the parameter (name, constraint, one-line doc). */
    readonly param: ParamSpec;
    /** The argument expression bound to it (positional or named in the call). */
    readonly value: Expr;
  }[];
  /**
   * For a row with a `distribution` parameter (MixtureSameFamily), the component call bound to its own
   * row; that parameter is then absent from {@link args}.
   */
  readonly component?: BoundDistribution;
}

/** `dim N = …;` with its value. */
export interface DimSymbol {
  /** Discriminant: always `'dim'`. */
  readonly kind: 'dim';
  /** The dim's name. */
  readonly name: string;
  /** Its evaluated size (a positive integer). */
  readonly value: number;
  /** The name in its declaration. */
  readonly span: Span;
}

/** `data x: D[shape];`. */
export interface DataSymbol {
  /** Discriminant: always `'data'`. */
  readonly kind: 'data';
  /** The data variable's name. */
  readonly name: string;
  /** Per-datapoint shape, sizes resolved (a `Category(K)` variable's ends in K). */
  readonly shape: Shape;
  /** The declared domain. */
  readonly domain: DomainName;
  /** K for `Category(K)` (the shape then ends in K: a one-hot vector). */
  readonly categories?: number;
  /** `observed` if some `~` statement has it on its left, else `covariate`. */
  readonly role: 'observed' | 'covariate';
  /** The name in its declaration. */
  readonly span: Span;
}

/** `param c: D[shape];`. */
export interface ParamSymbol {
  /** Discriminant: always `'param'`. */
  readonly kind: 'param';
  /** The parameter's name. */
  readonly name: string;
  /** Its shape, sizes resolved (shared by all datapoints: no batch axis). */
  readonly shape: Shape;
  /** The declared domain (continuous: `Real`, `Positive`, `Unit` or `Simplex`). */
  readonly domain: DomainName;
  /** The name in its declaration. */
  readonly span: Span;
}

/** `net f: MLP(…)` / `Linear(…)` with resolved sizes. */
export interface NetSymbol {
  /** Discriminant: always `'net'`. */
  readonly kind: 'net';
  /** The network's name. */
  readonly name: string;
  /** The layer of the network registry it declares, resolved. */
  readonly spec: LayerSpec;
  /** The `net` declaration as written. */
  readonly decl: NetDecl;
  /** The name in its declaration. */
  readonly span: Span;
}

/** A latent variable: the target of a `~` statement that is not data. */
export interface LatentSymbol {
  /** Discriminant: always `'latent'`. */
  readonly kind: 'latent';
  /** The latent's name. */
  readonly name: string;
  /** Per-datapoint shape, from its declaration or inferred from its prior's parameters and its uses. */
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
  /** The target of its `~` statement. */
  readonly span: Span;
}

/** `let h = expr;`. */
export interface LetSymbol {
  /** Discriminant: always `'let'`. */
  readonly kind: 'let';
  /** The name bound. */
  readonly name: string;
  /** The `let` statement. */
  readonly stmt: LetStmt;
  /** The name in its declaration. */
  readonly span: Span;
}

/** Anything a name can resolve to. */
export type ModelSymbol = DimSymbol | DataSymbol | ParamSymbol | NetSymbol | LatentSymbol | LetSymbol;

/** A statement that computes or draws a value, in an order where every use follows its definition. */
export type OrderedStmt =
  | {
      /** A `~` statement (a latent drawn, or data observed). */
      readonly kind: 'sample';
      /** The statement. */
      readonly stmt: SampleStmt;
      /** Its distribution call, bound to a parameterization of the registry row (a flow's base). */
      readonly dist: BoundDistribution;
      /** In a guide block, a flow after that distribution (`Planar(Normal(…), steps: 8)`). */
      readonly flow?: CheckedFlow;
    }
  | {
      /** A `let` statement. */
      readonly kind: 'let';
      /** The statement. */
      readonly stmt: LetStmt;
    };

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
  /** From the `guide` keyword to the closing `}`. */
  readonly span: Span;
}

/** A model that passed the checker (it may still carry warnings). */
export interface CheckedModel {
  /** The model's name. */
  readonly name: string;
  /** The `model` block as parsed (the AST the spans and `exprs` keys point into). */
  readonly decl: ModelDecl;
  /** Every model-level name. */
  readonly symbols: ReadonlyMap<string, ModelSymbol>;
  /** Model `~` and `let` statements in dependency (topological) order, ties kept in source order. */
  readonly order: readonly OrderedStmt[];
  /**
   * The model's `factor` statements in source order, each a scalar (their `exprs` entry says whether it
   * is per datapoint). They define no name, so they are outside `order`: a factor is evaluated once
   * every value it reads is known.
   */
  readonly factors: readonly FactorStmt[];
  /** Type of every expression node in the model and the guide (including sub-expressions). */
  readonly exprs: ReadonlyMap<Expr, ExprInfo>;
  /** The user's guide, if the model has one. */
  readonly guide?: CheckedGuide;
  /** The `model` block, from the keyword to the closing `}`. */
  readonly span: Span;
}
