/**
 * The training loop: epochs of seeded minibatches, one {@link trainStep} each, with the learning-rate
 * schedule, KL warm-up, the non-finite guard (skip the step, halve the learning rate, stop after three in
 * a row with the offending site named), per-epoch evaluation, early stopping and a hook after every epoch
 * (where the caller writes metrics and checkpoints). The loop's state is a plain value
 * ({@link TrainerState}); everything needed to resume exactly is in it or in the weights and Adam.
 */
import type { SourceFile } from '../common/span.js';
import { UserError } from '../common/diagnostic.js';
import { nextTask } from '../common/next-task.js';
import type { Dataset } from '../data/dataset-types.js';
import { resampleBinary } from '../data/binarize.js';
import { Rng } from '../distributions/rng.js';
import { drawsOf } from '../registry/estimators.js';
import type { Program } from '../runtime/program.js';
import type { Adam } from './adam.js';
import { BatchBuilder, disposeBatch, epochBatches, type DataShapes } from './batches.js';
import { estimateElbo } from './evaluate.js';
import { locateNonFinite } from './nan-guard.js';
import type { Baselines } from './score-function.js';
import { updateBaselines } from './score-function.js';
import { trainStep } from './step.js';
import { boundLabel } from './objective.js';
import { klWeight, learningRate, type TrainOptions } from './train-options.js';

/** The loop's resumable state (JSON-serializable). */
export interface TrainerState {
  /** Epochs completed. */
  readonly epoch: number;
  /** Steps taken (including skipped ones). */
  readonly step: number;
  /** Position of the run's random stream. */
  readonly rng: number;
  /** Per score-function latent, the moving average of its downstream cost (decay 0.9; Mnih & Gregor 2014). */
  readonly baselines: Baselines;
  /** Multiplier on the scheduled learning rate, halved at each non-finite step. */
  readonly lrScale: number;
  /** Best validation ELBO (nats per datapoint) so far; `null` before the first validation or without one. */
  readonly bestValidation: number | null;
  /** Consecutive epochs since the validation ELBO last improved (early stopping compares it with `patience`). */
  readonly epochsWithoutImprovement: number;
}

/** The state of a run that has not started. */
export function initialTrainerState(seed: number): TrainerState {
  return { epoch: 0, step: 0, rng: new Rng(seed).state, baselines: {}, lrScale: 1, bestValidation: null, epochsWithoutImprovement: 0 };
}

/** What one epoch measured. */
export interface EpochReport {
  /** The epoch just completed, counted from 1 (equal to the state's `epoch` after it). */
  readonly epoch: number;
  /**
   * What {@link trainBound} is: `ELBO`, `IWAE-K`, or either prefixed `relaxed` when discrete latents are
   * trained through a continuous relaxation (see {@link boundLabel}).
   */
  readonly objective: string;
  /** Mean per-datapoint training bound over the epoch's steps (a running estimate, as PyTorch scripts report), of the kind {@link objective} names. */
  readonly trainBound: number;
  /**
   * Standard error of {@link trainBound}, from the spread of the epoch's minibatch means
   * ({@link epochMeanAndError}); NaN for an epoch of a single step.
   */
  readonly trainBoundStandardError: number;
  /** Mean per-datapoint ELBO on the validation rows, if any (of the discrete model: see docs/inference.md). */
  readonly validationElbo?: number;
  /** Monte Carlo standard error of {@link validationElbo} for the validation rows. */
  readonly validationElboStandardError?: number;
  /** Batch-mean KL estimate per latent, averaged over the epoch. */
  readonly kl: Readonly<Record<string, number>>;
  /** Standard error of each {@link kl}, from the spread of its minibatch means as for {@link trainBoundStandardError}. */
  readonly klStandardError: Readonly<Record<string, number>>;
  /** Wall-clock seconds of the epoch's steps (validation excluded). */
  readonly seconds: number;
  /** Training throughput: datapoints of finite steps per second of the epoch. */
  readonly samplesPerSecond: number;
  /** The learning rate at the end of the epoch: the schedule's value times the halvings after non-finite steps. */
  readonly lr: number;
  /** Steps skipped because their loss or gradient was not finite. */
  readonly skippedSteps: number;
}

