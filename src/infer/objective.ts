/**
 * One minibatch objective, assembled from the pieces: run the guide as the estimator's row declares
 * (`src/registry/estimators.ts`: global draws, stopped log q), score under the model, take the row's
 * formula (`src/infer/estimators/`), and add the training-only modifications — β / KL warm-up (Higgins et
 * al. 2017; Bowman et al. 2016), free bits (Kingma et al. 2016) and the score-function surrogate. The
 * bound it reports is always the plain one (β = 1, no free bits), so numbers stay comparable.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import type { Rng } from '../distributions/rng.js';
import type { EstimatorName, Plan } from '../derive/plan.js';
import { ESTIMATORS } from '../registry/estimators.js';
import type { Batch, GuideTrace, Program } from '../runtime/program.js';
import { enumeratedBoundOf, FORMULAS, guideObjectiveOf, scoreSurrogateOf } from './estimators/index.js';
import { enumeratedPerSample, enumerationOf } from './estimators/enumerate.js';
import { scoreSurrogate, wholeBoundSurrogate, type Baselines } from './score-function.js';
import { logWeight, siteTerms, type SiteTerm } from './site-terms.js';

/** How to estimate the objective for one batch. */
export interface ObjectiveConfig {
  /** Must equal the plan's estimator (the plan's KL choices depend on it). */
  readonly estimator: EstimatorName;
  /** Draws per datapoint: L or K, as the estimator's row declares (`drawsOf`). */
  readonly samples: number;
  /** N, the data set size: global terms are divided by it. */
  readonly datasetSize: number;
  /** Weight of the latent (KL) terms in the training loss; 1 is the ELBO. */
  readonly beta?: number;
  /** Free bits: a floor of λ nats per latent dimension on each local latent's batch-mean KL. */
  readonly freeBits?: number;
  /** Moving-average baselines of score-function sites. */
  readonly baselines?: Baselines;
}

/** The objective's tensors for one batch (all created in the caller's `tf.tidy`). */
export interface ObjectiveResult {
  /** The scalar the optimizer minimizes; for a split-loss estimator, the model's loss (θ is differentiated through it). */
  readonly loss: tf.Scalar;
  /** A split-loss estimator's guide loss (φ is differentiated through it, on the same draws); undefined otherwise. */
  readonly guideLoss?: tf.Scalar;
  /** The bound per datapoint `[B]` (ELBO or IWAE, β = 1). */
  readonly bound: tf.Tensor;
  /** Batch-mean KL estimate (analytic, or log q − log p) per latent. */
  readonly kl: Map<string, tf.Tensor>;
  /** Per-site terms (for the NaN guard's provenance). */
  readonly terms: readonly SiteTerm[];
  /** Mean downstream cost per score-function site (for the baselines). */
  readonly costs: Map<string, tf.Tensor>;
}

function latentSize(program: Program, name: string): number {
  const s = program.ir.sites[name];
  return s === undefined ? 1 : s.shape.reduce((a, b) => a * b, 1);
}

/**
 * What the training bound of a plan is, by name: the estimator row's bound — `ELBO` (sticking the
 * landing changes the gradient, not the value), or `IWAE-K` with K samples — prefixed `relaxed` when a
 * latent is sampled through a continuous relaxation: that number is the bound of the relaxed model
 * (relaxed prior and guide densities at relaxed values), not a bound on the discrete model's log p(x).
 */
export function boundLabel(plan: Plan, samples: number): string {
  const bound = ESTIMATORS[plan.options.estimator].bound;
  const base = bound === 'IWAE' ? `IWAE-${samples}` : bound;
  const relaxed = plan.sites.some((s) => s.kind === 'latent' && s.sampler === 'relaxed');
  return relaxed ? `relaxed ${base}` : base;
}

/** An estimator's own score-function surrogate over the plan's score-function sites (undefined if none). */
function ownSurrogate(program: Program, g: GuideTrace, terms: readonly SiteTerm[], N: number, own: NonNullable<ReturnType<typeof scoreSurrogateOf>>): tf.Tensor | undefined {
  const logqs = program.plan.sites.filter((r) => r.kind === 'latent' && r.sampler === 'score-function').map((r) => {
    const lq = g.logq.get(r.name);
    if (lq === undefined) throw new InternalError(`no log q for score-function site ${r.name}`);
    return lq;
  });
  return logqs.length === 0 ? undefined : own(terms, N, tf.addN(logqs));
}

