/**
 * Evaluation of models with global latents w. Every datapoint shares w's draw, so the datapoints'
 * terms are not independent and no per-datapoint spread measures the error; instead each estimate is
 * repeated G times, each replicate a full pass over the data with fresh draws of w (and of the local
 * latents), and the standard error is the spread of the G replicates (`estimates.ts`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset-types.js';
import { Rng } from '../distributions/rng.js';
import type { Program } from '../runtime/program.js';
import { BatchBuilder, disposeBatch, type DataShapes } from './batches.js';
import { logSumExp, replicateEstimate, type ElboEstimate, type EvaluateOptions, type LogLikelihoodEstimate } from './estimates.js';
import { logWeight, siteTerms } from './site-terms.js';
import { enumeratedLogWeights, enumeratedPerSample, enumerationOf, type Enumeration } from './estimators/enumerate.js';

/** Whether the program's model has global latents. */
export function hasGlobalLatents(program: Program): boolean {
  return program.plan.sites.some((s) => s.kind === 'latent' && s.scope === 'global');
}

/** One draw of every global latent (from the first rows: global factors read no data), kept. */
function drawGlobals(program: Program, builder: BatchBuilder, rows: number, rng: Rng): Map<string, tf.Tensor> {
  const first = builder.range(0, rows);
  const fixed = new Map<string, tf.Tensor>();
  tf.tidy(() => {
    const g = program.runGuide(first, { samples: 1, globalSamples: 1, rng });
    for (const s of program.plan.sites) if (s.kind === 'latent' && s.scope === 'global') fixed.set(s.name, tf.keep(g.values.get(s.name) as tf.Tensor));
  });
  disposeBatch(first);
  return fixed;
}

/**
 * One pass over the data with the global latents fixed at `fixed`: Σᵢ of `perBatch`'s per-datapoint
 * values, where `perBatch` maps a batch's terms (and its enumeration, if latents are summed out) to a `[B]` tensor.
 */
function passWithGlobals(
  program: Program, data: Dataset, builder: BatchBuilder, bs: number, fixed: ReadonlyMap<string, tf.Tensor>, samples: number, rng: Rng,
  perBatch: (terms: ReturnType<typeof siteTerms>, en: Enumeration | undefined) => tf.Tensor,
): number {
  let total = 0;
  for (let i = 0; i < data.n; i += bs) {
    const batch = builder.range(i, Math.min(data.n, i + bs));
    total += tf.tidy(() => {
      const g = program.runGuide(batch, { samples, globalSamples: 1, rng, fixed });
      return tf.sum(perBatch(siteTerms(program, g, program.runModel(g)), enumerationOf(program, g))).dataSync()[0] ?? NaN;
    });
    disposeBatch(batch);
  }
  return total;
}

/**
 * The ELBO of a model with global latents: G replicates, each drawing w ~ q(w) once and the local
 * latents L times per datapoint, of (1/N) [log p(w) − log q(w)] + mean over datapoints of the local
 * terms' mean over the L draws (KL-substituted where the plan is analytic).
 */
export function estimateGlobalElbo(program: Program, data: Dataset, shapes: DataShapes, opts: EvaluateOptions = {}): ElboEstimate {
  const samples = opts.samples ?? 1;
  const globalSamples = opts.globalSamples ?? 1;
  const bs = opts.batchSize ?? Math.max(1, Math.floor(10000 / samples));
  const rng = new Rng(opts.seed ?? 0);
  const builder = new BatchBuilder(data, shapes, Math.min(bs, Math.max(data.n, 1)));
  const N = opts.datasetSize ?? data.n;
  const replicates: number[] = [];
  for (let r = 0; r < globalSamples; r++) {
    const fixed = drawGlobals(program, builder, Math.min(data.n, bs), rng);
    // Each datapoint carries 1/N of the global terms (logWeight), so the sum over the data counts them n/N times.
    const total = passWithGlobals(program, data, builder, bs, fixed, samples, rng, (terms, en) => {
      const w = logWeight(terms, N);
      return tf.mean(en === undefined ? w : enumeratedPerSample(w, en), 0);
    });
    tf.dispose([...fixed.values()]);
    replicates.push(total / data.n);
  }
  const { value, standardError } = replicateEstimate(replicates);
  return { elbo: value, standardError, samples, globalSamples, n: data.n };
}

/**
 * log p(x₁…x_N) / N for a model with global latents w, by importance sampling over w with the whole data
 * set (the globals do not factor over datapoints): with w_k ~ q(w), k = 1…K,
 *
 *   log p(x) ≥ E log (1/K) Σ_k [ p(w_k)/q(w_k) · Π_i L_K(x_i | w_k) ],
 *
 * where L_K(x_i | w_k) is the per-datapoint IWAE estimate over the local latents (K samples) given w_k,
 * or p(x_i | w_k) when there are none. One estimate costs K passes over the data (K² draws with local
 * latents); G = `globalSamples` independent estimates are averaged and their spread is the standard error.
 */
export function evaluateGlobalLogLikelihood(program: Program, data: Dataset, shapes: DataShapes, k: number, opts: EvaluateOptions = {}): LogLikelihoodEstimate {
  const bs = opts.batchSize ?? 500;
  const globalSamples = opts.globalSamples ?? 1;
  const rng = new Rng(opts.seed ?? 0);
  const builder = new BatchBuilder(data, shapes, Math.min(bs, Math.max(data.n, 1)));
  const hasLocals = program.plan.sites.some((s) => s.kind === 'latent' && s.scope === 'local');
  const kLocal = hasLocals ? k : 1;
  const replicates: number[] = [];
  for (let r = 0; r < globalSamples; r++) {
    const totals = new Float64Array(k);
    for (let gk = 0; gk < k; gk++) {
      const fixed = drawGlobals(program, builder, Math.min(data.n, bs), rng);
      // Σᵢ log L_K(x_i | w_k) plus, on the first datapoint only, the global terms log p(w_k) − log q(w_k).
      let globalTerms = NaN;
      const local = passWithGlobals(program, data, builder, bs, fixed, kLocal, rng, (terms, en) => {
        if (Number.isNaN(globalTerms)) globalTerms = terms.filter((t) => t.scope === 'global').reduce((a, t) => a + (tf.sum(t.value).dataSync()[0] ?? NaN), 0);
        const locals = terms.filter((t) => t.scope === 'local');
        const logW = logWeight(locals, 1);
        return tf.sub(tf.logSumExp(en === undefined ? logW : enumeratedLogWeights(logW, en), 0), Math.log(kLocal));
      });
      tf.dispose([...fixed.values()]);
      totals[gk] = globalTerms + local;
    }
    replicates.push((logSumExp(totals) - Math.log(k)) / data.n);
  }
  const { value, standardError } = replicateEstimate(replicates);
  return { logLikelihood: value, standardError, k, replicates: globalSamples, n: data.n };
}
