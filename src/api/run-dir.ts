/**
 * Run directories: what `tilde train --out DIR` writes and `tilde eval|sample|plot DIR` and `--resume`
 * read. `model.tilde` (the source as trained), `options.json` (compile, training and data options as
 * resolved), `backend.json`, `metrics.jsonl` (one line per epoch) and the checkpoints (`src/infer/checkpoint.ts`).
 * Every file is written atomically.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../common/diagnostic.js';
import { compile, type CompileOptions } from '../compile.js';
import { makeDirectory, writeFileAtomic } from '../infer/atomic-file.js';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from '../infer/checkpoint.js';
import type { EpochReport, TrainerState } from '../infer/trainer.js';
import { resolveTrainOptions, type TrainOptions } from '../infer/train-options.js';
import { initialTrainerState } from '../infer/trainer.js';
import type { LoadOptions } from '../data/dataset-types.js';
import { TildeModel } from './tilde-model.js';

/** What `options.json` records. */
export interface RunOptions {
  /** The model file's path as given, and the model's name. */
  readonly file: string;
  /** The compile options (model, estimator, KL and discrete choices, encoder widths, …) the run was compiled with. */
  readonly compile: CompileOptions;
  /** The training options, resolved (every default filled in). */
  readonly train: TrainOptions;
  /** The `--data` spec, the test set evaluated after each epoch, and the loading options. */
  readonly data: {
    /** The training data spec as given to `--data` (`mnist:train`, a file path); empty for a saved model. */
    readonly spec: string;
    /** The test data spec evaluated after every epoch (`--test-data`), if any. */
    readonly testSpec?: string;
    /** How Binary variables were made from grey levels: `static` threshold or `dynamic` resampling. */
    readonly binarize?: 'static' | 'dynamic';
    /** Only the first `limit` rows were used (`--limit`). */
    readonly limit?: number;
    /** Whether columns the model does not declare were allowed (`--ignore-columns`). */
    readonly ignoreColumns?: boolean;
  };
}

/** How a run loads data sets other than its training spec: binarization and columns, but not the row limit. */
export function runLoadOptions(data: RunOptions['data']): LoadOptions {
  return {
    ...(data.binarize !== undefined ? { binarize: data.binarize } : {}),
    ...(data.ignoreColumns !== undefined ? { ignoreColumns: data.ignoreColumns } : {}),
  };
}

/** Writes the files a run starts with. */
export function startRun(dir: string, sourceText: string, options: RunOptions, backend: Record<string, unknown>): void {
  makeDirectory(dir);
  writeFileAtomic(join(dir, 'model.tilde'), sourceText);
  writeFileAtomic(join(dir, 'options.json'), `${JSON.stringify(options, null, 2)}\n`);
  writeFileAtomic(join(dir, 'backend.json'), `${JSON.stringify(backend, null, 2)}\n`);
}

/**
 * Appends one epoch's metrics as a JSON line: `objective` names the training bound `trainBound` (`ELBO`,
 * `IWAE-5`, `relaxed ELBO`, …); `testElbo` when the run evaluates a test set each epoch. Every estimate
 * has its standard error beside it (`trainBoundStandardError`, `validationElboStandardError`,
 * `testElboStandardError`, `klStandardError`; null where none could be estimated). Runs written before
 * `objective` existed have `trainElbo` instead, whatever the estimator (`CurveRow` reads both).
 */
export function appendMetrics(dir: string, r: EpochReport, test?: { readonly elbo: number; readonly standardError: number }): void {
  // A standard error that could not be estimated (one step, one sample) is null, as in `tilde eval --json`.
  const se = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);
  const line = {
    epoch: r.epoch, objective: r.objective, trainBound: r.trainBound, trainBoundStandardError: se(r.trainBoundStandardError),
    ...(r.validationElbo !== undefined ? { validationElbo: r.validationElbo, validationElboStandardError: se(r.validationElboStandardError) } : {}),
    ...(test !== undefined ? { testElbo: test.elbo, testElboStandardError: se(test.standardError) } : {}),
    kl: r.kl, klStandardError: Object.fromEntries(Object.entries(r.klStandardError).map(([k, v]) => [k, se(v)])), seconds: r.seconds, samplesPerSecond: r.samplesPerSecond, lr: r.lr, skippedSteps: r.skippedSteps,
  };
  appendFileSync(join(dir, 'metrics.jsonl'), `${JSON.stringify(line)}\n`);
}

