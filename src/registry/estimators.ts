/**
 * The estimator table: one row per training objective, declared as data. The plan reads whether a KL
 * term may be analytic and what the estimator needs of the sites; the runtime whether log q is
 * evaluated with the guide's parameters stopped and how many draws the global latents get; the
 * objective which bound it reports and whether the loss is one scalar or a model loss for θ and a guide
 * loss for φ; the training options and the CLI the names, which option counts the samples and whether
 * the KL terms may be weighted. The formulas are in `src/infer/estimators/`, one file per row. Nothing
 * else names an estimator.
 */

/** One estimator, as the compiler, the runtime and the trainer see it. */
export interface EstimatorSpec {
  /** The paper the estimator is from. */
  readonly paper: string;
  /** A few words for `--help`. */
  readonly summary: string;
  /** The training option that counts the draws per datapoint: `samples` (L, `--samples`) or `k` (K, `--k`). */
  readonly draws: 'samples' | 'k';
  /**
   * Draws of the global latents per step: `per-sample` (one with each of the L local draws, as the
   * ELBO averages them) or `one` (shared by the K importance samples, whose weights are per datapoint).
   */
  readonly globalDraws: 'per-sample' | 'one';
  /** Whether a latent's KL term may be the closed form; if not, why it must be Monte Carlo (`--explain`). */
  readonly analyticKL: true | { readonly why: string };
  /** Whether log q is evaluated with the guide's distribution parameters stopped (only the path through z is differentiated). */
  readonly stopLogQParams: boolean;
  /** The bound the training objective reports: `ELBO`, or `IWAE` (labelled with its K). */
  readonly bound: 'ELBO' | 'IWAE';
  /**
   * `single`: one scalar loss, differentiated with respect to θ and φ together; `split`: a model loss
   * differentiated with respect to θ and a guide loss with respect to φ, on the same random draws.
   */
  readonly loss: 'single' | 'split';
  /** Whether β, free bits and KL warm-up may reweight the KL terms (not for bounds without a separate KL term). */
  readonly klWeighting: boolean;
  /**
   * What the estimator needs of the latents: `any`; `local` (every latent local); or `pathwise-local`
   * (every latent local and sampled pathwise). A plan that does not fit is refused, with the reason.
   */
  readonly needs: 'any' | 'local' | 'pathwise-local';
  /** The fewest draws per datapoint it is defined for (a leave-one-out signal needs two). */
  readonly minDraws: number;
  /**
   * Discrete latents with a relaxation: `as-option` (relaxed or not, as `--discrete` says) or `exact`
   * (always drawn exactly and given the score function: the estimator is for discrete latents).
   */
  readonly discrete: 'as-option' | 'exact';
  /**
   * The learning signal of score-function sites: `moving-average` (the ELBO's: each sample's
   * Rao-Blackwellized cost minus a moving-average baseline, src/infer/score-function.ts), `whole-bound`
   * (an IWAE bound's: the whole bound L̂ as every sample's signal, minus a moving-average baseline — the
   * naive estimator of Mnih & Rezende 2016, §2–3, also in score-function.ts) or `leave-one-out` (each
   * sample's signal against the other K − 1, from the estimator's own formula).
   */
  readonly scoreFunction: 'moving-average' | 'whole-bound' | 'leave-one-out' | 'none';
  /**
   * Whether guide samples carry pathwise gradients where their sampler can: `false` draws every latent
   * without a path (the plan marks it `score-function`), for estimators that never differentiate
   * through z (wake-sleep); they then declare `scoreFunction: 'none'`.
   */
  readonly pathwise: boolean;
  /**
   * Whether discrete latents may be summed out exactly under the estimator (`--discrete auto`, the
   * default, or `enumerate`): its formula then has an enumerated bound — the ELBO's Σ_y q(y | x) · (the
   * other terms given y), IWAE's weights w_k = Σ_y p(x, y, z_k⁽ʸ⁾) / q(z_k⁽ʸ⁾ | x, y)
   * (src/infer/estimators/enumerate.ts, iwae.ts).
   */
  readonly enumerates: boolean;
}

