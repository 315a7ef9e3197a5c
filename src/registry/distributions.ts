/**
 * The table of distributions the language knows: names, parameters and their constraints, supports,
 * event structure and declared sampling capabilities. The checker reads it to type `~` statements, the
 * compiler to plan estimators, the runtime (`src/distributions/`) implements one class per row and a test
 * checks that the two agree. Add a distribution here first.
 */
import type { ValueDomain } from './domains.js';

/**
 * What a parameter's values must satisfy; the checker proves it from expression domains. `count`: a
 * non-negative integer (a constant, Count data, or a sum of them); `cholesky`: a lower-triangular matrix with a positive
 * diagonal (entries above the diagonal are ignored), proven from positive entries; `distribution`: the
 * argument is itself a distribution call (MixtureSameFamily's component), checked as one, never an expression.
 */
export type ParamConstraint = 'real' | 'positive' | 'unit' | 'simplex' | 'count' | 'cholesky' | 'distribution';

/**
 * How a distribution's sampler carries gradients to its parameters (Kingma & Welling 2014, §2.4):
 * - `location-scale`: z = loc + scale · ε with ε from a fixed standard distribution;
 * - `inverse-cdf`: z = F⁻¹(u; θ), u ~ U(0, 1), with F⁻¹ in closed form;
 * - `transform`: z = g(y) for a reparameterized y (LogNormal = exp(Normal));
 * - `implicit`: z drawn exactly, with dz/dθ = −(∂F/∂θ)(z; θ) / p(z; θ) from the implicit equation
 *   F(z; θ) = u (Figurnov, Mohamed & Mnih 2018): Gamma, and Beta and Dirichlet through their Gammas;
 * - `relaxed`: only through a continuous relaxation (Gumbel-softmax / Concrete; Jang et al. 2016,
 *   Maddison et al. 2016) — the exact sampler is discrete;
 * - `none`: no pathwise gradient; the estimator must use the score function.
 */
export type ReparamKind = 'location-scale' | 'inverse-cdf' | 'transform' | 'implicit' | 'relaxed' | 'none';

/** One parameter of a distribution. */
export interface ParamSpec {
  /** Name, usable as a named argument (`Bernoulli(logits: e)`). */
  readonly name: string;
  /** What its values must satisfy. */
  readonly constraint: ParamConstraint;
  /** One line for docs and messages. */
  readonly doc: string;
  /**
   * For a `vector` row, how many trailing axes of this parameter one event reads: 1 (the default) the
   * event axis itself (Categorical's logits, MultivariateNormal's loc: `[K]`), 0 one value per event
   * (Multinomial's total_count: `[]`), 2 a K × K matrix (MultivariateNormal's scale_tril: `[K, K]`).
   * The checker, the runtime and the derived guides shape each parameter by it
   * ({@link parameterShapeFor}).
   */
  readonly eventRank?: 0 | 1 | 2;
  /**
   * The parameter has one more trailing axis whose length is free — given by the arguments, equal or 1
   * across them — so {@link parameterShapeFor} takes it as an argument: a mixture's K components
   * (MixtureSameFamily's logits `[K]`), a low-rank factor's rank R
   * (LowRankMultivariateNormal's cov_factor `[D, R]`). The row's {@link DistributionSpec.freeAxis} names it.
   */
  readonly freeAxis?: true;
}

