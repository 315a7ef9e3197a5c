/**
 * Support for the hand-written density tests (test/derive/densities*.test.ts): fixed data and latent
 * points valid for each site's domain, the densities the compiled program computes at them under a plan
 * (log q per latent from `runGuide` with `fixed`, log p per site and analytic KL from `runModel`), the
 * inputs a hand-written density reads (the same weights, the same points, as plain `[B, …]` tensors
 * without the runtime's `[S, B]` layout), the terms each plan keeps, and the comparison.
 *
 * Nothing here evaluates a model: each model's densities are written by hand, per model, with plain
 * tfjs ops and the distributions library (`densities-*.ts`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TildeModel } from '../../src/api/tilde-model.js';
import type { EstimatorName } from '../../src/derive/plan.js';
import { createDistribution } from '../../src/distributions/create.js';
import type { Distribution } from '../../src/distributions/distribution.js';
import { Rng } from '../../src/distributions/rng.js';
import type { DistributionName } from '../../src/registry/distributions.js';
import type { ValueDomain } from '../../src/registry/domains.js';
import type { Batch } from '../../src/runtime/program.js';
import { gauss } from './synthetic.js';

/** Datapoints per fixed batch. */
export const BATCH = 3;

/** One site's fixed values: `rows` points (B for data and local latents, 1 for globals) of `shape`. */
export interface FixedSite {
  readonly shape: readonly number[];
  readonly scope: 'local' | 'global';
  /** Flat values, `rows × size(shape)`. */
  readonly values: Float32Array;
}

/** The fixed point a model's densities are evaluated at. */
export interface FixedPoint {
  readonly batch: number;
  readonly data: ReadonlyMap<string, FixedSite>;
  readonly latents: ReadonlyMap<string, FixedSite>;
}

/** Densities keyed by site, each a number per datapoint (locals) or a single number (globals). */
export interface DensityValues {
  readonly logq: ReadonlyMap<string, number[]>;
  readonly logp: ReadonlyMap<string, number[]>;
  readonly kl: ReadonlyMap<string, number[]>;
}

/** What a hand-written density reads: the fixed point and the model's weights. */
export interface HandInputs {
  /** Datapoints in the batch. */
  readonly B: number;
  /** A data variable, `[B, ...shape]`. */
  data(name: string): tf.Tensor;
  /** A latent's fixed value: `[B, ...shape]` for a local latent, `[...shape]` for a global one. */
  latent(name: string): tf.Tensor;
  /** The unconstrained variable of a model or guide param, `[...shape]`. */
  raw(param: string): tf.Tensor;
  /** Layer `i` of a network: W `[in, out]`, b `[out]`. */
  layer(net: string, i: number): { readonly W: tf.Tensor2D; readonly b: tf.Tensor1D };
  /** The number of layers of a network. */
  depth(net: string): number;
  /** The weights of weighted layer `i` of a network by registry name (`W`, `b` of a convolution). */
  weights(net: string, i: number): Readonly<Record<string, tf.Tensor>>;
}

/** A model's densities written by hand: every tensor `[B]` (local site) or `[]` (global site). */
export interface HandDensities {
  /** log q of every latent (the Concrete density of the guide's relaxation for relaxed latents). */
  readonly logq: Readonly<Record<string, tf.Tensor>>;
  /** log p of every latent (its prior; relaxed for relaxed latents) and every observed site. */
  readonly logp: Readonly<Record<string, tf.Tensor>>;
  /** KL(q ‖ p) of the latents whose KL the default (ELBO) plan takes in closed form. */
  readonly kl: Readonly<Record<string, tf.Tensor>>;
}

/** One model's hand-written densities. */
export type HandWritten = (h: HandInputs) => HandDensities;

// ---------------------------------------------------------------------------------------------------
// Small vocabulary for the hand-written functions.

/** A distribution from the library, by registry name and named parameters. */
export function dist(name: DistributionName, params: Record<string, tf.Tensor | number>): Distribution {
  const tensors: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(params)) tensors[k] = typeof v === 'number' ? tf.scalar(v) : v;
  return createDistribution(name, tensors);
}

/** x · W + b for layer `i` of `net` (x `[B, in]`). */
export function dense(h: HandInputs, net: string, i: number, x: tf.Tensor): tf.Tensor2D {
  const { W, b } = h.layer(net, i);
  return tf.add(tf.matMul(x as tf.Tensor2D, W), b);
}

/** An elementwise activation. */
export type Act = (x: tf.Tensor) => tf.Tensor;

/** The identity (a Linear net, or an MLP without `out`). */
export const identity: Act = (x) => x;

/**
 * A network written out layer by layer: `acts[i]` follows layer i (the hidden activation on every layer
 * but the last, the `out` activation on the last). Fails unless there is one activation per layer.
 */
export function net(h: HandInputs, name: string, x: tf.Tensor, acts: readonly Act[]): tf.Tensor2D {
  if (acts.length !== h.depth(name)) throw new Error(`net ${name} has ${h.depth(name)} layers; the test wrote ${acts.length} activations`);
  let y = x as tf.Tensor2D;
  acts.forEach((act, i) => {
    y = act(dense(h, name, i, y)) as tf.Tensor2D;
  });
  return y;
}

