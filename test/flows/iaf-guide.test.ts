/**
 * `--guide-family iaf:K` end to end, on the correlated model as one vector latent
 * (z ~ Normal(0, I₂); x ~ Normal(z₁ + z₂, 0.1), local, amortized): the derived encoder emits the base's
 * loc and scale and IAF's context h (Kingma et al. 2016, §4); the plan shows K IAF steps with their weight
 * count (W0, C, b0, W1, b1 per step, from the registry row); the flow's weights are named
 * `flow/z/<step>/<weight>` and a run directory saves and restores them (same ELBO); the context is live
 * (the encoder's h rows get a gradient); a short fit leaves no tensors behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { compile } from '../../src/compile.js';
import { loadRun, saveModel } from '../../src/api/run-dir.js';
import { Rng } from '../../src/distributions/rng.js';
import { parseGuideFamily, type GuideFamilyOption } from '../../src/flows/guide-family.js';
import { BIJECTORS, bijectorWeightCount } from '../../src/registry/bijectors.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { gauss, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SOURCE = 'model correlated { data x: Real; latent z: Real[2]; z ~ Normal(0, I); x ~ Normal(sum(z), 0.1); }';
const opts = { guideFamily: parseGuideFamily('iaf:3') as GuideFamilyOption };
const rng = new Rng(4);
const data = scalarDataset({ x: Float32Array.from({ length: 16 }, () => gauss(rng) + gauss(rng) + 0.1 * gauss(rng)) });

describe('--guide-family iaf:K', () => {
  it('derives an encoder with the context head and plans K IAF steps with their weights', () => {
    const a = compileOk(SOURCE, opts);
    const z = a.plan.sites.find((s) => s.name === 'z');
    const perStep = bijectorWeightCount(BIJECTORS.IAF, 2);
    // W0 2·64 + C 16·64 + b0 64 + W1 64·4 + b1 4.
    expect(perStep).toBe(128 + 1024 + 64 + 256 + 4);
    expect(z).toMatchObject({ kl: 'mc', flow: { count: 3, weights: 3 * perStep, names: 'flow/z/<1…3>/{W0, C, b0, W1, b1}' } });
    const f = a.guide.factors.z;
    expect(f?.encoder?.heads.map((h) => [h.param, h.width])).toEqual([['loc', 2], ['scale', 2], ['h', 16]]);
    expect(f?.form === 'flow' && f.flow.steps.every((s) => s.inputs.h !== undefined)).toBe(true);
  });

  it('saves the MADE weights of every step in a run directory and restores the same ELBO', async () => {
    const before = tf.memory().numTensors;
    const m = TildeModel.create(compileOk(SOURCE, opts), opts, 2);
    const names = m.weights.all.map((e) => e.name).filter((n) => n.startsWith('flow/'));
    expect(names).toEqual([1, 2, 3].flatMap((k) => ['W0', 'C', 'b0', 'W1', 'b1'].map((w) => `flow/z/${k}/${w}`)));
    // The encoder's last layer: columns 0–3 are loc and scale, 4–19 the context h.
    const head = () => Array.from(m.weights.all.find((e) => e.name === 'net/encoder_z/0/W')?.variable.dataSync() ?? []);
    const w0 = head();
    expect(w0).toHaveLength(20);
    await m.fit(data, { epochs: 5, batchSize: 16, lr: 0.01, seed: 1 });
    // Adam moves exactly the weights with a non-zero gradient: every h column moved, so the flow reads h.
    const w1 = head();
    for (let j = 4; j < 20; j++) expect(w1[j], `h column ${j - 4}`).not.toBe(w0[j]);
    const dir = mkdtempSync(join(tmpdir(), 'tilde-iaf-'));
    dirs.push(dir);
    await saveModel(dir, m);
    const back = loadRun(dir).model;
    const e = m.elbo(data, { samples: 4, seed: 5 });
    expect(Number.isFinite(e.elbo)).toBe(true);
    expect(back.elbo(data, { samples: 4, seed: 5 })).toEqual(e);
    m.dispose();
    back.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('--guide-family iaf:K with every estimator', () => {
  it.each(['elbo', 'iwae', 'stl'] as const)('%s trains a few epochs to a finite ELBO, leaving no tensors', async (estimator) => {
    const o = { ...opts, estimator };
    const before = tf.memory().numTensors;
    const m = TildeModel.create(compileOk(SOURCE, o), o, 3);
    await m.fit(data, { epochs: 3, batchSize: 16, lr: 0.01, seed: 1 });
    expect(Number.isFinite(m.elbo(data, { samples: 2, seed: 6 }).elbo)).toBe(true);
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('IAF written in a guide block', () => {
  const src = (h: string, context = '') =>
    `model correlated {\n  data x: Real;\n  latent z: Real[2];\n  z ~ Normal(0, I);\n  x ~ Normal(sum(z), 0.1);\n  guide {\n    net enc: MLP(1 -> 8 -> 10);\n    let e = enc(x);\n    z ~ IAF(Normal(e[0:2], softplus(e[2:4])), steps: 2${context}, h: ${h});\n  }\n}\n`;

  it('takes the context as `h:` and reports a context of the wrong width at the argument (E0320)', () => {
    const bad = compile(src('e[4:10]'), { fileName: 'g.tilde' });
    expect(bad.ok).toBe(false);
    const d = bad.diagnostics.find((x) => x.code === 'E0320');
    expect(d?.message).toContain('`h` of `IAF` (the context vector from the encoder) must be a vector of 16 values here, but it has shape [6]');
    expect(d?.span.start).toBe(src('e[4:10]').indexOf('e[4:10]'));
    const good = compileOk(src('e[4:10]', ', context: 6'));
    const f = good.guide.factors.z;
    expect(f?.form === 'flow' && f.flow.steps.map((s) => [s.options.context, s.inputs.h !== undefined])).toEqual([[6, true], [6, true]]);
    expect(good.guideSource).toContain('z ~ IAF(Normal(e[0:2], softplus(e[2:4])), steps: 2, context: 6, h: e[4:10]);');
  });
});