/** A row of the table. */
export interface DistributionSpec {
  /** The name written in model files. */
  readonly name: DistributionName;
  /**
   * Alternative parameter lists. Positional arguments bind to the first; named arguments select the one
   * whose names they match (`Bernoulli(probs)` or `Bernoulli(logits: e)`).
   */
  readonly parameterizations: readonly (readonly ParamSpec[])[];
  /** The domain of its values (in a parameterization without bound parameters, see {@link boundedBy}). */
  readonly support: ValueDomain;
  /**
   * For a support whose bounds are parameters, the names of the lower and upper bound parameters: in a
   * parameterization that has them the support is the open interval between them (domain `Real`,
   * refined by constant bounds). Uniform has them in its only parameterization; Kumaraswamy in its
   * second, `Kumaraswamy(a, b, low: l, high: h)`, the Kumaraswamy on (0, 1) moved and stretched onto
   * (l, h) — the derived guide of a latent whose prior is bounded by parameters.
   */
  readonly boundedBy?: readonly [string, string];
  /**
   * `scalar`: parameters broadcast elementwise and each element is an independent draw.
   * `vector`: the last axis of the parameters is one event (Categorical's probabilities, Dirichlet's
   * concentration); a Categorical value is a one-hot vector of that length.
   */
  readonly event: 'scalar' | 'vector';
  /**
   * For a `vector` row, the value's event length minus the parameters' last axis; absent means 0.
   * LogisticNormal has 1: its `loc` and `scale` hold the K − 1 free log-ratios of a point on the
   * K-simplex. The checker relates parameter shapes to the sampled variable's shape through it.
   */
  readonly eventOffset?: number;
  /** The sampler whose gradient the estimator uses, declared, never guessed. */
  readonly reparam: ReparamKind;
  /** Every pathwise sampler the runtime implements (the first equals {@link reparam} unless `none`). */
  readonly samplers: readonly Exclude<ReparamKind, 'none'>[];
  /**
   * Parameters that receive a pathwise gradient from the reparameterized sampler; the others (StudentT's
   * `df`, drawn through a Gamma) get none. Absent means all parameters.
   */
  readonly pathwiseParams?: readonly string[];
  /** What the free trailing axis of its {@link ParamSpec.freeAxis} parameters counts (`components`, `rank`). */
  readonly freeAxis?: string;
  /** One line for docs. */
  readonly summary: string;
}

const real = (name: string, doc: string): ParamSpec => ({ name, constraint: 'real', doc });
const positive = (name: string, doc: string): ParamSpec => ({ name, constraint: 'positive', doc });
const unit = (name: string, doc: string): ParamSpec => ({ name, constraint: 'unit', doc });
const simplex = (name: string, doc: string): ParamSpec => ({ name, constraint: 'simplex', doc });
const count = (name: string, doc: string): ParamSpec => ({ name, constraint: 'count', doc, eventRank: 0 });

/** Names of all distributions, in documentation order. */
export const DISTRIBUTION_NAMES = [
  'Normal',
  'Laplace',
  'Logistic',
  'Cauchy',
  'Gumbel',
  'StudentT',
  'Uniform',
  'Exponential',
  'Gamma',
  'Beta',
  'Kumaraswamy',
  'LogNormal',
  'Weibull',
  'HalfNormal',
  'HalfCauchy',
  'HalfStudentT',
  'Bernoulli',
  'ContinuousBernoulli',
  'Categorical',
  'Poisson',
  'Dirichlet',
  'LogisticNormal',
  'MultivariateNormal',
  'LowRankMultivariateNormal',
  'Multinomial',
  'MixtureSameFamily',
] as const;

/** A distribution name the language knows. */
export type DistributionName = (typeof DISTRIBUTION_NAMES)[number];

const LOC = real('loc', 'location');
/** MixtureSameFamily's component: a distribution call whose parameters carry the mixture axis. */
const COMPONENT: ParamSpec = { name: 'component', constraint: 'distribution', doc: 'the component distribution, a call such as `Normal(mu, sigma)` (parameters `[K, …]`)' };
const SCALE = positive('scale', 'scale, > 0');

