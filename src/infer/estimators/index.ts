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
import { iwae } from './iwae.js';
import { stl } from './stl.js';

/** Per-datapoint `[B]` quantity computed from the per-site terms and the data set size N. */
type TermsTo = (terms: readonly SiteTerm[], datasetSize: number) => tf.Tensor;

/** The formulas of one row. */
type Formula<Loss> = Loss extends 'split'
  ? { /** The reported bound, θ's objective. */ readonly bound: TermsTo; /** φ's objective: its gradient is the estimator's guide gradient. */ readonly guideObjective: TermsTo }
  : { /** The reported bound, maximized for θ and φ together. */ readonly bound: TermsTo };

/** The formulas, by estimator. */
export const FORMULAS: { readonly [N in EstimatorName]: Formula<(typeof ESTIMATORS)[N]['loss']> } = {
  elbo: { bound: elbo },
  iwae: { bound: iwae },
  stl: { bound: stl },
  dreg: { bound: dregBound, guideObjective: dregGuideObjective },
};

/** The guide objective of a split-loss estimator (undefined for single-loss rows). */
export function guideObjectiveOf(name: EstimatorName): TermsTo | undefined {
  const f = FORMULAS[name];
  return 'guideObjective' in f ? f.guideObjective : undefined;
}
