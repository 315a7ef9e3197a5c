/**
 * Evaluation on a data set, every estimate with its Monte Carlo standard error (`estimates.ts`): the
 * mean per-datapoint ELBO from L samples per datapoint, and the importance-weighted estimate of
 * log p(x) (Burda et al. 2016), batched over datapoints and over importance samples so memory stays
 * bounded for K in the thousands: log-weights of each chunk of samples are folded into a running
 * log-sum-exp per datapoint. Models with global latents are evaluated by `evaluate-global.ts`.
 *
 * The program given must score the model being evaluated: `TildeModel` passes one whose discrete
 * latents are drawn exactly (never relaxed) or summed out exactly (enumerated: the ELBO's Σ_y q(y | x) ·,
 * IWAE's w_k = Σ_y p(x, y, z_k⁽ʸ⁾) / q(z_k⁽ʸ⁾ | x, y); estimators/enumerate.ts, iwae.ts), so the numbers
 * bound the discrete model's log p(x). With enumeration each of the L (or K) draw slices is still one
 * independent estimate per datapoint, so the standard errors are computed as without it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset-types.js';
import { Rng } from '../distributions/rng.js';
import type { Batch, Program } from '../runtime/program.js';
import { BatchBuilder, disposeBatch, type DataShapes } from './batches.js';
import { DatapointReplicates, logAddExpInto, type ElboEstimate, type EvaluateOptions, type LogLikelihoodEstimate } from './estimates.js';
import { estimateGlobalElbo, evaluateGlobalLogLikelihood, hasGlobalLatents } from './evaluate-global.js';
import { logWeight, siteTerms } from './site-terms.js';
import { enumeratedLogWeights, enumeratedPerSample, enumerationOf } from './estimators/enumerate.js';

export type { ElboEstimate, EvaluateOptions, LogLikelihoodEstimate } from './estimates.js';

/**
 * Independent K-sample IWAE estimates per datapoint: their mean is reported and their spread gives the
 * standard error. Two is the fewest that give one; more would be better spent on a larger K.
 */
export const IWAE_REPLICATES = 2;

/** Mean per-datapoint ELBO over a data set with L samples per datapoint, and its standard error. */
export function estimateElbo(program: Program, data: Dataset, shapes: DataShapes, opts: EvaluateOptions = {}): ElboEstimate {
  if (hasGlobalLatents(program)) return estimateGlobalElbo(program, data, shapes, opts);
  const samples = opts.samples ?? 1;
  const bs = opts.batchSize ?? Math.max(1, Math.floor(10000 / samples));
  const rng = new Rng(opts.seed ?? 0);
  const builder = new BatchBuilder(data, shapes, Math.min(bs, Math.max(data.n, 1)));
  const N = opts.datasetSize ?? data.n;
  const acc = new DatapointReplicates(samples);
  for (let i = 0; i < data.n; i += bs) {
    const batch = builder.range(i, Math.min(data.n, i + bs));
    const [mean, variance] = tf.tidy(() => {
      const g = program.runGuide(batch, { samples, globalSamples: 1, rng });
      const en = enumerationOf(program, g);
      const all = logWeight(siteTerms(program, g, program.runModel(g)), N); // [T · L, B]
      const w = en === undefined ? all : enumeratedPerSample(all, en); // [L, B]: Σ_y q(y | x) · log W[y, l]
      const m = tf.moments(w, 0);
      // The unbiased variance of the L samples (moments gives the biased one).
      return [m.mean, tf.mul(m.variance, samples / Math.max(samples - 1, 1))];
    });
    acc.addMoments(mean.dataSync(), variance.dataSync());
    tf.dispose([mean, variance]);
    disposeBatch(batch);
  }
  const { value, standardError } = acc.estimate();
  return { elbo: value, standardError, samples, n: data.n };
}

/** The mean per-datapoint ELBO alone (training's validation pass). */
export function evaluateElbo(program: Program, data: Dataset, shapes: DataShapes, opts: EvaluateOptions = {}): number {
  return estimateElbo(program, data, shapes, opts).elbo;
}

