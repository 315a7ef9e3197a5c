/**
 * `tilde train FILE --data SPEC --out DIR [options]` and `tilde train --out DIR --resume`: trains a model
 * from its file alone. The run directory gets the model source, the resolved options, the backend, one
 * metrics line and one checkpoint per epoch, and the pictures at the end. Ctrl-C stops after the current
 * step; the last complete checkpoint stays intact and `--resume` continues from it exactly.
 */
import { UserError } from '../common/diagnostic.js';
import type { Dataset } from '../data/dataset.js';
import { splitDataset } from '../data/dataset.js';
import { Rng } from '../distributions/rng.js';
import { TildeModel } from '../api/tilde-model.js';
import { appendMetrics, checkpointRun, loadRun, readMetrics, runLoadOptions, startRun, type RunOptions } from '../api/run-dir.js';
import { writePictures, type CurveRow } from '../api/pictures.js';
import { hasCheckpoint } from '../infer/checkpoint.js';
import { resolveTrainOptions, type TrainOptions } from '../infer/train-options.js';
import type { TrainerState } from '../infer/trainer.js';
import { activateBackend } from './backend-activate.js';
import type { BackendFlags } from './backend-flags.js';
import { companionTestSpec, loadOptionsOf, type DataFlags } from './data-flags.js';
import { loadDataset } from '../data/dataset.js';
import type { CliIo } from './io.js';
import { compileModelFile, compileOptionsOf, readTextFile, type CompileFlags } from './model-input.js';
import { progressView } from './progress.js';

/** The parsed options of the command. */
export interface TrainFlags extends CompileFlags, DataFlags, BackendFlags {
  out: string;
  resume?: boolean;
  epochs?: string;
  batchSize?: string;
  lr?: string;
  samples?: string;
  k?: string;
  seed?: string;
  klWarmup?: string;
  beta?: string;
  freeBits?: string;
  clipNorm?: string;
  lrSchedule?: string;
  validation?: string;
  patience?: string;
  testData?: string;
  plots?: boolean;
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

function trainOptionsOf(f: TrainFlags): Partial<TrainOptions> {
  const o: Record<string, unknown> = {
    epochs: num(f.epochs), batchSize: num(f.batchSize), lr: num(f.lr), estimator: f.estimator, samples: num(f.samples), k: num(f.k),
    seed: num(f.seed), klWarmup: num(f.klWarmup), beta: num(f.beta), freeBits: num(f.freeBits), clipNorm: num(f.clipNorm),
    lrSchedule: f.lrSchedule, validation: num(f.validation), patience: num(f.patience),
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<TrainOptions>;
}

/** Trains (or resumes) and writes the run directory; resolves to the exit code. */
export async function runTrain(file: string | undefined, flags: TrainFlags, io: CliIo): Promise<number> {
  const dir = flags.out;
  const backend = await activateBackend(flags, io);
  let model: TildeModel;
  let options: RunOptions;
  let sourceText: string;
  let resumeFrom: TrainerState | undefined;
  if (flags.resume === true) {
    if (!hasCheckpoint(dir)) throw new UserError(`--resume: ${dir} has no checkpoint to resume from`, 2);
    const run = loadRun(dir);
    if (file !== undefined && readTextFile(file) !== run.sourceText) throw new UserError(`--resume: ${file} differs from the model this run was started with (${dir}/model.tilde)`, 2);
    const train = resolveTrainOptions({ ...run.options.train, ...(flags.epochs !== undefined ? { epochs: Number(flags.epochs) } : {}) });
    ({ model, sourceText } = run);
    options = { ...run.options, train };
    resumeFrom = run.state;
    io.err(`resuming ${dir} after epoch ${run.state?.epoch ?? 0}\n`);
  } else {
    if (file === undefined) throw new UserError('tilde train needs a model FILE (or --resume with --out DIR)', 2);
    if (hasCheckpoint(dir)) throw new UserError(`${dir} already holds a run; pass --resume to continue it, or choose another --out`, 2);
    if (flags.data === undefined) throw new UserError('tilde train needs --data SPEC', 2);
    sourceText = readTextFile(file);
    const compileOptions = compileOptionsOf(flags, file);
    const artifacts = compileModelFile(file, compileOptions, io, sourceText);
    const train = resolveTrainOptions(trainOptionsOf(flags));
    model = TildeModel.create(artifacts, compileOptions, train.seed);
    options = { file, compile: compileOptions, train, data: { spec: flags.data, binarize: 'static', ...loadOptionsOf(flags), ...(flags.testData ? { testSpec: flags.testData } : {}) } };
  }
  const { spec, testSpec: explicitTest, limit } = options.data;
  const loading = runLoadOptions(options.data);
  let train: Dataset = await loadDataset(spec, model.dataVariables, { ...loading, ...(limit !== undefined ? { limit } : {}) });
  const testSpec = explicitTest ?? companionTestSpec(spec);
  // --limit caps the test set too, so a quick run stays quick.
  const test = testSpec !== undefined ? await loadDataset(testSpec, model.dataVariables, { ...loading, ...(limit !== undefined ? { limit } : {}) }) : undefined;
  let validation: Dataset | undefined;
  if (options.train.validation > 0) ({ train, validation } = splitDataset(train, options.train.validation, new Rng(options.train.seed + 7919)));
  if (resumeFrom === undefined) startRun(dir, sourceText, options, { ...backend });
  io.err(`training ${model.name} on ${train.source}${test ? `, testing on ${test.source}` : ''} → ${dir}\n`);
  const view = progressView(io);
  const controller = new AbortController();
  const onSigint = () => {
    io.err('\ninterrupted: stopping after this step; the last checkpoint stays intact (continue with --resume)\n');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const result = await model.fit(train, {
      ...options.train, signal: controller.signal,
      ...(resumeFrom !== undefined ? { resumeFrom } : {}),
      onStep: (p) => view.step(p),
      onWarning: (w) => io.err(`warning: ${w}\n`),
      onEpoch: async (r, state) => {
        const testElbo = test !== undefined ? model.elbo(test, { seed: options.train.seed }).elbo : undefined;
        view.epoch(r, testElbo, options.train.epochs);
        appendMetrics(dir, r, testElbo);
        await checkpointRun(dir, model, state);
      },
    }, validation);
    view.stop();
    if (result.reason === 'aborted') return 130;
    if (result.reason === 'early-stopped') io.err(`early stop: no better validation ELBO for ${options.train.patience} epochs\n`);
    if (flags.plots !== false) {
      // A covariate model is drawn given the covariates of test rows, or of training rows without a test set.
      const pics = await writePictures(dir, model, readMetrics(dir) as unknown as CurveRow[], test, options.train.seed, test ?? train);
      for (const p of pics) io.err(`wrote ${dir}/${p.file}: ${p.what}\n`);
    }
    return 0;
  } finally {
    process.removeListener('SIGINT', onSigint);
    view.stop();
    model.dispose();
  }
}
