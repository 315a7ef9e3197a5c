/**
 * The CLI reads the estimator table: every row trains a tiny VAE for two epochs and labels its bound as
 * the row declares; an estimator that does not fit the model, or an unknown one, is a usage error (exit
 * 2) that names the reason, with no stack trace.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ESTIMATOR_NAMES, ESTIMATORS } from '../../src/registry/estimators.js';
import { tilde } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tilde-cli-est-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CPU = ['--backend', 'cpu'];

describe('tilde train --estimator', () => {
  const tiny = join(dir, 'tiny-vae.tilde');
  writeFileSync(tiny, 'model t { data x: Binary[784]; net d: MLP(4 -> 16 -> 784, hidden = relu); latent z: Real[4]; z ~ Normal(0, I); x ~ Bernoulli(logits: d(z)); }\n');

  it.each(ESTIMATOR_NAMES.filter((n) => n !== 'elbo'))('%s trains and labels its bound', async (name) => {
    const out = join(dir, `run-${name}`);
    const r = await tilde('train', tiny, '--data', 'mnist:train', '--limit', '64', '--batch-size', '32', '--epochs', '2', '--out', out, '--no-plots', '--estimator', name, '--k', '3', ...CPU);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number | string>);
    const objective = ESTIMATORS[name].bound === 'IWAE' ? 'IWAE-3' : 'ELBO';
    expect(lines.map((l) => l['objective'])).toEqual([objective, objective]);
    expect(lines.every((l) => Number.isFinite(l['trainBound']))).toBe(true);
  });

  it('refuses an estimator the model does not fit, and an unknown one, with exit code 2', async () => {
    const reg = await tilde('train', 'examples/regression.tilde', '--data', 'mnist:train', '--out', join(dir, 'run-bad'), '--estimator', 'dreg', ...CPU);
    expect(reg.code).toBe(2);
    expect(reg.stderr).toContain('--estimator dreg needs every latent local and reparameterized');
    expect(reg.stderr).toContain('are global latents');
    expect(reg.stderr).not.toMatch(/\n\s+at /);
    const bogus = await tilde('compile', tiny, '--explain', '--estimator', 'bogus');
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain(`--estimator must be ${ESTIMATOR_NAMES.slice(0, -1).join(', ')} or ${ESTIMATOR_NAMES.at(-1)}, got bogus`);
  });
});
