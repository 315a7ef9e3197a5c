/**
 * The one place that maps each registry row to its runtime class. The table is typed
 * `Record<DistributionName, …>`, so a row without an implementation does not compile.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { DISTRIBUTIONS, type DistributionName } from '../registry/distributions.js';
import { Bernoulli } from './bernoulli.js';
import { Beta } from './beta.js';
import { Categorical } from './categorical.js';
import { Cauchy } from './cauchy.js';
import { ContinuousBernoulli } from './continuous-bernoulli.js';
import { Dirichlet } from './dirichlet.js';
import type { Distribution } from './distribution.js';
import { Exponential } from './exponential.js';
import { Gamma } from './gamma.js';
import { Gumbel } from './gumbel.js';
import { HalfCauchy } from './half-cauchy.js';
import { HalfNormal } from './half-normal.js';
import { HalfStudentT } from './half-student-t.js';
import { Kumaraswamy } from './kumaraswamy.js';
import { Laplace } from './laplace.js';
import { Logistic } from './logistic.js';
import { LogisticNormal } from './logistic-normal.js';
import { LogNormal } from './log-normal.js';
import { LowRankMultivariateNormal } from './low-rank-multivariate-normal.js';
import { MixtureSameFamily } from './mixture-same-family.js';
import { Multinomial } from './multinomial.js';
import { MultivariateNormal } from './multivariate-normal.js';
import { Normal } from './normal.js';
import { Poisson } from './poisson.js';
import { StudentT } from './student-t.js';
import { Uniform } from './uniform.js';
import { Weibull } from './weibull.js';

/**
 * The runtime class of every registry row. A row with a `distribution` parameter (MixtureSameFamily)
 * receives that argument built already, as `component`.
 */
export const IMPLEMENTATIONS: Readonly<Record<DistributionName, (params: Readonly<Record<string, tf.Tensor>>, component?: Distribution) => Distribution>> = {
  Normal: (p) => new Normal(p),
  Laplace: (p) => new Laplace(p),
  Logistic: (p) => new Logistic(p),
  Cauchy: (p) => new Cauchy(p),
  Gumbel: (p) => new Gumbel(p),
  StudentT: (p) => new StudentT(p),
  Uniform: (p) => new Uniform(p),
  Exponential: (p) => new Exponential(p),
  HalfNormal: (p) => new HalfNormal(p),
  HalfCauchy: (p) => new HalfCauchy(p),
  HalfStudentT: (p) => new HalfStudentT(p),
  Gamma: (p) => new Gamma(p),
  Beta: (p) => new Beta(p),
  Kumaraswamy: (p) => new Kumaraswamy(p),
  LogNormal: (p) => new LogNormal(p),
  Weibull: (p) => new Weibull(p),
  Bernoulli: (p) => new Bernoulli(p),
  ContinuousBernoulli: (p) => new ContinuousBernoulli(p),
  Categorical: (p) => new Categorical(p),
  Poisson: (p) => new Poisson(p),
  Dirichlet: (p) => new Dirichlet(p),
  LogisticNormal: (p) => new LogisticNormal(p),
  MultivariateNormal: (p) => new MultivariateNormal(p),
  LowRankMultivariateNormal: (p) => new LowRankMultivariateNormal(p),
  Multinomial: (p) => new Multinomial(p),
  MixtureSameFamily: (p, c) => {
    if (c === undefined) throw new InternalError('MixtureSameFamily needs its component distribution');
    return new MixtureSameFamily(p, c);
  },
};

/**
 * A batch of distributions of the row `name`. `params` holds the tensors of exactly one of the row's
 * parameterizations, keyed by its parameter names (`{loc, scale}`; `{probs}` or `{logits}`); the
 * tensors are not copied or owned. Throws {@link InternalError} for any other key set: the checker has
 * already matched the user's arguments to a parameterization, so a mismatch here is a bug in Tilde.
 */
export function createDistribution(name: DistributionName, params: Record<string, tf.Tensor>, component?: Distribution): Distribution {
  const spec = DISTRIBUTIONS[name];
  const given = Object.keys(params).sort();
  const matches = spec.parameterizations.some((ps) => {
    const names = ps.filter((p) => p.constraint !== 'distribution').map((p) => p.name).sort();
    return names.length === given.length && names.every((n, i) => n === given[i]);
  });
  if (!matches) {
    const expected = spec.parameterizations.map((ps) => `{${ps.map((p) => p.name).join(', ')}}`).join(' or ');
    throw new InternalError(`${name} takes ${expected}; got {${given.join(', ')}}`);
  }
  return IMPLEMENTATIONS[name](params, component);
}
