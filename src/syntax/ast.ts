/**
 * The abstract syntax tree of a Tilde source file. Every node carries the {@link Span} of the text it
 * came from, so later stages (checker, IR, runtime NaN guard) can point back at the source. The tree is
 * plain data: built by `cst-to-ast.ts`, never mutated afterwards.
 */
import type { Span } from '../common/span.js';

/** A name as written, with its span. */
export interface Ident {
  /** The identifier's text, exactly as in the source. */
  readonly name: string;
  /** Where the identifier is written (its token only). */
  readonly span: Span;
}

/** A whole source file: one or more model blocks. */
export interface Program {
  /** Discriminant: always `'program'`. */
  readonly kind: 'program';
  /** The file's `model` blocks, in source order (parse errors may drop some). */
  readonly models: readonly ModelDecl[];
  /** The whole text, `[0, text.length)`. */
  readonly span: Span;
}

/** `model NAME { … }`. */
export interface ModelDecl {
  /** Discriminant: always `'model'`. */
  readonly kind: 'model';
  /** The model's name (what `--model NAME` and {@link CompileOptions.model} select). */
  readonly name: Ident;
  /** The statements between the braces, in source order. */
  readonly body: readonly Statement[];
  /** From the `model` keyword to the closing `}`. */
  readonly span: Span;
}

/** Anything that may stand in a model body (and, except `guide`, in a guide block). */
export type Statement = DimDecl | DataDecl | ParamDecl | LatentDecl | NetDecl | SampleStmt | LetStmt | FactorStmt | GuideBlock | ForStmt;

/** `dim Z = 20;` — a named integer size. */
export interface DimDecl {
  /** Discriminant: always `'dim'`. */
  readonly kind: 'dim';
  /** The dim's name. */
  readonly name: Ident;
  /** The size: a compile-time integer expression (literals, other dims, `+ - *`, unary `-`) that must come out positive. */
  readonly value: Expr;
  /** From the keyword to the closing `;`. */
  readonly span: Span;
}

/** `data x: Binary[784];` — a per-datapoint input. */
export interface DataDecl {
  /** Discriminant: always `'data'`. */
  readonly kind: 'data';
  /** The data variable's name (also the dataset column or file key it reads). */
  readonly name: Ident;
  /** Its domain and per-datapoint shape. */
  readonly type: TypeExpr;
  /** From the keyword to the closing `;`. */
  readonly span: Span;
}

/** `param c: Positive;` — a learned point parameter shared by all datapoints. */
export interface ParamDecl {
  /** Discriminant: always `'param'`. */
  readonly kind: 'param';
  /** The parameter's name. */
  readonly name: Ident;
  /** Its domain (the constraint applied to the learned value) and shape. */
  readonly type: TypeExpr;
  /** From the keyword to the closing `;`. */
  readonly span: Span;
}

/** `latent z: Real[Z];` — fixes a latent's domain and shape. */
export interface LatentDecl {
  /** Discriminant: always `'latent'`. */
  readonly kind: 'latent';
  /** The latent's name (it must also be the target of a `~` statement). */
  readonly name: Ident;
  /** Its domain and per-datapoint shape. */
  readonly type: TypeExpr;
  /** From the keyword to the closing `;`. */
  readonly span: Span;
}

/**
 * A domain with an optional shape: `Real`, `Binary[784]`, `Real[Z, 2]`, `Category(10)`,
 * `Category(K)[5]`.
 */
export interface TypeExpr {
  /** The domain name as written (`Real`, `Binary`, …; checked against the domain registry). */
  readonly domain: Ident;
  /** Arguments in parentheses after the domain (only `Category(K)` takes one). */
  readonly domainArgs: readonly Expr[];
  /** Sizes in brackets; empty for a scalar. */
  readonly shape: readonly Expr[];
  /** From the domain name to the last `)` or `]`. */
  readonly span: Span;
}

/**
 * `net f: MLP(a -> h -> b, hidden = relu, out = sigmoid);`, `net f: Linear(a -> b);` or
 * `net f: Sequential(Linear(Z -> 1568), relu, Reshape(32, 7, 7), …);`: one layer of the network registry.
 */
export interface NetDecl {
  /** Discriminant: always `'net'`. */
  readonly kind: 'net';
  /** The network's name, called like a function (`decoder(z)`). */
  readonly name: Ident;
  /** The layer as written (checked against the network registry). */
  readonly layer: NetLayer;
  /** From the keyword to the closing `;`. */
  readonly span: Span;
}

/** `Kind` or `Kind(arg, …)`: a layer kind and its arguments. */
export interface NetLayer {
  /** Discriminant: always `'layer'`. */
  readonly kind: 'layer';
  /** The layer kind as written (`Linear`, `Conv2d`, `relu`, …). */
  readonly name: Ident;
  /** The arguments in parentheses; empty for a bare name. */
  readonly args: readonly NetArg[];
  /** From the name to the closing `)`. */
  readonly span: Span;
}

