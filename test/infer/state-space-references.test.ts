/**
 * The exact references of the loop models (test/helpers/state-space.ts) against independent
 * computations: the Kalman filter's log-evidence against log N(x; 0, Σ_x) built entry by entry, the
 * smoother's posterior against Gaussian conditioning of the joint, the plate's closed form against the
 * same brute-force density; and the fixture files against the models that generated them.
 */
import { describe, expect, it } from 'vitest';
import {
  bruteForceLgssmEvidence,
  ISSUE_LGSSM,
  kalmanLogEvidence,
  kalmanSmoother,
  lgssmMoments,
  logMvn,
  plateLogEvidence,
  readNumericCsv,
  sequenceFixture,
  type Lgssm,
} from '../helpers/state-space.js';
import { prng } from '../runtime/layers/reference.js';

const rand = prng(1717);
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

describe('Kalman filter', () => {
  const params: Lgssm[] = [ISSUE_LGSSM, { m0: 0.3, s0: 2, a: -0.7, q: 0.2, r: 1.1 }, { m0: -1, s0: 0.5, a: 1.05, q: 0.9, r: 0.1 }];
  for (const p of params) {
    it(`equals the brute-force Gaussian evidence for T = 1 … 8 (a = ${p.a}, q = ${p.q}, r = ${p.r})`, () => {
      for (let T = 1; T <= 8; T++) {
        const x = Array.from({ length: T }, () => 2 * normal());
        const k = kalmanLogEvidence(x, p);
        expect(Math.abs(k - bruteForceLgssmEvidence(x, p))).toBeLessThan(1e-10 * Math.max(1, Math.abs(k)));
      }
    });
  }

  it('for T = 1 is log N(x; m0, s0² + r²)', () => {
    const p = ISSUE_LGSSM;
    const v = p.s0 ** 2 + p.r ** 2;
    expect(kalmanLogEvidence([0.7], p)).toBeCloseTo(-0.5 * Math.log(2 * Math.PI * v) - (0.7 - p.m0) ** 2 / (2 * v), 12);
  });

  it("smoother's marginals equal Gaussian conditioning of the joint of (z, x)", () => {
    const p = ISSUE_LGSSM;
    const T = 6;
    const x = Array.from({ length: T }, () => normal());
    const s = kalmanSmoother(x, p);
    // Cov(z, x) = Cov(z) = Σzz, so E[z_t | x] = Σzx Σxx⁻¹ x and Var(z_t | x) = Σzz − Σzx Σxx⁻¹ Σxz,
    // solved by Gaussian elimination (no shared code with the smoother's recursions).
    const vz: number[] = [p.s0 ** 2];
    for (let t = 1; t < T; t++) vz.push(p.a ** 2 * (vz[t - 1] as number) + p.q ** 2);
    const czz = (i: number, j: number) => p.a ** Math.abs(i - j) * (vz[Math.min(i, j)] as number);
    const sxx = Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => czz(i, j) + (i === j ? p.r ** 2 : 0)));
    const solve = (A: number[][], b: number[]): number[] => {
      const n = b.length;
      const M = A.map((row, i) => [...row, b[i] as number]);
      for (let c = 0; c < n; c++) {
        for (let r = c + 1; r < n; r++) {
          const f = (M[r]?.[c] as number) / (M[c]?.[c] as number);
          for (let k = c; k <= n; k++) (M[r] as number[])[k] = (M[r]?.[k] as number) - f * (M[c]?.[k] as number);
        }
      }
      const out = new Array<number>(n).fill(0);
      for (let r = n - 1; r >= 0; r--) {
        let v = M[r]?.[n] as number;
        for (let k = r + 1; k < n; k++) v -= (M[r]?.[k] as number) * (out[k] as number);
        out[r] = v / (M[r]?.[r] as number);
      }
      return out;
    };
    const alpha = solve(sxx, x);
    for (let t = 0; t < T; t++) {
      const c = Array.from({ length: T }, (_, j) => czz(t, j));
      const mean = c.reduce((a, v, j) => a + v * (alpha[j] as number), 0);
      const variance = czz(t, t) - c.reduce((a, v, j) => a + v * (solve(sxx, c)[j] as number), 0);
      expect(s.mean[t]).toBeCloseTo(mean, 10);
      expect(s.variance[t]).toBeCloseTo(variance, 10);
    }
  });
});

describe('plate evidence', () => {
  it('equals log N(x; 0, sx² I + su² 11ᵀ) by Cholesky for M = 1 … 7', () => {
    for (let M = 1; M <= 7; M++) {
      const su = 0.5 + rand();
      const sx = 0.2 + rand();
      const x = Array.from({ length: M }, () => normal());
      const cov = Array.from({ length: M }, (_, i) => Array.from({ length: M }, (_, j) => su * su + (i === j ? sx * sx : 0)));
      expect(plateLogEvidence(x, su, sx)).toBeCloseTo(logMvn(x, new Array<number>(M).fill(0), cov), 10);
    }
  });
});

/**
 * E log p(x) over the model is −½(T log 2π + log det Σ + T); the fixtures' mean evidence must lie within
 * 5 standard errors of it (a file not drawn from its model, or drawn with other parameters, fails).
 */
describe('fixture files are drawn from their models', () => {
  const check = (rows: number[][], logp: (x: number[]) => number, cov: number[][]) => {
    const values = rows.map(logp);
    const n = values.length;
    const mean = values.reduce((a, v) => a + v, 0) / n;
    const se = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1) / n);
    const d = cov.length;
    // log det Σ from logMvn at the mean: logMvn(0; 0, Σ) = −½(d log 2π + log det Σ).
    const logDet = -2 * logMvn(new Array<number>(d).fill(0), new Array<number>(d).fill(0), cov) - d * Math.log(2 * Math.PI);
    const expected = -0.5 * (d * Math.log(2 * Math.PI) + logDet + d);
    expect(Math.abs(mean - expected), `mean ${mean} ± ${se}, expected ${expected}`).toBeLessThan(5 * se);
  };

  for (const [file, T] of [['lgssm-t20.csv', 20], ['lgssm-t5.csv', 5]] as const) {
    it(`${file}: ${T} columns, evidence consistent with the LGSSM`, () => {
      const { header, rows } = readNumericCsv(sequenceFixture(file));
      expect(header).toEqual(Array.from({ length: T }, (_, t) => `x.${t}`));
      check(rows, (x) => kalmanLogEvidence(x, ISSUE_LGSSM), lgssmMoments(T, ISSUE_LGSSM).cov);
    });
  }

  it('plate-m5.csv: evidence consistent with su = 1, sx = 0.5', () => {
    const { rows } = readNumericCsv(sequenceFixture('plate-m5.csv'));
    const cov = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => 1 + (i === j ? 0.25 : 0)));
    check(rows, (x) => plateLogEvidence(x, 1, 0.5), cov);
  });
});
