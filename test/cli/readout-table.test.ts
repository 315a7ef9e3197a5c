/** Column names and number formats of `tilde predict`'s CSV (src/cli/readout-table.ts), on hand-made readouts. */
import { describe, expect, it } from 'vitest';
import type { Predictions } from '../../src/api/readouts.js';
import { readoutColumns, readoutCsv, readoutTable } from '../../src/cli/readout-table.js';

const f = (...v: number[]) => Float32Array.from(v);

describe('readout columns', () => {
  const p: Predictions = {
    n: 2,
    draws: 5,
    sites: [
      { name: 'b', kind: 'classes', shape: [], categorical: false, mean: f(0.25, 0.75), exact: true },
      { name: 'v', kind: 'classes', shape: [2], categorical: false, mean: f(0.1, 0.2, 0.3, 0.4), exact: true },
      { name: 'y', kind: 'classes', shape: [2, 3], categorical: true, mean: f(1, 0, 0, 0, 1, 0, 0.5, 0.5, 0, 0, 0, 1), exact: false },
      { name: 'z', kind: 'moments', shape: [1, 2], categorical: false, mean: f(1, 2, 3, 4), sd: f(0.5, 0.5, 0.5, 0.5), exact: true },
      { name: 'x', kind: 'imputed', shape: [], categorical: false, mean: f(7, 1 / 3), exact: false, missing: Uint8Array.from([0, 1]) },
    ],
  };

  it('names every element: scalar, vector, Categorical classes, matrix, imputed', () => {
    expect(readoutColumns(p).map((c) => c.name)).toEqual([
      'b.p', 'v[0].p', 'v[1].p',
      'y[0].p[0]', 'y[0].p[1]', 'y[0].p[2]', 'y[1].p[0]', 'y[1].p[1]', 'y[1].p[2]',
      'z[0,0].mean', 'z[0,0].sd', 'z[0,1].mean', 'z[0,1].sd',
      'x.imputed',
    ]);
  });

  it('the CSV: # line (draws, exact and Monte Carlo sites), header, rows with 7 significant digits', () => {
    const lines = readoutCsv(p, 'f.csv (2 rows)').trimEnd().split('\n');
    expect(lines[0]).toBe('# posterior under the trained guide q (its approximation of p(latents | row)) for f.csv (2 rows), 5 draws of q per row; exact moments of q: b, v, z; Monte Carlo over the draws: y; imputed cells: posterior predictive mean');
    expect(lines[2]).toBe('0,0.25,0.1,0.2,1,0,0,0,1,0,1,0.5,2,0.5,7');
    expect(lines[3]).toBe('1,0.75,0.3,0.4,0.5,0.5,0,0,0,1,3,0.5,4,0.5,0.3333333');
  });

  it('the table shows the first rows and columns and says what it left out', () => {
    const t = readoutTable(p, 'f.csv', 1, 3).trimEnd().split('\n');
    expect(t[1]).toMatch(/^row\s+b\.p\s+v\[0\]\.p\s+v\[1\]\.p$/);
    expect(t[2]).toMatch(/^\s*0\s+0\.2500\s+0\.1000\s+0\.2000$/);
    expect(t.at(-1)).toBe('(1 more row and 11 more columns; --out FILE.csv writes them all)');
  });
});
