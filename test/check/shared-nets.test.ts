/**
 * Nets are shared by the model and the guide: a guide block may call a model net and the model may call
 * a guide net (a VampPrior's prior reads the encoder). The weights are the same variables — one set, one
 * checkpoint entry per weight, owned by the side that declares the net — and both objectives' gradients
 * reach them. Params and lets stay on their own side, and reading one from the other side is a located
 * diagnostic that says so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { loadRun, saveModel } from '../../src/api/run-dir.js';
import { renderDiagnostics } from '../../src/common/render.js';
import { Rng } from '../../src/distributions/rng.js';
import { BatchBuilder, disposeBatch } from '../../src/infer/batches.js';
import { computeObjective } from '../../src/infer/objective.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { check } from './helpers.js';

beforeAll(useCpu);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The guide calls the model's `body` (declared in the model, read only by the guide) and its own `head`. */
const GUIDE_CALLS_MODEL = `model shared {
  data x: Real[4];
  net body: Sequential(Linear(4 -> 8), tanh);
  net dec: MLP(2 -> 8 -> 4);
  latent z: Real[2];
  z ~ Normal(0, I);
  x ~ Normal(dec(z), 1);
  guide {
    net head: Linear(8 -> 4);
    let h = head(body(x));
    z ~ Normal(h[0:2], softplus(h[2:4]));
  }
}`;

/** The model's prior calls the guide's encoder on a learned pseudo-input (VampPrior-style, one component). */
const MODEL_CALLS_GUIDE = `model vamp {
  data x: Real[4];
  param u: Real[4];
  net dec: MLP(2 -> 8 -> 4);
  latent z: Real[2];
  z ~ Normal(enc(u)[0:2], 1);
  x ~ Normal(dec(z), 1);
  guide {
    net enc: MLP(4 -> 8 -> 4);
    let h = enc(x);
    z ~ Normal(h[0:2], softplus(h[2:4]));
  }
}`;

const data = { n: 6, columns: new Map([['x', Float32Array.from({ length: 24 }, (_, i) => Math.sin(i))]]), source: 'synthetic' };

/** The ELBO loss's gradient norm with respect to each weight, on the full batch. */
function gradientNorms(m: TildeModel): Map<string, number> {
  const program = m.program('elbo');
  const entries = m.weights.all;
  const batch = new BatchBuilder(data, m.dataShapes, data.n).range(0, data.n);
  const { value, grads } = tf.variableGrads(() => computeObjective(program, batch, new Rng(1), { estimator: 'elbo', samples: 1, datasetSize: data.n }).loss, entries.map((e) => e.variable));
  const out = new Map(entries.map((e) => [e.name, Math.sqrt(tf.tidy(() => tf.sum(tf.square(grads[e.variable.name] as tf.Tensor)).dataSync()[0] as number))]));
  tf.dispose([value, ...Object.values(grads)]);
  disposeBatch(batch);
  return out;
}

describe('nets shared by the model and the guide', () => {
  it('a guide block calls the model net: one set of weights, owned by the model, trained through the guide', () => {
    const m = TildeModel.create(compileOk(GUIDE_CALLS_MODEL), {}, 0);
    const names = m.weights.all.map((e) => `${e.name}:${e.owner}`);
    expect(names.filter((n) => n.startsWith('net/body/'))).toEqual(['net/body/0/W:model', 'net/body/0/b:model']);
    expect(names.filter((n) => n.startsWith('net/head/'))).toEqual(['net/head/0/W:guide', 'net/head/0/b:guide']);
    // Only the guide reads `body`, so its gradient comes through q alone; it must not be zero.
    const norms = gradientNorms(m);
    expect(norms.get('net/body/0/W')).toBeGreaterThan(1e-6);
    expect(Number.isFinite(m.elbo(data, { seed: 2 }).elbo)).toBe(true);
    m.dispose();
  });

  it('the model calls the guide net: the prior reads the encoder with the guide\'s weights', () => {
    const m = TildeModel.create(compileOk(MODEL_CALLS_GUIDE), {}, 0);
    expect(m.weights.all.filter((e) => e.name.startsWith('net/enc/')).map((e) => e.owner)).toEqual(['guide', 'guide', 'guide', 'guide']);
    const norms = gradientNorms(m);
    // `u` is read only through the guide's net in the prior: its gradient proves the model ran `enc`.
    expect(norms.get('param/u')).toBeGreaterThan(1e-6);
    m.dispose();
  });

  it('round-trips through a checkpoint: one entry per shared weight, the same ELBO after loading', async () => {
    const m = TildeModel.create(compileOk(GUIDE_CALLS_MODEL), {}, 4);
    await m.fit(data, { epochs: 3, batchSize: 6, lr: 0.01, seed: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'tilde-shared-'));
    dirs.push(dir);
    await saveModel(dir, m);
    const back = loadRun(dir).model;
    expect(back.weights.all.map((e) => e.name)).toEqual(m.weights.all.map((e) => e.name));
    expect(new Set(back.weights.all.map((e) => e.name)).size).toBe(back.weights.all.length);
    for (const [i, e] of m.weights.all.entries()) expect(Array.from(back.weights.all[i]?.variable.dataSync() ?? []), e.name).toEqual(Array.from(e.variable.dataSync()));
    expect(back.elbo(data, { seed: 3 })).toEqual(m.elbo(data, { seed: 3 }));
    m.dispose();
    back.dispose();
  });
});

describe('names out of scope across the model and the guide', () => {
  it("the guide reading the model's let is E0282 at the use, saying only nets are shared", () => {
    const r = check(`model m {\n  data x: Real[4];\n  net dec: MLP(2 -> 8 -> 4);\n  latent z: Real[2];\n  z ~ Normal(0, I);\n  let mean4 = dec(z);\n  x ~ Normal(mean4, 1);\n  guide {\n    z ~ Normal(mean4[0:2], 1);\n  }\n}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.message, r.file.position(d.span.start)])).toEqual([
      ['E0282', "the guide cannot use the model's let `mean4`: only nets are shared by the model and the guide", { line: 9, column: 16 }],
    ]);
  });

  it("the guide reading the model's param is E0282 too", () => {
    const r = check(`model m {\n  data x: Real[2];\n  param c: Real[2];\n  latent z: Real[2];\n  z ~ Normal(0, I);\n  x ~ Normal(z + c, 1);\n  guide {\n    z ~ Normal(c, 1);\n  }\n}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['E0282', "the guide cannot use the model's param `c`: only nets are shared by the model and the guide"]]);
  });

  it("the model reading the guide's let is an unknown name at the use, explaining that only nets are shared", () => {
    const r = check(`model m {\n  data x: Real[2];\n  latent z: Real[2];\n  z ~ Normal(0, I);\n  x ~ Normal(h, 1);\n  guide {\n    net enc: Linear(2 -> 2);\n    let h = enc(x);\n    z ~ Normal(h, 1);\n  }\n}\n`);
    const text = renderDiagnostics(r.diagnostics, r.file);
    expect(r.diagnostics.map((d) => [d.code, r.file.position(d.span.start)])).toEqual([['E0201', { line: 5, column: 14 }]]);
    expect(text).toContain("the model cannot use the guide's lets and params (only nets are shared by the model and the guide)");
  });
});
