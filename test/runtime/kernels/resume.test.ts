/**
 * A bit-identical resume holds with the wasm backend's own kernels (the GEMM, the Bernoulli-logits pass,
 * the fused KL): 1 epoch, checkpoint, resume 1 epoch gives exactly the weights of 2 uninterrupted epochs,
 * and those kernels are the ones that ran.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../../src/api/tilde-model.js';
import { checkpointRun, loadRun, startRun } from '../../../src/api/run-dir.js';
import { Rng } from '../../../src/distributions/rng.js';
import { resolveTrainOptions } from '../../../src/infer/train-options.js';
import { selectBackend } from '../../../src/runtime/backend.js';
import { activeGemm } from '../../../src/runtime/kernels/gemm.js';
import { compileOk } from '../../helpers/compile.js';

const VAE = `model small {
  data x: Binary[13];
  net encoder: MLP(13 -> 9 -> 6, hidden = relu);
  net decoder: MLP(3 -> 9 -> 13, hidden = relu);
  latent z: Real[3];
  z ~ Normal(0, I);
  x ~ Bernoulli(logits: decoder(z));
}`;

function binaryData(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: n * 13 }, (_, i) => (rng.nextFloat() < (i % 13) / 13 ? 1 : 0));
  return { n, columns: new Map([['x', x]]), source: 'synthetic binary' };
}

const dirs: string[] = [];
beforeAll(async () => {
  await selectBackend({ backend: 'wasm', threads: 1 });
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('resume on wasm with the own kernels', () => {
  it('1 epoch + resume 1 epoch = 2 epochs uninterrupted, bit for bit', async () => {
    expect(activeGemm()).toBe('relaxed');
    const data = binaryData(64, 1);
    const opts = { epochs: 2, batchSize: 16, seed: 4 };
    const straight = TildeModel.create(compileOk(VAE), {}, 4);
    const info = await tf.profile(async () => {
      await straight.fit(data, opts);
    });
    const names = new Set(info.kernels.map((k) => k.name));
    expect(names.has('TildeMatMul') && names.has('TildeBernoulliLogits')).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'tilde-test-'));
    dirs.push(dir);
    const first = TildeModel.create(compileOk(VAE), {}, 4);
    startRun(dir, VAE, { file: 'small.tilde', compile: {}, train: resolveTrainOptions(opts), data: { spec: 'synthetic' } }, { name: 'wasm' });
    await first.fit(data, { ...opts, epochs: 1, onEpoch: (_r, s) => checkpointRun(dir, first, s) });
    first.dispose();
    const run = loadRun(dir);
    expect(run.state?.epoch).toBe(1);
    await run.model.fit(data, { ...opts, resumeFrom: run.state });
    const a = straight.namedWeights();
    const b = run.model.namedWeights();
    for (const k of Object.keys(a)) expect(Array.from(b[k]?.dataSync() ?? [])).toEqual(Array.from(a[k]?.dataSync() ?? []));
    tf.dispose([...Object.values(a), ...Object.values(b)]);
    straight.dispose();
    run.model.dispose();
  });
});
