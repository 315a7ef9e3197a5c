/**
 * The variational family of a derived guide, chosen from the latent's support (and prior, where a
 * different family keeps the KL term analytic or is the posterior's own family: a Beta guide for a
 * global latent with a Beta prior). Each family lists its parameters as "heads": what an
 * encoder (or a free variational parameter, for globals) must output and the bijector that maps the raw
 * output into the parameter's constraint.
 */
import { boundsOf, DISTRIBUTIONS, parameterShapeOf, type DistributionName } from '../registry/distributions.js';
import type { IRExpr, LatentSite } from '../ir/model-ir.js';
import { printExpr } from '../ir/print-expr.js';

/**
 * How a raw (unconstrained) output becomes a parameter value; `fill_scale_tril`: D(D + 1)/2 outputs
 * into a Cholesky factor (the mvn guide family, src/flows/derive-family.ts).
 */
export type Bijector = 'identity' | 'softplus' | 'fill_scale_tril';

/** One parameter of a family, as an encoder head. */
export interface Head {
  /** The family's parameter name (`loc`, `scale`, `logits`, …). */
  readonly param: string;
  /** The per-datapoint shape of the parameter. */
  readonly shape: readonly number[];
  readonly bijector: Bijector;
  /** The number of raw outputs when it differs from the size of {@link shape} (`fill_scale_tril`'s D(D + 1)/2). */
  readonly rawWidth?: number;
}

/** How discrete latents are handled: a continuous relaxation, the score function, or summed out exactly (`enumerate`). */
export type DiscreteStrategy = 'relaxed' | 'score-function' | 'enumerate';

/** A chosen family with its heads and the reason, for `--explain`. */
export interface FamilyChoice {
  readonly family: DistributionName;
  readonly heads: readonly Head[];
  /**
   * For a prior bounded by parameters (`Uniform(low, high)`): the prior's bound parameters, whose
   * expressions the guide's own bound parameters copy, so that its support is exactly the prior's.
   */
  readonly bounds?: readonly [string, string];
  readonly reason: string;
}

/** Why a family could not be chosen (the derive stage turns this into a diagnostic). */
export interface FamilyRefusal {
  readonly refusal: string;
}

function constParam(site: LatentSite, name: string): number | undefined {
  const e = site.prior.params[name];
  return e?.op === 'const' ? e.value : e?.op === 'neg' && e.arg.op === 'const' ? -e.arg.value : undefined;
}

/**
 * Chooses the guide family for a latent the user did not write a guide for: one whose support is the
 * prior's. A prior bounded by parameters gets a Kumaraswamy stretched onto the same interval (unless the
 * interval is the constant (0, 1), the plain Kumaraswamy's).
 */
