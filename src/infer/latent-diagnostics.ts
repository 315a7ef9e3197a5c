/**
 * Posterior-collapse diagnostics: the KL to the prior per latent dimension, and the number of active
 * units — dimensions whose posterior mean varies across the data, Cov_x(E_q[z_u | x]) > 0.01 (Burda et
 * al. 2016, §5.2). A dimension with near-zero KL carries no information about x. A vector-event latent
 * (Categorical, Dirichlet, LogisticNormal) has one KL per vector, not per coordinate: its KL is
 * reported per event.
 */
import { isTransformed } from '../flows/transformed.js';
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../data/dataset-types.js';
import { kl as analyticKL } from '../distributions/kl.js';
import { Rng } from '../distributions/rng.js';
import type { Program } from '../runtime/program.js';
import { BatchBuilder, disposeBatch, type DataShapes } from './batches.js';
import { DatapointReplicates } from './estimates.js';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { randomParents } from '../derive/graph.js';

/** Diagnostics of one local latent. */
export interface LatentDiagnostics {
  /** The latent's name. */
  readonly latent: string;
  /** Mean KL(q(z | x) ‖ p(z | …)) per datapoint, summed over the latent, in nats (analytic or Monte Carlo, as planned). */
  readonly kl: number;
  /** Monte Carlo standard error of {@link kl} (0 where it is analytic given the data; NaN with one sample of a Monte Carlo KL). */
  readonly klStandardError: number;
  /**
   * Mean KL per unit u, in nats: per scalar dimension for scalar-event latents, per vector for
   * vector-event ones (see {@link klUnit}).
   */
  readonly klPerDimension: readonly number[];
  /** What a unit of {@link klPerDimension} is: a scalar `dimension`, or an `event` (one Categorical or Simplex vector). */
  readonly klUnit: 'dimension' | 'event';
  /** Number of dimensions u with Cov_x(E_q[z_u | x]) > 0.01, Burda et al.'s activity threshold. */
  readonly activeUnits: number;
  /** Number of scalar dimensions of the latent (the product of its shape). */
  readonly dimensions: number;
}

/** Burda et al.'s activity threshold. */
export const ACTIVE_THRESHOLD = 0.01;

interface Sums {
  kl: Float64Array;
  m1: Float64Array;
  m2: Float64Array;
  total: DatapointReplicates;
}

