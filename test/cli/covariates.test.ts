/**
 * Models with covariates (data the model reads but never draws: a conditional VAE's label, a
 * regression's inputs) are drawn given them (issue 10): `tilde train`'s pictures and `tilde plot` take
 * the covariates of the data rows instead of failing with "`y` read before it was computed", `tilde
 * sample RUN --data FILE` conditions on a file's covariates, and without `--data` it names the
 * covariates needed at their declarations.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/distributions/rng.js';
import { tilde } from '../helpers/cli.js';
import { gauss } from '../helpers/synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'tilde-covariates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CPU = ['--backend', 'cpu'];
const noStack = /\n\s+at /;

/** A conditional VAE: the decoder reads the label `y`, which nothing draws. */
const CVAE = `model cvae {
  dim Z = 2;
  data x: Binary[16];
  data y: Real[3];
  latent z: Real[Z];
  net decoder: MLP(Z + 3 -> 8 -> 16, hidden = relu);
  z ~ Normal(0, I);
  x ~ Bernoulli(logits: decoder(concat(z, y)));
}
`;

function cvaeCsv(n: number, seed: number): string {
  const rng = new Rng(seed);
  const header = [...Array.from({ length: 16 }, (_, i) => `x.${i}`), 'y.0', 'y.1', 'y.2'];
  const rows = [header.join(',')];
  for (let r = 0; r < n; r++) rows.push([...Array.from({ length: 16 }, () => (rng.nextFloat() < 0.5 ? 1 : 0)), r, -r, 0.5].join(','));
  return `${rows.join('\n')}\n`;
}

describe('a conditional VAE (local latent and a covariate)', () => {
  const model = join(dir, 'cvae.tilde');
  const csv = join(dir, 'cvae.csv');
  const out = join(dir, 'run-cvae');
  writeFileSync(model, CVAE);
  writeFileSync(csv, cvaeCsv(40, 3));

  it('trains with pictures on: samples and manifold are drawn given the rows\' covariates', async () => {
    const r = await tilde('train', model, '--data', csv, '--out', out, '--epochs', '1', '--batch-size', '20', ...CPU);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/samples\.png: 64 ancestral samples .* given the y of the first 40 rows/);
    expect(r.stderr).toMatch(/manifold\.png: .* given the y of the first row/);
    for (const f of ['samples.png', 'manifold.png', 'training-curve.png']) expect(existsSync(join(out, f)), f).toBe(true);
  });

  it('tilde plot redraws them', async () => {
    rmSync(join(out, 'samples.png'));
    const r = await tilde('plot', out, ...CPU);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'samples.png'))).toBe(true);
  });

  it('tilde sample without --data names the covariate at its declaration, exit 2, no stack trace', async () => {
    const r = await tilde('sample', out, '-n', '3', ...CPU);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${model}:4:8: \`y: Real[3]\` is a covariate`);
    expect(r.stderr).toContain('--data FILE');
    expect(r.stderr).toContain('columns y.0, y.1, y.2');
    expect(r.stderr).not.toMatch(noStack);
  });

  it('tilde sample --data draws given the file\'s covariates, row i for draw i, cycling', async () => {
    const few = join(dir, 'labels.csv');
    // Only the covariate's columns: the observed x is not needed to draw.
    writeFileSync(few, 'y.0,y.1,y.2\n1,2,3\n4,5,6\n');
    const r = await tilde('sample', out, '-n', '5', '--data', few, '--json', ...CPU);
    expect(r.code, r.stderr).toBe(0);
    const draws = JSON.parse(r.stdout) as { y: number[]; x: number[]; z: number[] }[];
    expect(draws.map((d) => d.y)).toEqual([[1, 2, 3], [4, 5, 6], [1, 2, 3], [4, 5, 6], [1, 2, 3]]);
    for (const d of draws) {
      expect(d.x).toHaveLength(16);
      expect(d.x.every((v) => v === 0 || v === 1)).toBe(true);
      expect(d.z).toHaveLength(2);
    }
    // The training file (with its observed columns too) serves as well.
    const full = await tilde('sample', out, '-n', '2', '--data', csv, '--json', ...CPU);
    expect(full.code, full.stderr).toBe(0);
    expect((JSON.parse(full.stdout) as { y: number[] }[]).map((d) => d.y)).toEqual([[0, 0, 0.5], [1, -1, 0.5]]);
  });

  it('a --data file without the covariate is a data error naming it', async () => {
    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, 'w.0\n1\n');
    const r = await tilde('sample', out, '-n', '2', '--data', wrong, ...CPU);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(wrong);
    expect(r.stderr).toMatch(/y\.0/);
    expect(r.stderr).not.toMatch(noStack);
  });
});

describe('a regression with no learned parts: exact conditional draws', () => {
  it('y − 2x given the file\'s x is N(0, 1) (mean and variance within 5 SE)', async () => {
    const model = join(dir, 'reg.tilde');
    writeFileSync(model, 'model reg { data x: Real; data y: Real; y ~ Normal(2 * x, 1); }\n');
    const xs = join(dir, 'xs.csv');
    const rng = new Rng(11);
    const x = Array.from({ length: 50 }, () => 3 * gauss(rng));
    writeFileSync(xs, `x\n${x.map((v) => v.toFixed(4)).join('\n')}\n`);
    const n = 2000;
    const r = await tilde('sample', model, '-n', String(n), '--data', xs, '--json', '--seed', '4', ...CPU);
    expect(r.code, r.stderr).toBe(0);
    const draws = JSON.parse(r.stdout) as { x: number; y: number }[];
    expect(draws.map((d) => d.x).slice(0, 50)).toEqual(x.map((v) => Math.fround(Number(v.toFixed(4)))));
    const e = draws.map((d) => d.y - 2 * d.x);
    const mean = e.reduce((a, b) => a + b, 0) / n;
    const variance = e.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    // Var of the sample variance of N(0, 1) draws is 2 / (n − 1).
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / (n - 1)));
  });

  it('without --data: the located message; with --data for a model without covariates: refused', async () => {
    const model = join(dir, 'reg.tilde');
    const r = await tilde('sample', model, '-n', '2', ...CPU);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${model}:1:18: \`x: Real\` is a covariate`);
    const prior = join(dir, 'prior.tilde');
    writeFileSync(prior, 'model p { data y: Real; z ~ Normal(0, 1); y ~ Normal(z, 1); }\n');
    const r2 = await tilde('sample', prior, '-n', '2', '--data', join(dir, 'xs.csv'), ...CPU);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('has no covariates');
  });
});
