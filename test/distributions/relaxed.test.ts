/**
 * The Concrete relaxations (Maddison, Mnih & Teh 2016; Jang, Gu & Poole 2016): densities against float64
 * references of the papers' formulas; the binary Concrete's samples against its CDF σ(τ logit y − η);
 * the Gumbel-max property (the argmax of a relaxed draw is an exact Categorical draw); K = 2 Concrete
 * equals the binary Concrete; pathwise gradients agree with the score function within 5 SE.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDistribution } from '../../src/distributions/create.js';
import { type Distribution, isRelaxable } from '../../src/distributions/distribution.js';
import { Rng } from '../../src/distributions/rng.js';
import { stopGradient } from '../../src/common/stop-gradient.js';
import { useCpuBackend } from './backend.js';
import { chiSquareTest, ksTest, lgamma, meanAndSe, softplus } from './reference.js';

beforeAll(useCpuBackend);

const N = 5000;

function relax(name: 'Bernoulli' | 'Categorical', logits: tf.Tensor, temperature: number | tf.Tensor): Distribution {
  const d = createDistribution(name, { logits });
  if (!isRelaxable(d)) throw new Error(`${name} is not relaxable`);
  return d.relaxed(temperature);
}

/** Binary Concrete log-density (Maddison et al. 2016, appendix), float64. */
function binaryConcreteLogPdf(y: number, eta: number, tau: number): number {
  return Math.log(tau) + eta - (tau + 1) * (Math.log(y) + Math.log1p(-y)) - 2 * Math.log(Math.exp(eta) * y ** -tau + (1 - y) ** -tau);
}

/** Concrete log-density (Maddison et al. 2016, eq. 10), float64. */
function concreteLogPdf(y: readonly number[], eta: readonly number[], tau: number): number {
  const k = y.length;
  const terms = y.map((yi, i) => eta[i]! - tau * Math.log(yi));
  const mx = Math.max(...terms);
  const lse = mx + Math.log(terms.reduce((s, t) => s + Math.exp(t - mx), 0));
  return lgamma(k) + (k - 1) * Math.log(tau) + y.reduce((s, yi, i) => s + eta[i]! - (tau + 1) * Math.log(yi), 0) - k * lse;
}

