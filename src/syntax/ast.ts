/**
 * The abstract syntax tree of a Tilde source file. Every node carries the {@link Span} of the text it
 * came from, so later stages (checker, IR, runtime NaN guard) can point back at the source. The tree is
 * plain data: built by `cst-to-ast.ts`, never mutated afterwards.
 */
import type { Span } from '../common/span.js';

/** A name as written, with its span. */
export interface Ident {
  readonly name: string;
  readonly span: Span;
}

/** A whole source file: one or more model blocks. */
export interface Program {
  readonly kind: 'program';
  readonly models: readonly ModelDecl[];
  readonly span: Span;
}

/** `model NAME { … }`. */
export interface ModelDecl {
  readonly kind: 'model';
  readonly name: Ident;
  readonly body: readonly Statement[];
  readonly span: Span;
}

/** Anything that may stand in a model body (and, except `guide`, in a guide block). */
export type Statement = DimDecl | DataDecl | ParamDecl | LatentDecl | NetDecl | SampleStmt | LetStmt | GuideBlock;

/** `dim Z = 20;` — a named integer size. */
export interface DimDecl {
  readonly kind: 'dim';
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/** `data x: Binary[784];` — a per-datapoint input. */
export interface DataDecl {
  readonly kind: 'data';
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly span: Span;
}

/** `param c: Positive;` — a learned point parameter shared by all datapoints. */
export interface ParamDecl {
  readonly kind: 'param';
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly span: Span;
}

/** `latent z: Real[Z];` — fixes a latent's domain and shape. */
export interface LatentDecl {
  readonly kind: 'latent';
  readonly name: Ident;
  readonly type: TypeExpr;
  readonly span: Span;
}

/**
 * A domain with an optional shape: `Real`, `Binary[784]`, `Real[Z, 2]`, `Category(10)`,
 * `Category(K)[5]`.
 */
export interface TypeExpr {
  readonly domain: Ident;
  /** Arguments in parentheses after the domain (only `Category(K)` takes one). */
  readonly domainArgs: readonly Expr[];
  /** Sizes in brackets; empty for a scalar. */
  readonly shape: readonly Expr[];
  readonly span: Span;
}

/** `net f: MLP(a -> h -> b, hidden = relu, out = sigmoid);` or `net f: Linear(a -> b);`. */
export interface NetDecl {
  readonly kind: 'net';
  readonly name: Ident;
  /** `MLP` or `Linear` as written (checked against the registry). */
  readonly arch: Ident;
  /** The layer sizes, input first. */
  readonly layers: readonly Expr[];
  /** `hidden = relu`, `out = sigmoid`. */
  readonly options: readonly NetOption[];
  readonly span: Span;
}

/** One `name = value` option of a network. */
export interface NetOption {
  readonly name: Ident;
  readonly value: Ident;
  readonly span: Span;
}

/** `v ~ Dist(args);` or `global w ~ Dist(args);`. */
export interface SampleStmt {
  readonly kind: 'sample';
  /** Whether the latent is shared by all datapoints (`global`). */
  readonly global: boolean;
  readonly target: Ident;
  /** The distribution call; its callee names the distribution. */
  readonly dist: CallExpr;
  readonly span: Span;
}

/** `let h = expr;`. */
export interface LetStmt {
  readonly kind: 'let';
  readonly name: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/** `guide { … }` — a user-written guide for some or all latents. */
export interface GuideBlock {
  readonly kind: 'guide';
  readonly body: readonly Statement[];
  /** Span of the `guide` keyword (for "guide opened here" notes). */
  readonly keywordSpan: Span;
  readonly span: Span;
}

/** Expressions. */
export type Expr = NumberLit | NameRef | IdentityRef | CallExpr | BinaryExpr | UnaryExpr | IndexExpr;

/** A number literal; `text` keeps what was written (`1e-3`). */
export interface NumberLit {
  readonly kind: 'number';
  readonly value: number;
  readonly text: string;
  readonly span: Span;
}

/** A reference to a dim, data, param, latent, let or net by name. */
export interface NameRef {
  readonly kind: 'name';
  readonly name: string;
  readonly span: Span;
}

/** `I`: the unit scale, shaped like the variable being sampled. */
export interface IdentityRef {
  readonly kind: 'identity';
  readonly span: Span;
}

/** `f(a, b)`, `Bernoulli(logits: e)`, `decoder(z)`. */
export interface CallExpr {
  readonly kind: 'call';
  readonly callee: Ident;
  readonly args: readonly Arg[];
  readonly span: Span;
}

/** A call argument, positional or named (`logits: e`). */
export interface Arg {
  readonly name?: Ident;
  readonly value: Expr;
  readonly span: Span;
}

/** Binary operators: arithmetic (elementwise, broadcasting), power, and matrix product `@`. */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '@';

/** `a op b`. */
export interface BinaryExpr {
  readonly kind: 'binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  /** Span of the operator token. */
  readonly opSpan: Span;
  readonly span: Span;
}

/** `-a`. */
export interface UnaryExpr {
  readonly kind: 'unary';
  readonly op: '-';
  readonly operand: Expr;
  readonly span: Span;
}

/** `x[0]`, `x[2:10]`, `W[0, 1:3]`. */
export interface IndexExpr {
  readonly kind: 'index';
  readonly target: Expr;
  readonly items: readonly IndexItem[];
  readonly span: Span;
}

/** One axis of an index: a single position, or a half-open slice `start:end` (either bound optional). */
export type IndexItem =
  | { readonly kind: 'at'; readonly index: Expr; readonly span: Span }
  | { readonly kind: 'slice'; readonly start?: Expr; readonly end?: Expr; readonly span: Span };