/** Reads `metrics.jsonl` (lines that do not parse — e.g. a torn last line — are skipped). */
export function readMetrics(dir: string): Record<string, unknown>[] {
  const path = join(dir, 'metrics.jsonl');
  if (!existsSync(path)) return [];
  const out: Record<string, unknown>[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // A line cut short by a crash; the checkpoint, not the log, is the source of truth.
    }
  }
  return out;
}

/** Writes the checkpoint of an epoch: weights, Adam's state and the trainer state. */
export async function checkpointRun(dir: string, model: TildeModel, state: TrainerState): Promise<void> {
  const weights = model.namedWeights();
  const optimizer = model.optimizer().state();
  try {
    await saveCheckpoint(dir, state.epoch, weights, optimizer, { trainer: state });
  } finally {
    tf.dispose([...Object.values(weights), ...Object.values(optimizer)]);
  }
}

/** Reads `options.json`. */
export function readRunOptions(dir: string): RunOptions {
  const path = join(dir, 'options.json');
  if (!existsSync(path)) throw new UserError(`${dir} is not a Tilde run directory (no options.json)`, 2);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as RunOptions;
  } catch {
    throw new UserError(`${path} is corrupt: not valid JSON`);
  }
}

/** A run loaded back: the compiled model with its trained weights and the trainer state. */
export interface LoadedRun {
  /** The model compiled from the run's `model.tilde`, with the latest checkpoint's weights and Adam state restored. */
  readonly model: TildeModel;
  /** The run's `options.json`. */
  readonly options: RunOptions;
  /** The trainer state of the latest checkpoint (resume with it); undefined when the run has none yet. */
  readonly state: TrainerState | undefined;
  /** The model source exactly as trained. */
  readonly sourceText: string;
}

/** Loads a run directory: compiles its `model.tilde` as trained and restores the latest checkpoint. */
export function loadRun(dir: string): LoadedRun {
  const options = readRunOptions(dir);
  const sourcePath = join(dir, 'model.tilde');
  if (!existsSync(sourcePath)) throw new UserError(`${dir} has no model.tilde`, 2);
  const sourceText = readFileSync(sourcePath, 'utf8');
  const result = compile(sourceText, { ...options.compile, fileName: options.file });
  if (!result.ok) throw new UserError(`${sourcePath} no longer compiles; it was written by another version of Tilde?`);
  const model = TildeModel.create(result.artifacts, options.compile, options.train.seed);
  if (!hasCheckpoint(dir)) return { model, options, state: undefined, sourceText };
  const ckpt = loadCheckpoint(dir);
  try {
    model.assignWeights(ckpt.weights);
    model.optimizer(options.train.beta1, options.train.beta2).restore(ckpt.optimizer);
  } finally {
    tf.dispose([...Object.values(ckpt.weights), ...Object.values(ckpt.optimizer)]);
  }
  return { model, options, state: ckpt.state['trainer'] as TrainerState, sourceText };
}

/**
 * Saves a model as a run directory (source, options, one checkpoint), so that {@link loadRun} — and
 * `tilde eval`, `sample`, `plot` — can read it back.
 *
 * @param train - the training options to record (defaults filled in)
 * @param state - the trainer state to record (default: the initial state of `train.seed`)
 */
export async function saveModel(dir: string, model: TildeModel, train: Partial<TrainOptions> = {}, state?: TrainerState, data: RunOptions['data'] = { spec: '' }): Promise<void> {
  const resolved = resolveTrainOptions(train);
  const options: RunOptions = { file: model.artifacts.source.name, compile: model.options, train: resolved, data };
  startRun(dir, model.artifacts.source.text, options, { name: tf.getBackend() });
  await checkpointRun(dir, model, state ?? initialTrainerState(resolved.seed));
}
