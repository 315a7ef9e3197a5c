/**
 * Checkpoint names under the network registry: weights are `net/<net>/<layer>/<weight>`; checkpoints
 * written before the registry (the same names for MLP and Linear nets) still load; a checkpoint of
 * another architecture fails with a clear message; a Sequential net round-trips.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { loadRun, saveModel } from '../../src/api/run-dir.js';
import { UserError } from '../../src/common/diagnostic.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/infer/checkpoint.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';

beforeAll(useCpu);
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tilde-ckpt-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const model = (decoder: string) => `model tiny {
  data x: Binary[12];
  net decoder: ${decoder};
  latent z: Real[2];
  z ~ Normal(0, I);
  x ~ Bernoulli(decoder(z));
}`;
const MLP = model('MLP(2 -> 8 -> 12, hidden = relu, out = sigmoid)');
const SEQ = model('Sequential(Linear(2 -> 8), relu, Linear(8 -> 12), sigmoid)');
const data = { n: 8, columns: new Map([['x', Float32Array.from({ length: 8 * 12 }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0))]]), source: 'synthetic binary' };

/** The names and shapes written by Tilde before the network registry (one W [in, out] and b [out] per dense layer). */
const OLD_FORMAT: Record<string, number[]> = {
  'net/decoder/0/W': [2, 8],
  'net/decoder/0/b': [8],
  'net/decoder/1/W': [8, 12],
  'net/decoder/1/b': [12],
  'net/encoder_z/0/W': [12, 8],
  'net/encoder_z/0/b': [8],
  'net/encoder_z/1/W': [8, 4],
  'net/encoder_z/1/b': [4],
};

describe('checkpoint names', () => {
  it('keeps the pre-registry names of MLP nets, and an old-format checkpoint loads with its values', async () => {
    const m = TildeModel.create(compileOk(MLP), {}, 0);
    expect(Object.fromEntries(m.weights.all.map((e) => [e.name, e.variable.shape]))).toEqual(OLD_FORMAT);
    const dir = tempDir();
    await saveModel(dir, m);
    const written = loadCheckpoint(dir);
    // Overwrite the checkpoint with one built by hand in the old format, with distinct values.
    const old: tf.NamedTensorMap = {};
    let k = 0;
    for (const [name, shape] of Object.entries(OLD_FORMAT)) old[name] = tf.fill(shape, 0.01 * ++k);
    await saveCheckpoint(dir, 1, old, written.optimizer, written.state);
    const back = loadRun(dir).model;
    k = 0;
    for (const name of Object.keys(OLD_FORMAT)) {
      const v = back.weights.all.find((e) => e.name === name)?.variable.dataSync() ?? [];
      expect(Array.from(new Set(Array.from(v))), name).toEqual([Math.fround(0.01 * ++k)]);
    }
    tf.dispose([...Object.values(old), ...Object.values(written.weights), ...Object.values(written.optimizer)]);
    m.dispose();
    back.dispose();
  });

  it('gives a Sequential of the same layers the same names, initial weights and ELBO as the MLP', () => {
    const a = TildeModel.create(compileOk(MLP), {}, 3);
    const b = TildeModel.create(compileOk(SEQ), {}, 3);
    expect(b.weights.all.map((e) => e.name)).toEqual(a.weights.all.map((e) => e.name));
    for (const [i, e] of a.weights.all.entries()) expect(Array.from(b.weights.all[i]?.variable.dataSync() ?? []), e.name).toEqual(Array.from(e.variable.dataSync()));
    expect(b.elbo(data, { seed: 1 })).toEqual(a.elbo(data, { seed: 1 }));
    a.dispose();
    b.dispose();
  });

  it('round-trips a Sequential net through a run directory', async () => {
    const m = TildeModel.create(compileOk(SEQ), {}, 1);
    const dir = tempDir();
    await saveModel(dir, m);
    const back = loadRun(dir).model;
    for (const e of m.weights.all) {
      expect(Array.from(back.weights.all.find((x) => x.name === e.name)?.variable.dataSync() ?? []), e.name).toEqual(Array.from(e.variable.dataSync()));
    }
    expect(back.elbo(data, { seed: 2 })).toEqual(m.elbo(data, { seed: 2 }));
    m.dispose();
    back.dispose();
  });

  it('rejects a checkpoint of another architecture with the weight and both shapes', async () => {
    const m = TildeModel.create(compileOk(MLP), {}, 0);
    const dir = tempDir();
    await saveModel(dir, m);
    m.dispose();
    writeFileSync(join(dir, 'model.tilde'), model('MLP(2 -> 9 -> 12, hidden = relu, out = sigmoid)'));
    expect(() => loadRun(dir)).toThrow(UserError);
    expect(() => loadRun(dir)).toThrow("the checkpoint's weight `net/decoder/0/W` has shape [2, 8], but the model's is [2, 9]: it was written for another model");
  });
});
