/**
 * Latent diagnostics of vector-event latents (issue 10): `tilde eval` on a model with a local Simplex
 * latent (a ProdLDA-style topic model, LogisticNormal or Dirichlet prior) failed with
 * `broadcastTo(): [1,500] cannot be broadcast to [1,500,5]`. A vector latent's KL does not split over
 * its coordinates: it is reported per vector, with its standard error, and active units per coordinate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { Rng } from '../../src/distributions/rng.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';

beforeAll(useCpu);

const topicModel = (prior: string) => `model topics {
  dim K = 5; dim V = 12;
  data x: Count[V];
  latent theta: Simplex[K];
  net beta: Linear(K -> V);
  theta ~ ${prior};
  x ~ Poisson(softplus(beta(theta)));
}`;

function counts(n: number, v: number): { n: number; columns: Map<string, Float32Array>; source: string } {
  const rng = new Rng(5);
  return { n, columns: new Map([['x', Float32Array.from({ length: n * v }, () => Math.floor(4 * rng.nextFloat() * rng.nextFloat()))]]), source: 'synthetic' };
}

describe.each(['LogisticNormal(0, 1)', 'Dirichlet(0.5)'])('a local Simplex latent with a %s prior', (prior) => {
  it('has finite diagnostics: one KL per vector with its standard error, activity per coordinate', async () => {
    const m = TildeModel.create(compileOk(topicModel(prior)), {}, 0);
    const data = counts(600, 12);
    await m.fit(data, { epochs: 1, batchSize: 100 });
    const [d] = m.latentDiagnostics(data, { samples: 4 });
    expect(d).toMatchObject({ latent: 'theta', klUnit: 'event', dimensions: 5 });
    expect(d?.klPerDimension).toHaveLength(1);
    expect(d?.klPerDimension[0]).toBeCloseTo(d?.kl ?? NaN, 4);
    expect(Number.isFinite(d?.kl) && (d?.kl ?? -1) >= 0).toBe(true);
    expect(Number.isFinite(d?.klStandardError)).toBe(true);
    const elbo = m.elbo(data, { samples: 4 });
    expect(Number.isFinite(elbo.elbo) && Number.isFinite(elbo.standardError)).toBe(true);
    m.dispose();
  });
});