describe('relaxed Bernoulli (binary Concrete)', () => {
  const cases = [
    [0.3, 0.5],
    [-2, 2],
    [4, 0.1],
  ] as const;

  it.each(cases)('logProb matches the reference (η = %d, τ = %d)', (eta, tau) => {
    const ys = [1e-6, 0.1, 0.5, 0.9, 1 - 1e-6].map(Math.fround);
    const got = tf.tidy(() => Array.from(relax('Bernoulli', tf.scalar(eta), tau).logProb(tf.tensor1d(ys)).dataSync()));
    got.forEach((g, i) => {
      const want = binaryConcreteLogPdf(ys[i]!, eta, tau);
      expect(Math.abs(g - want), `y = ${ys[i]}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
    });
  });

  it.each(cases)('samples follow the CDF σ(τ logit y − η) (η = %d, τ = %d)', (eta, tau) => {
    const ys = tf.tidy(() => relax('Bernoulli', tf.scalar(eta), tau).sample([N], new Rng(51)).dataSync());
    // Draws are the exact draws rounded to float32 and clamped into the open interval, so all mass above
    // the largest float below 1 sits on it (91% for η = 4, τ = 0.1). Check that atom's weight within 5 SE,
    // and the draws below it against the conditional CDF F(y) / F(top).
    const top = 1 - 2 ** -24;
    const cdf = (y: number): number => 1 / (1 + Math.exp(-(tau * Math.log(y / (1 - y)) - eta)));
    const below = ys.filter((y) => y < top);
    const atomMass = 1 - cdf(top);
    const atomSe = Math.sqrt((atomMass * (1 - atomMass)) / N);
    expect(Math.abs((N - below.length) / N - atomMass)).toBeLessThanOrEqual(5 * atomSe + 1 / N);
    expect(ksTest(below, (y) => cdf(y) / cdf(top)).p).toBeGreaterThanOrEqual(0.001);
    expect(ys.every((y) => y > 0 && y < 1)).toBe(true);
  });

  it('rounding 1[y > ½] of a relaxed draw gives an exact Bernoulli(σ(η)) draw', () => {
    const eta = 0.7;
    const ys = tf.tidy(() => relax('Bernoulli', tf.scalar(eta), 0.3).sample([N], new Rng(52)).dataSync());
    const ones = ys.filter((y) => y > 0.5).length;
    const p = 1 / (1 + Math.exp(-eta));
    expect(chiSquareTest([ones, N - ones], [N * p, N * (1 - p)]).p).toBeGreaterThanOrEqual(0.001);
  });

  it('accepts a tensor temperature that broadcasts with the batch', () => {
    const shape = tf.tidy(() => relax('Bernoulli', tf.zeros([3]), tf.tensor1d([0.1, 0.5, 1])).sample([2], new Rng(1)).shape);
    expect(shape).toEqual([2, 3]);
  });

  it('its pathwise gradient of E[y] in η matches the score-function gradient within 5 SE', () => {
    const g = 20000;
    const tau = 0.7;
    const eta0 = 0.4;
    const perDraw = (fn: (eta: tf.Tensor) => tf.Tensor): ReturnType<typeof meanAndSe> => {
      const eta = tf.fill([g], eta0);
      const grads = tf.tidy(() => tf.grad(fn)(eta).dataSync());
      eta.dispose();
      return meanAndSe(grads);
    };
    const pathwise = perDraw((eta) => tf.sum(relax('Bernoulli', eta, tau).sample([], new Rng(53))));
    const score = perDraw((eta) => {
      const y = stopGradient(relax('Bernoulli', tf.fill([g], eta0), tau).sample([], new Rng(54)));
      return tf.sum(tf.mul(tf.sub(y, 0.5), relax('Bernoulli', eta, tau).logProb(y)));
    });
    expect(Math.abs(pathwise.mean - score.mean)).toBeLessThanOrEqual(5 * Math.hypot(pathwise.se, score.se));
    expect(pathwise.mean).toBeGreaterThan(0);
  });
});

describe('relaxed one-hot Categorical (Concrete)', () => {
  const eta = [0.5, -1, 1.5];

  it('logProb matches eq. (10) of Maddison et al. (2016)', () => {
    const ys = [
      [0.2, 0.3, 0.5],
      [0.98, 0.01, 0.01],
      [1e-6, 0.5, 0.5 - 1e-6],
    ];
    for (const tau of [0.3, 1, 2.5]) {
      const got = tf.tidy(() => Array.from(relax('Categorical', tf.tensor1d(eta), tau).logProb(tf.tensor2d(ys)).dataSync()));
      got.forEach((g, i) => {
        const want = concreteLogPdf(ys[i]!, eta, tau);
        expect(Math.abs(g - want), `τ = ${tau}, y = ${ys[i]}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want)));
      });
    }
  });

  it('for K = 2 its density on the first coordinate is the binary Concrete density with η₁ − η₂', () => {
    const [e1, e2, tau] = [0.8, -0.4, 0.6];
    const ys = [0.05, 0.5, 0.93];
    const got = tf.tidy(() => Array.from(relax('Categorical', tf.tensor1d([e1, e2]), tau).logProb(tf.tensor2d(ys.map((y) => [y, 1 - y]))).dataSync()));
    got.forEach((g, i) => expect(g).toBeCloseTo(binaryConcreteLogPdf(ys[i]!, e1 - e2, tau), 4));
    // And the reference itself integrates to 1 (midpoint rule in t = logit y, dy = y (1 − y) dt).
    let total = 0;
    const steps = 20000;
    for (let j = 0; j < steps; j++) {
      const t = -30 + (60 * (j + 0.5)) / steps;
      const y = 1 / (1 + Math.exp(-t));
      total += Math.exp(binaryConcreteLogPdf(y, e1 - e2, tau) + Math.log(y) - softplus(t)) * (60 / steps);
    }
    expect(total).toBeCloseTo(1, 6);
  });

  it('draws lie on the simplex and their argmax is an exact Categorical draw (Gumbel-max)', () => {
    const ys = tf.tidy(() => relax('Categorical', tf.tensor1d(eta), 0.5).sample([N], new Rng(55)).arraySync()) as number[][];
    const counts = [0, 0, 0];
    for (const y of ys) {
      expect(Math.abs(y.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
      expect(y.every((v) => v > 0)).toBe(true);
      counts[y.indexOf(Math.max(...y))]! += 1;
    }
    const z = eta.reduce((s, e) => s + Math.exp(e), 0);
    expect(chiSquareTest(counts, eta.map((e) => (N * Math.exp(e)) / z)).p).toBeGreaterThanOrEqual(0.001);
  });

  it('is pathwise in the logits, and its logProb of its own low-temperature draws is finite', () => {
    const [grad, lp] = tf.tidy(() => {
      const logits = tf.tensor1d(eta);
      const g = tf.grad((l: tf.Tensor) => tf.sum(tf.mul(relax('Categorical', l, 0.1).sample([64], new Rng(56)), tf.tensor1d([1, -1, 0.5]))))(logits);
      const d = relax('Categorical', logits, 0.1);
      return [Array.from(g.dataSync()), Array.from(d.logProb(d.sample([64], new Rng(57))).dataSync())];
    });
    expect(grad!.every(Number.isFinite) && grad!.some((x) => x !== 0)).toBe(true);
    expect(lp!.every(Number.isFinite)).toBe(true);
  });
});
