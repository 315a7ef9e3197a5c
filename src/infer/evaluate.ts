/**
 * Evaluation on a data set: the mean per-datapoint ELBO, and the importance-weighted estimate of
 * log p(x) (Burda et al. 2016), batched over datapoints and over importance samples so memory stays
 * bounded for K in the thousands: log-weights of each chunk of samples are folded into a running
 * log-sum-exp per datapoint.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset-types.js';
import { Rng } from '../distributions/rng.js';
import type { Program } from '../runtime/program.js';
import { BatchBuilder, disposeBatch, type DataShapes } from './batches.js';
import { elbo } from './elbo.js';
import { logWeight, siteTerms } from './site-terms.js';

/** Options of evaluation. */
export interface EvaluateOptions {
  readonly batchSize?: number;
  readonly seed?: number;
  /** N for the 1/N scaling of global terms (default: the evaluated set's size). */
  readonly datasetSize?: number;
}

/** Mean per-datapoint ELBO over a data set (one sample per datapoint), with the program's plan. */
export function evaluateElbo(program: Program, data: Dataset, shapes: DataShapes, opts: EvaluateOptions = {}): number {
  const bs = opts.batchSize ?? 1000;
  const rng = new Rng(opts.seed ?? 0);
  const builder = new BatchBuilder(data, shapes, bs);
  const N = opts.datasetSize ?? data.n;
  let total = 0;
  for (let i = 0; i < data.n; i += bs) {
    const batch = builder.range(i, Math.min(data.n, i + bs));
    total += tf.tidy(() => {
      const g = program.runGuide(batch, { samples: 1, globalSamples: 1, rng });
      return tf.sum(elbo(siteTerms(program, g, program.runModel(g)), N));
    }).dataSync()[0] ?? NaN;
    disposeBatch(batch);
  }
  return total / data.n;
}

/** Result of {@link TildeModel.logLikelihood}: the IWAE estimate of log p(x) with its sample sizes. */
export interface LogLikelihoodEstimate {
  /** Mean over datapoints of the IWAE estimate of log p(x), in nats. */
  readonly logLikelihood: number;
  /** Standard error of that mean over datapoints. */
  readonly standardError: number;
  /** K, the importance samples per datapoint (the bound tightens towards log p(x) as K grows). */
  readonly k: number;
  /** Number of datapoints averaged. */
  readonly n: number;
}

/** Folds `b` into a running log-sum-exp `a` (elementwise, float64). */
function logAddExpInto(acc: Float64Array, v: ArrayLike<number>): void {
  for (let j = 0; j < acc.length; j++) {
    const a = acc[j] as number;
    const b = v[j] as number;
    const m = Math.max(a, b);
    acc[j] = m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }
}

/**
 * The IWAE estimate log (1/K) Σ_k p(x, z_k)/q(z_k | x) per datapoint, averaged. `program` must carry a
 * plan made for the `iwae` estimator (every KL by Monte Carlo). For models with global latents, see
 * {@link evaluateGlobalLogLikelihood}.
 */
