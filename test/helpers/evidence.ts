/**
 * Exact log-evidence references for the evaluation tests (float64, independent of src/), and the
 * fit-then-evaluate routine they share.
 */
import { expect } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import type { Dataset } from '../../src/data/dataset.js';
import type { ElboEstimate, LogLikelihoodEstimate } from '../../src/infer/estimates.js';
import type { CompileOptions } from '../../src/compile.js';
import { compileOk } from './compile.js';

/** log Σ exp(xᵢ), float64. */
export function logSumExp(xs: readonly number[]): number {
  const m = Math.max(...xs);
  return m === -Infinity ? m : m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
}

/** log ∫ₐᵇ exp(f(t)) dt by the midpoint rule on `n` cells, in log space. */
export function logQuadrature(f: (t: number) => number, a: number, b: number, n = 4000): number {
  const h = (b - a) / n;
  return logSumExp(Array.from({ length: n }, (_, i) => f(a + (i + 0.5) * h))) + Math.log(h);
}

/** The mean of per-datapoint values. */
export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Fits `source` on `data` with full-batch Adam (a cosine schedule) from a fixed seed. */
export async function fitModel(source: string, data: Dataset, epochs: number, lr = 0.03, options: CompileOptions = {}): Promise<TildeModel> {
  const m = TildeModel.create(compileOk(source, options), options, 0);
  await m.fit(data, { epochs, batchSize: data.n, lr, lrSchedule: 'cosine', seed: 1 });
  return m;
}

/**
 * The two bounds against the exact evidence: IWAE ≤ exact + 3 SE and ELBO ≤ IWAE (+ 3 SE of their
 * difference), each estimate carrying a finite standard error.
 */
export function expectValidBounds(elbo: ElboEstimate, iwae: LogLikelihoodEstimate, exact: number): void {
  const context = `ELBO ${elbo.elbo} ± ${elbo.standardError}, IWAE-${iwae.k} ${iwae.logLikelihood} ± ${iwae.standardError}, exact ${exact}`;
  expect(Number.isFinite(elbo.standardError) && Number.isFinite(iwae.standardError), context).toBe(true);
  expect(iwae.logLikelihood, context).toBeLessThanOrEqual(exact + 3 * iwae.standardError);
  expect(elbo.elbo, context).toBeLessThanOrEqual(iwae.logLikelihood + 3 * Math.hypot(elbo.standardError, iwae.standardError));
}
