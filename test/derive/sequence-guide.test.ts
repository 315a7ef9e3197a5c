/**
 * The derived guide of a sequence latent (src/derive/sequence-guide.ts): the structured inference
 * network's registry nets and sizes for the LGSSM and the DMM example, its `--explain` lines, the
 * cases that keep the ordinary amortized guide (a non-Normal family; no data read step by step), and a
 * few training steps of the LGSSM that leak no tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { explain } from '../../src/derive/explain.js';
import { printLayer } from '../../src/registry/networks.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';

beforeAll(useCpu);

const lgssm = (T: number) => `model lgssm {
  dim T = ${T};
  data x: Real[T];
  latent z: Real[T];
  z[0] ~ Normal(0, 1);
  for t in 1:T { z[t] ~ Normal(0.9 * z[t - 1], 0.5); }
  for t in 0:T { x[t] ~ Normal(z[t], 0.3); }
}`;

describe('structured guide of a sequence latent', () => {
  it('for the LGSSM: a backward GRU over x, a tanh combiner, loc and scale heads, a start param', () => {
    const a = compileOk(lgssm(20));
    const f = a.guide.factors.z;
    expect(f?.sequence).toMatchObject({ inputs: ['x'], steps: 20, features: 1, width: 1, hidden: 32, lags: [1] });
    const s = f?.sequence;
    if (s === undefined) return;
    expect(printLayer(a.guide.nets[s.rnn]?.spec ?? { kind: 'identity', sizes: [], options: {} })).toBe('GRU(1 -> 32)');
    expect(printLayer(a.guide.nets[s.combiner]?.spec ?? { kind: 'identity', sizes: [], options: {} })).toBe('Sequential(Linear(1 -> 32), tanh)');
    expect(printLayer(a.guide.nets[s.head]?.spec ?? { kind: 'identity', sizes: [], options: {} })).toBe('Linear(32 -> 2)');
    expect(a.guide.params[s.init]?.shape).toEqual([1]);
    const text = explain(a, a.source);
    expect(text).toContain('guide for `z`: the structured inference network');
    expect(text).toContain('h = GRU `rnn_z` (1 → 32) run backward over x, T = 20');
  });

  it('for the DMM example: per-step features and latent width from the shapes, --encoder-hidden sets the GRU width', () => {
    const path = 'test/fixtures/sequences/dmm.tilde';
    const a = compileOk(readFileSync(path, 'utf8'), { fileName: path, encoderHidden: [24] });
    expect(a.guide.factors.z?.sequence).toMatchObject({ inputs: ['x'], steps: 20, features: 2, width: 4, hidden: 24 });
    expect(a.guide.nets.head_z?.spec).toMatchObject({ kind: 'Linear', sizes: [24, 8] });
  });

  it('keeps the amortized guide, and says why, for a sequence with a non-Normal family', () => {
    const a = compileOk(`model m {
      dim T = 6;
      data x: Count[T];
      latent r: Positive[T];
      r[0] ~ Gamma(2.5, 1.5);
      for t in 1:T { r[t] ~ Gamma(2.5, 2.5 / r[t - 1]); }
      for t in 0:T { x[t] ~ Poisson(r[t]); }
    }`);
    expect(a.guide.factors.r?.sequence).toBeUndefined();
    expect(explain(a, a.source)).toMatch(/guide for `r`: one amortized factor over the whole vector .*its guide family is \w+, and the structured guide draws Normal steps/);
  });

  it('keeps the amortized guide when no data is read step by step', () => {
    const a = compileOk(`model m {
      dim T = 4;
      data y: Real;
      latent z: Real[T];
      z[0] ~ Normal(0, 1);
      for t in 1:T { z[t] ~ Normal(z[t - 1], 0.7); }
      y ~ Normal(sum(z), 1);
    }`);
    expect(a.guide.factors.z?.sequence).toBeUndefined();
    expect(explain(a, a.source)).toContain('no observed data is read step by step');
  });

  it('trains a few steps without leaking tensors', async () => {
    const m = TildeModel.create(compileOk(lgssm(4), { encoderHidden: [8] }), { encoderHidden: [8] }, 0);
    const x = Float32Array.from({ length: 16 * 4 }, (_, i) => Math.sin(i));
    const data = { n: 16, columns: new Map([['x', x]]), source: 'synthetic' };
    await m.fit(data, { epochs: 2, batchSize: 8, lr: 0.01, seed: 1 });
    const before = tf.memory().numTensors;
    await m.fit(data, { epochs: 3, batchSize: 8, lr: 0.01, seed: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const e = m.elbo(data, { seed: 1, samples: 4 });
    expect(Number.isFinite(e.elbo)).toBe(true);
    // Encoding plugs in each step's loc (conditioned on the previous loc): one value per row and step.
    const z = m.encode(data).get('z')?.values;
    expect(z?.length).toBe(16 * 4);
    expect([...(z ?? [])].every(Number.isFinite)).toBe(true);
    m.dispose();
  }, 60_000);
});