const IWAE_NEEDS_MC = { why: 'Monte Carlo: the IWAE bound needs log p(z) − log q(z | x) per sample' };

/** The estimators, by the name `--estimator` takes. */
export const ESTIMATORS = {
  elbo: {
    paper: 'Kingma & Welling 2014', summary: 'the ELBO by SGVB', draws: 'samples', globalDraws: 'per-sample',
    analyticKL: true, stopLogQParams: false, bound: 'ELBO', loss: 'single', klWeighting: true, needs: 'any', minDraws: 1, discrete: 'as-option', scoreFunction: 'moving-average', pathwise: true, enumerates: true,
  },
  iwae: {
    paper: 'Burda, Grosse & Salakhutdinov 2016', summary: 'the importance-weighted bound with K samples', draws: 'k', globalDraws: 'one',
    analyticKL: IWAE_NEEDS_MC, stopLogQParams: false, bound: 'IWAE', loss: 'single', klWeighting: false, needs: 'any',
    minDraws: 1, discrete: 'as-option', scoreFunction: 'whole-bound', pathwise: true, enumerates: true,
  },
  stl: {
    paper: 'Roeder, Wu & Duvenaud 2017', summary: 'the ELBO with the sticking-the-landing gradient', draws: 'samples', globalDraws: 'per-sample',
    analyticKL: { why: 'Monte Carlo: sticking the landing differentiates the sampled log q' }, stopLogQParams: true, bound: 'ELBO', loss: 'single',
    klWeighting: true, needs: 'any', minDraws: 1, discrete: 'as-option', scoreFunction: 'moving-average', pathwise: true, enumerates: false,
  },
  dreg: {
    paper: 'Tucker, Lawson, Gu & Maddison 2019', summary: 'the IWAE bound with doubly reparameterized guide gradients', draws: 'k', globalDraws: 'one',
    analyticKL: IWAE_NEEDS_MC, stopLogQParams: true, bound: 'IWAE', loss: 'split', klWeighting: false, needs: 'pathwise-local',
    minDraws: 1, discrete: 'as-option', scoreFunction: 'moving-average', pathwise: true, enumerates: false,
  },
  vimco: {
    paper: 'Mnih & Rezende 2016', summary: 'the IWAE bound with leave-one-out score-function signals for discrete latents', draws: 'k', globalDraws: 'one',
    analyticKL: IWAE_NEEDS_MC, stopLogQParams: false, bound: 'IWAE', loss: 'single', klWeighting: false, needs: 'local',
    minDraws: 2, discrete: 'exact', scoreFunction: 'leave-one-out', pathwise: true, enumerates: false,
  },
  rws: {
    paper: 'Bornschein & Bengio 2015', summary: 'reweighted wake-sleep: θ by the IWAE bound, q by the wake-φ update', draws: 'k', globalDraws: 'one',
    analyticKL: IWAE_NEEDS_MC, stopLogQParams: false, bound: 'IWAE', loss: 'split', klWeighting: false, needs: 'local',
    minDraws: 1, discrete: 'exact', scoreFunction: 'none', pathwise: false, enumerates: false,
  },
} as const satisfies Record<string, EstimatorSpec>;

/** The name of an estimator. */
export type EstimatorName = keyof typeof ESTIMATORS;

/** Every estimator name, in the table's order. */
export const ESTIMATOR_NAMES = Object.keys(ESTIMATORS) as EstimatorName[];

/** Whether `name` is an estimator of the table. */
export function isEstimatorName(name: string): name is EstimatorName {
  return Object.hasOwn(ESTIMATORS, name);
}

/** The row of an estimator. */
export function estimatorSpec(name: EstimatorName): EstimatorSpec {
  return ESTIMATORS[name];
}

/** The names as a list in words: `elbo, iwae, stl or dreg`. */
export function estimatorChoices(): string {
  const names = ESTIMATOR_NAMES;
  return names.length === 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
}

/** Draws per datapoint under an estimator: the `samples` (L) or `k` (K) option, as its row declares. */
export function drawsOf(name: EstimatorName, opts: { readonly samples: number; readonly k: number }): number {
  return ESTIMATORS[name].draws === 'k' ? opts.k : opts.samples;
}
