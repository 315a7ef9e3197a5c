/**
 * `npm run bench:vae [-- --steps N --seed S]`: trains the flagship compiled from examples/vae.tilde for a
 * fixed number of steps on the default backend (the trainer's own step, batch 128, Adam 1e-3), then
 * evaluates the test ELBO on the 10,000 MNIST test images, and prints one JSON object:
 * `{ backend, threads, steps, msPerStep, samplesPerSecond, testElbo, … }` — comparable run to run.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { TildeModel } from '../src/api/tilde-model.js';
import { compile } from '../src/compile.js';
import { loadDataset } from '../src/data/dataset.js';
import { Rng } from '../src/distributions/rng.js';
import { BatchBuilder, disposeBatch, epochBatches } from '../src/infer/batches.js';
import { trainStep } from '../src/infer/step.js';
import { selectBackend } from '../src/runtime/backend.js';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '1000' }, seed: { type: 'string', default: '0' }, backend: { type: 'string' } } });
const steps = Number(values.steps);
const seed = Number(values.seed);
tf.enableProdMode();
const backend = await selectBackend(values.backend !== undefined ? { backend: values.backend } : {});
const file = 'examples/vae.tilde';
const result = compile(readFileSync(file, 'utf8'), { fileName: file });
if (!result.ok) throw new Error(`${file} does not compile`);
const model = TildeModel.create(result.artifacts, {}, seed);
const train = await loadDataset('mnist:train', model.dataVariables);
const test = await loadDataset('mnist:test', model.dataVariables);
const program = model.program('elbo');
const adam = model.optimizer();
const rng = new Rng(seed);
const builder = new BatchBuilder(train, model.dataShapes, 128);
const cfg = { estimator: 'elbo' as const, samples: 1, datasetSize: train.n };
let order: Int32Array[] = [];
const stepMs: number[] = [];
for (let s = 0; s < steps; s++) {
  if (order.length === 0) order = epochBatches(train.n, 128, rng).filter((b) => b.length === 128);
  const batch = builder.batch(order.shift() as Int32Array);
  const t0 = performance.now();
  trainStep(program, adam, batch, rng, cfg, 1e-3);
  stepMs.push(performance.now() - t0);
  disposeBatch(batch);
}
const timed = stepMs.slice(Math.min(20, Math.floor(steps / 10))); // leave out warm-up steps
const msPerStep = timed.reduce((a, b) => a + b, 0) / timed.length;
const t0 = performance.now();
const testElbo = model.elbo(test, { seed }).elbo;
const evalSeconds = (performance.now() - t0) / 1000;
console.log(
  JSON.stringify({
    benchmark: 'bench:vae', model: file, backend: backend.name, threads: backend.threads, steps, batchSize: 128,
    msPerStep: +msPerStep.toFixed(2), samplesPerSecond: +((128 * 1000) / msPerStep).toFixed(1),
    testElbo: +testElbo.toFixed(3), evalSeconds: +evalSeconds.toFixed(2), epochsOfData: +((steps * 128) / train.n).toFixed(3),
    loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)),
  }),
);
model.dispose();
