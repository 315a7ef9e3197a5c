/**
 * Monte Carlo estimates with their standard errors, as evaluation reports them. Two kinds of
 * replication give an honest standard error (the spread of the estimate over random seeds, for the
 * data set at hand; not the sampling variability of the data set itself):
 * - per datapoint: independent estimates of each datapoint's bound, whose sample variance, summed over
 *   datapoints, is the variance of the mean (datapoints are independent given the weights);
 * - per replicate: independent estimates of the whole data set's bound (models with global latents,
 *   whose draws every datapoint shares), whose spread over replicates is the standard error.
 */

/** An estimate of a mean per-datapoint quantity, in nats, with its Monte Carlo standard error. */
export interface Estimate {
  /** The estimate. */
  readonly value: number;
  /** Its standard error over Monte Carlo draws for this data set (NaN when it cannot be estimated). */
  readonly standardError: number;
}

/** Options of evaluation. */
export interface EvaluateOptions {
  /** Datapoints per batch (default: chosen from the samples so a batch stays small). */
  readonly batchSize?: number;
  /** Seed of the estimate's random stream (default 0). */
  readonly seed?: number;
  /** N for the 1/N scaling of global terms (default: the evaluated set's size). */
  readonly datasetSize?: number;
  /** L, ELBO samples per datapoint (default 1); at least 2 for a standard error of a model without global latents. */
  readonly samples?: number;
  /**
   * G, independent draws of the global latents (models that have them; default 1): each is a full
   * pass over the data, and their spread gives the standard error, so at least 2 are needed for one.
   */
  readonly globalSamples?: number;
}

/** An ELBO estimate. */
export interface ElboEstimate {
  /** Mean over datapoints of the ELBO, in nats. */
  readonly elbo: number;
  /** Monte Carlo standard error of {@link elbo} for this data set (NaN with one sample, or one global draw). */
  readonly standardError: number;
  /** L, the samples of the local latents per datapoint (and per global draw). */
  readonly samples: number;
  /** G, the independent draws of the global latents, for a model that has them. */
  readonly globalSamples?: number;
  /** Number of datapoints averaged. */
  readonly n: number;
}

/** Result of `TildeModel.logLikelihood`: the IWAE estimate of log p(x) with its sample sizes. */
export interface LogLikelihoodEstimate {
  /** Mean over datapoints of the IWAE estimate of log p(x), in nats (a lower bound in expectation). */
  readonly logLikelihood: number;
  /** Monte Carlo standard error of {@link logLikelihood} for this data set. */
  readonly standardError: number;
  /** K, the importance samples per datapoint (the bound tightens towards log p(x) as K grows). */
  readonly k: number;
  /**
   * How many independent K-sample estimates were averaged: per datapoint (`IWAE_REPLICATES`), or of the
   * whole data set for a model with global latents (its `globalSamples`).
   */
  readonly replicates: number;
  /** Number of datapoints averaged. */
  readonly n: number;
}

/**
 * Accumulates per-datapoint replicates: for each datapoint, R independent estimates of its bound. The
 * estimate is the mean over datapoints of their means; its variance Σᵢ s²ᵢ / R / n², with s²ᵢ the
 * unbiased sample variance of datapoint i's R estimates (undefined for R = 1).
 */
export class DatapointReplicates {
  private sum = 0;
  private varianceSum = 0;
  private n = 0;

  /** @param replicates - R, the estimates per datapoint */
  constructor(private readonly replicates: number) {}

  /** Adds datapoints: `values[r][i]` is replicate r of datapoint i. */
  add(values: readonly ArrayLike<number>[]): void {
    const r = values.length;
    const count = values[0]?.length ?? 0;
    for (let i = 0; i < count; i++) {
      let mean = 0;
      for (const v of values) mean += v[i] as number;
      mean /= r;
      let ss = 0;
      for (const v of values) ss += ((v[i] as number) - mean) ** 2;
      this.sum += mean;
      this.varianceSum += r > 1 ? ss / (r - 1) / r : NaN;
    }
    this.n += count;
  }

  /** Adds datapoints given each one's mean and unbiased sample variance over the R replicates. */
  addMoments(means: ArrayLike<number>, variances: ArrayLike<number>): void {
    for (let i = 0; i < means.length; i++) {
      this.sum += means[i] as number;
      this.varianceSum += this.replicates > 1 ? (variances[i] as number) / this.replicates : NaN;
    }
    this.n += means.length;
  }

  /** The mean over datapoints and its standard error. */
  estimate(): Estimate {
    return { value: this.sum / this.n, standardError: Math.sqrt(this.varianceSum) / this.n };
  }
}

/** The mean of independent replicates of an estimate and its standard error, sd / √G (NaN for G = 1). */
export function replicateEstimate(values: readonly number[]): Estimate {
  const g = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / g;
  if (g < 2) return { value: mean, standardError: NaN };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (g - 1);
  return { value: mean, standardError: Math.sqrt(variance / g) };
}

/** log Σ exp(vᵢ) in float64 (−∞ for no terms or all −∞). */
export function logSumExp(values: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < values.length; i++) m = Math.max(m, values[i] as number);
  if (m === -Infinity || !Number.isFinite(m)) return m;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += Math.exp((values[i] as number) - m);
  return m + Math.log(s);
}

/** Folds `b` into a running log-sum-exp `a` (elementwise, float64). */
export function logAddExpInto(acc: Float64Array, v: ArrayLike<number>): void {
  for (let j = 0; j < acc.length; j++) {
    const a = acc[j] as number;
    const b = v[j] as number;
    const m = Math.max(a, b);
    acc[j] = m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }
}