/** An argument of a layer: a value or a chain `a -> b -> c`, or a named option `kernel = 4`. */
export type NetArg =
  | {
      /** Discriminant. */
      readonly kind: 'chain';
      /** One item, or several separated by `->`. */
      readonly items: readonly NetValue[];
      /** The whole chain. */
      readonly span: Span;
    }
  | NetOption;

/** One `name = value` option of a layer. */
export interface NetOption {
  /** Discriminant. */
  readonly kind: 'option';
  /** The option's name (`hidden`, `kernel`, …). */
  readonly name: Ident;
  /** Its value (an integer expression or an activation name; checked against the registry). */
  readonly value: NetValue;
  /** From the option name to its value. */
  readonly span: Span;
}

/** A value inside a layer's arguments: a nested layer (`Linear(…)`) or an expression (`Z`, `4`, `relu`). */
export type NetValue = NetLayer | { readonly kind: 'expr'; readonly expr: Expr; readonly span: Span };

/** `v ~ Dist(args);` or `global w ~ Dist(args);`. */
export interface SampleStmt {
  /** Discriminant: always `'sample'`. */
  readonly kind: 'sample';
  /** Whether the latent is shared by all datapoints (`global`). */
  readonly global: boolean;
  /** The variable on the left of `~`: a data variable (observed) or a latent. */
  readonly target: Ident;
  /**
   * The element drawn, when the target is indexed: `z[t]` inside a loop, `z[0]` outside (one index, on
   * the leading axis; see `ForStmt`). Absent for a whole-variable statement.
   */
  readonly indices?: readonly Expr[];
  /** The distribution call; its callee names the distribution. */
  readonly dist: CallExpr;
  /** From `global` (or the target) to the closing `;`. */
  readonly span: Span;
}

/** `let h = expr;`. */
export interface LetStmt {
  /** Discriminant: always `'let'`. */
  readonly kind: 'let';
  /** The name bound. */
  readonly name: Ident;
  /** The element bound, when indexed (`let h[t] = …` in a loop); absent for a whole-variable let. */
  readonly indices?: readonly Expr[];
  /** The expression it stands for. */
  readonly value: Expr;
  /** From the keyword to the closing `;`. */
  readonly span: Span;
}

/**
 * `factor expr;` — adds the real scalar `expr` to the log joint (Stan's `target +=`, WebPPL's `factor`):
 * once per datapoint when it reads data or a local latent, once per data set otherwise.
 */
export interface FactorStmt {
  /** Discriminant: always `'factor'`. */
  readonly kind: 'factor';
  /** The term added to log p(x, z); the checker requires a scalar. */
  readonly value: Expr;
  /** Span of the `factor` keyword. */
  readonly keywordSpan: Span;
  /** From the keyword to the closing `;`. */
  readonly span: Span;
}

/** `guide { … }` — a user-written guide for some or all latents. */
export interface GuideBlock {
  /** Discriminant: always `'guide'`. */
  readonly kind: 'guide';
  /** The guide's statements (nets, params, lets and `~` statements for model latents), in source order. */
  readonly body: readonly Statement[];
  /** Span of the `guide` keyword (for "guide opened here" notes). */
  readonly keywordSpan: Span;
  /** From the `guide` keyword to the closing `}`. */
  readonly span: Span;
}

/**
 * `for t in a:b { … }` — repeats its statements for t = a, a + 1, …, b − 1 (half-open, like a slice; the
 * bounds are compile-time integer size expressions). Inside, `~` and `let` statements define elements
 * indexed by the loop variable (`z[t] ~ …`) and read elements by loop-variable arithmetic (`z[t - 1]`,
 * `W[t, :]`). The loop stage (`src/check/loops/`) checks it and rewrites it to vectorized statements.
 */
export interface ForStmt {
  /** Discriminant: always `'for'`. */
  readonly kind: 'for';
  /** The loop variable (an integer, readable only in index positions inside the body). */
  readonly variable: Ident;
  /** The first value of the variable. */
  readonly start: Expr;
  /** One past the last value of the variable. */
  readonly end: Expr;
  /** The statements repeated, in source order. */
  readonly body: readonly Statement[];
  /** Span of the `for` keyword. */
  readonly keywordSpan: Span;
  /** From the `for` keyword to the closing `}`. */
  readonly span: Span;
}

/** Expressions. */
export type Expr = NumberLit | NameRef | IdentityRef | CallExpr | BinaryExpr | UnaryExpr | IndexExpr | PiecesExpr;

