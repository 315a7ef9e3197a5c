/**
 * The CLI contract of compile, train, eval and sample: output formats, exit codes (0 ok, 1 model or data
 * error, 2 usage or I/O), clear messages and no stack traces for user errors.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/distributions/rng.js';
import { tilde } from '../helpers/cli.js';
import { gauss } from '../helpers/synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'tilde-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CPU = ['--backend', 'cpu'];

describe('tilde compile', () => {
  it('explains the flagship: z is a Normal, location-scale, analytic-KL site with a 784→400→(20,20) encoder', async () => {
    const r = await tilde('compile', 'examples/vae.tilde', '--explain');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('q(z | x) = Normal, encoder `encoder_z`: 784 → 400 → (loc 20, scale 20), mirroring `decoder`');
    expect(r.stdout).toMatch(/z\s+latent\s+local\s+Normal\s+Normal\s+location-scale\s+analytic\s+x/);
    expect(r.stdout).toContain('bernoulli-logits');
  });

  it('prints the plan as JSON with the stable field names', async () => {
    const r = await tilde('compile', 'examples/vae.tilde', '--emit', 'plan', '--json');
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { model: string; sites: Record<string, unknown>[] };
    expect(plan.model).toBe('vae');
    expect(plan.sites[0]).toMatchObject({ name: 'z', kind: 'latent', scope: 'local', prior: 'Normal', guide: 'Normal', sampler: 'location-scale', kl: 'analytic', inputs: ['x'] });
    expect(typeof plan.sites[0]?.['reason']).toBe('string');
    expect(plan.sites[1]).toMatchObject({ name: 'x', kind: 'observed', scope: 'local' });
  });

  it('emits the guide and the IR', async () => {
    const g = await tilde('compile', 'examples/vae.tilde', '--emit', 'guide');
    expect(g.stdout).toContain('z ~ Normal(enc_z[0:20], softplus(enc_z[20:40]) + 0.0001);');
    const ir = await tilde('compile', 'examples/vae.tilde', '--emit', 'ir');
    expect(ir.stdout).toContain('local latent z: Real[20] ~ Normal(0, I)');
  });

  it('exits 1 with diagnostics for a model with errors, 2 for usage and I/O errors, without stack traces', async () => {
    const bad = join(dir, 'bad.tilde');
    writeFileSync(bad, 'model m { data x: Real; x ~ Normall(0, 1); }\n');
    const r1 = await tilde('compile', bad, '--explain');
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('E0203');
    expect(r1.stderr).not.toMatch(/\n\s+at /);
    const r2 = await tilde('compile', join(dir, 'missing.tilde'), '--explain');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/cannot read .*missing\.tilde: no such file/);
    const r3 = await tilde('compile', 'examples/vae.tilde', '--emit', 'bytecode');
    expect(r3.code).toBe(2);
    const r4 = await tilde('compile', 'test/corpus/good/multi-model.tilde', '--explain');
    expect(r4.code).toBe(2);
    expect(r4.stderr).toContain('--model');
  });
});

/** A regression data set as CSV: columns x.0, x.1, x.2, y. */
function regressionCsv(n: number, seed: number): string {
  const rng = new Rng(seed);
  const rows = ['x.0,x.1,x.2,y'];
  for (let i = 0; i < n; i++) {
    const x = [gauss(rng), gauss(rng), gauss(rng)];
    rows.push([...x, 1 + 2 * (x[0] ?? 0) - (x[2] ?? 0) + 0.3 * gauss(rng)].map((v) => v.toFixed(5)).join(','));
  }
  return `${rows.join('\n')}\n`;
}