/** Columns `[start, end)` of a `[B, n]` matrix. */
export function cols(x: tf.Tensor, start: number, end: number): tf.Tensor2D {
  return tf.slice(x, [0, start], [-1, end - start]) as tf.Tensor2D;
}

/** Column `j` of a `[B, n]` matrix, as `[B]`. */
export function col(x: tf.Tensor, j: number): tf.Tensor1D {
  return tf.reshape(cols(x, j, j + 1), [-1]) as tf.Tensor1D;
}

/** Sums a local site's elementwise terms `[B, …]` over everything but the datapoint axis. */
export function perPoint(t: tf.Tensor): tf.Tensor {
  return t.rank > 1 ? tf.sum(t, Array.from({ length: t.rank - 1 }, (_, i) => i + 1)) : t;
}

/** Sums a global site's elementwise terms over every axis. */
export function total(t: tf.Tensor): tf.Tensor {
  return tf.sum(t);
}

// ---------------------------------------------------------------------------------------------------
// Fixed points.

/** A value in the domain (relaxed discrete latents take interior points of (0, 1) or the simplex). */
function fill(domain: ValueDomain, shape: readonly number[], rows: number, relaxed: boolean, rng: Rng): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(rows * size);
  const last = shape[shape.length - 1] ?? 1;
  const interiorSimplex = (offset: number): void => {
    // softmax of normal draws: every coordinate > 0, summing to 1.
    const e = Array.from({ length: last }, () => Math.exp(gauss(rng)));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((v, k) => (out[offset + k] = v / s));
  };
  for (let i = 0; i < out.length; i++) {
    switch (domain) {
      case 'Real':
        out[i] = gauss(rng);
        break;
      case 'Positive':
        out[i] = Math.exp(0.5 * gauss(rng));
        break;
      case 'NonNegative':
        out[i] = Math.abs(gauss(rng));
        break;
      case 'Unit':
      case 'UnitInterval':
        out[i] = 0.05 + 0.9 * rng.nextFloat();
        break;
      case 'Binary':
        out[i] = relaxed ? 0.05 + 0.9 * rng.nextFloat() : rng.nextFloat() < 0.5 ? 0 : 1;
        break;
      case 'Count':
        out[i] = Math.floor(6 * rng.nextFloat());
        break;
      case 'Category':
        if (i % last === 0) {
          if (relaxed) interiorSimplex(i);
          else out[i + Math.floor(last * rng.nextFloat())] = 1;
        }
        break;
      case 'Simplex':
        if (i % last === 0) interiorSimplex(i);
        break;
    }
  }
  return out;
}

/** Fixed data (every data site, observed or covariate) and latents valid for their domains, seeded. */
export function fixedPoint(model: TildeModel, seed: number, batch = BATCH): FixedPoint {
  const rng = new Rng(seed);
  const data = new Map<string, FixedSite>();
  const latents = new Map<string, FixedSite>();
  const program = model.program();
  for (const s of Object.values(model.artifacts.rewrittenIR.sites)) {
    if (s.kind === 'data') data.set(s.name, { shape: s.shape, scope: 'local', values: fill(s.domain, s.shape, batch, false, rng) });
    if (s.kind === 'latent') {
      const relaxed = program.latentPlan(s.name).sampler === 'relaxed';
      const rows = s.scope === 'global' ? 1 : batch;
      latents.set(s.name, { shape: s.shape, scope: s.scope, values: fill(s.domain, s.shape, rows, relaxed, rng) });
    }
  }
  return { batch, data, latents };
}

/** The rows of a fixed latent, one array per datapoint (or one for a global). */
export function latentRows(point: FixedPoint, name: string): number[][] {
  const s = point.latents.get(name);
  if (s === undefined) throw new Error(`no fixed latent \`${name}\``);
  const size = s.shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: s.values.length / size }, (_, i) => Array.from(s.values.subarray(i * size, (i + 1) * size)));
}

/** Moves every param (model and guide) off its neutral initial value, so constraints and floors show. */
export function perturbParams(model: TildeModel, seed: number): void {
  const rng = new Rng(seed);
  for (const e of model.weights.all) {
    if (!e.name.startsWith('param/')) continue;
    const value = tf.tidy(() => tf.mul(tf.randomNormal(e.variable.shape, 0, 1, 'float32', rng.nextSeed()), 0.7));
    e.variable.assign(value);
    value.dispose();
  }
}

// ---------------------------------------------------------------------------------------------------
// The two sides.

const toRows = (t: tf.Tensor): number[] => Array.from(t.dataSync());

/** Runs `fn` inside `tf.tidy` (every tensor it makes is freed) and returns its plain-number result. */
function tidyValues(fn: () => DensityValues): DensityValues {
  let out: DensityValues | undefined;
  tf.tidy(() => {
    out = fn();
  });
  if (out === undefined) throw new Error('tidyValues: no result');
  return out;
}

