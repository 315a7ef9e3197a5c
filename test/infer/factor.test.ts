/**
 * `factor` on models with a known answer. A factor multiplies the joint by exp(factor), so the bounds are
 * on the unnormalized evidence log ∫ p(x, z) exp(factor) dz, which both models below have in closed form
 * (checked against quadrature):
 *
 * - a soft constraint, z ~ Normal(0, 1) pulled toward 2 by `factor -0.5 * (z - 2)^2 / 0.25`: the reweighted
 *   prior is Gaussian, so the exact posterior is a Normal linear in x — the derived guide can reach it;
 * - a truncated Normal written with `factor`: z ~ Exponential(1) reweighted by exp(log N(z; μ, σ) − log
 *   Exp(z; 1)) is N(μ, σ²) truncated to z > 0 (unnormalized), an exact construction without an indicator.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import type { Dataset } from '../../src/data/dataset.js';
import { UserError } from '../../src/common/diagnostic.js';
import { Rng } from '../../src/distributions/rng.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { gauss, logNormal, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);

const N = 200;

async function fit(source: string, data: Dataset, epochs: number): Promise<TildeModel> {
  const m = TildeModel.create(compileOk(source), {}, 0);
  await m.fit(data, { epochs, batchSize: N, lr: 0.03, lrSchedule: 'cosine', seed: 1 });
  return m;
}

/** ∫ f over [a, b] by Simpson's rule on `n` (even) intervals. */
function simpson(f: (z: number) => number, a: number, b: number, n = 20000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** log Φ(t), the standard Normal CDF, through erfc (Numerical Recipes' Chebyshev fit, relative error < 1.2e-7). */
function logPhi(t: number): number {
  const x = -t / Math.SQRT2;
  const a = Math.abs(x);
  const u = 1 / (1 + 0.5 * a);
  const poly = -a * a - 1.26551223 + u * (1.00002368 + u * (0.37409196 + u * (0.09678418 + u * (-0.18628806 + u * (0.27886807 + u * (-1.13520398 + u * (1.48851587 + u * (-0.82215223 + u * 0.17087277))))))));
  const erfc = u * Math.exp(poly);
  return Math.log(x >= 0 ? erfc / 2 : 1 - erfc / 2);
}

function meanOf(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('soft constraint: z ~ Normal(0, 1); factor -0.5 (z − 2)² / 0.25; x ~ Normal(z, 1)', () => {
  const c = 2;
  const w = 0.25;
  const rng = new Rng(5);
  const xs = Float32Array.from({ length: N }, () => 1.6 + Math.sqrt(1.2) * gauss(rng));
  const data = scalarDataset({ x: xs });
  // exp(−(z − c)² / 2w) = √(2πw) N(z; c, w); N(z; 0, 1) N(z; c, w) = N(c; 0, 1 + w) N(z; m, v).
  const v = 1 / (1 + 1 / w);
  const m0 = v * (c / w);
  const exactOf = (x: number) => 0.5 * Math.log(2 * Math.PI * w) + logNormal(c, 0, 1 + w) + logNormal(x, m0, 1 + v);
  const exact = meanOf([...xs].map(exactOf));
  const source = `model soft { data x: Real; z ~ Normal(0, 1); factor -0.5 * (z - ${c}) ^ 2 / ${w}; x ~ Normal(z, 1); }`;
  let m: TildeModel;

  beforeAll(async () => {
    m = await fit(source, data, 600);
  });

  it('has the closed-form evidence the quadrature gives', () => {
    for (const x of [-1, 0.5, 3]) {
      const q = simpson((z) => Math.exp(logNormal(z, 0, 1) - (0.5 * (z - c) ** 2) / w + logNormal(x, z, 1)), -12, 12);
      expect(Math.log(q)).toBeCloseTo(exactOf(x), 6);
    }
  });

  it('plans the factor as a local term of z', () => {
    expect(m.plan.sites.find((r) => r.name === 'factor#1')).toMatchObject({ kind: 'factor', scope: 'local', terms: ['factor#1(z)'] });
    expect(m.plan.sites.find((r) => r.name === 'z')).toMatchObject({ inputs: ['x'] });
  });

  it('trains to the exact evidence: IWAE-100 ≤ exact + 3 SE and within 0.01 nats, the ELBO within 0.02', () => {
    const iw = m.logLikelihood(data, { k: 100, seed: 3 });
    expect(iw.logLikelihood).toBeLessThanOrEqual(exact + 3 * iw.standardError);
    expect(exact - iw.logLikelihood).toBeLessThan(0.01 + 3 * iw.standardError);
    const elbo = meanOf(Array.from({ length: 20 }, (_, k) => m.elbo(data, { seed: 50 + k }).elbo));
    expect(elbo).toBeLessThan(exact + 1e-3);
    expect(exact - elbo).toBeLessThan(0.02);
  });
});

describe('truncated Normal: z ~ Exponential(1); factor log N(z; μ, σ) − log Exp(z; 1); x ~ Normal(z, s)', () => {
  const mu = 0.5;
  const sigma = 1;
  const s = 0.5;
  const rng = new Rng(9);
  const xs = Float32Array.from({ length: N }, () => mu + Math.hypot(sigma, s) * gauss(rng));
  const data = scalarDataset({ x: xs });
  // p̃(x) = ∫₀^∞ e^{−z} · e^{−(z − μ)²/2σ² + z} · N(x; z, s²) dz = √(2π) σ · N(x; μ, σ² + s²) · Φ(m' / √v').
  const vp = 1 / (1 / sigma ** 2 + 1 / s ** 2);
  const exactOf = (x: number) => {
    const mp = vp * (mu / sigma ** 2 + x / s ** 2);
    return Math.log(Math.sqrt(2 * Math.PI) * sigma) + logNormal(x, mu, sigma ** 2 + s ** 2) + logPhi(mp / Math.sqrt(vp));
  };
  const exact = meanOf([...xs].map(exactOf));
  const source = `model truncated {
    data x: Real;
    z ~ Exponential(1);
    factor -0.5 * ((z - ${mu}) / ${sigma}) ^ 2 + z;
    x ~ Normal(z, ${s});
  }`;
  let m: TildeModel;

  beforeAll(async () => {
    m = await fit(source, data, 600);
  });

  it('has the closed-form evidence the quadrature gives', () => {
    for (const x of [-1.5, 0.5, 2.5]) {
      const q = simpson((z) => Math.exp(-0.5 * ((z - mu) / sigma) ** 2 + logNormal(x, z, s * s)), 0, 15);
      expect(Math.log(q)).toBeCloseTo(exactOf(x), 5);
    }
  });

  it('trains close to the exact evidence: IWAE-1000 ≤ exact + 3 SE and within 0.05 nats', () => {
    // The derived guide is a LogNormal, whose density vanishes at 0 where the truncated posterior's does
    // not: the importance weights are heavy-tailed there and IWAE's bias shrinks slowly in K (measured
    // gap 0.025 at K = 1000). 0.05 nats is still far below what the truncation itself contributes.
    const untruncated = meanOf([...xs].map((x) => Math.log(Math.sqrt(2 * Math.PI) * sigma) + logNormal(x, mu, sigma ** 2 + s ** 2)));
    expect(untruncated - exact).toBeGreaterThan(0.2);
    const iw = m.logLikelihood(data, { k: 1000, seed: 4 });
    expect(iw.logLikelihood).toBeLessThanOrEqual(exact + 3 * iw.standardError);
    expect(exact - iw.logLikelihood).toBeLessThan(0.05 + 3 * iw.standardError);
  });
});

describe('a non-finite factor', () => {
  it('is named with its source line by the non-finite guard', async () => {
    const src = ['model bad {', '  data x: Real;', '  param c: Real;', '  z ~ Normal(0, 1);', '  factor sqrt(c - 1);', '  x ~ Normal(z, 1);', '}'].join('\n');
    const m = TildeModel.create(compileOk(src, { fileName: 'bad.tilde' }), {}, 0);
    const data = scalarDataset({ x: Float32Array.from([0.1, -0.3, 0.5, 1.2]) });
    await expect(m.fit(data, { epochs: 1, batchSize: 1, onWarning: () => undefined })).rejects.toThrow(UserError);
    await expect(m.fit(data, { epochs: 1, batchSize: 1, onWarning: () => undefined })).rejects.toThrow(/the value of the `factor` statement \(factor#1\) is not finite — bad\.tilde:5:3/);
    m.dispose();
  });
});

describe('a global factor (a penalty on a param) counts once per data set', () => {
  it('moves the maximum-likelihood param to its penalized optimum, (Σx + 100·3) / (N + 100)', async () => {
    const rng = new Rng(13);
    const n = 100;
    const xs = Float32Array.from({ length: n }, () => gauss(rng));
    const data = scalarDataset({ x: xs });
    // (1/N)[Σ log N(xᵢ; c, 1) − 50 (c − 3)²] is maximal at c = (Σx + 300) / (N + 100); counted once per
    // datapoint instead, the optimum would be (Σx + 300 N) / (N + 100 N) ≈ 2.97.
    const optimum = (xs.reduce((a, b) => a + b, 0) + 300) / (n + 100);
    const m = TildeModel.create(compileOk('model pen { data x: Real; param c: Real; factor -50 * (c - 3) ^ 2; x ~ Normal(c, 1); }'), {}, 0);
    expect(m.plan.sites.find((r) => r.name === 'factor#1')).toMatchObject({ kind: 'factor', scope: 'global' });
    await m.fit(data, { epochs: 1500, batchSize: n, lr: 0.05, lrSchedule: 'cosine', seed: 1 });
    const c = (m.weights.param('c').dataSync()[0] ?? NaN);
    expect(Math.abs(c - optimum)).toBeLessThan(1e-3);
    m.dispose();
  });
});