/** The registry: one row per distribution. */
export const DISTRIBUTIONS: Readonly<Record<DistributionName, DistributionSpec>> = {
  Normal: {
    name: 'Normal', parameterizations: [[LOC, positive('scale', 'standard deviation, > 0')]], support: 'Real', event: 'scalar',
    reparam: 'location-scale', samplers: ['location-scale'], summary: 'Gaussian with mean `loc` and standard deviation `scale`.',
  },
  Laplace: {
    name: 'Laplace', parameterizations: [[LOC, SCALE]], support: 'Real', event: 'scalar',
    reparam: 'location-scale', samplers: ['location-scale'], summary: 'Double exponential: density ∝ exp(−|x − loc| / scale).',
  },
  Logistic: {
    name: 'Logistic', parameterizations: [[LOC, SCALE]], support: 'Real', event: 'scalar',
    reparam: 'location-scale', samplers: ['location-scale', 'inverse-cdf'], summary: 'Logistic distribution; its CDF is the sigmoid of (x − loc) / scale.',
  },
  Cauchy: {
    name: 'Cauchy', parameterizations: [[LOC, SCALE]], support: 'Real', event: 'scalar',
    reparam: 'location-scale', samplers: ['location-scale', 'inverse-cdf'], summary: 'Cauchy (Student-t with one degree of freedom); no mean or variance.',
  },
  Gumbel: {
    name: 'Gumbel', parameterizations: [[LOC, SCALE]], support: 'Real', event: 'scalar',
    reparam: 'location-scale', samplers: ['location-scale', 'inverse-cdf'], summary: 'Gumbel (type-I extreme value) distribution.',
  },
  StudentT: {
    name: 'StudentT', parameterizations: [[positive('df', 'degrees of freedom, > 0'), LOC, SCALE]], support: 'Real', event: 'scalar',
    reparam: 'location-scale', samplers: ['location-scale'],
    summary: 'Student-t, sampled as a scale mixture of Normals (loc + scale · ε / √(g/df), g ~ Gamma(df/2, 1/2), pathwise in df through the implicit Gamma).',
  },
  Uniform: {
    name: 'Uniform', parameterizations: [[real('low', 'lower bound'), real('high', 'upper bound, > low')]], support: 'Real',
    boundedBy: ['low', 'high'], event: 'scalar', reparam: 'inverse-cdf', samplers: ['inverse-cdf'],
    summary: 'Uniform on the open interval (low, high).',
  },
  Exponential: {
    name: 'Exponential', parameterizations: [[positive('rate', 'rate, > 0 (mean 1/rate)')]], support: 'Positive', event: 'scalar',
    reparam: 'inverse-cdf', samplers: ['inverse-cdf'], summary: 'Exponential with the given rate.',
  },
  HalfNormal: {
    name: 'HalfNormal', parameterizations: [[positive('scale', 'scale σ of the parent Normal(0, σ), > 0')]], support: 'Positive', event: 'scalar',
    reparam: 'location-scale', samplers: ['location-scale', 'inverse-cdf'], summary: '|x| for x ~ Normal(0, scale).',
  },
  HalfCauchy: {
    name: 'HalfCauchy', parameterizations: [[positive('scale', 'scale of the parent Cauchy(0, scale), > 0')]], support: 'Positive', event: 'scalar',
    reparam: 'inverse-cdf', samplers: ['inverse-cdf'], summary: '|x| for x ~ Cauchy(0, scale): the weakly informative prior on scales (Gelman 2006).',
  },
  HalfStudentT: {
    name: 'HalfStudentT', parameterizations: [[positive('df', 'degrees of freedom, > 0'), positive('scale', 'scale of the parent Student-t, > 0')]],
    support: 'Positive', event: 'scalar', reparam: 'location-scale', samplers: ['location-scale'],
    summary: '|x| for x ~ StudentT(df, 0, scale): between HalfCauchy (df = 1) and HalfNormal (df → ∞).',
  },
  Gamma: {
    name: 'Gamma', parameterizations: [[positive('concentration', 'shape α, > 0'), positive('rate', 'rate β, > 0')]], support: 'Positive',
    event: 'scalar', reparam: 'implicit', samplers: ['implicit'], summary: 'Gamma with shape `concentration` and `rate` (mean α/β).',
  },
  Beta: {
    name: 'Beta', parameterizations: [[positive('a', 'first shape α, > 0'), positive('b', 'second shape β, > 0')]], support: 'Unit',
    event: 'scalar', reparam: 'implicit', samplers: ['implicit'], summary: 'Beta on (0, 1), sampled as G₁ / (G₁ + G₂) with Gamma Gᵢ.',
  },
  Kumaraswamy: {
    name: 'Kumaraswamy',
    parameterizations: [
      [positive('a', 'first shape, > 0'), positive('b', 'second shape, > 0')],
      [positive('a', 'first shape, > 0'), positive('b', 'second shape, > 0'), real('low', 'lower bound'), real('high', 'upper bound, > low')],
    ],
    support: 'Unit', boundedBy: ['low', 'high'], event: 'scalar', reparam: 'inverse-cdf', samplers: ['inverse-cdf'],
    summary: 'Kumaraswamy on (0, 1), or on (low, high) given `low:` and `high:`: Beta-like, with a closed-form inverse CDF (Nalisnick & Smyth 2017).',
  },
  LogNormal: {
    name: 'LogNormal', parameterizations: [[real('loc', 'mean of log x'), positive('scale', 'standard deviation of log x, > 0')]],
    support: 'Positive', event: 'scalar', reparam: 'transform', samplers: ['transform'], summary: 'exp of a Normal(loc, scale).',
  },
  Weibull: {
    name: 'Weibull', parameterizations: [[positive('scale', 'scale λ, > 0'), positive('concentration', 'shape k, > 0')]],
    support: 'Positive', event: 'scalar', reparam: 'inverse-cdf', samplers: ['inverse-cdf'], summary: 'Weibull with scale λ and shape k.',
  },
  Bernoulli: {
    name: 'Bernoulli', parameterizations: [[unit('probs', 'probability of 1')], [real('logits', 'log-odds of 1')]], support: 'Binary',
    event: 'scalar', reparam: 'relaxed', samplers: ['relaxed'], summary: 'Coin flip in {0, 1}; by probability or by logits (preferred for stability).',
  },
  ContinuousBernoulli: {
    name: 'ContinuousBernoulli', parameterizations: [[unit('probs', 'shape λ in (0, 1)')], [real('logits', 'logit of λ')]],
    support: 'UnitInterval', event: 'scalar', reparam: 'inverse-cdf', samplers: ['inverse-cdf'],
    summary: 'The normalized Bernoulli likelihood on [0, 1] (Loaiza-Ganem & Cunningham 2019).',
  },
  Categorical: {
    name: 'Categorical', parameterizations: [[simplex('probs', 'event probabilities (last axis)')], [real('logits', 'unnormalized log-probabilities (last axis)')]],
    support: 'Category', event: 'vector', reparam: 'relaxed', samplers: ['relaxed'],
    summary: 'One of K categories, as a one-hot vector of length K.',
  },
  Poisson: {
    name: 'Poisson', parameterizations: [[positive('rate', 'mean, > 0')]], support: 'Count', event: 'scalar',
    reparam: 'none', samplers: [], summary: 'Counts with the given mean.',
  },
  Dirichlet: {
    name: 'Dirichlet', parameterizations: [[positive('concentration', 'concentrations α (last axis), > 0')]], support: 'Simplex',
    event: 'vector', reparam: 'implicit', samplers: ['implicit'], summary: 'Distribution over the probability simplex, sampled as normalised Gammas.',
  },
  LogisticNormal: {
    name: 'LogisticNormal',
    parameterizations: [[real('loc', 'means of the K − 1 log-ratios log(xₖ/x_K) (last axis)'), positive('scale', 'standard deviations of the log-ratios (last axis), > 0')]],
    support: 'Simplex', event: 'vector', eventOffset: 1, reparam: 'transform', samplers: ['transform'],
    summary: 'softmax([y, 0]) of a Normal y on K − 1 coordinates: a reparameterizable distribution on the K-simplex (Aitchison & Shen 1980).',
  },
  MultivariateNormal: {
    name: 'MultivariateNormal',
    parameterizations: [[real('loc', 'mean vector (last axis)'), { name: 'scale_tril', constraint: 'cholesky', doc: 'lower Cholesky factor L of the covariance LLᵀ (last two axes)', eventRank: 2 }]],
    support: 'Real', event: 'vector', reparam: 'location-scale', samplers: ['location-scale'],
    summary: 'Gaussian with mean `loc` and covariance LLᵀ for the lower-triangular `scale_tril` L, sampled as loc + L ε.',
  },
  LowRankMultivariateNormal: {
    name: 'LowRankMultivariateNormal',
    parameterizations: [[
      real('loc', 'mean vector (last axis)'),
      { name: 'cov_factor', constraint: 'real', doc: 'factor W of the covariance WWᵀ + diag(cov_diag) (last two axes: event × rank R)', freeAxis: true },
      positive('cov_diag', 'diagonal of the covariance, > 0 (last axis)'),
    ]],
    support: 'Real', event: 'vector', reparam: 'location-scale', samplers: ['location-scale'], freeAxis: 'rank',
    summary: 'Gaussian with mean `loc` and covariance WWᵀ + diag(d) for a `[D, R]` factor W: log-density by the Woodbury identity and the determinant lemma (R × R work), sampled as loc + Wε + √d η.',
  },
  MixtureSameFamily: {
    name: 'MixtureSameFamily',
    parameterizations: [
      [{ name: 'logits', constraint: 'real', doc: 'unnormalized log mixing weights (last axis: K components)', eventRank: 0, freeAxis: true }, COMPONENT],
      [{ name: 'probs', constraint: 'simplex', doc: 'mixing weights (last axis: K components)', eventRank: 0, freeAxis: true }, COMPONENT],
    ],
    support: 'Real', event: 'vector', reparam: 'none', samplers: [], freeAxis: 'components',
    summary: 'Mixture of K components of one family over the whole event, log Σₖ wₖ pₖ(x), the component index summed out (TFP/Pyro MixtureSameFamily): a GMM or VampPrior prior without a latent index. The component\'s parameters carry the mixture axis K just before the event axis (`[K, D]` for a `[D]` value). No pathwise sampler.',
  },
  Multinomial: {
    name: 'Multinomial',
    parameterizations: [
      [count('total_count', 'number of trials n per event, a non-negative integer'), simplex('probs', 'category probabilities (last axis)')],
      [count('total_count', 'number of trials n per event, a non-negative integer'), real('logits', 'unnormalized log-probabilities (last axis)')],
    ],
    support: 'Count', event: 'vector', reparam: 'none', samplers: [],
    summary: 'Counts of K categories in n independent trials (a Count vector summing to n).',
  },
};