export function evaluateLogLikelihood(program: Program, data: Dataset, shapes: DataShapes, k: number, opts: EvaluateOptions & { sampleChunk?: number } = {}): LogLikelihoodEstimate {
  if (program.plan.sites.some((s) => s.kind === 'latent' && s.scope === 'global')) return evaluateGlobalLogLikelihood(program, data, shapes, k, opts);
  const chunk = Math.min(k, opts.sampleChunk ?? 500);
  const bs = opts.batchSize ?? Math.max(1, Math.floor(20000 / chunk));
  const rng = new Rng(opts.seed ?? 0);
  const builder = new BatchBuilder(data, shapes, bs);
  const N = opts.datasetSize ?? data.n;
  const perPoint = new Float64Array(data.n);
  for (let i = 0; i < data.n; i += bs) {
    const end = Math.min(data.n, i + bs);
    const batch = builder.range(i, end);
    const lse = new Float64Array(end - i).fill(-Infinity);
    for (let done = 0; done < k; done += chunk) {
      const kc = Math.min(chunk, k - done);
      const chunkLse = tf.tidy(() => {
        const g = program.runGuide(batch, { samples: kc, globalSamples: 1, rng });
        return tf.logSumExp(logWeight(siteTerms(program, g, program.runModel(g)), N), 0);
      });
      logAddExpInto(lse, chunkLse.dataSync());
      chunkLse.dispose();
    }
    for (let j = 0; j < lse.length; j++) perPoint[i + j] = (lse[j] as number) - Math.log(k);
    disposeBatch(batch);
  }
  const mean = perPoint.reduce((a, b) => a + b, 0) / data.n;
  const variance = perPoint.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, data.n - 1);
  return { logLikelihood: mean, standardError: Math.sqrt(variance / data.n), k, n: data.n };
}

/**
 * log p(x₁…x_N) / N for a model with global latents w, by importance sampling over w with the whole data
 * set (the globals do not factor over datapoints): with w_k ~ q(w), k = 1…K,
 *
 *   log p(x) ≥ E log (1/K) Σ_k [ p(w_k)/q(w_k) · Π_i L_K(x_i | w_k) ],
 *
 * where L_K(x_i | w_k) is the per-datapoint IWAE estimate over the local latents (K samples) given w_k,
 * or p(x_i | w_k) when there are none. Costs K passes over the data (K² draws with local latents). The
 * standard error is not estimated (NaN): the datapoints are not independent terms here.
 */
export function evaluateGlobalLogLikelihood(program: Program, data: Dataset, shapes: DataShapes, k: number, opts: EvaluateOptions = {}): LogLikelihoodEstimate {
  const bs = opts.batchSize ?? 500;
  const rng = new Rng(opts.seed ?? 0);
  const builder = new BatchBuilder(data, shapes, bs);
  const hasLocals = program.plan.sites.some((s) => s.kind === 'latent' && s.scope === 'local');
  const kLocal = hasLocals ? k : 1;
  const globals = program.plan.sites.filter((s) => s.kind === 'latent' && s.scope === 'global').map((s) => s.name);
  const totals = new Float64Array(k);
  for (let gk = 0; gk < k; gk++) {
    // Draw w_k once (from the first rows; global factors read no data) and score its global terms.
    const first = builder.range(0, Math.min(data.n, bs));
    const fixed = new Map<string, tf.Tensor>();
    let total = tf.tidy(() => {
      const g = program.runGuide(first, { samples: 1, globalSamples: 1, rng });
      for (const w of globals) fixed.set(w, tf.keep(g.values.get(w) as tf.Tensor));
      const terms = siteTerms(program, g, program.runModel(g)).filter((t) => t.scope === 'global');
      return terms.reduce((a, t) => a + (tf.sum(t.value).dataSync()[0] ?? NaN), 0);
    });
    disposeBatch(first);
    for (let i = 0; i < data.n; i += bs) {
      const batch = builder.range(i, Math.min(data.n, i + bs));
      total += tf.tidy(() => {
        const g = program.runGuide(batch, { samples: kLocal, globalSamples: 1, rng, fixed });
        const local = siteTerms(program, g, program.runModel(g)).filter((t) => t.scope === 'local');
        const lse = tf.sub(tf.logSumExp(logWeight(local, 1), 0), Math.log(kLocal));
        return tf.sum(lse).dataSync()[0] ?? NaN;
      });
      disposeBatch(batch);
    }
    tf.dispose([...fixed.values()]);
    totals[gk] = total;
  }
  const m = Math.max(...totals);
  const lse = m + Math.log(totals.reduce((a, t) => a + Math.exp(t - m), 0));
  return { logLikelihood: (lse - Math.log(k)) / data.n, standardError: NaN, k, n: data.n };
}