describe('tilde train / eval / sample on a small regression', () => {
  const csv = join(dir, 'regression.csv');
  writeFileSync(csv, regressionCsv(200, 1));
  const out = join(dir, 'run-regression');

  it('trains, writes the run directory and resumes', async () => {
    const r = await tilde('train', 'examples/regression.tilde', '--data', csv, '--out', out, '--epochs', '2', '--batch-size', '50', '--lr', '0.05', ...CPU);
    expect(r.stderr).toContain('backend cpu');
    expect(r.code).toBe(0);
    for (const f of ['model.tilde', 'options.json', 'backend.json', 'metrics.jsonl', 'checkpoint.json', 'training-curve.png']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
    const again = await tilde('train', 'examples/regression.tilde', '--data', csv, '--out', out, ...CPU);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--resume');
    const resumed = await tilde('train', '--out', out, '--resume', '--epochs', '3', ...CPU);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('resuming');
    expect(readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('evaluates with --json', async () => {
    const r = await tilde('eval', out, '--data', csv, '--iwae', '10', '--json', ...CPU);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['elbo', 'elboStandardError', 'samples', 'logLikelihood', 'logLikelihoodStandardError', 'k', 'n', 'latents']));
    expect(j['k']).toBe(10);
    expect(j['n']).toBe(200);
    expect(j['samples']).toBe(10);
    expect(j['logLikelihood'] as number).toBeGreaterThan((j['elbo'] as number) - 1);
    // Every estimate with its standard error (issue 10, item 3).
    for (const key of ['elboStandardError', 'logLikelihoodStandardError']) expect(j[key] as number, key).toBeGreaterThan(0);
    const [latent] = j['latents'] as { klStandardError: number | null }[];
    expect(latent?.klStandardError).not.toBeNull();
  });

  it('prints every estimate with ± its standard error, and refuses --samples 1', async () => {
    // The regression's weights are global latents: G independent draws of them give the error.
    const r = await tilde('eval', out, '--data', csv, '--iwae', '4', '--samples', '3', '--global-samples', '5', ...CPU);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ELBO +-?\d+\.\d+ ± \d+\.\d+ nats per datapoint \(3 samples per datapoint, 5 draws of the global latents\)/);
    expect(r.stdout).toMatch(/log p\(x\), IWAE +-?\d+\.\d+ ± \d+\.\d+ nats per datapoint \(mean of 5 estimates with K = 4\)/);
    const bad = await tilde('eval', out, '--data', csv, '--samples', '1', ...CPU);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--samples must be an integer ≥ 2');
  });

  it('samples from a model file with no learned parts: exact draws as JSON', async () => {
    const f = join(dir, 'prior.tilde');
    writeFileSync(f, 'model p { data y: Positive; z ~ Normal(0, 1); y ~ Exponential(softplus(z)); }\n');
    const r = await tilde('sample', f, '-n', '3', '--json', ...CPU);
    expect(r.code).toBe(0);
    const draws = JSON.parse(r.stdout) as Record<string, number>[];
    expect(draws).toHaveLength(3);
    for (const d of draws) {
      expect(Number.isFinite(d['z'])).toBe(true);
      expect(d['y']).toBeGreaterThan(0);
    }
  });
});

describe('tilde train options', () => {
  const tiny = join(dir, 'tiny-vae.tilde');
  writeFileSync(tiny, 'model t { data x: Binary[784]; net d: MLP(4 -> 32 -> 784, hidden = relu); latent z: Real[4]; z ~ Normal(0, I); x ~ Bernoulli(logits: d(z)); }\n');
  it.each([
    ['iwae', ['--estimator', 'iwae', '--k', '3']],
    ['stl', ['--estimator', 'stl']],
    ['dynamic binarization, KL warm-up, free bits, clipping, cosine schedule, validation split', ['--binarize', 'dynamic', '--kl-warmup', '1', '--free-bits', '0.1', '--clip-norm', '5', '--lr-schedule', 'cosine', '--validation', '0.25', '--patience', '3']],
  ])('%s', async (name, extra) => {
    const out = join(dir, `run-opt-${name.slice(0, 4)}`);
    const r = await tilde('train', tiny, '--data', 'mnist:train', '--limit', '128', '--batch-size', '32', '--epochs', '2', '--out', out, '--no-plots', ...extra, ...CPU);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number | string>);
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => Number.isFinite(l['trainBound']))).toBe(true);
    // Each number is labelled by what it is: the IWAE-K objective is not an ELBO (issue 10, item 4).
    const objective = name === 'iwae' ? 'IWAE-3' : 'ELBO';
    expect(lines.map((l) => l['objective'])).toEqual([objective, objective]);
    expect(r.stdout).toContain(`train ${objective} `);
    expect(r.stdout).not.toContain(name === 'iwae' ? 'train ELBO' : 'train IWAE');
    const options = JSON.parse(readFileSync(join(out, 'options.json'), 'utf8')) as { train: Record<string, unknown> };
    if (name === 'iwae') expect(options.train).toMatchObject({ estimator: 'iwae', k: 3 });
  });

  it('rejects bad option values with exit code 2 and names the option', async () => {
    const r = await tilde('train', tiny, '--data', 'mnist:train', '--out', join(dir, 'run-bad-opt'), '--lr', '-1', ...CPU);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lr must be a positive number');
    const r2 = await tilde('train', tiny, '--data', 'mnist:train', '--out', join(dir, 'run-bad-opt2'), '--estimator', 'iwae', '--beta', '2', ...CPU);
    expect(r2.code).toBe(2);
  });
});

describe('bad data is a clear error naming file, row and column, exit code 1', () => {
  const model = join(dir, 'binary.tilde');
  writeFileSync(model, 'model b { data x: Binary[3]; z ~ Normal(0, I); latent z: Real[2]; net d: Linear(2 -> 3); x ~ Bernoulli(logits: d(z)); }\n');
  const cases: [string, string, RegExp][] = [
    ['wrong width', 'x.0,x.1\n1,0\n', /column/],
    ['non-binary value', 'x.0,x.1,x.2\n1,0,1\n0,0.5,1\n', /row 3, column x\.1/],
    ['NaN cell', 'x.0,x.1,x.2\n1,NaN,1\n', /row 2, column x\.1/],
  ];
  it.each(cases)('%s', async (_name, content, message) => {
    const csv = join(dir, `bad-${_name.replace(/\W/g, '-')}.csv`);
    writeFileSync(csv, content);
    const r = await tilde('train', model, '--data', csv, '--out', join(dir, `run-${_name.replace(/\W/g, '-')}`), '--epochs', '1', ...CPU);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(csv);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a truncated IDX file', async () => {
    const f = join(dir, 'img.tilde');
    writeFileSync(f, 'model i { data x: Binary[784]; z ~ Normal(0, I); latent z: Real[2]; net d: Linear(2 -> 784); x ~ Bernoulli(logits: d(z)); }\n');
    const r = await tilde('train', f, '--data', 'test/fixtures/data/truncated-images-idx3-ubyte', '--out', join(dir, 'run-idx'), ...CPU);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/truncated-images-idx3-ubyte/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
