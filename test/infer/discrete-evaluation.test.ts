/**
 * Relaxation is a training device; evaluation scores the discrete model (issue 10, item 2). Before,
 * `eval` scored a model trained with Gumbel-softmax relaxations under the relaxed densities, so its
 * "ELBO" (−0.6 for a mixture of experts) and its IWAE (−7.8 at K = 1, −5.0 at K = 200) disagreed by
 * nats although IWAE-1 and the ELBO have the same expectation. Now both draw the discrete guide (the
 * probabilities the relaxation was trained with) and score the discrete prior: for every example with a
 * discrete latent and for two fixtures, IWAE-1 equals the ELBO within 5 standard errors, and on the
 * fixtures, whose evidence is a finite sum over the categories, IWAE ≤ exact + 3 SE and ELBO ≤ IWAE.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { loadDataset, type Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/distributions/rng.js';
import { DISTRIBUTIONS } from '../../src/registry/distributions.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { expectValidBounds, fitModel, logSumExp, mean } from '../helpers/evidence.js';
import { gauss, logNormal, scalarDataset } from '../helpers/synthetic.js';
import { ROOT } from '../check/helpers.js';

beforeAll(useCpu);

/** Trained through the relaxation (the default would sum these small latents out exactly, where IWAE-1 is log p(x), not the ELBO). */
const RELAXED = { discrete: 'relaxed' as const };

/** IWAE with K = 1 and the ELBO estimate the same number: |difference| ≤ 5 SE. */
function expectIwae1IsElbo(m: TildeModel, data: Dataset): void {
  const elbo = m.elbo(data, { samples: 10, seed: 1 });
  const iwae1 = m.logLikelihood(data, { k: 1, seed: 2 });
  const se = Math.hypot(elbo.standardError, iwae1.standardError);
  expect(Number.isFinite(se)).toBe(true);
  expect(Math.abs(iwae1.logLikelihood - elbo.elbo), `ELBO ${elbo.elbo} ± ${elbo.standardError}, IWAE-1 ${iwae1.logLikelihood} ± ${iwae1.standardError}`).toBeLessThanOrEqual(5 * se);
}

const values = (m: TildeModel, name: string): number[] => Array.from(m.weights.param(name).dataSync());

describe('every example with a discrete latent: IWAE-1 equals the ELBO', () => {
  const files = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.tilde')).sort();
  const discrete = files.filter((f) => {
    const a = compileOk(readFileSync(join(ROOT, 'examples', f), 'utf8'));
    return a.plan.sites.some((s) => s.kind === 'latent' && DISTRIBUTIONS[s.prior].reparam === 'relaxed');
  });

  it('finds the examples with discrete latents', () => {
    expect(discrete).toContain('vae-categorical.tilde');
  });

  it.each(discrete)('%s, trained relaxed for a few steps on 128 MNIST digits', async (file) => {
    const m = TildeModel.create(compileOk(readFileSync(join(ROOT, 'examples', file), 'utf8'), RELAXED), RELAXED, 0);
    const data = await loadDataset('mnist:train', m.dataVariables, { limit: 128 });
    await m.fit(data, { epochs: 2, batchSize: 32, seed: 1 });
    expect(m.plan.sites.some((s) => s.kind === 'latent' && s.sampler === 'relaxed')).toBe(true);
    expectIwae1IsElbo(m, data);
    m.dispose();
  });
});

describe('fixtures with a finite sum over the categories as exact evidence', () => {
  it('a Gaussian mixture: c ~ Categorical(logits: 0); x ~ Normal(dot(c, mu), 0.5)', async () => {
    const rng = new Rng(13);
    const centres = [-3, 0, 3];
    const xs = Float32Array.from({ length: 120 }, () => (centres[Math.floor(3 * rng.nextFloat())] as number) + 0.5 * gauss(rng));
    const data = scalarDataset({ x: xs });
    const m = await fitModel('model gmm { dim K = 3; data x: Real; latent c: Category(K); param mu: Real[K]; c ~ Categorical(logits: 0); x ~ Normal(dot(c, mu), 0.5); }', data, 150, 0.03, RELAXED);
    const mu = values(m, 'mu');
    const exact = mean(Array.from(xs, (x) => logSumExp(mu.map((c) => Math.log(1 / 3) + logNormal(x, c, 0.25)))));
    expectIwae1IsElbo(m, data);
    expectValidBounds(m.elbo(data, { samples: 10 }), m.logLikelihood(data, { k: 64 }), exact);
    m.dispose();
  });

  it('a mixture of experts: c ~ Categorical(logits: gw * x + gb); y ~ Normal(dot(c, slope * x + icept), dot(c, sy) + 0.001)', async () => {
    const rng = new Rng(17);
    const n = 120;
    const xs = Float32Array.from({ length: n }, () => 2 * gauss(rng));
    const ys = Float32Array.from(xs, (x) => (x + 0.5 * gauss(rng) > 0 ? 2 * x + 1 + 0.3 * gauss(rng) : -x - 1 + 0.5 * gauss(rng)));
    const data = scalarDataset({ x: xs, y: ys });
    const source = `model moe {
      dim K = 2; data x: Real; data y: Real; latent c: Category(K);
      param gw: Real[K]; param gb: Real[K]; param slope: Real[K]; param icept: Real[K]; param sy: Positive[K];
      c ~ Categorical(logits: gw * x + gb);
      y ~ Normal(dot(c, slope * x + icept), dot(c, sy) + 0.001);
    }`;
    const m = await fitModel(source, data, 150, 0.03, RELAXED);
    const [gw, gb, slope, icept] = ['gw', 'gb', 'slope', 'icept'].map((p) => values(m, p)) as [number[], number[], number[], number[]];
    const sy = values(m, 'sy').map((r) => Math.log1p(Math.exp(r)) + 0.001);
    const exact = mean(Array.from(xs, (x, i) => {
      const logits = gw.map((w, k) => w * x + (gb[k] as number));
      const norm = logSumExp(logits);
      return logSumExp(logits.map((l, k) => l - norm + logNormal(ys[i] as number, (slope[k] as number) * x + (icept[k] as number), (sy[k] as number) ** 2)));
    }));
    expectIwae1IsElbo(m, data);
    expectValidBounds(m.elbo(data, { samples: 10 }), m.logLikelihood(data, { k: 64 }), exact);
    m.dispose();
  });
});

describe('the training-time number under relaxation', () => {
  it('is labelled a relaxed bound: it bounds the relaxed model, not the discrete one', async () => {
    const data = scalarDataset({ x: Float32Array.from({ length: 16 }, (_, i) => i % 3) });
    const m = TildeModel.create(compileOk('model g { dim K = 3; data x: Real; latent c: Category(K); param mu: Real[K]; c ~ Categorical(logits: 0); x ~ Normal(dot(c, mu), 1); }', RELAXED), RELAXED, 0);
    expect((await m.fit(data, { epochs: 1, batchSize: 16 })).reports[0]?.objective).toBe('relaxed ELBO');
    expect((await m.fit(data, { epochs: 1, batchSize: 16, estimator: 'iwae', k: 4 })).reports[0]?.objective).toBe('relaxed IWAE-4');
    m.dispose();
  });
});
