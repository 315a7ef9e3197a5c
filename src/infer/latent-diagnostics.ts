/**
 * Posterior-collapse diagnostics: the KL to the prior per latent dimension, and the number of active
 * units — dimensions whose posterior mean varies across the data, Cov_x(E_q[z_u | x]) > 0.01 (Burda et
 * al. 2016, §5.2). A dimension with near-zero KL carries no information about x.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset-types.js';
import { kl as analyticKL } from '../distributions/kl.js';
import { Rng } from '../distributions/rng.js';
import type { Program } from '../runtime/program.js';
import { BatchBuilder, disposeBatch, type DataShapes } from './batches.js';

/** Diagnostics of one local latent. */
export interface LatentDiagnostics {
  /** The latent's name. */
  readonly latent: string;
  /** Mean KL(q(z_u | x) ‖ p(z_u | …)) per dimension u, in nats (analytic or one-sample Monte Carlo, as planned). */
  readonly klPerDimension: readonly number[];
  /** Number of dimensions u with Cov_x(E_q[z_u | x]) > 0.01, Burda et al.'s activity threshold. */
  readonly activeUnits: number;
  /** Number of scalar dimensions of the latent (the product of its shape). */
  readonly dimensions: number;
}

/** Burda et al.'s activity threshold. */
export const ACTIVE_THRESHOLD = 0.01;

/** Computes the diagnostics of every local latent with a scalar-event guide. */
export function latentDiagnostics(program: Program, data: Dataset, shapes: DataShapes, batchSize = 500): LatentDiagnostics[] {
  const latents = program.guide.order.filter((z) => {
    const s = program.ir.sites[z];
    return s?.kind === 'latent' && s.scope === 'local' && program.guide.factors[z]?.family !== 'Categorical';
  });
  const sums = new Map(latents.map((z) => [z, { kl: new Float64Array(0), m1: new Float64Array(0), m2: new Float64Array(0) }]));
  const builder = new BatchBuilder(data, shapes, batchSize);
  const rng = new Rng(0);
  for (let i = 0; i < data.n; i += batchSize) {
    const batch = builder.range(i, Math.min(data.n, i + batchSize));
    const parts = tf.tidy(() => {
      const g = program.runGuide(batch, { samples: 1, globalSamples: 1, rng });
      const m = program.runModel(g);
      const out: Record<string, tf.Tensor> = {};
      for (const z of latents) {
        const q = g.dists.get(z);
        const p = m.dists.get(z);
        const v = g.values.get(z);
        if (q === undefined || p === undefined || v === undefined) continue;
        const perDim = program.latentPlan(z).kl === 'analytic' ? analyticKL(q, p) : tf.sub(q.logProbInSupport(v), p.logProbInSupport(v));
        const n = batch.size;
        out[`${z}/kl`] = tf.sum(tf.reshape(tf.broadcastTo(perDim, [1, n, ...(program.ir.sites[z]?.shape ?? [])]), [n, -1]), 0);
        const mean = tf.reshape(q.mean ? q.mean() : v, [n, -1]);
        out[`${z}/m1`] = tf.sum(mean, 0);
        out[`${z}/m2`] = tf.sum(tf.square(mean), 0);
      }
      return out;
    });
    for (const [key, t] of Object.entries(parts)) {
      const [z, what] = key.split('/') as [string, 'kl' | 'm1' | 'm2'];
      const acc = sums.get(z);
      const vals = t.dataSync();
      if (acc !== undefined) {
        if (acc[what].length === 0) acc[what] = new Float64Array(vals.length);
        vals.forEach((x, j) => (acc[what][j] = (acc[what][j] ?? 0) + x));
      }
      t.dispose();
    }
    disposeBatch(batch);
  }
  return latents.map((z) => {
    const acc = sums.get(z) ?? { kl: new Float64Array(0), m1: new Float64Array(0), m2: new Float64Array(0) };
    const n = data.n;
    const variance = Array.from(acc.m1, (s, j) => (acc.m2[j] ?? 0) / n - (s / n) ** 2);
    return {
      latent: z,
      klPerDimension: Array.from(acc.kl, (s) => s / n),
      activeUnits: variance.filter((v) => v > ACTIVE_THRESHOLD).length,
      dimensions: acc.m1.length,
    };
  });
}
