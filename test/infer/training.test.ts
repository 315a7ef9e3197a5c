/**
 * The training loop's contracts: minibatch scaling of global terms, bit-for-bit resume from a checkpoint,
 * detection of a corrupt checkpoint, NaN provenance in DSL terms, and no tensor leak.
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { checkpointRun, loadRun, saveModel, startRun } from '../../src/api/run-dir.js';
import { UserError } from '../../src/common/diagnostic.js';
import { Rng } from '../../src/distributions/rng.js';
import { BatchBuilder, disposeBatch, epochBatches } from '../../src/infer/batches.js';
import { computeObjective } from '../../src/infer/objective.js';
import { resolveTrainOptions } from '../../src/infer/train-options.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { gauss, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tilde-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('minibatch scaling of global terms', () => {
  it('averages, over an epoch of minibatches, to the full-batch objective', () => {
    const src = 'model g { data x: Real; global mu ~ Normal(0, 0.1); z ~ Normal(mu, 1); x ~ Normal(z, 0.5); }';
    const m = TildeModel.create(compileOk(src), {}, 0);
    const N = 60;
    const rng0 = new Rng(5);
    const data = scalarDataset({ x: Float32Array.from({ length: N }, () => 1 + gauss(rng0)) });
    const program = m.program('elbo');
    const builder = new BatchBuilder(data, m.dataShapes, N);
    const objective = (rows: Int32Array, seed: number) => {
      const batch = builder.batch(rows);
      const v = tf.tidy(() => tf.mean(computeObjective(program, batch, new Rng(seed), { estimator: 'elbo', samples: 1, datasetSize: N }).bound).dataSync()[0] ?? NaN);
      disposeBatch(batch);
      return v;
    };
    const R = 300;
    const full: number[] = [];
    const mini: number[] = [];
    for (let r = 0; r < R; r++) {
      full.push(objective(Int32Array.from({ length: N }, (_, i) => i), 10_000 + r));
      const batches = epochBatches(N, 5, new Rng(r));
      mini.push(batches.reduce((a, b, j) => a + objective(b, 20_000 + 10 * r + j), 0) / batches.length);
    }
    const stat = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { mean, se: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) / xs.length) };
    };
    const a = stat(full);
    const b = stat(mini);
    const tolerance = 5 * Math.hypot(a.se, b.se);
    expect(Math.abs(a.mean - b.mean)).toBeLessThan(tolerance);
    // Power: had the global KL been counted once per batch instead of once per data set, the epoch average
    // would be lower by (batches − 1) · KL / N. At the initial guide N(0, softplus(0) + 1e-4) against the prior
    // N(0, 0.1²) that shift is far outside the tolerance, so the test would catch it.
    const sq = Math.log1p(1) + 1e-4;
    const kl = Math.log(0.1 / sq) + (sq * sq) / (2 * 0.01) - 0.5;
    expect(((N / 5 - 1) * kl) / N).toBeGreaterThan(2 * tolerance);
    m.dispose();
  });
});

const VAE_TINY = `model tiny {
  data x: Binary[12];
  net decoder: MLP(2 -> 8 -> 12, hidden = relu, out = sigmoid);
  latent z: Real[2];
  z ~ Normal(0, I);
  x ~ Bernoulli(decoder(z));
}`;

function binaryData(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = Float32Array.from({ length: n * 12 }, (_, i) => (rng.nextFloat() < (i % 12) / 12 ? 1 : 0));
  return { n, columns: new Map([['x', x]]), source: 'synthetic binary' };
}

describe('checkpoints', () => {
  it('resume continues exactly: 1 epoch + resume 1 epoch = 2 epochs uninterrupted', async () => {
    const data = binaryData(64, 1);
    const opts = { epochs: 2, batchSize: 16, seed: 4 };
    const straight = TildeModel.create(compileOk(VAE_TINY), {}, 4);
    await straight.fit(data, opts);
    const dir = tempDir();
    const first = TildeModel.create(compileOk(VAE_TINY), {}, 4);
    startRun(dir, VAE_TINY, { file: 'tiny.tilde', compile: {}, train: resolveTrainOptions(opts), data: { spec: 'synthetic' } }, { name: 'cpu' });
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

  it('detects a checkpoint truncated on disk with a clear error', async () => {
    const dir = tempDir();
    const m = TildeModel.create(compileOk(VAE_TINY), {}, 0);
    startRun(dir, VAE_TINY, { file: 'tiny.tilde', compile: {}, train: resolveTrainOptions({ epochs: 1 }), data: { spec: 'synthetic' } }, { name: 'cpu' });
    await m.fit(binaryData(32, 2), { epochs: 1, batchSize: 16, onEpoch: (_r, s) => checkpointRun(dir, m, s) });
    m.dispose();
    const ckdir = join(dir, 'checkpoints', readdirSync(join(dir, 'checkpoints'))[0] ?? '');
    const weights = join(ckdir, 'weights.bin');
    truncateSync(weights, Math.floor(statSync(weights).size / 2));
    expect(() => loadRun(dir)).toThrow(UserError);
    expect(() => loadRun(dir)).toThrow(/weights\.bin has \d+ bytes, expected \d+ \(truncated\?\)/);
    expect(readFileSync(join(dir, 'checkpoint.json'), 'utf8')).toContain('ckpt-000001');
  });
});

describe('save and load', () => {
  it('round-trips a model through a run directory with identical weights and ELBO', async () => {
    const m = TildeModel.create(compileOk(VAE_TINY), {}, 0);
    const data = binaryData(32, 5);
    await m.fit(data, { epochs: 1, batchSize: 16 });
    const dir = tempDir();
    await saveModel(dir, m);
    const back = loadRun(dir).model;
    const a = m.namedWeights();
    const b = back.namedWeights();
    for (const k of Object.keys(a)) expect(Array.from(b[k]?.dataSync() ?? []), k).toEqual(Array.from(a[k]?.dataSync() ?? []));
    expect(back.elbo(data, { seed: 1 })).toEqual(m.elbo(data, { seed: 1 }));
    tf.dispose([...Object.values(a), ...Object.values(b)]);
    m.dispose();
    back.dispose();
  });
});

describe('non-finite guard', () => {
  it('names the site and the source line of a NaN and stops after three in a row', async () => {
    const src = ['model bad {', '  data x: Real;', '  param c: Real;', '  z ~ Normal(0, 1);', '  x ~ Normal(z, sqrt(c - 1) + 1);', '}'].join('\n');
    const m = TildeModel.create(compileOk(src, { fileName: 'bad.tilde' }), {}, 0);
    const warnings: string[] = [];
    const run = m.fit(scalarDataset({ x: Float32Array.from([0.1, -0.3, 0.5, 1.2]) }), { epochs: 1, batchSize: 1, onWarning: (w) => warnings.push(w) });
    await expect(run).rejects.toThrow(UserError);
    await expect(m.fit(scalarDataset({ x: Float32Array.from([0.1, -0.3, 0.5, 1.2]) }), { epochs: 1, batchSize: 1 })).rejects.toThrow(
      /3 non-finite steps in a row.*the scale of Normal for `x` is not finite — bad\.tilde:5:3: `x ~ Normal\(z, sqrt\(c - 1\) \+ 1\);`/,
    );
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/learning rate halved/);
    m.dispose();
  });
});

describe('tensor hygiene', () => {
  it('keeps tf.memory().numTensors flat across 50 training steps', async () => {
    const m = TildeModel.create(compileOk(VAE_TINY), {}, 0);
    const data = binaryData(16 * 50, 3);
    const counts: number[] = [];
    await m.fit(data, { epochs: 1, batchSize: 16, onStep: () => counts.push(tf.memory().numTensors) });
    expect(counts).toHaveLength(50);
    expect(new Set(counts.slice(1)).size).toBe(1);
    m.dispose();
  });
});

describe('dims as values', () => {
  it('evaluates a dim used in an expression as its constant', () => {
    const m = TildeModel.create(compileOk('model m { dim K = 3; data x: Real; z ~ Normal(0, K); x ~ Normal(z, 1); }'), {}, 0);
    expect(m.artifacts.ir.sites['z']?.parents).toEqual([]);
    const data = scalarDataset({ x: Float32Array.from([0.5, -1]) });
    expect(Number.isFinite(m.elbo(data).elbo)).toBe(true);
    m.dispose();
  });
});

describe('score-function training', () => {
  it('fits a Count latent (Poisson guide, no pathwise sampler) with a moving-average baseline', async () => {
    const m = TildeModel.create(compileOk('model counts { data x: Real; z ~ Poisson(3); x ~ Normal(z, 0.5); }'), {}, 0);
    expect(m.plan.sites.find((s) => s.name === 'z')).toMatchObject({ guide: 'Poisson', sampler: 'score-function' });
    // Data from the model itself: z ~ Poisson(3) by inversion, x = z + N(0, 0.25).
    const rng = new Rng(8);
    const xs = Float32Array.from({ length: 200 }, () => {
      let k = 0;
      let p = Math.exp(-3);
      let cdf = p;
      const u = rng.nextFloat();
      while (u > cdf) {
        k += 1;
        p *= 3 / k;
        cdf += p;
      }
      return k + 0.5 * gauss(rng);
    });
    const data = scalarDataset({ x: xs });
    const before = Array.from({ length: 10 }, (_, s) => m.elbo(data, { seed: s }).elbo).reduce((a, b) => a + b) / 10;
    const res = await m.fit(data, { epochs: 60, batchSize: 50, lr: 0.02 });
    const after = Array.from({ length: 10 }, (_, s) => m.elbo(data, { seed: s }).elbo).reduce((a, b) => a + b) / 10;
    expect(Object.keys(res.state.baselines)).toEqual(['z']);
    expect(Number.isFinite(after)).toBe(true);
    expect(after).toBeGreaterThan(before + 1);
    m.dispose();
  });
});