/**
 * A value assembled along its leading axis from the pieces of a piecewise definition. Never parsed: the
 * loop stage (`src/check/loops/`) builds it for each argument of a variable defined by several statements
 * (`z[0] ~ Normal(0, 1); for t in 1:T { z[t] ~ Normal(0.9 * z[t - 1], 0.5); }` gives `Normal` the
 * arguments `{0:1 = 0, 1:T = 0.9 * z[0:T-1]}` and `{0:1 = 1, 1:T = 0.5}`).
 */
export interface PiecesExpr {
  /** Discriminant: always `'pieces'`. */
  readonly kind: 'pieces';
  /** The variable the pieces define; its own reads inside them are earlier elements (not a cycle). */
  readonly self: string;
  /** Length of the leading axis (the parts cover `[0, length)` exactly, by start). */
  readonly length: number;
  /** The parts: elements `[start, end)` take `value` (with the leading `end − start` axis when `vectorized`). */
  readonly parts: readonly {
    readonly start: number;
    readonly end: number;
    readonly value: Expr;
    readonly vectorized: boolean;
  }[];
  /** The first piece's argument. */
  readonly span: Span;
}

/** A number literal; `text` keeps what was written (`1e-3`). */
export interface NumberLit {
  /** Discriminant: always `'number'`. */
  readonly kind: 'number';
  /** The parsed value. */
  readonly value: number;
  /** The literal as written. */
  readonly text: string;
  /** The literal's token. */
  readonly span: Span;
}

/** A reference to a dim, data, param, latent, let or net by name. */
export interface NameRef {
  /** Discriminant: always `'name'`. */
  readonly kind: 'name';
  /** The name referred to (resolved by the checker). */
  readonly name: string;
  /** The name's token. */
  readonly span: Span;
}

/** `I`: the unit scale, shaped like the variable being sampled. */
export interface IdentityRef {
  /** Discriminant: always `'identity'`. */
  readonly kind: 'identity';
  /** The `I` token. */
  readonly span: Span;
}

/** `f(a, b)`, `Bernoulli(logits: e)`, `decoder(z)`. */
export interface CallExpr {
  /** Discriminant: always `'call'`. */
  readonly kind: 'call';
  /** What is called: a distribution, a registry function (`exp`, `softmax`, …) or a declared net. */
  readonly callee: Ident;
  /** The arguments, in source order. */
  readonly args: readonly Arg[];
  /** From the callee to the closing `)`. */
  readonly span: Span;
}

/** A call argument, positional or named (`logits: e`). */
export interface Arg {
  /** The parameter name of a named argument (`logits` in `logits: e`); absent for a positional one. */
  readonly name?: Ident;
  /** The argument's expression. */
  readonly value: Expr;
  /** From the name (or the value, if positional) to the end of the value. */
  readonly span: Span;
}

/** Binary operators: arithmetic (elementwise, broadcasting), power, and matrix product `@`. */
export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '@';

/** `a op b`. */
export interface BinaryExpr {
  /** Discriminant: always `'binary'`. */
  readonly kind: 'binary';
  /** The operator. */
  readonly op: BinaryOp;
  /** The left operand. */
  readonly left: Expr;
  /** The right operand. */
  readonly right: Expr;
  /** Span of the operator token. */
  readonly opSpan: Span;
  /** From the left operand to the right one. */
  readonly span: Span;
}

/** `-a`. */
export interface UnaryExpr {
  /** Discriminant: always `'unary'`. */
  readonly kind: 'unary';
  /** The operator: negation is the only unary one. */
  readonly op: '-';
  /** The negated expression. */
  readonly operand: Expr;
  /** From the `-` to the end of the operand. */
  readonly span: Span;
}

/** `x[0]`, `x[2:10]`, `W[0, 1:3]`. */
export interface IndexExpr {
  /** Discriminant: always `'index'`. */
  readonly kind: 'index';
  /** The expression indexed. */
  readonly target: Expr;
  /** One item per indexed axis, leading axes first; axes not listed are kept whole. */
  readonly items: readonly IndexItem[];
  /**
   * Set by the loop stage on the slice it makes of a read of an earlier iteration (`z[t - 1]` in a loop
   * that defines `z`): an element-level dependence, not a dependency of the variable on itself.
   */
  readonly carried?: true;
  /** From the target to the closing `]`. */
  readonly span: Span;
}

/** One axis of an index: a single position, or a half-open slice `start:end` (either bound optional). */
export type IndexItem =
  | {
      /** A single position: the axis is dropped. */
      readonly kind: 'at';
      /** The position, 0-based: a compile-time integer expression, non-negative and inside the axis. */
      readonly index: Expr;
      /** The index expression. */
      readonly span: Span;
    }
  | {
      /** A half-open slice: the axis is kept, with length `end - start`. */
      readonly kind: 'slice';
      /** First position kept (0-based); absent means 0. */
      readonly start?: Expr;
      /** One past the last position kept; absent means the axis length. */
      readonly end?: Expr;
      /** From `start` (or the `:`) to `end` (or the `:`). */
      readonly span: Span;
    };