/** Computes the diagnostics of every local latent, from `samples` guide draws per datapoint (default 1). */
export function latentDiagnostics(program: Program, data: Dataset, shapes: DataShapes, opts: { batchSize?: number; seed?: number; samples?: number } = {}): LatentDiagnostics[] {
  const samples = opts.samples ?? 1;
  const batchSize = opts.batchSize ?? Math.max(1, Math.floor(5000 / samples));
  const latents = program.guide.order.filter((z) => {
    const s = program.ir.sites[z];
    return s?.kind === 'latent' && s.scope === 'local';
  });
  const sums = new Map<string, Sums>();
  const builder = new BatchBuilder(data, shapes, Math.min(batchSize, Math.max(data.n, 1)));
  const rng = new Rng(opts.seed ?? 0);
  for (let i = 0; i < data.n; i += batchSize) {
    const batch = builder.range(i, Math.min(data.n, i + batchSize));
    const n = batch.size;
    const parts = tf.tidy(() => {
      const g = program.runGuide(batch, { samples, globalSamples: 1, rng });
      const m = program.runModel(g);
      const out: Record<string, tf.Tensor[]> = {};
      for (const z of latents) {
        const q = g.dists.get(z);
        const p = m.dists.get(z);
        const v = g.values.get(z);
        const shape = program.ir.sites[z]?.shape ?? [];
        if (q === undefined || p === undefined || v === undefined) continue;
        // KL per unit `[L, B, …units]`: the units are the shape, less the event axis of a vector latent.
        // A flow's event is the whole latent (src/flows/transformed.ts): one unit, p's density summed to match.
        const units = isTransformed(q) ? [] : q.spec.event === 'vector' ? shape.slice(0, -1) : shape;
        const perUnit = program.latentPlan(z).kl === 'analytic' ? analyticKL(q, p) : isTransformed(q) ? tf.sub(q.logProbInSupport(v), sumTo(p.logProb(v), 2)) : tf.sub(q.logProbInSupport(v), p.logProb(v));
        const klUnits = tf.reshape(tf.broadcastTo(perUnit, [samples, n, ...units]), [samples, n, -1]);
        const total = tf.sum(klUnits, 2); // [L, B]
        const moments = tf.moments(total, 0);
        const mean = tf.mean(tf.reshape(tf.broadcastTo(q.mean ? q.mean() : v, [samples, n, ...shape]), [samples, n, -1]), 0);
        out[z] = [
          tf.sum(klUnits, [0, 1]),
          tf.sum(mean, 0),
          tf.sum(tf.square(mean), 0),
          moments.mean,
          tf.mul(moments.variance, samples / Math.max(samples - 1, 1)),
        ];
      }
      return out;
    });
    for (const [z, [kl, m1, m2, totalMean, totalVar]] of Object.entries(parts)) {
      const read = (t: tf.Tensor | undefined) => Float64Array.from(t?.dataSync() ?? []);
      const acc = sums.get(z) ?? { kl: new Float64Array(0), m1: new Float64Array(0), m2: new Float64Array(0), total: new DatapointReplicates(samples) };
      const add = (into: Float64Array, t: tf.Tensor | undefined) => {
        const v = read(t);
        if (into.length === 0) return v;
        v.forEach((x, j) => (into[j] = (into[j] ?? 0) + x));
        return into;
      };
      acc.kl = add(acc.kl, kl);
      acc.m1 = add(acc.m1, m1);
      acc.m2 = add(acc.m2, m2);
      acc.total.addMoments(read(totalMean), read(totalVar));
      sums.set(z, acc);
    }
    tf.dispose(Object.values(parts).flat());
    disposeBatch(batch);
  }
  return latents.map((z) => {
    const acc = sums.get(z);
    const n = data.n;
    if (acc === undefined) return { latent: z, kl: NaN, klStandardError: NaN, klPerDimension: [], klUnit: 'dimension', activeUnits: 0, dimensions: 0 };
    const variance = Array.from(acc.m1, (s, j) => (acc.m2[j] ?? 0) / n - (s / n) ** 2);
    const total = acc.total.estimate();
    return {
      latent: z,
      kl: total.value,
      klStandardError: samples < 2 && deterministicKL(program, z) ? 0 : total.standardError,
      klPerDimension: Array.from(acc.kl, (s) => s / (n * samples)),
      klUnit: isVectorEvent(program, z) ? 'event' : 'dimension',
      activeUnits: variance.filter((v) => v > ACTIVE_THRESHOLD).length,
      dimensions: acc.m1.length,
    };
  });
}

/** `t` summed over its axes after the first `rank`. */
function sumTo(t: tf.Tensor, rank: number): tf.Tensor {
  return t.rank > rank ? tf.sum(t, Array.from({ length: t.rank - rank }, (_, i) => rank + i)) : t;
}

function isVectorEvent(program: Program, z: string): boolean {
  const f = program.guide.factors[z];
  return f !== undefined && (f.form === 'flow' || DISTRIBUTIONS[f.family].event === 'vector');
}

/** Whether a latent's KL is analytic and reads no other latent (through q's inputs or p's parents): no Monte Carlo error at all. */
function deterministicKL(program: Program, z: string): boolean {
  const row = program.latentPlan(z);
  const isLatent = (n: string) => program.ir.sites[n]?.kind === 'latent';
  return row.kl === 'analytic' && !row.inputs.some(isLatent) && ![...randomParents(program.ir, z)].some(isLatent);
}
