/**
 * `npm run bench:estimators-compare -- --runs iwae=runs/iwae-5,dreg=runs/dreg-5 [--iwae-eval 5000 --test-limit n]`:
 * the comparison of bench/estimators.ts on run directories trained by `tilde train` (e.g. 50 epochs of
 * `--estimator iwae --k 5` and `--estimator dreg --k 5`, same seed), so the long trainings run as
 * ordinary, resumable, checkpointed runs. For each run it reports the test log-likelihood estimate IWAE-M
 * on the first `--test-limit` rows of mnist:test, and — because both models are scored on the same rows —
 * the paired difference of the per-row estimates with its standard error (the spread of log p(x_i)
 * over images, ≈ 25 nats, cancels in the difference). Then the encoder-gradient SNR (Rainforth et al.
 * 2018) of every run's weights under each estimator's guide gradient, as bench/estimators.ts does.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { loadRun } from '../src/api/run-dir.js';
import type { TildeModel } from '../src/api/tilde-model.js';
import { loadDataset } from '../src/data/dataset.js';
import { iwaePerDatapoint } from '../src/infer/evaluate.js';
import type { EstimatorName } from '../src/registry/estimators.js';
import { selectBackend } from '../src/runtime/backend.js';
import { encoderSnr } from './encoder-snr.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' }, k: { type: 'string', default: '5' }, 'iwae-eval': { type: 'string', default: '5000' },
    'test-limit': { type: 'string' }, 'snr-draws': { type: 'string', default: '100' }, 'snr-batch': { type: 'string', default: '128' },
    backend: { type: 'string', default: 'wasm' },
  },
});
if (values.runs === undefined) throw new Error('--runs name=DIR,name=DIR is required');
const runs = values.runs.split(',').map((kv) => {
  const [name, dir] = kv.split('=');
  return { name: name as string, dir: dir as string };
});
const K = Number(values.k);
const M = Number(values['iwae-eval']);
const R = Number(values['snr-draws']);
const snrBatch = Number(values['snr-batch']);
const GRADIENTS: readonly EstimatorName[] = ['iwae', 'dreg'];
tf.enableProdMode();
const backend = await selectBackend({ backend: values.backend });

const models = runs.map((r) => ({ ...r, model: loadRun(r.dir).model }));
const first = models[0]?.model as TildeModel;
const testLimit = values['test-limit'] !== undefined ? { limit: Number(values['test-limit']) } : {};
const test = await loadDataset('mnist:test', first.dataVariables, { binarize: 'static', ...testLimit });
const train = await loadDataset('mnist:train', first.dataVariables, { binarize: 'static', limit: snrBatch });
console.error(`backend ${backend.name}; IWAE-${M} on ${test.n} rows of ${test.source}; SNR over ${R} draws of K = ${K}`);

const meanSe = (v: Float64Array): { mean: number; se: number } => {
  const n = v.length;
  const mean = v.reduce((a, x) => a + x, 0) / n;
  const variance = v.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
};

const perRow = new Map<string, Float64Array>();
const lines: string[] = [];
for (const { name, model } of models) {
  const t0 = performance.now();
  const ll = iwaePerDatapoint(model.evaluationProgram('iwae'), test, model.dataShapes, M, { seed: 1 });
  const evalSeconds = (performance.now() - t0) / 1000;
  perRow.set(name, ll);
  const { mean, se } = meanSe(ll);
  const snr = Object.fromEntries(GRADIENTS.map((g) => [g, encoderSnr(model, g, train, { K, R, snrBatch })]));
  const row = { run: name, testIwae: mean, testIwaeSeOverImages: se, iwaeK: M, testRows: test.n, snrIwaeGradient: snr['iwae']?.snr, snrDregGradient: snr['dreg']?.snr, snrWeights: snr['iwae']?.weights, evalSeconds };
  console.log(JSON.stringify(row));
  lines.push(`| ${name} | ${mean.toFixed(2)} ± ${se.toFixed(2)} | ${snr['iwae']?.snr.toFixed(3)} | ${snr['dreg']?.snr.toFixed(3)} |`);
}
console.log(`\n| run | test IWAE-${M} (${test.n} rows; ± over images) | encoder SNR, IWAE gradient | encoder SNR, DReG gradient |`);
console.log('|---|---|---|---|');
for (const l of lines) console.log(l);
const [a, b] = runs;
if (a !== undefined && b !== undefined) {
  const va = perRow.get(a.name) as Float64Array;
  const vb = perRow.get(b.name) as Float64Array;
  const d = meanSe(va.map((x, i) => (vb[i] as number) - x));
  console.log(`\npaired difference ${b.name} − ${a.name}: ${d.mean.toFixed(3)} ± ${d.se.toFixed(3)} nats per image (${test.n} rows)`);
  console.log(JSON.stringify({ pairedDifference: `${b.name}-${a.name}`, mean: d.mean, se: d.se, rows: test.n }));
}
for (const { model } of models) model.dispose();
