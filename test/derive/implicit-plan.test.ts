/**
 * The plan of Gamma, Beta and Dirichlet sites: pathwise through implicit reparameterization (Figurnov et
 * al. 2018), never the score function unless asked; the derived family of a global latent with a Beta
 * prior is a Beta (the conjugate posterior's family), a Gamma prior keeps its Weibull guide, and
 * `--explain`'s reasons say why.
 */
import { describe, expect, it } from 'vitest';
import type { LatentPlan } from '../../src/derive/plan.js';
import { explain } from '../../src/derive/explain.js';
import { compileFile, compileOk } from '../helpers/compile.js';

function latent(a: ReturnType<typeof compileOk>, name: string): LatentPlan {
  const row = a.plan.sites.find((s) => s.name === name);
  if (row?.kind !== 'latent') throw new Error(`no latent ${name}`);
  return row;
}

describe('implicit samplers in the plan', () => {
  it('Gamma guides of the Poisson factorization fixture are implicit, with analytic Gamma ‖ Gamma KLs', () => {
    const a = compileFile('test/fixtures/pmf/pmf-gamma.tilde');
    for (const z of ['beta', 'theta']) {
      const row = latent(a, z);
      expect(row).toMatchObject({ guide: 'Gamma', sampler: 'implicit', kl: 'analytic' });
      expect(row.samplerReason).toContain('Figurnov et al. 2018');
    }
    const forced = compileFile('test/fixtures/pmf/pmf-gamma.tilde', { forceScoreFunction: true });
    expect(latent(forced, 'theta').sampler).toBe('score-function');
  });

  it('a Dirichlet guide block is implicit', () => {
    const a = compileOk('model m { data x: Category(3); latent w: Simplex[3]; global w ~ Dirichlet(1); x ~ Categorical(w); guide { param c: Positive[3]; global w ~ Dirichlet(c); } }');
    expect(latent(a, 'w')).toMatchObject({ guide: 'Dirichlet', sampler: 'implicit', kl: 'analytic' });
  });

  it('a global latent with a Beta prior gets a Beta guide; a local one keeps the Kumaraswamy', () => {
    const g = compileOk('model m { data x: Binary; global p ~ Beta(2, 2); x ~ Bernoulli(p); }');
    const row = latent(g, 'p');
    expect(row).toMatchObject({ guide: 'Beta', sampler: 'implicit', kl: 'analytic' });
    expect(row.reason).toContain('posterior family');
    const text = explain(g, { name: 'm.tilde', text: '' } as Parameters<typeof explain>[1]);
    expect(text).toContain('Beta: implicit reparameterization');
    const l = compileOk('model m { data x: Binary; p ~ Beta(2, 2); x ~ Bernoulli(p); }');
    expect(latent(l, 'p')).toMatchObject({ guide: 'Kumaraswamy', sampler: 'inverse-cdf' });
  });

  it('a Gamma prior keeps the Weibull guide, and the reason names the measurement', () => {
    const a = compileOk('model m { data k: Count; global r ~ Gamma(2, 1); k ~ Poisson(r); }');
    const row = latent(a, 'r');
    expect(row).toMatchObject({ guide: 'Weibull', sampler: 'inverse-cdf', kl: 'analytic' });
    expect(row.reason).toContain('Poisson factorization');
  });
});
