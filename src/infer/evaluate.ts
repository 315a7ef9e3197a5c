/**
 * Evaluation on a data set: the mean per-datapoint ELBO, and the importance-weighted estimate of
 * log p(x) (Burda et al. 2016), batched over datapoints and over importance samples so memory stays
 * bounded for K in the thousands: log-weights of each chunk of samples are folded into a running
 * log-sum-exp per datapoint.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset.js';
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

/** Result of {@link evaluateLogLikelihood}. */
export interface LogLikelihoodEstimate {
  /** Mean over datapoints of the IWAE estimate of log p(x), in nats. */
  readonly logLikelihood: number;
  /** Standard error of that mean over datapoints. */
  readonly standardError: number;
  readonly k: number;
  readonly n: number;
}

/**
 * The IWAE estimate log (1/K) Σ_k p(x, z_k)/q(z_k | x) per datapoint, averaged. `program` must carry a
 * plan made for the `iwae` estimator (every KL by Monte Carlo). Models with global latents draw the
 * globals once per chunk of samples, so for them the chunk is all K samples at once.
 */
export function evaluateLogLikelihood(program: Program, data: Dataset, shapes: DataShapes, k: number, opts: EvaluateOptions & { sampleChunk?: number } = {}): LogLikelihoodEstimate {
  const hasGlobals = program.plan.sites.some((s) => s.kind === 'latent' && s.scope === 'global');
  const chunk = hasGlobals ? k : Math.min(k, opts.sampleChunk ?? 500);
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
      const v = chunkLse.dataSync();
      chunkLse.dispose();
      for (let j = 0; j < lse.length; j++) {
        const a = lse[j] as number;
        const b = v[j] as number;
        const m = Math.max(a, b);
        lse[j] = m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(b - m));
      }
    }
    for (let j = 0; j < lse.length; j++) perPoint[i + j] = (lse[j] as number) - Math.log(k);
    disposeBatch(batch);
  }
  const mean = perPoint.reduce((a, b) => a + b, 0) / data.n;
  const variance = perPoint.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, data.n - 1);
  return { logLikelihood: mean, standardError: Math.sqrt(variance / data.n), k, n: data.n };
}