/** Per-datapoint log (1/K) Σ_k w_k for one batch, with K drawn in chunks of at most `chunk`. */
function iwaeOfBatch(program: Program, batch: Batch, k: number, chunk: number, rng: Rng, datasetSize: number): Float64Array {
  const lse = new Float64Array(batch.size).fill(-Infinity);
  for (let done = 0; done < k; done += chunk) {
    const kc = Math.min(chunk, k - done);
    const chunkLse = tf.tidy(() => {
      const g = program.runGuide(batch, { samples: kc, globalSamples: 1, rng });
      const en = enumerationOf(program, g);
      const logW = logWeight(siteTerms(program, g, program.runModel(g)), datasetSize); // [T · K, B]
      return tf.logSumExp(en === undefined ? logW : enumeratedLogWeights(logW, en), 0); // log Σ_k w_k
    });
    logAddExpInto(lse, chunkLse.dataSync());
    chunkLse.dispose();
  }
  return lse.map((v) => v - Math.log(k));
}

/**
 * One K-sample IWAE estimate of log p(x_i) per datapoint of a model without global latents (the mean of
 * the {@link IWAE_REPLICATES} replicates), for paired comparisons of two models on the same rows.
 */
export function iwaePerDatapoint(program: Program, data: Dataset, shapes: DataShapes, k: number, opts: EvaluateOptions & { sampleChunk?: number } = {}): Float64Array {
  if (hasGlobalLatents(program)) throw new Error('iwaePerDatapoint: the model has global latents');
  const chunk = Math.min(k, opts.sampleChunk ?? 500);
  const bs = opts.batchSize ?? Math.max(1, Math.floor(20000 / chunk));
  const rng = new Rng(opts.seed ?? 0);
  const builder = new BatchBuilder(data, shapes, Math.min(bs, Math.max(data.n, 1)));
  const N = opts.datasetSize ?? data.n;
  const out = new Float64Array(data.n);
  for (let i = 0; i < data.n; i += bs) {
    const batch = builder.range(i, Math.min(data.n, i + bs));
    const reps = Array.from({ length: IWAE_REPLICATES }, () => iwaeOfBatch(program, batch, k, chunk, rng, N));
    for (let j = 0; j < batch.size; j++) out[i + j] = reps.reduce((a, r) => a + (r[j] as number), 0) / IWAE_REPLICATES;
    disposeBatch(batch);
  }
  return out;
}

/**
 * The IWAE estimate log (1/K) Σ_k p(x, z_k)/q(z_k | x) per datapoint, averaged over
 * {@link IWAE_REPLICATES} independent estimates and over datapoints. `program` must carry a plan made
 * for the `iwae` estimator (every KL by Monte Carlo). Models with global latents: see
 * {@link evaluateGlobalLogLikelihood}.
 */
export function evaluateLogLikelihood(program: Program, data: Dataset, shapes: DataShapes, k: number, opts: EvaluateOptions & { sampleChunk?: number } = {}): LogLikelihoodEstimate {
  if (hasGlobalLatents(program)) return evaluateGlobalLogLikelihood(program, data, shapes, k, opts);
  const chunk = Math.min(k, opts.sampleChunk ?? 500);
  const bs = opts.batchSize ?? Math.max(1, Math.floor(20000 / chunk));
  const rng = new Rng(opts.seed ?? 0);
  const builder = new BatchBuilder(data, shapes, Math.min(bs, Math.max(data.n, 1)));
  const N = opts.datasetSize ?? data.n;
  const acc = new DatapointReplicates(IWAE_REPLICATES);
  for (let i = 0; i < data.n; i += bs) {
    const batch = builder.range(i, Math.min(data.n, i + bs));
    acc.add(Array.from({ length: IWAE_REPLICATES }, () => iwaeOfBatch(program, batch, k, chunk, rng, N)));
    disposeBatch(batch);
  }
  const { value, standardError } = acc.estimate();
  return { logLikelihood: value, standardError, k, replicates: IWAE_REPLICATES, n: data.n };
}