/** The compiled program's densities at the fixed point, under the plan of `estimator`. */
export function programDensities(model: TildeModel, point: FixedPoint, estimator: EstimatorName): DensityValues {
  const program = model.program(estimator);
  return tidyValues(() => {
    const B = point.batch;
    const batch: Batch = { size: B, data: new Map([...point.data].map(([k, s]) => [k, tf.tensor(s.values, [B, ...s.shape])])) };
    const fixed = new Map([...point.latents].map(([k, s]) => [k, tf.tensor(s.values, [1, s.scope === 'global' ? 1 : B, ...s.shape])]));
    const g = program.runGuide(batch, { samples: 1, globalSamples: 1, rng: new Rng(0), fixed });
    const m = program.runModel(g);
    const read = (xs: Map<string, tf.Tensor>) => new Map([...xs].map(([k, t]) => [k, toRows(t)]));
    return { logq: read(g.logq), logp: read(m.logp), kl: read(m.kl) };
  });
}

/** The hand-written densities at the fixed point, reading the model's current weights. */
export function handDensities(model: TildeModel, point: FixedPoint, hand: HandWritten): DensityValues {
  return tidyValues(() => {
    const B = point.batch;
    const site = (m: ReadonlyMap<string, FixedSite>, kind: string, name: string): tf.Tensor => {
      const s = m.get(name);
      if (s === undefined) throw new Error(`the test reads ${kind} \`${name}\`, which the model does not have`);
      return tf.tensor(s.values, s.scope === 'global' ? [...s.shape] : [B, ...s.shape]);
    };
    const inputs: HandInputs = {
      B,
      data: (name) => site(point.data, 'data', name),
      latent: (name) => site(point.latents, 'latent', name),
      raw: (name) => model.weights.param(name),
      layer: (name, i) => {
        const w = model.weights.net(name);
        const W = w.W[i];
        const b = w.b[i];
        if (W === undefined || b === undefined) throw new Error(`net ${name} has no layer ${i}`);
        return { W: W as tf.Tensor as tf.Tensor2D, b: b as tf.Tensor as tf.Tensor1D };
      },
      depth: (name) => model.weights.net(name).W.length,
      weights: (name, i) => {
        const w = model.weights.net(name).layers[i];
        if (w === undefined) throw new Error(`net ${name} has no layer ${i}`);
        return w;
      },
    };
    const d = hand(inputs);
    const read = (xs: Readonly<Record<string, tf.Tensor>>) => new Map(Object.entries(xs).map(([k, t]) => [k, toRows(t.rank === 0 ? tf.reshape(t, [1]) : t)]));
    return { logq: read(d.logq), logp: read(d.logp), kl: read(d.kl) };
  });
}

/** What the ELBO plan computes: log p of the sites without an analytic KL, and the analytic KLs. */
export function elboTerms(hand: DensityValues): DensityValues {
  return { logq: hand.logq, logp: new Map([...hand.logp].filter(([k]) => !hand.kl.has(k))), kl: hand.kl };
}

/** What the IWAE plan computes: every KL by Monte Carlo, so log p of every latent and no KL. */
export function iwaeTerms(hand: DensityValues): DensityValues {
  return { logq: hand.logq, logp: hand.logp, kl: new Map() };
}

/**
 * Float32 tolerance: relative 1e-5 (absolute near zero), about 100 float32 ulps. On the cpu backend the
 * two sides agree exactly today; 1e-5 still absorbs a different summation order, and unlike 1e-4 it
 * resolves the 1e-4 scale floors (a floor of 2e-4 written by hand fails every example that has one).
 */
export const RELATIVE_TOLERANCE = 1e-5;

/**
 * Every difference between two sets of densities: a site present on one side only, a different number of
 * rows, a non-finite value, or values further apart than the tolerance. Empty when they agree.
 */
export function densityMismatches(actual: DensityValues, expected: DensityValues, tolerance = RELATIVE_TOLERANCE): string[] {
  const out: string[] = [];
  for (const part of ['logq', 'logp', 'kl'] as const) {
    const a = actual[part];
    const e = expected[part];
    for (const k of a.keys()) if (!e.has(k)) out.push(`${part}.${k}: computed by the program, not written by hand`);
    for (const [k, want] of e) {
      const got = a.get(k);
      if (got === undefined) {
        out.push(`${part}.${k}: written by hand, not computed by the program`);
        continue;
      }
      if (got.length !== want.length) {
        out.push(`${part}.${k}: ${got.length} rows, expected ${want.length}`);
        continue;
      }
      want.forEach((w, i) => {
        const g = got[i] as number;
        if (!Number.isFinite(w) || !Number.isFinite(g)) out.push(`${part}.${k}[${i}]: not finite (program ${g}, by hand ${w})`);
        else if (Math.abs(g - w) > tolerance * Math.max(1, Math.abs(w))) out.push(`${part}.${k}[${i}]: program ${g}, by hand ${w}`);
      });
    }
  }
  return out;
}
