/**
 * Reweighted wake-sleep (Bornschein & Bengio 2015) on a two-component mixture with a Bernoulli latent
 * drawn exactly, c ~ Bernoulli(0.3), x ~ N(3c, 1), guide q(c | x) = Bernoulli(logits: W x + b): the mean
 * wake-φ update equals its exact expectation E[Σ_k w̃_k ∇_φ log q(c_k | x)], enumerated over the 2^K joint
 * draws (5 standard errors); the model is refused global latents; training keeps the tensor count flat.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { Rng } from '../../src/distributions/rng.js';
import { BatchBuilder, disposeBatch } from '../../src/infer/batches.js';
import { lossGradients } from '../../src/infer/step.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { gauss, logNormal, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);

const SOURCE = 'model mix { data x: Real; c ~ Bernoulli(0.3); x ~ Normal(3 * c, 1); }';
const N = 20;
const rng0 = new Rng(5);
const xs = Float64Array.from({ length: N }, () => (rng0.nextFloat() < 0.3 ? 3 : 0) + gauss(rng0));
const data = scalarDataset({ x: Float32Array.from(xs) });

/** (1/N) Σ_i E[Σ_k w̃_k ∇_(W, b) log q(c_k | x_i)], enumerated over c ∈ {0, 1}^K. */
function expectedWakePhi(w: number, b: number, k: number): number[] {
  let gw = 0;
  let gb = 0;
  for (const x of xs) {
    const q1 = 1 / (1 + Math.exp(-(w * x + b)));
    const f = [0, 1].map((c) => Math.exp(Math.log(c === 1 ? 0.3 : 0.7) + logNormal(x, 3 * c, 1) - Math.log(c === 1 ? q1 : 1 - q1)));
    for (let mask = 0; mask < 1 << k; mask++) {
      const cs = Array.from({ length: k }, (_, j) => (mask >> j) & 1);
      const prob = cs.reduce((a, c) => a * (c === 1 ? q1 : 1 - q1), 1);
      const total = cs.reduce((a, c) => a + (f[c] as number), 0);
      // ∂/∂logit log q(c) = c − σ(logit); the logit is W x + b.
      const dLogit = cs.reduce((a, c) => a + ((f[c] as number) / total) * (c - q1), 0);
      gw += prob * dLogit * x;
      gb += prob * dLogit;
    }
  }
  return [gw / N, gb / N];
}

describe('RWS', () => {
  it('draws every latent without a path and plans no score-function surrogate', () => {
    const m = TildeModel.create(compileOk(SOURCE, { estimator: 'rws' }), { estimator: 'rws' }, 0);
    expect(m.plan.sites.find((s) => s.name === 'c')).toHaveProperty('samplerReason', expect.stringContaining('Bornschein & Bengio 2015'));
    m.dispose();
  });

  it('has the exact expectation of the wake-φ update (K = 3, enumerated)', () => {
    const m = TildeModel.create(compileOk(SOURCE, { estimator: 'rws' }), { estimator: 'rws' }, 0);
    const net = m.weights.net('encoder_c');
    const exact = expectedWakePhi(net.W[0]?.dataSync()[0] ?? NaN, net.b[0]?.dataSync()[0] ?? NaN, 3);
    const program = m.program('rws');
    const vars = m.weights.variables('guide');
    const batch = new BatchBuilder(data, m.dataShapes, N).range(0, N);
    const R = 1000;
    const draws: number[][] = [];
    for (let r = 0; r < R; r++) {
      const { value, grads } = lossGradients(program, batch, new Rng(100 + r), { estimator: 'rws', samples: 3, datasetSize: N }, vars);
      draws.push(vars.flatMap((v) => Array.from(grads[v.name]?.dataSync() ?? []).map((g) => -g)));
      tf.dispose([value, ...Object.values(grads)]);
    }
    disposeBatch(batch);
    const mean = [0, 1].map((j) => draws.reduce((a, g) => a + (g[j] ?? 0), 0) / R);
    const se = mean.map((mu, j) => Math.sqrt(draws.reduce((a, g) => a + ((g[j] ?? 0) - mu) ** 2, 0) / (R - 1) / R));
    for (let j = 0; j < 2; j++) expect(Math.abs((mean[j] ?? NaN) - (exact[j] ?? NaN))).toBeLessThan(5 * (se[j] ?? NaN));
    expect(exact.some((g, j) => Math.abs(g) > 10 * (se[j] ?? NaN))).toBe(true);
    m.dispose();
  });

  it('trains without leaking tensors, and refuses global latents', async () => {
    const m = TildeModel.create(compileOk(SOURCE, { estimator: 'rws' }), { estimator: 'rws' }, 0);
    await m.fit(data, { epochs: 1, batchSize: 8, estimator: 'rws', k: 4 });
    const before = tf.memory().numTensors;
    const r = await m.fit(data, { epochs: 3, batchSize: 8, estimator: 'rws', k: 4, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(r.reports.at(-1)?.objective).toBe('IWAE-4');
    m.dispose();
    const g = TildeModel.create(compileOk('model g { data x: Real; global mu ~ Normal(0, 1); x ~ Normal(mu, 1); }'), {}, 0);
    expect(() => g.program('rws')).toThrow(/--estimator rws needs every latent local \(Bornschein & Bengio 2015\)/);
    g.dispose();
  });
});
