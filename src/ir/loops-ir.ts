/**
 * The loop facts of the model IR (issue 17): which `for` loops a model has, what kind each is, and how a
 * site defined inside loops is made of pieces. The log density never needs them — every site keeps ONE
 * vectorized distribution over its whole shape (`LatentSite.prior`, `DataSite.likelihood`, `LetSite.value`),
 * so the runtime and the estimators score a loop exactly as the vectorized statement it stands for. They are
 * for the stages that care about elements:
 *
 * - the derive stage: `ElementRead`s say which element of a parent each element reads (`x[t]` reads
 *   `z[t + 0]`), so faithful inversion on a plate can condition per member; a `sequence` loop's carried
 *   reads (`z[t]` reads `z[t - 1]`, lag 1) give the structure of a recurrent guide;
 * - the runtime's ancestral sampler: a latent whose pieces read the latent itself (a sequence) is drawn
 *   element by element, in index order;
 * - `--explain`, which prints each loop's kind and why.
 */
import type { Span } from '../common/span.js';
import type { DistNode, IRExpr } from './model-ir.js';

/**
 * A loop is a **plate** when its iterations are conditionally independent given what the loop reads from
 * outside, and a **sequence** when an iteration reads an element an earlier iteration defined (a carried
 * dependence: `z[t]` reads `z[t - 1]`).
 */
export type LoopKind = 'plate' | 'sequence';

/** One read of an earlier iteration that makes a loop a sequence. */
export interface CarriedRead {
  /** The variable read (defined by the same loop). */
  readonly name: string;
  /** How many iterations back: `z[t - 1]` is lag 1. Always ≥ 1. */
  readonly lag: number;
  /** The index expression read (`z[t - 1]`). */
  readonly span: Span;
}

/** A `for` loop of the model, its range resolved. */
export interface LoopInfo {
  /** The loop variable's name. */
  readonly variable: string;
  /** First value of the variable. */
  readonly start: number;
  /** One past the last value (half-open). */
  readonly end: number;
  /** Plate or sequence (see {@link LoopKind}). */
  readonly kind: LoopKind;
  /** The reads of earlier iterations (empty for a plate). */
  readonly carried: readonly CarriedRead[];
  /** Names of the variables whose elements the loop defines, in source order. */
  readonly defines: readonly string[];
  /** The `for` keyword. */
  readonly keywordSpan: Span;
  /** From `for` to the closing `}`. */
  readonly span: Span;
}

/**
 * An element-wise read inside a loop: element `t` of the site being defined reads element `t + offset`
 * of `name` along its leading axis (`x[t] ~ Normal(z[t], …)` reads `z` at offset 0; `W[t, :]` reads `W` at
 * offset 0 too). Reads of a whole variable (no loop index) are not listed: they are ordinary parents.
 */
export interface ElementRead {
  /** The site read. */
  readonly name: string;
  /** Index offset from the loop variable (`z[t - 1]`: −1). */
  readonly offset: number;
}

/**
 * The elements `[start, end)` of a site's leading axis as one statement defines them: a statement outside
 * loops (`z[0] ~ Normal(0, 1)`, one element) or the body statement of a loop (`for t in 1:T { z[t] ~ … }`).
 */
export interface SitePiece {
  /** First element defined. */
  readonly start: number;
  /** One past the last element defined. */
  readonly end: number;
  /** Index into {@link ModelIRLoops.loops} of the loop that defines it; absent outside loops. */
  readonly loop?: number;
  /** The piece's distribution (`~` statements), vectorized over its elements: parameters `[end − start, …]` or broadcast. */
  readonly dist?: DistNode;
  /** The piece's value (`let` statements), vectorized over its elements. */
  readonly value?: IRExpr;
  /** Element-wise reads of the piece (empty outside loops). */
  readonly reads: readonly ElementRead[];
  /** The statement. */
  readonly span: Span;
}

/** What a site defined by elements carries (on `LatentSite`, `DataSite` and `LetSite`). */
export interface PiecewiseSite {
  /** Its pieces, by start; together they cover the leading axis exactly once (the checker proved it). */
  readonly pieces?: readonly SitePiece[];
  /**
   * Set when the site's pieces read the site itself (a sequence): the lags read, ascending. Its whole-vector
   * distribution then reads the site's own value (shifted slices), so ancestral sampling draws it element
   * by element; `parents` never lists the site itself.
   */
  readonly selfLags?: readonly number[];
}

/** What the model IR carries about loops. */
export interface ModelIRLoops {
  /** The model's loops, in source order (absent when it has none). */
  readonly loops?: readonly LoopInfo[];
}
