/** Small synthetic data sets drawn with the project's seeded stream (JS-side, float64). */
import type { Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/distributions/rng.js';

/** A standard normal draw (Box–Muller) from the stream. */
export function gauss(rng: Rng): number {
  const u = 1 - rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
}

/** A dataset of scalar columns. */
export function scalarDataset(columns: Record<string, Float32Array>): Dataset {
  const n = Object.values(columns)[0]?.length ?? 0;
  return { n, columns: new Map(Object.entries(columns)), source: 'synthetic' };
}

/** log N(x; m, v) with variance v. */
export function logNormal(x: number, m: number, v: number): number {
  return -0.5 * Math.log(2 * Math.PI * v) - ((x - m) * (x - m)) / (2 * v);
}