/**
 * The shape a row's parameters take when it samples a value of shape `valueShape`: `valueShape`
 * itself, except that a row with an {@link DistributionSpec.eventOffset} has parameters whose last
 * axis is shorter by the offset (LogisticNormal: K − 1 log-ratios for a value on the K-simplex). The
 * checker broadcasts arguments to it and the runtime aligns parameter tensors to it.
 */
export function parameterShapeOf(spec: DistributionSpec, valueShape: readonly number[]): number[] {
  const offset = spec.eventOffset ?? 0;
  if (offset === 0 || valueShape.length === 0) return [...valueShape];
  const last = valueShape[valueShape.length - 1] as number;
  return [...valueShape.slice(0, -1), Math.max(last - offset, 0)];
}

/** A parameter's spec by name in any parameterization of the row. */
function paramSpecOf(spec: DistributionSpec, name: string): ParamSpec | undefined {
  for (const ps of spec.parameterizations) for (const p of ps) if (p.name === name) return p;
  return undefined;
}

/**
 * The shape parameter `name` takes when the row samples a value of shape `valueShape`: that of
 * {@link parameterShapeOf}, with the parameter's {@link ParamSpec.eventRank} applied — the event axis
 * dropped for rank 0 (Multinomial's total_count), doubled for rank 2 (scale_tril `[…, K, K]` for a value
 * `[…, K]`), and `freeLength` appended for a parameter with a free axis (a mixture's K, a factor's rank).
 */