export function chooseFamily(site: LatentSite, discrete: DiscreteStrategy): FamilyChoice | FamilyRefusal {
  const shape = site.shape;
  const prior = site.prior.dist;
  const both = (a: string, b: string, bij: Bijector = 'softplus'): Head[] => [
    { param: a, shape, bijector: a === 'loc' ? 'identity' : bij },
    { param: b, shape, bijector: 'softplus' },
  ];
  const component = site.prior.component;
  // A mixture of components bounded by parameters has K different intervals and no derived family matching
  // their union; a mixture of Multinomials has the fixed total of its components.
  if (component !== undefined && boundsOf(DISTRIBUTIONS[component.dist], Object.keys(component.params)) !== undefined) {
    return { refusal: `a mixture of ${component.dist} components has the union of their intervals as its support, which no derived family matches; write the latent's guide in a guide block` };
  }
  if (component?.dist === 'Multinomial') return { refusal: 'a mixture of Multinomials has counts with a fixed total, which no derived family matches; write its guide in a guide block' };
  const bounds = boundsOf(DISTRIBUTIONS[prior], Object.keys(site.prior.params));
  if (bounds !== undefined && !(constParam(site, bounds[0]) === 0 && constParam(site, bounds[1]) === 1)) {
    return {
      family: 'Kumaraswamy', heads: both('a', 'b'), bounds,
      reason: `support (${printExpr(site.prior.params[bounds[0]] as IRExpr)}, ${printExpr(site.prior.params[bounds[1]] as IRExpr)}) of the ${prior} prior → Kumaraswamy stretched onto the same interval: closed-form inverse CDF${prior === 'Uniform' ? ', and KL to the Uniform = −entropy' : ''}`,
    };
  }
  // Counts with a fixed total: no derived family has that support (a Poisson guide would put its mass
  // off it), so the user writes the guide.
  if (prior === 'Multinomial') return { refusal: 'a Multinomial latent has counts with a fixed total, which no derived family matches; write its guide (a Multinomial with the same total_count) in a guide block' };
  switch (site.domain) {
    case 'Real':
      return { family: 'Normal', heads: both('loc', 'scale'), reason: 'support Real → diagonal Normal, reparameterized as z = loc + scale · ε' };
    case 'Positive':
      if (prior === 'Gamma') {
        return {
          family: 'Weibull', heads: both('scale', 'concentration'),
          reason:
            'support Positive with a Gamma prior → Weibull: inverse-CDF sampler and a closed-form KL to the Gamma (Zhang et al. 2018); preferred to the implicitly reparameterized Gamma, which ended lower on the Poisson factorization benchmark (docs/inference.md)',
        };
      }
      return { family: 'LogNormal', heads: both('loc', 'scale'), reason: 'support Positive → LogNormal, sampled as exp(loc + scale · ε)' };
    case 'Unit':
    case 'UnitInterval':
      if (prior === 'Beta' && site.scope === 'global') {
        return {
          family: 'Beta', heads: both('a', 'b'),
          reason:
            'support Unit with a Beta prior, global → Beta: the posterior family of a Bernoulli or Binomial likelihood, implicit reparameterization (Figurnov et al. 2018) and a closed-form KL to the Beta; it ended higher than a Kumaraswamy on the Beta–Bernoulli benchmark (docs/inference.md)',
        };
      }
      // The closed [0, 1] (ContinuousBernoulli) differs from the open interval by a set of probability zero.
      return {
        family: 'Kumaraswamy', heads: both('a', 'b'),
        reason: `support ${site.domain} → Kumaraswamy: its inverse CDF is closed form${prior === 'Beta' ? '; the KL to the Beta prior has a series form (Nalisnick & Smyth 2017)' : ''}`,
      };
    case 'Binary':
      return {
        family: 'Bernoulli', heads: [{ param: 'logits', shape, bijector: 'identity' }],
        reason: discrete === 'enumerate'
          ? 'support Binary → Bernoulli by logits; summed out over its two values'
          : discrete === 'relaxed'
          ? 'support Binary → Bernoulli by logits; sampled through its Concrete relaxation (Maddison et al. 2016)'
          : 'support Binary → Bernoulli by logits; no pathwise gradient, so the score function is used',
      };
    case 'Category':
      return {
        family: 'Categorical', heads: [{ param: 'logits', shape, bijector: 'identity' }],
        reason: discrete === 'enumerate'
          ? 'support Category → Categorical by logits; summed out over its values'
          : discrete === 'relaxed'
          ? 'support Category → Categorical by logits; sampled through Gumbel-softmax (Jang et al. 2016)'
          : 'support Category → Categorical by logits; no pathwise gradient, so the score function is used',
      };
    case 'Simplex': {
      // K − 1 log-ratios against the last category: the additive logistic transform is a bijection.
      const ratios = parameterShapeOf(DISTRIBUTIONS.LogisticNormal, shape);
      return {
        family: 'LogisticNormal',
        heads: [
          { param: 'loc', shape: ratios, bijector: 'identity' },
          { param: 'scale', shape: ratios, bijector: 'softplus' },
        ],
        reason: 'support Simplex → logistic-normal, softmax([loc + scale · ε, 0]) (Aitchison & Shen 1980)',
      };
    }
    case 'Count':
      return { family: 'Poisson', heads: [{ param: 'rate', shape, bijector: 'softplus' }], reason: 'support Count → Poisson; no pathwise gradient, so the score function is used' };
    default:
      return { refusal: `no derived family covers support ${site.domain}` };
  }
}
