/**
 * `npm run bench -- --model FILE`: any model file, compiled and trained by the very step the trainer runs
 * (`trainStep`: objective from the plan, gradients, finiteness check, Adam), on the model's own data
 * (`--data SPEC`, default `mnist:train`, loaded and laid out by src/data for the model's declarations,
 * so `data x: Binary[1, 28, 28]` gets `[B, 1, 28, 28]` batches). Batches are full minibatches of seeded
 * epoch permutations, as in training. Reports a {@link ProgramTiming}, like the flagship's programs.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { TildeModel } from '../src/api/tilde-model.js';
import { UserError } from '../src/common/diagnostic.js';
import { renderDiagnostics } from '../src/common/render.js';
import { compile } from '../src/compile.js';
import { loadDataset } from '../src/data/dataset.js';
import { Rng } from '../src/distributions/rng.js';
import { BatchBuilder, disposeBatch, epochBatches } from '../src/infer/batches.js';
import { trainStep } from '../src/infer/step.js';
import type { ProgramTiming } from './measure.js';
import { splitKernelTimes, type StepProfile } from './program.js';

/** What to benchmark. */
export interface ModelFileSpec {
  /** The .tilde file. */
  readonly file: string;
  /** `--data` spec of its training data. */
  readonly data: string;
  /** Images (datapoints) per step. */
  readonly batch: number;
  /** Adam's learning rate. */
  readonly learningRate: number;
}

/** The model file's bench program, with what the report prints about it. */
export interface ModelFileRun {
  /** The timing, as for the flagship's programs. */
  readonly timing: ProgramTiming;
  /** Number of learned parameters (model and guide). */
  readonly parameters: number;
  /** The data as loaded (`mnist:train (60000 rows)`). */
  readonly source: string;
}

/**
 * Compiles `spec.file`, loads its data, and times `steps` training steps after `warmup` untimed ones.
 *
 * @throws UserError when the file does not compile or the data do not fit it (the rendered diagnostics)
 */
export async function timeModelFile(spec: ModelFileSpec, opts: { warmup: number; steps: number; profileSteps: number; seed?: number }): Promise<ModelFileRun> {
  const text = readFileSync(spec.file, 'utf8');
  const result = compile(text, { fileName: spec.file });
  if (!result.ok) throw new UserError(`${spec.file} does not compile:\n${'diagnostics' in result ? renderDiagnostics(result.diagnostics, result.source) : ''}`, 1);
  const seed = opts.seed ?? 0;
  const model = TildeModel.create(result.artifacts, {}, seed);
  try {
    const data = await loadDataset(spec.data, model.dataVariables);
    if (data.n < spec.batch) throw new UserError(`${data.source} has fewer rows than one batch of ${spec.batch}`, 1);
    const program = model.program('elbo');
    const adam = model.optimizer();
    const rng = new Rng(seed);
    const builder = new BatchBuilder(data, model.dataShapes, spec.batch);
    const cfg = { estimator: 'elbo' as const, samples: 1, datasetSize: data.n };
    let order: Int32Array[] = [];
    const nextBatch = () => {
      if (order.length === 0) order = epochBatches(data.n, spec.batch, rng).filter((b) => b.length === spec.batch);
      return builder.batch(order.shift() as Int32Array);
    };
    const step = (): number => {
      const batch = nextBatch();
      const loss = trainStep(program, adam, batch, rng, cfg, spec.learningRate).loss;
      disposeBatch(batch);
      return loss;
    };
    for (let s = 0; s < opts.warmup; s++) step();
    const tensorsBefore = tf.memory().numTensors;
    const times: number[] = [];
    const losses: number[] = [];
    for (let s = 0; s < opts.steps; s++) {
      const t0 = performance.now();
      losses.push(step());
      times.push(performance.now() - t0);
    }
    const tensorLeak = Math.abs(tf.memory().numTensors - tensorsBefore);
    const profile = opts.profileSteps > 0 ? await profileSteps(opts.profileSteps, step) : undefined;
    const sorted = [...times].sort((a, b) => a - b);
    const medianMs = sorted[sorted.length >> 1] as number;
    const timing: ProgramTiming = {
      key: 'compiled',
      label: `Tilde, compiled from ${spec.file} (the trainer's step)`,
      handwritten: false,
      steps: sorted.length,
      medianMs,
      meanMs: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      imagesPerSecond: (1000 * spec.batch) / medianMs,
      firstLoss: losses[0] as number,
      lastLoss: losses[losses.length - 1] as number,
      tensorLeak,
      ...(profile === undefined ? {} : { profile }),
    };
    const parameters = adam.variables.reduce((a, v) => a + v.size, 0);
    return { timing, parameters, source: data.source };
  } finally {
    model.dispose();
  }
}

/**
 * Kernel times of whole steps under `tf.profile` (forward, backward and the optimizer's kernels), with
 * the step's wall time minus its kernel time as overhead. Products are matrix products and convolutions.
 */
async function profileSteps(steps: number, step: () => number): Promise<StepProfile> {
  const kernels: Record<string, number> = {};
  let products = 0;
  let other = 0;
  let flops = 0;
  let wall = 0;
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    const info = await tf.profile(() => {
      step();
    });
    wall += performance.now() - t0;
    const split = splitKernelTimes(info);
    products += split.matmul;
    other += split.other;
    flops += split.flops;
    for (const [k, v] of Object.entries(split.byName)) kernels[k] = (kernels[k] ?? 0) + v / steps;
  }
  return { data: 0, matmul: products / steps, elementwise: other / steps, optimizer: 0, overhead: Math.max(0, (wall - products - other) / steps), kernels, productFlops: flops / steps };
}
