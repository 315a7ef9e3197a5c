/**
 * Every example trains from its file alone (Pyro's tests/test_examples.py): a few steps on a small slice,
 * after which the ELBO has improved, the run directory holds its outputs, and the pictures decode as PNGs
 * of the documented sizes.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/distributions/rng.js';
import { tilde } from '../helpers/cli.js';
import { gauss } from '../helpers/synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'tilde-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Regression data for examples/regression.tilde. */
function regressionCsv(): string {
  const rng = new Rng(3);
  const rows = ['x.0,x.1,x.2,y'];
  for (let i = 0; i < 300; i++) {
    const x = [gauss(rng), gauss(rng), gauss(rng)];
    rows.push([...x, 0.5 + 1.5 * (x[0] ?? 0) - (x[1] ?? 0) + 0.2 * gauss(rng)].map((v) => v.toFixed(5)).join(','));
  }
  const path = join(dir, 'regression.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

interface Case {
  readonly file: string;
  readonly data: string[];
  /** Expected PNGs with their width × height. */
  readonly pictures: Record<string, [number, number]>;
}

const MNIST = ['--data', 'mnist:train', '--limit', '256', '--batch-size', '32'];
const IMAGE_PICTURES: Record<string, [number, number]> = {
  'samples.png': [466, 466],
  'reconstructions.png': [478, 466],
  'latent-scatter.png': [1280, 960],
  'training-curve.png': [1280, 960],
};
const CASES: Case[] = [
  { file: 'vae.tilde', data: MNIST, pictures: IMAGE_PICTURES },
  { file: 'vae-2d.tilde', data: MNIST, pictures: { ...IMAGE_PICTURES, 'manifold.png': [560, 560] } },
  { file: 'vae-gaussian.tilde', data: MNIST, pictures: IMAGE_PICTURES },
  { file: 'vae-cb.tilde', data: MNIST, pictures: IMAGE_PICTURES },
  { file: 'vae-two-layer.tilde', data: MNIST, pictures: IMAGE_PICTURES },
  { file: 'vae-categorical.tilde', data: MNIST, pictures: IMAGE_PICTURES },
  { file: 'vae-kumaraswamy.tilde', data: MNIST, pictures: IMAGE_PICTURES },
  { file: 'vae-conv.tilde', data: MNIST, pictures: IMAGE_PICTURES },
  { file: 'regression.tilde', data: ['--data', 'REGRESSION', '--batch-size', '50', '--lr', '0.05'], pictures: { 'training-curve.png': [1280, 960] } },
  // Loop models (issue 17) on their seeded fixtures.
];

describe.each(CASES)('examples/$file', ({ file, data, pictures }) => {
  it('trains a few steps, improves its ELBO and writes its outputs', async () => {
    const out = join(dir, file.replace('.tilde', ''));
    const args = data.map((a) => (a === 'REGRESSION' ? regressionCsv() : a));
    const r = await tilde('train', join('examples', file), ...args, '--epochs', '3', '--out', out, '--backend', 'wasm', '--threads', '1', '--seed', '1');
    expect(r.code, r.stderr).toBe(0);
    const metrics = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, number>);
    expect(metrics).toHaveLength(3);
    const score = (m: Record<string, number>) => m['testElbo'] ?? m['trainBound'] ?? NaN;
    const [first, , last] = metrics;
    if (first === undefined || last === undefined) throw new Error('unreachable');
    expect(Number.isFinite(score(last))).toBe(true);
    expect(score(last)).toBeGreaterThan(score(first));
    for (const [png, [w, h]] of Object.entries(pictures)) {
      const img = PNG.sync.read(readFileSync(join(out, png)));
      expect([img.width, img.height], png).toEqual([w, h]);
    }
    // The run directory serves tilde eval and tilde sample.
    const ev = await tilde('eval', out, ...args.slice(0, 2), '--limit', '64', '--iwae', '4', '--json', '--backend', 'wasm', '--threads', '1');
    expect(ev.code, ev.stderr).toBe(0);
    const report = JSON.parse(ev.stdout) as { elbo: number; logLikelihood: number; n: number };
    expect(Number.isFinite(report.elbo) && Number.isFinite(report.logLikelihood)).toBe(true);
    if (file !== 'regression.tilde') {
      const draws = await tilde('sample', out, '-n', '2', '--json', '--backend', 'wasm', '--threads', '1');
      expect(draws.code, draws.stderr).toBe(0);
      expect(JSON.parse(draws.stdout)).toHaveLength(2);
    }
  });
});
