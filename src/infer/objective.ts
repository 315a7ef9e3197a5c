/**
 * One minibatch objective, assembled from the pieces: run the guide, score under the model, pick the
 * estimator the plan was made for, and add the training-only modifications — β / KL warm-up (Higgins et
 * al. 2017; Bowman et al. 2016), free bits (Kingma et al. 2016) and the score-function surrogate. The
 * bound it reports is always the plain one (β = 1, no free bits), so numbers stay comparable.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import type { Rng } from '../distributions/rng.js';
import type { EstimatorName, Plan } from '../derive/plan.js';
import type { Batch, Program } from '../runtime/program.js';
import { elbo } from './elbo.js';
import { iwae } from './iwae.js';
import { stl } from './stl.js';
import { scoreSurrogate, type Baselines } from './score-function.js';
import { logWeight, siteTerms, type SiteTerm } from './site-terms.js';

/** How to estimate the objective for one batch. */
export interface ObjectiveConfig {
  /** Must equal the plan's estimator (the plan's KL choices depend on it). */
  readonly estimator: EstimatorName;
  /** L samples per datapoint for `elbo`/`stl`, K for `iwae`. */
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
  /** The scalar the optimizer minimizes. */
  readonly loss: tf.Scalar;
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
 * What the training bound of a plan is, by name: `ELBO` for `elbo` and `stl` (sticking the landing
 * changes the gradient, not the value), `IWAE-K` for `iwae` with K samples, prefixed `relaxed` when a
 * latent is sampled through a continuous relaxation: that number is the bound of the relaxed model
 * (relaxed prior and guide densities at relaxed values), not a bound on the discrete model's log p(x).
 */
export function boundLabel(plan: Plan, samples: number): string {
  const base = plan.options.estimator === 'iwae' ? `IWAE-${samples}` : 'ELBO';
  const relaxed = plan.sites.some((s) => s.kind === 'latent' && s.sampler === 'relaxed');
  return relaxed ? `relaxed ${base}` : base;
}

/** Computes the objective of one batch (call inside `tf.tidy` / an optimizer's loss function). */
export function computeObjective(program: Program, batch: Batch, rng: Rng, cfg: ObjectiveConfig): ObjectiveResult {
  if (cfg.estimator !== program.plan.options.estimator) {
    throw new InternalError(`the plan was made for ${program.plan.options.estimator}, not ${cfg.estimator}`);
  }
  const isIwae = cfg.estimator === 'iwae';
  const g = program.runGuide(batch, {
    samples: cfg.samples,
    globalSamples: isIwae ? 1 : cfg.samples,
    rng,
    stopGuideParamsInLogQ: cfg.estimator === 'stl',
  });
  const m = program.runModel(g);
  const terms = siteTerms(program, g, m);
  const N = cfg.datasetSize;
  const bound = isIwae ? iwae(terms, N) : cfg.estimator === 'stl' ? stl(terms, N) : elbo(terms, N);
  const kl = new Map<string, tf.Tensor>();
  for (const t of terms) if (t.role === 'latent') kl.set(t.site, tf.neg(tf.mean(t.value)));
  const { surrogate, costs } = scoreSurrogate(program, g, m, cfg.baselines ?? {}, N);
  let objective: tf.Tensor;
  const beta = cfg.beta ?? 1;
  const freeBits = cfg.freeBits ?? 0;
  if (isIwae || (beta === 1 && freeBits === 0)) objective = tf.mean(bound);
  else {
    // Likelihood and factor terms as they are; each latent's batch-mean KL weighted by β and floored by free bits.
    const likelihood = tf.mean(logWeight(terms.filter((t) => t.role !== 'latent'), N));
    let penalty: tf.Tensor = tf.scalar(0);
    for (const t of terms) {
      if (t.role !== 'latent') continue;
      let klMean = tf.neg(tf.mean(t.value));
      if (t.scope === 'global') klMean = tf.div(klMean, N);
      else if (freeBits > 0) klMean = tf.maximum(klMean, freeBits * latentSize(program, t.site));
      penalty = tf.add(penalty, klMean);
    }
    objective = tf.sub(likelihood, tf.mul(penalty, beta));
  }
  if (surrogate !== undefined) objective = tf.add(objective, tf.mean(surrogate));
  return { loss: tf.neg(objective) as tf.Scalar, bound, kl, terms, costs };
}
