/**
 * `npm run bench:estimators [-- --epochs 50 --k 5 --iwae-eval 5000]`: IWAE-K against DReG-K (Tucker,
 * Lawson, Gu & Maddison 2019) on the MLP flagship (examples/vae.tilde, mnist:train, static
 * binarization), the same initial weights (seed) and minibatch order for both. After `--epochs` of
 * Adam (lr 1e-3, batch 128) it reports
 *  - the test log-likelihood estimate IWAE-M (`--iwae-eval M`, default 5000) on mnist:test
 *    (`--test-limit n` rows, default all), with its standard error;
 *  - the signal-to-noise ratio of the encoder's gradient (Rainforth et al. 2018, "Tighter variational
 *    bounds are not necessarily better"): SNR_j = |E g_j| / sd(g_j) over `--snr-draws` R independent
 *    Monte Carlo draws of the gradient at the trained, fixed weights on one fixed minibatch of training
 *    images, averaged over the encoder's weights j (those with nonzero sd: pixels that are 0 in every
 *    image of the minibatch give exactly zero gradients). Each trained model is measured under both
 *    estimators' guide gradients, so the table separates the weights from the estimator.
 * Prints one JSON line per measurement and a Markdown table. `--train-limit` shortens a smoke run.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { TildeModel } from '../src/api/tilde-model.js';
import { compile } from '../src/compile.js';
import { loadDataset } from '../src/data/dataset.js';
import type { EstimatorName } from '../src/registry/estimators.js';
import { selectBackend } from '../src/runtime/backend.js';
import { encoderSnr } from './encoder-snr.js';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '50' }, k: { type: 'string', default: '5' }, 'iwae-eval': { type: 'string', default: '5000' },
    'test-limit': { type: 'string' }, 'train-limit': { type: 'string' }, 'snr-draws': { type: 'string', default: '100' },
    'snr-batch': { type: 'string', default: '128' }, seed: { type: 'string', default: '0' }, backend: { type: 'string', default: 'wasm' },
  },
});
const epochs = Number(values.epochs);
const K = Number(values.k);
const M = Number(values['iwae-eval']);
const R = Number(values['snr-draws']);
const snrBatch = Number(values['snr-batch']);
const seed = Number(values.seed);
const FILE = 'examples/vae.tilde';
const ESTIMATORS: readonly EstimatorName[] = ['iwae', 'dreg'];
tf.enableProdMode();
const backend = await selectBackend({ backend: values.backend });

function create(estimator: EstimatorName): TildeModel {
  const r = compile(readFileSync(FILE, 'utf8'), { fileName: FILE, estimator });
  if (!r.ok) throw new Error(`${FILE} does not compile`);
  return TildeModel.create(r.artifacts, { estimator }, seed);
}

const probe = create('iwae');
const trainLimit = values['train-limit'] !== undefined ? { limit: Number(values['train-limit']) } : {};
const testLimit = values['test-limit'] !== undefined ? { limit: Number(values['test-limit']) } : {};
const train = await loadDataset('mnist:train', probe.dataVariables, { binarize: 'static', ...trainLimit });
const test = await loadDataset('mnist:test', probe.dataVariables, { binarize: 'static', ...testLimit });
probe.dispose();
console.error(`backend ${backend.name}; ${train.source}, ${test.source}; K = ${K}, ${epochs} epochs, IWAE-${M} on test, SNR over ${R} draws`);

const rows: string[] = [];
for (const estimator of ESTIMATORS) {
  const m = create(estimator);
  const t0 = performance.now();
  const fit = await m.fit(train, { epochs, estimator, k: K, seed, batchSize: 128, lr: 1e-3 });
  const seconds = (performance.now() - t0) / 1000;
  const last = fit.reports.at(-1);
  const t1 = performance.now();
  const ll = m.logLikelihood(test, { k: M, seed: 1 });
  const evalSeconds = (performance.now() - t1) / 1000;
  const snr = Object.fromEntries(ESTIMATORS.map((g) => [g, encoderSnr(m, g, train, { K, R, snrBatch })]));
  const row = {
    trained: `${estimator}-${K}`, epochs, trainBound: last?.trainBound, testIwae: ll.logLikelihood, testIwaeSe: ll.standardError, iwaeK: M, testRows: test.n,
    snrIwaeGradient: snr['iwae']?.snr, snrDregGradient: snr['dreg']?.snr, snrWeights: snr['iwae']?.weights, trainSeconds: seconds, evalSeconds,
  };
  console.log(JSON.stringify(row));
  rows.push(`| ${row.trained} | ${epochs} | ${last?.trainBound.toFixed(2)} | ${ll.logLikelihood.toFixed(2)} ± ${ll.standardError.toFixed(2)} | ${snr['iwae']?.snr.toFixed(3)} | ${snr['dreg']?.snr.toFixed(3)} | ${seconds.toFixed(0)} |`);
  m.dispose();
}
console.log(`\n| trained with | epochs | train bound | test IWAE-${M} (${test.n} rows) | encoder SNR, IWAE gradient | encoder SNR, DReG gradient | train s |`);
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