export function parameterShapeFor(spec: DistributionSpec, name: string, valueShape: readonly number[], freeLength = 1): number[] {
  const base = parameterShapeOf(spec, valueShape);
  const p = paramSpecOf(spec, name);
  const rank = spec.event === 'vector' ? (p?.eventRank ?? 1) : 1;
  const own = rank === 1 || base.length === 0 ? base : rank === 0 ? base.slice(0, -1) : [...base, base[base.length - 1] as number];
  return p?.freeAxis === true ? [...own, freeLength] : own;
}

/**
 * The value shape a mixture's component draws for a value of shape `varShape` with `k` components: the
 * mixture axis inserted before the last (event) axis, `[…, K, D]` for `[…, D]` (TFP's rightmost batch axis).
 */
export function mixtureValueShape(valueShape: readonly number[], k: number): number[] {
  return [...valueShape.slice(0, -1), k, ...valueShape.slice(-1)];
}

/** Where a component parameter of shape `shape` has its mixture axis (from the left), or −1 when it has none (broadcast). */
export function mixtureAxisOf(component: DistributionSpec, param: string, shape: readonly number[], eventLength: number): number {
  const trailing = parameterShapeFor(component, param, [eventLength]).length;
  return shape.length - 1 - trailing;
}

/** Whether parameter `name` of the row ends in an axis of free length ({@link ParamSpec.freeAxis}). */
export function hasFreeAxis(spec: DistributionSpec, name: string): boolean {
  return paramSpecOf(spec, name)?.freeAxis === true;
}

