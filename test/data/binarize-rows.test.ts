import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/common/diagnostic.js';
import { loadDataset, resampleBinary, sliceRows, splitDataset, type Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/distributions/rng.js';

/** Number of positions where two equal-length arrays differ (fast, unlike toEqual on 10^6 elements). */
function mismatches(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let c = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) c++;
  return c;
}

describe('dynamic binarization', () => {
  it('is seeded, keeps the grey levels, and has mean ≈ grey mean (5 SE)', async () => {
    const ds = await loadDataset('mnist:train', [{ name: 'x', shape: [784], domain: 'Binary' }], { binarize: 'dynamic', limit: 1000 });
    const grey = ds.greyLevels?.get('x') as Float32Array;
    const x = ds.columns.get('x') as Float32Array;
    expect(grey.length).toBe(1000 * 784);
    // The stored column is the documented fixed draw: seed 0 unless LoadOptions.seed says otherwise.
    expect(mismatches(x, resampleBinary(grey, new Rng(0)))).toBe(0);
    const again = await loadDataset('mnist:train', [{ name: 'x', shape: [784], domain: 'Binary' }], { binarize: 'dynamic', limit: 1000, seed: 9 });
    expect(mismatches(again.columns.get('x') as Float32Array, resampleBinary(grey, new Rng(9)))).toBe(0);

    const a = resampleBinary(grey, new Rng(1));
    expect(mismatches(resampleBinary(grey, new Rng(1)), a)).toBe(0);
    const b = resampleBinary(grey, new Rng(2));
    const differ = mismatches(a, b);
    let uncertainFlips = 0;
    let meanA = 0;
    let greyMean = 0;
    let variance = 0;
    for (let i = 0; i < grey.length; i++) {
      const g = grey[i] as number;
      meanA += a[i] as number;
      greyMean += g;
      variance += g * (1 - g);
      if ((g === 0 && a[i] !== 0) || (g === 1 && a[i] !== 1)) uncertainFlips++;
    }
    expect(uncertainFlips).toBe(0); // certain pixels stay certain
    expect(differ).toBeGreaterThan(0);
    const n = grey.length;
    const se = Math.sqrt(variance) / n; // SE of the mean of independent Bernoulli(g_i) draws
    expect(Math.abs(meanA / n - greyMean / n)).toBeLessThan(5 * se);
  });

  it('matches a constant probability within 5 SE', () => {
    const p = 0.3;
    const n = 200_000;
    const draws = resampleBinary(new Float32Array(n).fill(p), new Rng(123));
    const mean = draws.reduce((s, v) => s + v, 0) / n;
    expect(Math.abs(mean - Math.fround(p))).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });
});

describe('row selections', () => {
  const ds: Dataset = {
    n: 10,
    columns: new Map([
      ['x', Float32Array.from({ length: 20 }, (_, i) => i)],
      ['y', Float32Array.from({ length: 10 }, (_, i) => -i)],
    ]),
    labels: Int32Array.from({ length: 10 }, (_, i) => i % 3),
    greyLevels: new Map([['x', Float32Array.from({ length: 20 }, (_, i) => i / 20)]]),
    source: 't (10 rows)',
  };

  it('sliceRows copies a contiguous block of every column', () => {
    const s = sliceRows(ds, 2, 5);
    expect(s.n).toBe(3);
    expect([...(s.columns.get('x') as Float32Array)]).toEqual([4, 5, 6, 7, 8, 9]);
    expect([...(s.columns.get('y') as Float32Array)]).toEqual([-2, -3, -4]);
    expect([...(s.labels as Int32Array)]).toEqual([2, 0, 1]);
    expect([...(s.greyLevels?.get('x') as Float32Array)]).toEqual([4, 5, 6, 7, 8, 9].map((i) => Math.fround(i / 20)));
    expect(s.source).toBe('t (10 rows), rows 3..5');
  });

  it('splitDataset is a seeded partition keeping row order', () => {
    const { train, validation } = splitDataset(ds, 0.3, new Rng(7));
    expect([train.n, validation.n]).toEqual([7, 3]);
    const rows = (d: Dataset) => [...(d.columns.get('y') as Float32Array)].map((v) => -v);
    const all = [...rows(train), ...rows(validation)].sort((p, q) => p - q);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rows(train)).toEqual([...rows(train)].sort((p, q) => p - q));
    // x and labels follow the same rows as y.
    expect([...(train.columns.get('x') as Float32Array)]).toEqual(rows(train).flatMap((r) => [2 * r, 2 * r + 1]));
    expect([...(validation.labels as Int32Array)]).toEqual(rows(validation).map((r) => r % 3));
    const again = splitDataset(ds, 0.3, new Rng(7));
    expect(rows(again.validation)).toEqual(rows(validation));
    expect(rows(splitDataset(ds, 0.3, new Rng(8)).validation)).not.toEqual(rows(validation));
  });

  it('rejects a fraction that leaves a part empty', () => {
    for (const f of [0, 1, 0.01, -0.5]) expect(() => splitDataset(ds, f, new Rng(1))).toThrow(UserError);
  });
});
