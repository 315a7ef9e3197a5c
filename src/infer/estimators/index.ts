/**
 * The formulas of the estimator table (`src/registry/estimators.ts`), one file per row: what the row
 * declares (draws, KL, stopped log q, bound, losses) is data there; how its bound and, for split-loss
 * rows, its guide objective are computed from the per-site terms is here. The type makes a row without
 * its formula, or a split-loss row without its guide objective, a compile error.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ESTIMATORS, type EstimatorName } from '../../registry/estimators.js';
import type { SiteTerm } from '../site-terms.js';
import { dregBound, dregGuideObjective } from './dreg.js';
import { elbo } from './elbo.js';
import { enumeratedElbo, type Enumeration } from './enumerate.js';
import { enumeratedIwae, iwae } from './iwae.js';
import { rwsBound, rwsGuideObjective } from './rws.js';
import { stl } from './stl.js';
import { vimcoBound, vimcoScoreSurrogate } from './vimco.js';

/** Per-datapoint `[B]` quantity computed from the per-site terms and the data set size N. */
type TermsTo = (terms: readonly SiteTerm[], datasetSize: number) => tf.Tensor;

/** A zero-valued `[B]` surrogate carrying the score-function gradient, given Σ of the score-function sites' log q `[S, B]`. */
type ScoreSurrogateOf = (terms: readonly SiteTerm[], datasetSize: number, scoreLogq: tf.Tensor) => tf.Tensor;

/** Per-datapoint bound `[B]` from the log weights `[T · S, B]` of a run with enumerated latents. */
type EnumeratedBound = (logW: tf.Tensor, en: Enumeration) => tf.Tensor;

/**
 * The formulas of one row: a split-loss row has a guide objective, a leave-one-out row its own score
 * surrogate, a row that `enumerates` its bound with the enumerated latents summed out.
 */
type Formula<Row> = (Row extends { readonly enumerates: true } ? { /** The bound with enumerated latents summed out (enumerate.ts). */ readonly enumeratedBound: EnumeratedBound } : unknown) & (Row extends { readonly loss: 'split' }
  ? { /** The reported bound, θ's objective. */ readonly bound: TermsTo; /** φ's objective: its gradient is the estimator's guide gradient. */ readonly guideObjective: TermsTo }
  : { /** The reported bound, maximized for θ and φ together. */ readonly bound: TermsTo }) &
  (Row extends { readonly scoreFunction: 'leave-one-out' } ? { /** Replaces the moving-average score-function surrogate. */ readonly scoreSurrogate: ScoreSurrogateOf } : unknown);

/** The formulas, by estimator. */
export const FORMULAS: { readonly [N in EstimatorName]: Formula<(typeof ESTIMATORS)[N]> } = {
  elbo: { bound: elbo, enumeratedBound: enumeratedElbo },
  iwae: { bound: iwae, enumeratedBound: enumeratedIwae },
  stl: { bound: stl },
  dreg: { bound: dregBound, guideObjective: dregGuideObjective },
  vimco: { bound: vimcoBound, scoreSurrogate: vimcoScoreSurrogate },
  rws: { bound: rwsBound, guideObjective: rwsGuideObjective },
};

/** The guide objective of a split-loss estimator (undefined for single-loss rows). */
export function guideObjectiveOf(name: EstimatorName): TermsTo | undefined {
  const f = FORMULAS[name];
  return 'guideObjective' in f ? f.guideObjective : undefined;
}

/** The estimator's own score-function surrogate (undefined: the moving-average one of score-function.ts). */
export function scoreSurrogateOf(name: EstimatorName): ScoreSurrogateOf | undefined {
  const f = FORMULAS[name];
  return 'scoreSurrogate' in f ? f.scoreSurrogate : undefined;
}

/** The bound of a row that enumerates (undefined for the others: the plan enumerates nothing under them). */
export function enumeratedBoundOf(name: EstimatorName): EnumeratedBound | undefined {
  const f = FORMULAS[name];
  return 'enumeratedBound' in f ? f.enumeratedBound : undefined;
}
