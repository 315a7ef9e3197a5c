/**
 * For every distribution of the registry used as a prior, the derived guide's support is the prior's
 * (issue 10, item 1): the same domain (the open and closed unit intervals count as equal), and for a
 * prior bounded by parameters the same bound expressions. A new registry row without a matching derived
 * family fails here.
 */
import { describe, expect, it } from 'vitest';
import { DISTRIBUTION_NAMES, DISTRIBUTIONS, boundsOf, type DistributionName } from '../../src/registry/distributions.js';
import { printExpr } from '../../src/ir/print-expr.js';
import { compile } from '../../src/compile.js';
import { compileOk } from '../helpers/compile.js';

/** A prior of each row (and the stretched Kumaraswamy), with the declaration its value needs. */
const PRIORS: readonly { dist: DistributionName; call: string; decl?: string }[] = [
  { dist: 'Normal', call: 'Normal(0, 1)' },
  { dist: 'Laplace', call: 'Laplace(0, 1)' },
  { dist: 'Logistic', call: 'Logistic(0, 1)' },
  { dist: 'Cauchy', call: 'Cauchy(0, 1)' },
  { dist: 'Gumbel', call: 'Gumbel(0, 1)' },
  { dist: 'StudentT', call: 'StudentT(3, 0, 1)' },
  { dist: 'Uniform', call: 'Uniform(-1, 2)' },
  { dist: 'Uniform', call: 'Uniform(0, 1)' },
  { dist: 'Uniform', call: 'Uniform(0, 2 * s)' },
  { dist: 'Exponential', call: 'Exponential(1)' },
  { dist: 'Gamma', call: 'Gamma(2, 1)' },
  { dist: 'Beta', call: 'Beta(2, 2)' },
  { dist: 'Kumaraswamy', call: 'Kumaraswamy(2, 3)' },
  { dist: 'Kumaraswamy', call: 'Kumaraswamy(2, 3, low: -1, high: s)' },
  { dist: 'LogNormal', call: 'LogNormal(0, 1)' },
  { dist: 'Weibull', call: 'Weibull(1, 2)' },
  { dist: 'HalfNormal', call: 'HalfNormal(1)' },
  { dist: 'HalfCauchy', call: 'HalfCauchy(2.5)' },
  { dist: 'HalfStudentT', call: 'HalfStudentT(3, 1)' },
  { dist: 'Bernoulli', call: 'Bernoulli(0.3)' },
  { dist: 'ContinuousBernoulli', call: 'ContinuousBernoulli(0.3)' },
  { dist: 'Categorical', call: 'Categorical(logits: 0)', decl: 'latent z: Category(3);' },
  { dist: 'Poisson', call: 'Poisson(3)' },
  { dist: 'Dirichlet', call: 'Dirichlet(1)', decl: 'latent z: Simplex[3];' },
  { dist: 'LogisticNormal', call: 'LogisticNormal(0, 1)', decl: 'latent z: Simplex[3];' },
  { dist: 'MultivariateNormal', call: 'MultivariateNormal(0, scale_tril: I)', decl: 'latent z: Real[3];' },
  { dist: 'MixtureSameFamily', call: 'MixtureSameFamily(0, Normal(m, 1))', decl: 'latent z: Real[3]; param m: Real[2, 3];' },
  { dist: 'LowRankMultivariateNormal', call: 'LowRankMultivariateNormal(0, w, 1)', decl: 'latent z: Real[3]; param w: Real[3, 2];' },
];

/** Rows whose latents get no derived guide, with the refusal's code (E0901: no derived family). */
const REFUSED: readonly { dist: DistributionName; call: string; decl: string }[] = [
  { dist: 'Multinomial', call: 'Multinomial(4, logits: 0)', decl: 'latent z: Count[3];' },
];

const unitAsOne = (d: string) => (d === 'UnitInterval' ? 'Unit' : d);

describe('the derived guide of every prior has the prior’s support', () => {
  it('covers every registry row', () => {
    expect([...new Set([...PRIORS, ...REFUSED].map((p) => p.dist))].sort()).toEqual([...DISTRIBUTION_NAMES].sort());
  });

  it.each(REFUSED)('$call: no derived guide (E0901), a guide block is asked for', ({ call, decl }) => {
    const r = compile(`model m { data x: Real; ${decl} s ~ Gamma(2, 1); z ~ ${call}; x ~ Normal(s, 1); }`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => d.code)).toEqual(['E0901']);
  });

  it.each(PRIORS)('$call', ({ call, decl }) => {
    const a = compileOk(`model m { data x: Real; ${decl ?? ''} s ~ Gamma(2, 1); z ~ ${call}; x ~ Normal(s, 1); }`);
    const prior = a.rewrittenIR.sites['z'];
    const q = a.guide.factors['z']?.dist;
    if (prior?.kind !== 'latent' || q === undefined) throw new Error('no latent z');
    const pSpec = DISTRIBUTIONS[prior.prior.dist];
    const qSpec = DISTRIBUTIONS[q.dist];
    const pBounds = boundsOf(pSpec, Object.keys(prior.prior.params));
    const qBounds = boundsOf(qSpec, Object.keys(q.params));
    const constantUnit = pBounds !== undefined && printExpr(prior.prior.params[pBounds[0]]!) === '0' && printExpr(prior.prior.params[pBounds[1]]!) === '1';
    if (pBounds !== undefined && !constantUnit) {
      // The same interval: the guide's bounds print as the prior's.
      expect(qBounds).toBeDefined();
      const text = (node: typeof q, names: readonly [string, string]) => names.map((n) => printExpr(node.params[n]!));
      expect(text(q, qBounds!)).toEqual(text(prior.prior, pBounds));
      // The guide draws the latents its bounds read first.
      if (call.includes(' s')) expect(a.guide.order.indexOf('s')).toBeLessThan(a.guide.order.indexOf('z'));
    } else {
      expect(qBounds).toBeUndefined();
      expect(unitAsOne(qSpec.support)).toBe(unitAsOne(constantUnit ? 'Unit' : pSpec.support));
    }
  });
});
