/**
 * The special functions against float64 references (test/distributions/reference.ts, different
 * algorithms) and published values, over the ranges the distributions use; their autograd derivatives.
 * Tolerance: 1e-5 relative, with an absolute floor of 1e-5 near the functions' zeros (float32).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lgammaNumber } from '../../src/distributions/scalar-samplers.js';
import { digamma, lgamma, log1mexp, logAddExp, logBeta, logMultivariateBeta, ndtri, softplusInverse, standardNormalCdf } from '../../src/distributions/special.js';
import { useCpuBackend } from './backend.js';
import * as ref from './reference.js';

beforeAll(useCpuBackend);

const TOLERANCE = 1e-5;
const ARGS = [1e-20, 1e-6, 1e-3, 0.05, 0.3, 0.5, 0.9, 1, 1.2, 1.4616, 1.5, 2, 2.5, 3.7, 5.5, 5.999, 6, 6.001, 8, 13.3, 50, 317, 1e4, 1e6, 1e12];

function evaluate(fn: (x: tf.Tensor) => tf.Tensor, xs: readonly number[]): number[] {
  return tf.tidy(() => Array.from(fn(tf.tensor1d([...xs])).dataSync()));
}

function expectClose(got: readonly number[], want: readonly number[], what: string, tol = TOLERANCE): void {
  got.forEach((g, i) => {
    const w = want[i]!;
    expect(Math.abs(g - w), `${what}[${i}]: got ${g}, want ${w}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w)));
  });
}

describe('special functions', () => {
  it('lgamma matches the float64 Lanczos reference and known values', () => {
    const xs = ARGS.map(Math.fround);
    expectClose(evaluate(lgamma, xs), xs.map(ref.lgamma), 'lgamma');
    // Γ(½) = √π, Γ(1) = Γ(2) = 1, Γ(10) = 9!.
    expectClose(evaluate(lgamma, [0.5, 1, 2, 10]), [0.5 * Math.log(Math.PI), 0, 0, Math.log(362880)], 'lgamma known');
  });

  it('digamma matches the float64 reference and known values', () => {
    const xs = ARGS.map(Math.fround);
    expectClose(evaluate(digamma, xs), xs.map(ref.digamma), 'digamma');
    // ψ(1) = −γ, ψ(½) = −γ − 2 log 2.
    expectClose(evaluate(digamma, [1, 0.5]), [-ref.EULER, -ref.EULER - 2 * Math.LN2], 'digamma known');
  });

  it('d lgamma / dx = digamma and d digamma / dx = trigamma through autograd', () => {
    const xs = [0.05, 0.7, 3, 5.9, 6.1, 40];
    const [dl, dd] = tf.tidy(() => {
      const x = tf.tensor1d(xs);
      return [Array.from(tf.grad((t: tf.Tensor) => tf.sum(lgamma(t)))(x).dataSync()), Array.from(tf.grad((t: tf.Tensor) => tf.sum(digamma(t)))(x).dataSync())];
    });
    expectClose(dl!, xs.map(ref.digamma), 'lgamma′');
    // trigamma by a central difference of the float64 digamma.
    const trigamma = (x: number): number => (ref.digamma(x * (1 + 1e-6)) - ref.digamma(x * (1 - 1e-6))) / (2e-6 * x);
    expectClose(dd!, xs.map(trigamma), 'digamma′', 1e-4);
  });

  it('logBeta and the multivariate log B match the references', () => {
    const pairs = [
      [0.5, 0.5],
      [2, 3],
      [1e-3, 40],
      [100, 100],
    ] as const;
    const got = tf.tidy(() => Array.from(logBeta(tf.tensor1d(pairs.map((p) => p[0])), tf.tensor1d(pairs.map((p) => p[1]))).dataSync()));
    expectClose(got, pairs.map(([a, b]) => ref.logBeta(a, b)), 'logBeta');
    const alpha = [0.2, 1, 7.5];
    const mv = tf.tidy(() => logMultivariateBeta(tf.tensor1d(alpha)).dataSync()[0]!);
    const want = alpha.reduce((s, a) => s + ref.lgamma(a), 0) - ref.lgamma(alpha.reduce((s, a) => s + a, 0));
    expectClose([mv], [want], 'logMultivariateBeta');
  });

  it('log1mexp is accurate on both sides of −log 2, and softplusInverse inverts softplus', () => {
    const xs = [-1e-20, -1e-7, -1e-3, -0.5, -Math.LN2, -0.8, -5, -30, -100].map(Math.fround);
    expectClose(evaluate(log1mexp, xs), xs.map((x) => Math.log(-Math.expm1(x))), 'log1mexp');
    const ys = [1e-6, 0.01, 0.7, 5, 30, 80].map(Math.fround);
    expectClose(evaluate(softplusInverse, ys), ys.map((y) => Math.log(Math.expm1(y))), 'softplusInverse');
  });

  it('ndtri matches published normal quantiles and inverts the float64 normal CDF', () => {
    // Φ⁻¹(0.975) = 1.959963985, Φ⁻¹(0.5) = 0, Φ⁻¹(1e-10) = −6.361340902 (Wichura 1988, Table).
    expectClose(evaluate(ndtri, [0.975, 0.5, 1e-10]), [1.959963984540054, 0, -6.361340902404056], 'ndtri known');
    const zs = [-8, -5, -2.5, -1, -0.3, 0.2, 1.7, 3];
    const ps = zs.map(ref.normalCdf).map(Math.fround);
    // The float32 rounding of p moves the quantile by δp / φ(z); allow that plus 1e-5.
    const got = evaluate(ndtri, ps);
    got.forEach((g, i) => {
      const z = zs[i]!;
      const density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      const tol = 1e-5 * Math.max(1, Math.abs(z)) + (ps[i]! * 2 ** -24) / density;
      expect(Math.abs(g - z), `ndtri(Φ(${z}))`).toBeLessThanOrEqual(tol);
    });
  });

  it('the standard normal CDF is within tfjs erf accuracy (1.5e-7 absolute) of the reference', () => {
    const zs = [-6, -3, -1, 0, 0.4, 2, 5];
    const got = evaluate(standardNormalCdf, zs);
    got.forEach((g, i) => expect(Math.abs(g - ref.normalCdf(zs[i]!))).toBeLessThanOrEqual(1.5e-7 + 1.2e-7));
  });

  it('logAddExp is exact at ±∞ and stable for large gaps', () => {
    const got = tf.tidy(() => Array.from(logAddExp(tf.tensor1d([-Infinity, 0, 1000, -Infinity]), tf.tensor1d([-Infinity, 0, 0, 3])).dataSync()));
    expect(got[0]).toBe(-Infinity);
    expect(got[1]).toBeCloseTo(Math.LN2, 6);
    expect(got[2]).toBe(1000);
    expect(got[3]).toBe(3);
  });

  it('the JS-side lgammaNumber (Poisson sampler) matches the reference to 1e-12', () => {
    for (const x of [0.5, 1, 2.5, 11, 101, 1e5]) expect(Math.abs(lgammaNumber(x) - ref.lgamma(x))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(ref.lgamma(x))));
  });
});
