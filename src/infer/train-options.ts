/**
 * Training options, their defaults (those of the reference PyTorch VAE: Adam 1e-3, batch 128, one
 * sample, analytic KL) and their validation. Bad values are usage errors that name the option.
 */
import { UserError } from '../common/diagnostic.js';
import type { EstimatorName } from '../derive/plan.js';
import { drawsOf, estimatorChoices, ESTIMATORS, isEstimatorName } from '../registry/estimators.js';

/** Everything that shapes a training run. */
export interface TrainOptions {
  /** Total number of passes over the training rows, a positive integer (default 10); a resumed run continues until this many are done. */
  readonly epochs: number;
  /** Datapoints per minibatch (default 128); an epoch's last minibatch holds the remainder. */
  readonly batchSize: number;
  /** Adam's learning rate. */
  readonly lr: number;
  /** Adam's decay rate β₁ of the gradient's moving average, in [0, 1) (default 0.9; Kingma & Ba 2015). */
  readonly beta1: number;
  /** Adam's decay rate β₂ of the squared gradient's moving average, in [0, 1) (default 0.999). */
  readonly beta2: number;
  /** The objective trained, a row of the estimator table (default `elbo`); see {@link EstimatorName}. */
  readonly estimator: EstimatorName;
  /** L, Monte Carlo samples per datapoint (estimators whose row counts `samples`: elbo, stl). */
  readonly samples: number;
  /** K, importance samples per datapoint (estimators whose row counts `k`: iwae, dreg). */
  readonly k: number;
  /** Seed of the run's random stream (minibatch order, Monte Carlo draws, dynamic binarization; the CLI also initialises the weights and splits off the validation rows from it). Default 0. */
  readonly seed: number;
  /** Linear KL warm-up from 0 to β over this many epochs (0: none; Bowman et al. 2016). */
  readonly klWarmup: number;
  /** Weight of the KL terms (β-VAE, Higgins et al. 2017); 1 is the ELBO. */
  readonly beta: number;
  /** Free bits per latent dimension, in nats (Kingma et al. 2016); 0: none. */
  readonly freeBits: number;
  /** Clip the gradients' global norm to this (0: no clipping). */
  readonly clipNorm: number;
  /** Learning-rate schedule over epochs. */
  readonly lrSchedule: 'constant' | 'cosine' | 'exponential';
  /** Per-epoch factor for the exponential schedule. */
  readonly lrDecay: number;
  /** Fraction of the training rows held out for validation and early stopping (0: none). */
  readonly validation: number;
  /** Stop after this many epochs without a better validation ELBO (0: never). */
  readonly patience: number;
}

/** The defaults. */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = {
  epochs: 10, batchSize: 128, lr: 1e-3, beta1: 0.9, beta2: 0.999, estimator: 'elbo', samples: 1, k: 5, seed: 0,
  klWarmup: 0, beta: 1, freeBits: 0, clipNorm: 0, lrSchedule: 'constant', lrDecay: 0.95, validation: 0, patience: 0,
};

function need(ok: boolean, option: string, what: string, value: unknown): void {
  // A flag that is not a number arrives as NaN, which JSON prints as `null`.
  const shown = typeof value === 'number' && Number.isNaN(value) ? 'something that is not a number' : JSON.stringify(value);
  if (!ok) throw new UserError(`--${option} must be ${what}, got ${shown}`, 2);
}

/** Fills defaults and validates; throws a usage {@link UserError} naming the first bad option. */
export function resolveTrainOptions(partial: Partial<TrainOptions>): TrainOptions {
  const o: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) };
  const posInt = (x: number) => Number.isInteger(x) && x > 0;
  need(posInt(o.epochs), 'epochs', 'a positive integer', o.epochs);
  need(posInt(o.batchSize), 'batch-size', 'a positive integer', o.batchSize);
  need(o.lr > 0 && Number.isFinite(o.lr), 'lr', 'a positive number', o.lr);
  need(o.beta1 >= 0 && o.beta1 < 1, 'beta1', 'in [0, 1)', o.beta1);
  need(o.beta2 >= 0 && o.beta2 < 1, 'beta2', 'in [0, 1)', o.beta2);
  need(isEstimatorName(o.estimator), 'estimator', estimatorChoices(), o.estimator);
  need(posInt(o.samples), 'samples', 'a positive integer', o.samples);
  need(posInt(o.k), 'k', 'a positive integer', o.k);
  need(Number.isInteger(o.seed), 'seed', 'an integer', o.seed);
  need(o.klWarmup >= 0, 'kl-warmup', 'a number of epochs >= 0', o.klWarmup);
  need(o.beta >= 0 && Number.isFinite(o.beta), 'beta', 'a number >= 0', o.beta);
  need(o.freeBits >= 0, 'free-bits', 'a number of nats >= 0', o.freeBits);
  need(o.clipNorm >= 0, 'clip-norm', 'a number >= 0', o.clipNorm);
  need(['constant', 'cosine', 'exponential'].includes(o.lrSchedule), 'lr-schedule', 'constant, cosine or exponential', o.lrSchedule);
  need(o.lrDecay > 0 && o.lrDecay <= 1, 'lr-decay', 'in (0, 1]', o.lrDecay);
  need(o.validation >= 0 && o.validation < 1, 'validation', 'a fraction in [0, 1)', o.validation);
  need(Number.isInteger(o.patience) && o.patience >= 0, 'patience', 'an integer >= 0', o.patience);
  const row = ESTIMATORS[o.estimator];
  const draws = drawsOf(o.estimator, o);
  need(draws >= row.minDraws, row.draws, `at least ${row.minDraws} under --estimator ${o.estimator}`, draws);
  if (!row.klWeighting && (o.beta !== 1 || o.freeBits > 0 || o.klWarmup > 0)) {
    throw new UserError(`--beta, --free-bits and --kl-warmup apply to the ELBO; the ${row.bound} bound has no separate KL term to weight`, 2);
  }
  return o;
}

/** The learning rate of an epoch (0-based) under the schedule. */
export function learningRate(o: TrainOptions, epoch: number): number {
  switch (o.lrSchedule) {
    case 'constant':
      return o.lr;
    case 'exponential':
      return o.lr * o.lrDecay ** epoch;
    case 'cosine':
      return 0.5 * o.lr * (1 + Math.cos((Math.PI * epoch) / o.epochs));
  }
}

/** The KL weight at a (fractional) epoch: linear warm-up to β over `klWarmup` epochs. */
export function klWeight(o: TrainOptions, epochProgress: number): number {
  return o.klWarmup > 0 ? o.beta * Math.min(1, epochProgress / o.klWarmup) : o.beta;
}
