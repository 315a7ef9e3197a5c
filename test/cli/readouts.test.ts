/**
 * The readout commands: `tilde predict` (CSV and table formats, column names, draws in the header,
 * errors), `tilde eval --globals` and `tilde eval --predict y`, on runs saved with the guide set to the
 * exact posterior (so the printed numbers have closed-form references).
 */
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../../src/api/run-dir.js';
import { TildeModel } from '../../src/api/tilde-model.js';
import { DEFAULT_SCALE_FLOOR } from '../../src/derive/derive-guide.js';
import { Rng } from '../../src/distributions/rng.js';
import { useCpu } from '../helpers/backend.js';
import { tilde } from '../helpers/cli.js';
import { compileOk } from '../helpers/compile.js';
import { gauss } from '../helpers/synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'tilde-readouts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CPU = ['--backend', 'cpu'];
const noStack = /\n\s+at /;
const scaleParam = (y: number) => Math.log(Math.expm1(y - DEFAULT_SCALE_FLOOR));
const set = (m: TildeModel, name: string, v: number | number[]) => m.weights.param(name).assign(typeof v === 'number' ? tf.scalar(v) : tf.tensor1d(v));

const S = 0.5;
const V = 1 + S * S;
const rng = new Rng(21);
const xs = Array.from({ length: 25 }, () => Number((1.5 * gauss(rng)).toFixed(4)));
const MU = [-1.5, 2];
const labels = Array.from({ length: 60 }, () => (rng.nextFloat() < 0.5 ? 0 : 1));
const mx = labels.map((k) => Number(((MU[k] as number) + gauss(rng)).toFixed(4)));
const runs = { nn: join(dir, 'run-nn'), mix: join(dir, 'run-mix'), g: join(dir, 'run-g'), v: join(dir, 'run-v') };
const files = { nn: join(dir, 'nn.csv'), mix: join(dir, 'mix.csv'), v: join(dir, 'v.csv') };

beforeAll(async () => {
  await useCpu();
  writeFileSync(files.nn, `x\n${xs.join('\n')}\n`);
  writeFileSync(files.mix, `x,c\n${mx.map((x, i) => `${x},${labels[i]}`).join('\n')}\n`);
  writeFileSync(files.v, 'x.0,x.1,x.2\n1,2,3\n0,0,1\n');
  const nn = TildeModel.create(compileOk(`model nn { data x: Real; z ~ Normal(0, 1); x ~ Normal(z, ${S}); guide { param a: Real; param b: Positive; z ~ Normal(a * x, b); } }`), {}, 0);
  set(nn, 'a', 1 / V);
  set(nn, 'b', scaleParam(S / Math.sqrt(V)));
  await saveModel(runs.nn, nn);
  nn.dispose();
  const mix = TildeModel.create(compileOk(`model mix { dim K = 2; data x: Real; latent c: Category(K); param mu: Real[K]; c ~ Categorical(logits: 0); x ~ Normal(dot(c, mu), 1);
    guide { param w: Real[K]; param b: Real[K]; c ~ Categorical(logits: w * x + b); } }`), {}, 0);
  set(mix, 'mu', MU);
  set(mix, 'w', MU);
  set(mix, 'b', MU.map((mu) => -(mu * mu) / 2));
  await saveModel(runs.mix, mix);
  mix.dispose();
  const g = TildeModel.create(compileOk('model g { data x: Real; global mu ~ Normal(0, 10); x ~ Normal(mu, 1); guide { param m: Real; param sd: Positive; global mu ~ Normal(m, sd); } }'), {}, 0);
  set(g, 'm', 0.25);
  set(g, 'sd', scaleParam(0.125));
  await saveModel(runs.g, g);
  g.dispose();
  const v = TildeModel.create(compileOk('model v { data x: Real[3]; latent z: Real[2]; net decoder: MLP(2 -> 4 -> 3); z ~ Normal(0, I); x ~ Normal(decoder(z), 1); }'), {}, 0);
  await saveModel(runs.v, v);
  v.dispose();
}, 60_000);

/** The exact responsibility of class 1 in the mixture. */
const resp1 = (x: number) => 1 / (1 + Math.exp((MU[0] as number) * x - (MU[0] as number) ** 2 / 2 - ((MU[1] as number) * x - (MU[1] as number) ** 2 / 2)));

