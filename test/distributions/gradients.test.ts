/**
 * Gradient estimators over the fixture table. For test functions f with closed-form E[f(z)] (z and z²,
 * or cos z for Cauchy), the gradient of E[f(z)] with respect to each parameter is estimated per draw —
 * the parameters are tiled to a batch of G copies, so `tf.grad` returns one gradient per draw and the
 * standard error follows from their spread — and compared with a central finite difference of the
 * closed form (float64):
 *  - pathwise (every declared sampler of a reparameterizable row, its `pathwiseParams` only) within 5 SE;
 *  - score function f(z) ∇ log q(z) (z without gradient, a constant baseline from independent draws)
 *    within 5 SE, for every row whose support does not depend on its parameters (not Uniform) — and its
 *    mean equals the pathwise mean within 5 combined SE, the identity both estimators rest on
 *    (Kingma & Welling 2014; Williams 1992).
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SamplerKind } from '../../src/distributions/distribution.js';
import { Rng } from '../../src/distributions/rng.js';
import { stopGradient } from '../../src/common/stop-gradient.js';
import { boundsOf, DISTRIBUTIONS } from '../../src/registry/distributions.js';
import { useCpuBackend } from './backend.js';
import { type Expectation, expectationsOf, ALL_FIXTURES, type Fixture, type Member, fixtureDistribution } from './fixtures.js';
import { meanAndSe } from './reference.js';

beforeAll(useCpuBackend);

const G = 20000;
const SE_BOUND = 5;
/**
 * A floor for gradients that are the same for every draw (∂E[z]/∂loc = 1, SE 0): float32 rounding of
 * each draw's gradient (2⁻²⁴ relative) and the float64 central difference (≈1e-10) stay far below it.
 */
const EXACT_FLOOR = 1e-6;

function bound(se: number, want: number): number {
  return SE_BOUND * se + EXACT_FLOOR * Math.max(1, Math.abs(want));
}

/** One scalar coordinate of a parameter: its name and, for vector parameters, the event index. */
interface Coordinate {
  readonly name: string;
  readonly index?: number;
}

/** A parameter's values flattened (row-major), and rebuilt in its own nesting from a flat list. */
const flat = (x: Member[string]): number[] => (typeof x === 'number' ? [x] : (x as readonly (number | readonly number[])[]).flat() as number[]);
function reshapeLike(x: Member[string], values: readonly number[]): Member[string] {
  if (typeof x === 'number') return values[0]!;
  if (typeof x[0] === 'number') return [...values];
  const k = (x[0] as readonly number[]).length;
  return Array.from({ length: x.length }, (_r, i) => values.slice(i * k, (i + 1) * k));
}

/** The scalar coordinates of the member's parameters (flattened for vectors and matrices). */
function coordinates(m: Member, only?: readonly string[], fixed: readonly string[] = []): Coordinate[] {
  return Object.entries(m).flatMap(([name, x]) =>
    (only && !only.includes(name)) || fixed.includes(name) ? [] : typeof x === 'number' ? [{ name }] : flat(x).map((_v, index) => ({ name, index })),
  );
}

function label(c: Coordinate): string {
  return c.index === undefined ? c.name : `${c.name}[${c.index}]`;
}

/** ∂/∂θ E[f] by a central difference of the float64 closed form. */
function closedFormGradient(e: Expectation, m: Member, c: Coordinate): number {
  const shift = (delta: number): Member => {
    const x = m[c.name]!;
    return { ...m, [c.name]: reshapeLike(x, flat(x).map((v, i) => (i === (c.index ?? 0) ? v + delta : v))) };
  };
  const base = flat(m[c.name]!)[c.index ?? 0]!;
  const h = 1e-5 * Math.max(1, Math.abs(base));
  return (e.value(shift(h)) - e.value(shift(-h))) / (2 * h);
}

/** The member's parameters tiled to G copies (batch axis 0), as tensors to differentiate. */
function tiled(m: Member): Record<string, tf.Tensor> {
  return Object.fromEntries(
    Object.entries(m).map(([k, x]) => {
      if (typeof x === 'number') return [k, tf.fill([G], x)];
      return [k, tf.tidy(() => {
        const t = tf.tensor(x as number[] | number[][]);
        return tf.tile(tf.expandDims(t, 0), [G, ...t.shape.map(() => 1)]);
      })];
    }),
  );
}

