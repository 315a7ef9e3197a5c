/**
 * Samplers over the fixture table: Kolmogorov–Smirnov against the reference CDF (χ² for discrete rows,
 * per-coordinate KS against the Beta marginals for Dirichlet and against the Normal marginals of the
 * log-ratios for LogisticNormal), n = 5000 per member, failing when
 * p < 0.001; sample mean and variance within 5 standard errors of the reference; the closed-form mean,
 * variance and entropy (the latter against −E[log p] within 5 SE); cdf against the reference and
 * icdf(cdf(x)) ≈ x; the inverse-CDF and location–scale samplers against each other; reproducibility
 * from the seed; gradients flow through `sample` exactly when the row declares a pathwise sampler.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDistribution } from '../../src/distributions/create.js';
import { Rng } from '../../src/distributions/rng.js';
import { DISTRIBUTIONS } from '../../src/registry/distributions.js';
import { tidyValue, useCpuBackend } from './backend.js';
import { batchParams, EVENT_WEIGHTS, eventLength, ALL_FIXTURES, FIXTURES, type Fixture, isVector, type Member, memberParams, type Value, fixtureDistribution } from './fixtures.js';
import { chiSquareTest, column, ksTest, ksTwoSample, meanAndSe, varianceAndSe } from './reference.js';

beforeAll(useCpuBackend);

const N = 5000;
const P_MIN = 0.001;
const SE_BOUND = 5;
/** Deterministic float32 closed forms against float64 references. */
const CLOSED_FORM_TOLERANCE = 1e-5;

/** Draws of the whole batch, as per-member (and per-coordinate) columns. */
function drawColumns(fx: Fixture, seed: number): { members: Float64Array[][]; shape: number[] } {
  return tidyValue(() => {
    const d = fixtureDistribution(fx, batchParams(fx));
    const x = d.sample([N], new Rng(seed));
    const k = isVector(fx) ? (d.eventShape[0] as number) : 1;
    const width = fx.members.length * k;
    const data = x.dataSync();
    const members = fx.members.map((_m, i) => Array.from({ length: k }, (_u, j) => column(data, width, i * k + j)));
    return { members, shape: x.shape };
  });
}

function asArray(v: Value): readonly number[] {
  return typeof v === 'number' ? [v] : v;
}

/** χ² cells for a discrete member: the support's values, the last cell absorbing everything beyond. */
function chiSquareForMember(fx: Fixture, m: Member, draws: Float64Array[]): { p: number; cells: number } | undefined {
  const pmf = fx.pmf!;
  const support = pmf.support(m);
  const expected = support.map((x) => pmf.mass(x, m) * N);
  const observed = support.map(() => 0);
  for (let i = 0; i < N; i++) {
    let cell: number;
    if (isVector(fx)) cell = support.findIndex((x) => (x as readonly number[]).every((xj, j) => draws[j]![i] === xj));
    else cell = Math.min(support.indexOf(draws[0]![i]!) === -1 ? support.length - 1 : support.indexOf(draws[0]![i]!), support.length - 1);
    observed[cell] = observed[cell]! + 1;
  }
  const tailMass = 1 - expected.reduce((s, e) => s + e, 0) / N;
  expected[expected.length - 1] = expected[expected.length - 1]! + Math.max(tailMass, 0) * N;
  // Pool cells with expected counts below 5 into their neighbour (Cochran's rule).
  const obs: number[] = [];
  const exp: number[] = [];
  let o = 0;
  let e = 0;
  for (let i = 0; i < expected.length; i++) {
    o += observed[i]!;
    e += expected[i]!;
    if (e >= 5) {
      obs.push(o);
      exp.push(e);
      o = 0;
      e = 0;
    }
  }
  if (exp.length > 0) {
    obs[obs.length - 1] = obs[obs.length - 1]! + o;
    exp[exp.length - 1] = exp[exp.length - 1]! + e;
  }
  // A member whose mass sits almost entirely in one cell has no χ² test; its mean test covers it.
  if (exp.length < 2) return undefined;
  return { p: chiSquareTest(obs, exp).p, cells: exp.length };
}