describe('tilde predict', () => {
  it('--out writes a CSV: the # line with the draws, header row, exact posterior per row', async () => {
    const out = join(dir, 'nn-pred.csv');
    const r = await tilde('predict', runs.nn, '--data', files.nn, '--draws', '7', '--out', out, ...CPU);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`wrote ${out}: 25 rows, z (7 draws of the guide per row)`);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^# posterior under the trained guide q .*, 7 draws of q per row; exact moments of q: z$/);
    expect(lines[1]).toBe('row,z.mean,z.sd');
    expect(lines).toHaveLength(2 + xs.length);
    xs.forEach((x, i) => {
      const [row, mean, sd] = (lines[2 + i] as string).split(',').map(Number);
      expect(row).toBe(i);
      expect(mean).toBeCloseTo(x / V, 5);
      expect(sd).toBeCloseTo(S / Math.sqrt(V), 5);
    });
  });

  it('without --out: a short table of the first rows on stdout', async () => {
    const r = await tilde('predict', runs.nn, '--data', files.nn, ...CPU);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/100 draws of q per row/);
    expect(lines[1]).toMatch(/^row\s+z\.mean\s+z\.sd$/);
    expect(lines).toHaveLength(1 + 1 + 10 + 1);
    expect(lines.at(-1)).toBe('(15 more rows; --out FILE.csv writes them all)');
  });

  it('column names of a vector latent and of a Categorical', async () => {
    const a = await tilde('predict', runs.v, '--data', files.v, '--draws', '3', '--out', join(dir, 'v.csv.out'), ...CPU);
    expect(a.code, a.stderr).toBe(0);
    expect(readFileSync(join(dir, 'v.csv.out'), 'utf8').split('\n')[1]).toBe('row,z[0].mean,z[0].sd,z[1].mean,z[1].sd');
    const out = join(dir, 'mix-pred.csv');
    const b = await tilde('predict', runs.mix, '--data', files.mix, '--ignore-columns', '--out', out, ...CPU);
    expect(b.code, b.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[1]).toBe('row,c.p[0],c.p[1]');
    mx.forEach((x, i) => expect(Number((lines[2 + i] as string).split(',')[2])).toBeCloseTo(resp1(x), 5));
  });

  it('an unknown --latent names the latents; a global one points to eval --globals; no stack trace', async () => {
    const r = await tilde('predict', runs.nn, '--data', files.nn, '--latent', 'w', ...CPU);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--latent w: there is no such site; the local latents of nn are `z`');
    expect(r.stderr).not.toMatch(noStack);
    const g = await tilde('predict', runs.g, '--data', files.nn, '--latent', 'mu', ...CPU);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('--latent mu: it is a global latent (`tilde eval RUN --globals` reads it)');
    const none = await tilde('predict', runs.g, '--data', files.nn, ...CPU);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('g has no local latents');
    const bad = await tilde('predict', runs.nn, '--data', files.nn, '--draws', '0', ...CPU);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--draws must be a positive integer, got 0');
  });
});

describe('tilde eval --globals and --predict', () => {
  it('--globals: exact moments of the global guide and the params, text and JSON, no data needed', async () => {
    const r = await tilde('eval', runs.g, '--globals', ...CPU);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('mu: exact moments of q (Normal)');
    expect(r.stdout).toMatch(/mu {2}mean 0\.25 {2}sd 0\.125\n/);
    const j = await tilde('eval', runs.mix, '--globals', '--json', ...CPU);
    expect(j.code, j.stderr).toBe(0);
    const parsed = JSON.parse(j.stdout) as { globals: unknown[]; params: { name: string; value: number[] }[] };
    expect(parsed.globals).toEqual([]);
    expect(parsed.params.find((p) => p.name === 'mu')?.value.map((v) => Number(v.toFixed(5)))).toEqual(MU);
    const t = await tilde('eval', runs.mix, '--globals', ...CPU);
    expect(t.stdout).toContain('params: point estimates (learned values, no posterior)');
  });

  it('--predict c: the Bayes classifier\'s accuracy on the labelled file, with its binomial SE', async () => {
    const correct = mx.filter((x, i) => (resp1(x) > 0.5 ? 1 : 0) === labels[i]).length;
    const acc = correct / mx.length;
    const se = Math.sqrt((acc * (1 - acc)) / mx.length);
    const r = await tilde('eval', runs.mix, '--predict', 'c', '--data', files.mix, ...CPU);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`accuracy    ${acc.toFixed(4)} ± ${se.toFixed(4)}  (${correct} of ${mx.length} labels, 2 classes)`);
    expect(r.stdout).toContain(`error rate  ${(1 - acc).toFixed(4)} ± ${se.toFixed(4)}`);
    const j = await tilde('eval', runs.mix, '--predict', 'c', '--data', files.mix, '--json', ...CPU);
    expect((JSON.parse(j.stdout) as { predict: { correct: number } }).predict.correct).toBe(correct);
  });

  it('--predict errors: a data variable (needs partially observed data), a continuous latent, no label column', async () => {
    const d = await tilde('eval', runs.mix, '--predict', 'x', '--data', files.mix, ...CPU);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('`x` is a data variable; predicting it from the rest of the row hides its column');
    expect(d.stderr).toContain('the discrete latents of mix (`c`) can be predicted now');
    const z = await tilde('eval', runs.nn, '--predict', 'z', '--data', files.nn, ...CPU);
    expect(z.code).toBe(2);
    expect(z.stderr).toContain('`z` is continuous');
    const none = await tilde('eval', runs.mix, '--predict', 'c', '--data', files.nn, ...CPU);
    expect(none.code, none.stderr).toBe(1);
    expect(none.stderr).toContain('--predict c: the true labels of the latent `c` are read from the column c of the data (a class index 0…1 per row)');
    expect(none.stderr).toContain('nn.csv: missing column c');
    for (const r of [d, z, none]) expect(r.stderr).not.toMatch(noStack);
  });
});