/** Computes the objective of one batch (call inside `tf.tidy` / an optimizer's loss function). */
export function computeObjective(program: Program, batch: Batch, rng: Rng, cfg: ObjectiveConfig): ObjectiveResult {
  if (cfg.estimator !== program.plan.options.estimator) {
    throw new InternalError(`the plan was made for ${program.plan.options.estimator}, not ${cfg.estimator}`);
  }
  const row = ESTIMATORS[cfg.estimator];
  const g = program.runGuide(batch, {
    samples: cfg.samples,
    globalSamples: row.globalDraws === 'one' ? 1 : cfg.samples,
    rng,
    stopGuideParamsInLogQ: row.stopLogQParams,
  });
  const m = program.runModel(g);
  const terms = siteTerms(program, g, m);
  const N = cfg.datasetSize;
  // The mean over draws `[S, B]` → `[B]`: plain, or weighted by q(y | x) when latents y are enumerated
  // (estimators/enumerate.ts; the plan enumerates only under rows with an enumerated bound).
  const en = enumerationOf(program, g);
  const enumeratedBound = enumeratedBoundOf(cfg.estimator);
  if (en !== undefined && (enumeratedBound === undefined || guideObjectiveOf(cfg.estimator) !== undefined)) throw new InternalError(`${cfg.estimator} has no enumerated bound`);
  const drawMean = (t: tf.Tensor): tf.Tensor => (en === undefined ? tf.mean(t, 0) : tf.mean(enumeratedPerSample(t, en), 0));
  // Over draws and datapoints; without enumeration exactly the plain mean (the same float sums as before).
  const meanAll = (t: tf.Tensor): tf.Tensor => (en === undefined ? tf.mean(t) : tf.mean(drawMean(t)));
  const bound = en === undefined || enumeratedBound === undefined ? FORMULAS[cfg.estimator].bound(terms, N) : enumeratedBound(logWeight(terms, N), en);
  const kl = new Map<string, tf.Tensor>();
  for (const t of terms) if (t.role === 'latent') kl.set(t.site, tf.neg(meanAll(t.value)));
  // The learning signal of score-function sites, as the row declares: the ELBO's per-sample cost, the
  // whole IWAE bound's, the estimator's own, or none (an estimator whose guide update needs no score function).
  const own = scoreSurrogateOf(cfg.estimator);
  const { surrogate, costs } = row.scoreFunction === 'none' ? { surrogate: undefined, costs: new Map<string, tf.Tensor>() }
    : row.scoreFunction === 'whole-bound' ? wholeBoundSurrogate(program, g, bound, cfg.baselines ?? {})
    : own === undefined ? scoreSurrogate(program, g, m, cfg.baselines ?? {}, N)
    : { surrogate: ownSurrogate(program, g, terms, N, own), costs: new Map<string, tf.Tensor>() };
  let objective: tf.Tensor;
  const beta = cfg.beta ?? 1;
  const freeBits = cfg.freeBits ?? 0;
  if (!row.klWeighting || (beta === 1 && freeBits === 0)) objective = tf.mean(bound);
  else {
    // Likelihood and factor terms as they are; each latent's batch-mean KL weighted by β and floored by free bits.
    const likelihood = meanAll(logWeight(terms.filter((t) => t.role !== 'latent'), N));
    let penalty: tf.Tensor = tf.scalar(0);
    for (const t of terms) {
      if (t.role !== 'latent') continue;
      let klMean = tf.neg(meanAll(t.value));
      if (t.scope === 'global') klMean = tf.div(klMean, N);
      else if (freeBits > 0) klMean = tf.maximum(klMean, freeBits * latentSize(program, t.site));
      penalty = tf.add(penalty, klMean);
    }
    objective = tf.sub(likelihood, tf.mul(penalty, beta));
  }
  const guideObjective = guideObjectiveOf(cfg.estimator);
  if (guideObjective !== undefined) {
    // Split losses: the score-function surrogate carries φ's gradient only, so it joins the guide's loss.
    let forGuide = tf.mean(guideObjective(terms, N));
    if (surrogate !== undefined) forGuide = tf.add(forGuide, tf.mean(surrogate));
    return { loss: tf.neg(objective) as tf.Scalar, guideLoss: tf.neg(forGuide) as tf.Scalar, bound, kl, terms, costs };
  }
  if (surrogate !== undefined) objective = tf.add(objective, tf.mean(surrogate));
  return { loss: tf.neg(objective) as tf.Scalar, bound, kl, terms, costs };
}