describe.each(ALL_FIXTURES)('$name sampling', (fx) => {
  it('draws have shape [...sampleShape, ...batchShape, ...eventShape] and follow the reference distribution', () => {
    const { members, shape } = drawColumns(fx, 11);
    expect(shape).toEqual(isVector(fx) ? [N, fx.members.length, eventLength(fx)] : [N, fx.members.length]);
    fx.members.forEach((m, i) => {
      const draws = members[i]!;
      if (fx.pmf) {
        const result = chiSquareForMember(fx, m, draws);
        if (result) expect(result.p, `χ² p-value (member ${i}, ${result.cells} cells)`).toBeGreaterThanOrEqual(P_MIN);
      } else if (fx.marginalCdf) {
        draws.forEach((col, j) => expect(ksTest(col, (x) => fx.marginalCdf!(x, j, m)).p, `KS p-value (member ${i}, coordinate ${j})`).toBeGreaterThanOrEqual(P_MIN));
      } else if (fx.transformedMarginals) {
        const { map, cdf } = fx.transformedMarginals;
        const mapped = Array.from({ length: N }, (_u, r) => map(draws.map((col) => col[r]!)));
        mapped[0]!.forEach((_y, j) => {
          const col = Float64Array.from(mapped, (y) => y[j]!);
          expect(ksTest(col, (y) => cdf(y, j, m)).p, `KS p-value of transformed coordinate ${j} (member ${i})`).toBeGreaterThanOrEqual(P_MIN);
        });
      } else {
        expect(ksTest(draws[0]!, (x) => fx.cdf!(x, m)).p, `KS p-value (member ${i})`).toBeGreaterThanOrEqual(P_MIN);
      }
    });
  });

  it.skipIf(!fx.mean)('sample mean and variance are within 5 SE of the reference', () => {
    const { members } = drawColumns(fx, 12);
    fx.members.forEach((m, i) => {
      const mean = asArray(fx.mean!(m));
      const variance = asArray(fx.variance!(m));
      members[i]!.forEach((col, j) => {
        const sm = meanAndSe(col);
        expect(Math.abs(sm.mean - mean[j]!), `mean (member ${i}, coordinate ${j}): ${sm.mean} vs ${mean[j]} ± ${sm.se}`).toBeLessThanOrEqual(SE_BOUND * sm.se);
        const sv = varianceAndSe(col);
        expect(Math.abs(sv.variance - variance[j]!), `variance (member ${i}, coordinate ${j}): ${sv.variance} vs ${variance[j]} ± ${sv.se}`).toBeLessThanOrEqual(SE_BOUND * sv.se);
      });
    });
  });

  it.skipIf(!fx.mean)('the closed-form mean and variance equal the reference', () => {
    fx.members.forEach((m, i) => {
      const [mean, variance] = tf.tidy(() => {
        const d = fixtureDistribution(fx, memberParams(m));
        return [Array.from(d.mean!().dataSync()), Array.from(d.variance!().dataSync())];
      });
      const want = [asArray(fx.mean!(m)), asArray(fx.variance!(m))];
      [mean!, variance!].forEach((got, which) =>
        got.forEach((g, j) => {
          const w = want[which]![j]!;
          expect(Math.abs(g - w), `${which === 0 ? 'mean' : 'variance'} (member ${i}): ${g} vs ${w}`).toBeLessThanOrEqual(CLOSED_FORM_TOLERANCE * Math.max(1, Math.abs(w)));
        }),
      );
    });
  });

  it('the closed-form entropy (where defined) is within 5 SE of −E[log p]', () => {
    const probe = fixtureDistribution(fx, batchParams(fx));
    if (!probe.entropy) return;
    const { mc, analytic } = tf.tidy(() => {
      const d = fixtureDistribution(fx, batchParams(fx));
      const lp = d.logProb(d.sample([N], new Rng(13)));
      const width = fx.members.length;
      const data = lp.dataSync();
      return { mc: fx.members.map((_m, i) => meanAndSe(column(data, width, i))), analytic: Array.from(d.entropy!().dataSync()) };
    });
    mc.forEach((s, i) => expect(Math.abs(-s.mean - analytic[i]!), `entropy (member ${i}): ${analytic[i]} vs ${-s.mean} ± ${s.se}`).toBeLessThanOrEqual(SE_BOUND * s.se));
  });

  it.skipIf(!fx.cdf)('cdf (where implemented) matches the reference and icdf(cdf(x)) ≈ x', () => {
    for (const m of fx.members) {
      const probe = fixtureDistribution(fx, memberParams(m));
      if (!probe.cdf) return;
      const points = fx.points(m).map((x) => x as number);
      const cdf = tf.tidy(() => Array.from(probe.cdf!(tf.tensor1d(points)).dataSync()));
      cdf.forEach((c, j) => {
        const want = fx.cdf!(points[j]!, m);
        // float32 evaluation: a few units of 2⁻²⁴ plus tfjs erf's 1.5e-7 for the Normal family.
        expect(Math.abs(c - want), `cdf(${points[j]}) = ${c} vs ${want}`).toBeLessThanOrEqual(5e-7);
      });
      if (!probe.icdf) continue;
      // Quantiles of interior points: x within the central 99.8% of the reference distribution.
      const interior = points.filter((x) => {
        const f = fx.cdf!(x, m);
        return f > 1e-3 && f < 1 - 1e-3;
      });
      const roundTrip = tf.tidy(() => Array.from(probe.icdf!(probe.cdf!(tf.tensor1d(interior))).dataSync()));
      roundTrip.forEach((r, j) => {
        const x = interior[j]!;
        // F rounded to float32 (≤ 2⁻²⁴, plus erf's 1.5e-7) moves the quantile by δF / f(x).
        const density = Math.exp(fx.logPdf(x, m));
        const tol = 1e-5 * Math.max(1, Math.abs(x)) + 3e-7 / density;
        expect(Math.abs(r - x), `icdf(cdf(${x})) = ${r}`).toBeLessThanOrEqual(tol);
      });
    }
  });

  it('is reproducible from the seed', () => {
    const a = tf.tidy(() => Array.from(fixtureDistribution(fx, batchParams(fx)).sample([50], new Rng(5)).dataSync()));
    const b = tf.tidy(() => Array.from(fixtureDistribution(fx, batchParams(fx)).sample([50], new Rng(5)).dataSync()));
    const c = tf.tidy(() => Array.from(fixtureDistribution(fx, batchParams(fx)).sample([50], new Rng(6)).dataSync()));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('carries a gradient to its pathwise parameters exactly when the row declares a pathwise sampler', () => {
    const spec = DISTRIBUTIONS[fx.name];
    const params = batchParams(fx);
    const names = Object.keys(params);
    // Weighted over a vector row's event: a simplex draw's plain sum is 1 whatever the parameters.
    const weigh = (t: tf.Tensor): tf.Tensor => (isVector(fx) ? tf.mul(t, EVENT_WEIGHTS.slice(0, t.shape[t.rank - 1])) : t);
    const f = (...ps: tf.Tensor[]): tf.Tensor => tf.sum(weigh(fixtureDistribution(fx, Object.fromEntries(names.map((k, i) => [k, ps[i]!]))).sample([4], new Rng(3))));
    const pathwise = spec.reparam === 'location-scale' || spec.reparam === 'inverse-cdf' || spec.reparam === 'transform' || spec.reparam === 'implicit';
    if (pathwise) {
      const wanted = spec.pathwiseParams ?? names;
      for (const k of names) {
        const others = (p: tf.Tensor): tf.Tensor => f(...names.map((n) => (n === k ? p : params[n]!)));
        if (wanted.includes(k)) {
          const g = tf.tidy(() => Array.from(tf.grad(others)(params[k]!).dataSync()));
          // A lower-triangular parameter (event rank 2: scale_tril) ignores the entries above its diagonal.
          const kk = params[k]!.shape[params[k]!.rank - 1] as number;
          const above = (i: number): boolean => eventRankOf(spec, k) === 2 && i % kk > Math.floor(i / kk) % kk;
          expect(g.every(Number.isFinite) && g.every((x, i) => (above(i) ? x === 0 : x !== 0)), `gradient for ${k}: ${g}`).toBe(true);
        } else {
          expect(() => tf.tidy(() => tf.grad(others)(params[k]!)), `no gradient for ${k}`).toThrow(/Cannot compute gradient/);
        }
      }
    } else {
      expect(() => tf.tidy(() => tf.grads(f)(names.map((k) => params[k]!)))).toThrow(/Cannot compute gradient/);
    }
    tf.dispose(Object.values(params));
  });
});

function eventRankOf(spec: (typeof DISTRIBUTIONS)[keyof typeof DISTRIBUTIONS], name: string): number {
  return spec.parameterizations.flat().find((p) => p.name === name)?.eventRank ?? 1;
}

describe('inverse-CDF and location–scale samplers', () => {
  it.each(['Logistic', 'Cauchy', 'Gumbel'] as const)('%s: both give the same distribution (two-sample KS)', (name) => {
    const fx = FIXTURES.find((f) => f.name === name)!;
    for (const m of fx.members) {
      const [a, b] = tf.tidy(() => {
        const d = createDistribution(name, memberParams(m));
        return [d.sampleWith!('inverse-cdf', [N], new Rng(21)).dataSync(), d.sampleWith!('location-scale', [N], new Rng(22)).dataSync()];
      });
      expect(ksTwoSample(a!, b!).p).toBeGreaterThanOrEqual(P_MIN);
      // Each also matches the reference on its own.
      expect(ksTest(a!, (x) => fx.cdf!(x, m)).p).toBeGreaterThanOrEqual(P_MIN);
      expect(ksTest(b!, (x) => fx.cdf!(x, m)).p).toBeGreaterThanOrEqual(P_MIN);
    }
  });
});