/** Progress of one step, for progress bars. */
export interface StepProgress {
  readonly epoch: number;
  readonly step: number;
  readonly steps: number;
  readonly loss: number;
  readonly samplesPerSecond: number;
}

/** Callbacks of the loop. */
export interface TrainHooks {
  onStep?(p: StepProgress): void;
  /** A step was skipped (non-finite loss or gradient); the message names the offending site. */
  onWarning?(message: string): void;
  /** Called after every epoch with its report and the state to checkpoint. */
  onEpoch?(r: EpochReport, state: TrainerState): void | Promise<void>;
  /** Stops the loop between steps (the current epoch is not checkpointed). */
  readonly signal?: AbortSignal;
}

/** Everything the loop works on. */
export interface TrainSetup {
  /** The program whose plan matches `options.estimator`. */
  readonly program: Program;
  /** A program with an ELBO plan over the same weights, for validation. */
  readonly evalProgram: Program;
  readonly adam: Adam;
  readonly train: Dataset;
  readonly validation?: Dataset;
  readonly shapes: DataShapes;
  readonly options: TrainOptions;
  readonly source: SourceFile;
}

/** Why the loop ended. */
export type StopReason = 'completed' | 'early-stopped' | 'aborted';

const MAX_NON_FINITE_IN_A_ROW = 3;

/** Fresh Bernoulli draws for dynamically binarized variables (Binary data with grey levels). */
function rebinarize(data: Dataset, rng: Rng): Dataset {
  if (data.greyLevels === undefined || data.greyLevels.size === 0) return data;
  const columns = new Map(data.columns);
  for (const [name, grey] of data.greyLevels) columns.set(name, resampleBinary(grey, rng));
  return { ...data, columns };
}

/**
 * The mean per-datapoint bound of an epoch from its minibatches (batch b: `n_b` datapoints summing to
 * `sum_b`) and its standard error. The batches are disjoint random subsets of the rows, each with fresh
 * latent draws (global ones included), so their means are independent given the weights; the error is
 * the cluster-robust (ratio-estimator) one over batches, √(B/(B−1) · Σ_b (sum_b − n_b·m)²) / N, which
 * stays valid when datapoints of a batch share a draw of the global latents. It counts data and Monte
 * Carlo noise together, and the weights' drift within the epoch makes it, if anything, larger.
 */
export function epochMeanAndError(batches: readonly { readonly n: number; readonly sum: number }[]): { mean: number; standardError: number } {
  const N = batches.reduce((a, b) => a + b.n, 0);
  const mean = batches.reduce((a, b) => a + b.sum, 0) / Math.max(N, 1);
  const B = batches.length;
  if (B < 2) return { mean, standardError: NaN };
  const ss = batches.reduce((a, b) => a + (b.sum - b.n * mean) ** 2, 0);
  return { mean, standardError: Math.sqrt((B / (B - 1)) * ss) / N };
}

function trainBoundOf(batches: readonly { n: number; sum: number }[]): { trainBound: number; trainBoundStandardError: number } {
  const { mean, standardError } = epochMeanAndError(batches);
  return { trainBound: mean, trainBoundStandardError: standardError };
}