/**
 * The inverse of {@link parameterShapeFor} for one parameter: the value's shape its shape implies, or
 * undefined when it implies none (a rank-0 parameter does not give the event's length).
 */
export function valueShapeFromParameter(spec: DistributionSpec, name: string, paramShape: readonly number[]): number[] | undefined {
  const rank = spec.event === 'vector' ? (paramSpecOf(spec, name)?.eventRank ?? 1) : 1;
  if (paramSpecOf(spec, name)?.freeAxis === true) {
    // The free axis says nothing of the value; a bare `[K]` argument (broadcast over the event) neither.
    if (rank === 0 || paramShape.length < 2) return undefined;
    return valueShapeOf(spec, paramShape.slice(0, -1));
  }
  if (rank === 0) return undefined;
  return valueShapeOf(spec, rank === 2 ? paramShape.slice(0, -1) : paramShape);
}

/** The inverse of {@link parameterShapeOf}: the value's shape implied by the parameters' shape. */
export function valueShapeOf(spec: DistributionSpec, paramShape: readonly number[]): number[] {
  const offset = spec.eventOffset ?? 0;
  if (offset === 0 || paramShape.length === 0) return [...paramShape];
  return [...paramShape.slice(0, -1), (paramShape[paramShape.length - 1] as number) + offset];
}

/**
 * The bound parameters of a parameterization, given its parameter names: the row's
 * {@link DistributionSpec.boundedBy} when the parameterization has both, else undefined (its support is
 * then the row's {@link DistributionSpec.support}).
 */
export function boundsOf(spec: DistributionSpec, paramNames: Iterable<string>): readonly [string, string] | undefined {
  const names = new Set(paramNames);
  const b = spec.boundedBy;
  return b !== undefined && names.has(b[0]) && names.has(b[1]) ? b : undefined;
}

/** The domain of a parameterization's values: `Real` (between its bounds) when it is bounded, else the row's support. */
export function parameterizationSupport(spec: DistributionSpec, paramNames: Iterable<string>): ValueDomain {
  return boundsOf(spec, paramNames) !== undefined ? 'Real' : spec.support;
}

/** The row for a name, or undefined for an unknown name. */
export function lookupDistribution(name: string): DistributionSpec | undefined {
  return Object.prototype.hasOwnProperty.call(DISTRIBUTIONS, name) ? DISTRIBUTIONS[name as DistributionName] : undefined;
}
