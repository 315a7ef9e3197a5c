/**
 * The per-epoch training numbers carry honest standard errors (issue 10: every number printed carries
 * its standard error and is labelled by what it is). The train bound's error is the cluster-robust one
 * over minibatches ({@link epochMeanAndError}); with the weights frozen (lr 1e-30) and a fresh data set
 * drawn from a known population for each of R replicates, the spread of the epoch means must equal the
 * reported error — also for a global latent, whose draw every datapoint of a batch shares (a
 * per-datapoint error would miss that). The CLI prints `train ELBO m ± se` (`relaxed ELBO` under
 * relaxation, `IWAE-K` under iwae) and writes the errors to metrics.jsonl.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { Rng } from '../../src/distributions/rng.js';
import { epochMeanAndError } from '../../src/infer/trainer.js';
import { useCpu } from '../helpers/backend.js';
import { tilde } from '../helpers/cli.js';
import { compileOk } from '../helpers/compile.js';
import { gauss, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);
const dir = mkdtempSync(join(tmpdir(), 'tilde-epoch-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('epochMeanAndError', () => {
  it('is the weighted mean with the cluster-robust error, NaN for one batch', () => {
    const batches = [{ n: 2, sum: -4 }, { n: 3, sum: -9 }, { n: 1, sum: -1 }];
    const { mean, standardError } = epochMeanAndError(batches);
    expect(mean).toBeCloseTo(-14 / 6, 12);
    const ss = (-4 + 2 * (14 / 6)) ** 2 + (-9 + 3 * (14 / 6)) ** 2 + (-1 + 14 / 6) ** 2;
    expect(standardError).toBeCloseTo(Math.sqrt(1.5 * ss) / 6, 12);
    expect(epochMeanAndError([{ n: 5, sum: 3 }]).standardError).toBeNaN();
  });
});

const R = 40;

describe.each([
  ['local latents only', 'model l { data x: Real; z ~ Normal(0, 1); x ~ Normal(z, 1); }'],
  ['a global latent shared by each batch', 'model g { data x: Real; global mu ~ Normal(0, 1); x ~ Normal(mu, 1); }'],
])('%s: the train bound\'s error equals its spread over fresh data sets and seeds', (_name, source) => {
  it(`${R} replicates, 8 minibatches each, weights frozen`, async () => {
    const model = TildeModel.create(compileOk(source), {}, 3);
    const rng = new Rng(5);
    const means: number[] = [];
    const variances: number[] = [];
    try {
      for (let r = 0; r < R; r++) {
        const data = scalarDataset({ x: Float32Array.from({ length: 256 }, () => 1 + 2 * gauss(rng)) });
        const { reports } = await model.fit(data, { epochs: 1, batchSize: 32, lr: 1e-30, seed: 100 + r });
        const [report] = reports;
        expect(Number.isFinite(report?.trainBoundStandardError)).toBe(true);
        means.push(report?.trainBound ?? NaN);
        variances.push((report?.trainBoundStandardError ?? NaN) ** 2);
      }
    } finally {
      model.dispose();
    }
    const m = means.reduce((a, b) => a + b, 0) / R;
    const sd = Math.sqrt(means.reduce((a, b) => a + (b - m) ** 2, 0) / (R - 1));
    const se = Math.sqrt(variances.reduce((a, b) => a + b, 0) / R);
    // The ratio of two standard deviations from R replicates has a relative error of about 1/√(2(R − 1)) each.
    expect(Math.abs(sd / se - 1), `spread ${sd}, reported ${se}`).toBeLessThanOrEqual(4 / Math.sqrt(2 * (R - 1)));
  });
});

describe('tilde train prints and writes every estimate with its error, labelled by what it is', () => {
  const csv = join(dir, 'points.csv');
  const rng = new Rng(9);
  writeFileSync(csv, `x\n${Array.from({ length: 96 }, () => (1 + gauss(rng)).toFixed(4)).join('\n')}\n`);

  it.each([
    ['elbo', 'model l { data x: Real; z ~ Normal(0, 1); x ~ Normal(z, 1); }', [], 'ELBO'],
    ['iwae', 'model l { data x: Real; z ~ Normal(0, 1); x ~ Normal(z, 1); }', ['--estimator', 'iwae', '--k', '4'], 'IWAE-4'],
    ['relaxed', 'model c { data x: Real; latent c: Category(3); param m: Real[3]; c ~ Categorical(logits: 0); x ~ Normal(dot(c, m), 1); }', ['--discrete', 'relaxed'], 'relaxed ELBO'],
    ['enumerated', 'model c { data x: Real; latent c: Category(3); param m: Real[3]; c ~ Categorical(logits: 0); x ~ Normal(dot(c, m), 1); }', [], 'ELBO'],
  ])('%s', async (name, source, extra, objective) => {
    const file = join(dir, `${name}.tilde`);
    writeFileSync(file, `${source}\n`);
    const out = join(dir, `run-${name}`);
    const r = await tilde('train', file, '--data', csv, '--test-data', csv, '--out', out, '--epochs', '2', '--batch-size', '16', '--validation', '0.25', '--no-plots', '--backend', 'cpu', ...(extra as string[]));
    expect(r.code, r.stderr).toBe(0);
    const num = '-?\\d+\\.\\d+ ± \\d+\\.\\d+';
    expect(r.stdout).toMatch(new RegExp(`train ${objective} ${num} \\| validation ELBO ${num} \\| test ELBO ${num} \\| KL [a-z]+ ${num}`));
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const l of lines) {
      expect(l['objective']).toBe(objective);
      expect(l['trainBoundStandardError'] as number).toBeGreaterThan(0);
      // A model whose only latent is summed out has an evaluation ELBO with no Monte Carlo error at all.
      for (const key of ['validationElboStandardError', 'testElboStandardError']) {
        if (name === 'enumerated') expect(l[key] as number, key).toBe(0);
        else expect(l[key] as number, key).toBeGreaterThan(0);
      }
      expect(Object.values(l['klStandardError'] as Record<string, number>).every((v) => v > 0)).toBe(true);
    }
  });
});
