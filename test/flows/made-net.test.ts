/**
 * A `MADE` net in a model file, end to end: it checks, its weights are named `net/<net>/<layer>/<weight>`
 * (one weighted layer: W0, C, b0, W1, b1) with the registry's shapes, the derived encoder (MADE has no
 * mirror) is dense, and the weights round-trip through a run directory with the same ELBO.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { loadRun, saveModel } from '../../src/api/run-dir.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';

beforeAll(useCpu);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SOURCE = `model made_decoder {
  data x: Real[3];
  net dec: MADE(3 -> 10 -> 6, context = 2, order = reversed, hidden = tanh);
  latent z: Real[5];
  z ~ Normal(0, I);
  let out = dec(z);
  x ~ Normal(out[0:3], softplus(out[3:6]) + 0.1);
}`;

const data = { n: 4, columns: new Map([['x', Float32Array.from({ length: 4 * 3 }, (_, i) => Math.sin(i))]]), source: 'synthetic' };

describe('a MADE net in a model', () => {
  it('names its weights by the registry and round-trips them through a run directory', async () => {
    const m = TildeModel.create(compileOk(SOURCE), {}, 1);
    const dec = Object.fromEntries(m.weights.all.filter((e) => e.name.startsWith('net/dec/')).map((e) => [e.name, e.variable.shape]));
    expect(dec).toEqual({ 'net/dec/0/W0': [3, 10], 'net/dec/0/C': [2, 10], 'net/dec/0/b0': [10], 'net/dec/0/W1': [10, 6], 'net/dec/0/b1': [6] });
    const dir = mkdtempSync(join(tmpdir(), 'tilde-made-'));
    dirs.push(dir);
    await saveModel(dir, m);
    const back = loadRun(dir).model;
    for (const e of m.weights.all) expect(Array.from(back.weights.all.find((x) => x.name === e.name)?.variable.dataSync() ?? []), e.name).toEqual(Array.from(e.variable.dataSync()));
    const elbo = m.elbo(data, { seed: 2 });
    expect(Number.isFinite(elbo.elbo)).toBe(true);
    expect(back.elbo(data, { seed: 2 })).toEqual(elbo);
    m.dispose();
    back.dispose();
  });
});