/** Runs epochs from `state` until `options.epochs`, early stop, or abort. */
export async function trainLoop(setup: TrainSetup, start: TrainerState, hooks: TrainHooks = {}): Promise<{ state: TrainerState; reason: StopReason }> {
  const o = setup.options;
  const N = setup.train.n;
  const rng = Rng.fromState(start.rng);
  let state = start;
  const builder = new BatchBuilder(setup.train, setup.shapes, o.batchSize);
  let nonFiniteInARow = 0;
  while (state.epoch < o.epochs) {
    const epoch = state.epoch;
    builder.setData(rebinarize(setup.train, rng));
    const batches = epochBatches(N, o.batchSize, rng);
    const t0 = performance.now();
    const batchBounds: { n: number; sum: number }[] = [];
    let seen = 0;
    let skipped = 0;
    const klBatches: Record<string, { n: number; sum: number }[]> = {};
    let baselines = state.baselines;
    let lrScale = state.lrScale;
    for (let s = 0; s < batches.length; s++) {
      // Yield to the event loop between steps: signal handlers (Ctrl-C) and progress-bar timers run only then.
      await nextTask();
      if (hooks.signal?.aborted) return { state, reason: 'aborted' };
      const rows = batches[s] as Int32Array;
      const batch = builder.batch(rows);
      const lr = learningRate(o, epoch) * lrScale;
      const cfg = {
        estimator: o.estimator, samples: drawsOf(o.estimator, o), datasetSize: N,
        beta: klWeight(o, epoch + s / batches.length), freeBits: o.freeBits, baselines,
      };
      const rngBefore = rng.state;
      const r = trainStep(setup.program, setup.adam, batch, rng, cfg, lr, o.clipNorm);
      if (r.finite) {
        nonFiniteInARow = 0;
        batchBounds.push({ n: rows.length, sum: r.boundSum });
        seen += rows.length;
        for (const [k, v] of Object.entries(r.kl)) (klBatches[k] ??= []).push({ n: rows.length, sum: v * rows.length });
        if (r.costs.size > 0) baselines = updateBaselines(baselines, r.costs);
      } else {
        skipped += 1;
        nonFiniteInARow += 1;
        lrScale /= 2;
        const where = locateNonFinite(setup.program, batch, rngBefore, cfg);
        const pos = where === undefined ? undefined : setup.source.position(where.span.start);
        const blame = where === undefined || pos === undefined
          ? 'no single site could be blamed (the values were finite when recomputed)'
          : `${where.what} is not finite — ${setup.source.name}:${pos.line}:${pos.column}: \`${setup.source.lineText(pos.line).trim()}\``;
        if (nonFiniteInARow >= MAX_NON_FINITE_IN_A_ROW) {
          disposeBatch(batch);
          throw new UserError(`training stopped: ${MAX_NON_FINITE_IN_A_ROW} non-finite steps in a row (epoch ${epoch + 1}, step ${s + 1}): ${blame}`);
        }
        hooks.onWarning?.(`non-finite step skipped (epoch ${epoch + 1}, step ${s + 1}); learning rate halved: ${blame}`);
      }
      disposeBatch(batch);
      const elapsed = (performance.now() - t0) / 1000;
      hooks.onStep?.({ epoch: epoch + 1, step: s + 1, steps: batches.length, loss: r.loss, samplesPerSecond: seen / Math.max(elapsed, 1e-9) });
    }
    const seconds = (performance.now() - t0) / 1000;
    const kl: Record<string, number> = {};
    const klStandardError: Record<string, number> = {};
    for (const [k, bs] of Object.entries(klBatches)) ({ mean: kl[k], standardError: klStandardError[k] } = epochMeanAndError(bs));
    let validationElbo: number | undefined;
    let validationElboStandardError: number | undefined;
    let best = state.bestValidation;
    let without = state.epochsWithoutImprovement;
    if (setup.validation !== undefined && setup.validation.n > 0) {
      // Two samples per datapoint (and two global draws) are the fewest that give a standard error.
      ({ elbo: validationElbo, standardError: validationElboStandardError } = estimateElbo(setup.evalProgram, setup.validation, setup.shapes, { seed: o.seed + epoch, datasetSize: N, samples: 2, globalSamples: 2 }));
      if (best === null || validationElbo > best) {
        best = validationElbo;
        without = 0;
      } else without += 1;
    }
    state = { epoch: epoch + 1, step: state.step + batches.length, rng: rng.state, baselines, lrScale, bestValidation: best, epochsWithoutImprovement: without };
    const report: EpochReport = {
      epoch: epoch + 1, objective: boundLabel(setup.program.plan, drawsOf(o.estimator, o)), ...trainBoundOf(batchBounds),
      ...(validationElbo !== undefined ? { validationElbo, validationElboStandardError: validationElboStandardError ?? NaN } : {}),
      kl, klStandardError, seconds, samplesPerSecond: seen / Math.max(seconds, 1e-9), lr: learningRate(o, epoch) * lrScale, skippedSteps: skipped,
    };
    await hooks.onEpoch?.(report, state);
    if (o.patience > 0 && without >= o.patience) return { state, reason: 'early-stopped' };
  }
  return { state, reason: 'completed' };
}