/** Per-draw gradients of `objective(params)` with respect to each coordinate. */
function perDrawGradients(params: Record<string, tf.Tensor>, coords: readonly Coordinate[], objective: (ps: Record<string, tf.Tensor>) => tf.Tensor): Float64Array[] {
  const names = [...new Set(coords.map((c) => c.name))];
  const grads = tf.tidy(() => {
    const f = (...xs: tf.Tensor[]): tf.Tensor => objective({ ...params, ...Object.fromEntries(names.map((n, i) => [n, xs[i]!])) });
    return tf.grads(f)(names.map((n) => params[n]!)).map((g) => g.dataSync());
  });
  return coords.map((c) => {
    const g = grads[names.indexOf(c.name)]!;
    if (c.index === undefined) return Float64Array.from(g);
    const k = g.length / G;
    return Float64Array.from({ length: G }, (_v, i) => g[i * k + c.index!]!);
  });
}

function pathwise(fx: Fixture, m: Member, e: Expectation, kind: SamplerKind, coords: readonly Coordinate[], seed: number): Float64Array[] {
  const params = tiled(m);
  try {
    return perDrawGradients(params, coords, (ps) => tf.sum(e.f(fixtureDistribution(fx, ps).sampleWith!(kind, [], new Rng(seed)))));
  } finally {
    tf.dispose(Object.values(params));
  }
}

function scoreFunction(fx: Fixture, m: Member, e: Expectation, coords: readonly Coordinate[], seed: number): Float64Array[] {
  const params = tiled(m);
  try {
    // A constant baseline (the mean of f over independent draws) leaves the estimator unbiased.
    const baseline = tf.tidy(() => tf.mean(e.f(fixtureDistribution(fx, params).sample([], new Rng(seed + 1000)))).dataSync()[0]!);
    const z = tf.tidy(() => stopGradient(fixtureDistribution(fx, params).sample([], new Rng(seed))));
    try {
      const weight = tf.tidy(() => tf.sub(e.f(z), baseline));
      try {
        return perDrawGradients(params, coords, (ps) => tf.sum(tf.mul(weight, fixtureDistribution(fx, ps).logProb(z))));
      } finally {
        weight.dispose();
      }
    } finally {
      z.dispose();
    }
  } finally {
    tf.dispose(Object.values(params));
  }
}

describe.each(ALL_FIXTURES)('$name gradients of E[f(z)]', (fx) => {
  const spec = DISTRIBUTIONS[fx.name];
  const reparameterizable = spec.reparam === 'location-scale' || spec.reparam === 'inverse-cdf' || spec.reparam === 'transform' || spec.reparam === 'implicit';
  const cases = fx.members.flatMap((m, i) => expectationsOf(fx).map((e) => [i, e.label, m, e] as const));

  it.skipIf(!reparameterizable).each(cases)('pathwise matches the closed form within 5 SE (member %i, f = %s)', (_i, _l, m, e) => {
    const coords = coordinates(m, spec.pathwiseParams);
    for (const kind of spec.samplers) {
      const grads = pathwise(fx, m, e, kind, coords, 41);
      coords.forEach((c, j) => {
        const s = meanAndSe(grads[j]!);
        const want = closedFormGradient(e, m, c);
        expect(Math.abs(s.mean - want), `${kind} ∂/∂${label(c)}: ${s.mean} ± ${s.se} vs ${want}`).toBeLessThanOrEqual(bound(s.se, want));
      });
    }
  });

  // The score-function identity ∇E[f] = E[f ∇log q] needs a support that does not move with the
  // parameters; bounds that are parameters do (a boundary term is missing), so those rows have no check.
  it.skipIf(boundsOf(spec, Object.keys(fx.members[0] ?? {})) !== undefined).each(cases)('the score-function estimator matches the closed form (and the pathwise mean) within 5 SE (member %i, f = %s)', (_i, _l, m, e) => {
    const coords = coordinates(m, undefined, fx.fixedParams);
    const sf = scoreFunction(fx, m, e, coords, 43);
    const pw = reparameterizable ? pathwise(fx, m, e, spec.reparam as SamplerKind, coordinates(m, spec.pathwiseParams), 47) : [];
    const pwCoords = reparameterizable ? coordinates(m, spec.pathwiseParams) : [];
    coords.forEach((c, j) => {
      const s = meanAndSe(sf[j]!);
      const want = closedFormGradient(e, m, c);
      expect(Math.abs(s.mean - want), `score ∂/∂${label(c)}: ${s.mean} ± ${s.se} vs ${want}`).toBeLessThanOrEqual(bound(s.se, want));
      const k = pwCoords.findIndex((p) => p.name === c.name && p.index === c.index);
      if (k >= 0) {
        const p = meanAndSe(pw[k]!);
        const combined = Math.hypot(s.se, p.se);
        expect(Math.abs(s.mean - p.mean), `score vs pathwise ∂/∂${label(c)}: ${s.mean} vs ${p.mean} ± ${combined}`).toBeLessThanOrEqual(bound(combined, p.mean));
      }
    });
  });

});
