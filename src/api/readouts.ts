/**
 * Per-row readouts of a trained model (`tilde predict`, `model.predict`): for every datapoint, the
 * posterior of each local latent **as the guide q approximates it** — mean and standard deviation of a
 * continuous latent, class probabilities of a Bernoulli or Categorical one — and the posterior
 * predictive mean of missing data cells (imputation).
 *
 * The moments are Monte Carlo over S joint draws of the guide, Rao–Blackwellized through the guide's
 * own conditional moments (law of total expectation and variance):
 *   E[z] = E_s[ m_s ],   Var[z] = E_s[ v_s ] + Var_s[ m_s ],
 * where m_s, v_s are the mean and variance of q(z | x, draw s of z's guide parents). A factor that reads
 * no other latent (a Normal encoder of the data) has the same parameters in every draw, Var_s[m_s] = 0,
 * and the moments are q's exactly whatever S; the readout records that (`exact`), and once every readout
 * is exact the remaining batches use one draw. A family without closed-form moments
 * falls back to the draws' sample mean and variance. Class probabilities are E_s[ q(y = k | x, draw s) ],
 * which is q(y = k | x) itself when y's factor reads only the data.
 *
 * Global latents are drawn once per draw s and shared by every row (so batches agree), as in
 * `infer/evaluate-global.ts`. Every tensor op runs in `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../common/diagnostic.js';
import type { Dataset } from '../data/dataset-types.js';
import { Rng } from '../distributions/rng.js';
import type { Distribution } from '../distributions/distribution.js';
import { BatchBuilder, disposeBatch, type DataShapes } from '../infer/batches.js';
import type { LatentSite } from '../ir/model-ir.js';
import type { Batch, GuideTrace, Program } from '../runtime/program.js';

/** Default S: joint draws of the guide per row. */
export const DEFAULT_PREDICT_DRAWS = 100;

/** Options of {@link predictRows}. */
export interface PredictOptions {
  /** S, joint draws of the guide per row (default {@link DEFAULT_PREDICT_DRAWS}). */
  readonly draws?: number;
  /** Seed of the draws (default 0). */
  readonly seed?: number;
  /** Only these local latents (default: every local latent, in guide order). */
  readonly latents?: readonly string[];
  /** Rows per batch (default: as many as keep S × rows × width near a million floats). */
  readonly batchSize?: number;
}

/** The readout of one site over the rows. */
export interface SiteReadout {
  /** The site's name. */
  readonly name: string;
  /**
   * `moments`: a continuous latent (mean and sd); `classes`: a Bernoulli (P(1) per element) or a
   * Categorical (the last axis of `shape` is its K classes); `imputed`: a data variable's cells, the
   * observed value where present and the posterior predictive mean where missing.
   */
  readonly kind: 'moments' | 'classes' | 'imputed';
  /** Per-row shape (a Categorical's ends in K, as its one-hot value). */
  readonly shape: readonly number[];
  /** Whether it is a Categorical (its last axis is the class). */
  readonly categorical: boolean;
  /** Row-major `n × prod(shape)`: posterior means, class probabilities, or imputed values. */
  readonly mean: Float32Array;
  /** `moments` only: posterior standard deviations, same layout. */
  readonly sd?: Float32Array;
  /** Whether the values are q's own moments (no Monte Carlo error; see the header). */
  readonly exact: boolean;
  /** `imputed` only: 1 where the cell was missing (and so imputed), same layout. */
  readonly missing?: Uint8Array;
}

/** What {@link predictRows} returns. */
export interface Predictions {
  /** Rows. */
  readonly n: number;
  /** S, joint draws of the guide per row. */
  readonly draws: number;
  /** One readout per requested latent (guide order), then per data variable with missing cells. */
  readonly sites: readonly SiteReadout[];
}

/** Whether a guide distribution is a class variable (Bernoulli, Categorical): its readout is probabilities. */
export function isClassDistribution(q: Distribution): boolean {
  return q.spec.support === 'Binary' || q.spec.support === 'Category';
}

/** The local latents of a program, in guide order. */
export function localLatents(program: Program): LatentSite[] {
  return program.guide.order.map((n) => program.ir.sites[n]).filter((s): s is LatentSite => s?.kind === 'latent' && s.scope === 'local');
}

/** The requested local latents, or a UserError naming the latents there are. */
function requestedLatents(program: Program, names: readonly string[] | undefined): LatentSite[] {
  const all = localLatents(program);
  if (names === undefined) return all;
  return [...new Set(names)].map((n) => {
    const s = all.find((z) => z.name === n);
    if (s !== undefined) return s;
    const site = program.ir.sites[n];
    const why = site === undefined ? 'there is no such site' : site.kind === 'latent' ? 'it is a global latent (`tilde eval RUN --globals` reads it)' : `it is ${site.kind === 'data' ? 'a data variable' : `a ${site.kind}`}, not a latent`;
    const list = all.map((z) => `\`${z.name}\``).join(', ');
    throw new UserError(`--latent ${n}: ${why}; the local latents of ${program.ir.name} are ${list === '' ? 'none' : list}`, 2);
  });
}

/** Missing cells of every data variable (NaN in the loaded column), or none when all are present. */
export function missingCells(data: Dataset): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [name, col] of data.columns) {
    let any = false;
    const mask = new Uint8Array(col.length);
    for (let i = 0; i < col.length; i++) {
      if (!Number.isNaN(col[i])) continue;
      mask[i] = 1;
      any = true;
    }
    if (any) out.set(name, mask);
  }
  return out;
}

/** `[S, B, …]` → `[B, …]`: the draws' mean, and their (unbiased) variance around it. */
function drawMoments(t: tf.Tensor): { mean: tf.Tensor; variance: tf.Tensor } {
  const s = t.shape[0] as number;
  const mean = tf.mean(t, 0);
  const variance = tf.div(tf.sum(tf.square(tf.sub(t, mean)), 0), Math.max(s - 1, 1));
  return { mean, variance };
}

/**
 * Whether the guide factor of `name` conditions on another latent (its `inputs`, through guide lets).
 * If not, its parameters are the same in every draw, so closed-form moments of q are exact whatever S.
 */
export function readsLatents(program: Program, name: string): boolean {
  return (program.guide.factors[name]?.inputs ?? []).some((i) => program.ir.sites[i]?.kind === 'latent');
}

/**
 * The moments of z over the draws, `[B, …shape]` each (see the header): `mean`, `sd`, and `spread`, the
 * variance over the draws of what is averaged (m_s, or z_s without closed-form moments), whose
 * `spread / S` is the squared Monte Carlo error of `mean`; `closedForm` says which of the two it was.
 */
export function guideMoments(q: Distribution, z: tf.Tensor, lead: readonly number[], shape: readonly number[]): { mean: tf.Tensor; sd: tf.Tensor; spread: tf.Tensor; closedForm: boolean } {
  const full = (t: tf.Tensor) => tf.broadcastTo(t, [...lead, ...shape]);
  if (q.mean !== undefined && q.variance !== undefined) {
    const m = drawMoments(full(q.mean()));
    const within = tf.mean(full(q.variance()), 0);
    return { mean: m.mean, sd: tf.sqrt(tf.add(within, m.variance)), spread: m.variance, closedForm: true };
  }
  const d = drawMoments(z);
  return { mean: d.mean, sd: tf.sqrt(d.variance), spread: d.variance, closedForm: false };
}

/** One batch's readout tensors of a local latent, `[B, …shape]` each, and whether q's own moments were used. */
function latentBatch(q: Distribution, z: tf.Tensor, lead: readonly number[], shape: readonly number[]): { mean: tf.Tensor; sd?: tf.Tensor; closedForm: boolean } {
  if (isClassDistribution(q) && q.mean !== undefined) return { mean: tf.mean(tf.broadcastTo(q.mean(), [...lead, ...shape]), 0), closedForm: true };
  const m = guideMoments(q, z, lead, shape);
  return { mean: m.mean, sd: m.sd, closedForm: m.closedForm };
}

/** One draw of every global latent per draw s (`[S, 1, …]`, kept), read off any batch (global factors read no data). */
export function drawGlobalLatents(program: Program, batch: Batch, draws: number, rng: Rng): Map<string, tf.Tensor> {
  const fixed = new Map<string, tf.Tensor>();
  if (!Object.values(program.ir.sites).some((s) => s.kind === 'latent' && s.scope === 'global')) return fixed;
  tf.tidy(() => {
    const g = program.runGuide(batch, { samples: draws, globalSamples: draws, rng });
    for (const s of Object.values(program.ir.sites)) if (s.kind === 'latent' && s.scope === 'global') fixed.set(s.name, tf.keep(g.values.get(s.name) as tf.Tensor));
  });
  return fixed;
}

/** Accumulates `[B × size]` chunks of a site into one `n × size` array. */
class Column {
  private readonly parts: Float32Array[] = [];
  push(t: tf.Tensor): void {
    this.parts.push(t.dataSync() as Float32Array);
  }
  values(): Float32Array {
    const out = new Float32Array(this.parts.reduce((a, p) => a + p.length, 0));
    let off = 0;
    for (const p of this.parts) {
      out.set(p, off);
      off += p.length;
    }
    return out;
  }
}

/**
 * Per-row posterior readouts of the local latents under the guide (see the header), then the imputed
 * cells of every data variable with missing values (see {@link imputedMeans}).
 */
export function predictRows(program: Program, shapes: DataShapes, data: Dataset, opts: PredictOptions = {}): Predictions {
  const draws = opts.draws ?? DEFAULT_PREDICT_DRAWS;
  if (!Number.isInteger(draws) || draws < 1) throw new UserError(`the number of draws must be a positive integer, got ${draws}`, 2);
  const sites = requestedLatents(program, opts.latents);
  const missing = missingCells(data);
  // The widest per-draw tensor: a latent's, or an imputed variable's predictive mean.
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const width = Math.max(1, ...localLatents(program).map((s) => size(s.shape)), ...[...missing.keys()].map((k) => size(shapes.get(k) ?? [])));
  const batchSize = Math.max(1, Math.min(data.n, opts.batchSize ?? Math.floor(1e6 / (draws * width))));
  const rng = new Rng(opts.seed ?? 0);
  const builder = new BatchBuilder(data, shapes, batchSize);
  const cols = new Map(sites.map((s) => [s.name, { mean: new Column(), sd: new Column(), closedForm: true, hasSd: false }]));
  // Only observed variables are imputed: a covariate has no distribution to predict its cells from.
  const observed = (k: string) => {
    const s = program.ir.sites[k];
    return s?.kind === 'data' && s.likelihood !== undefined;
  };
  const imputed = new Map([...missing.keys()].filter(observed).map((k) => [k, new Column()]));
  let globals: Map<string, tf.Tensor> | undefined;
  // Draws used for the batches: S, or 1 once the first batch has shown that every readout is exact (q's
  // closed-form moments of factors that read no latent, nothing imputed): more draws would change nothing.
  let used = draws;
  try {
    for (let i = 0; i < data.n; i += batchSize) {
      const batch = builder.range(i, Math.min(data.n, i + batchSize));
      if (globals === undefined) {
        // Global factors read no data (E0270): one row is enough to run the guide.
        const first = builder.range(i, i + 1);
        globals = drawGlobalLatents(program, first, draws, rng);
        disposeBatch(first);
      }
      const fixed = globals;
      const out = tf.tidy(() => {
        const g = program.runGuide(batch, { samples: used, globalSamples: used, rng, ...(used === draws ? { fixed } : {}) });
        const res: Record<string, tf.Tensor> = {};
        for (const s of sites) {
          const q = g.dists.get(s.name);
          const z = g.values.get(s.name);
          if (q === undefined || z === undefined) continue;
          const r = latentBatch(q, z, [used, batch.size], s.shape);
          res[`${s.name}/mean`] = r.mean;
          if (r.sd !== undefined) res[`${s.name}/sd`] = r.sd;
          const c = cols.get(s.name);
          if (c !== undefined) c.closedForm &&= r.closedForm;
        }
        for (const [name, t] of imputedMeans(program, g, [...imputed.keys()], [used, batch.size])) res[`${name}/imputed`] = t;
        return res;
      });
      for (const [key, t] of Object.entries(out)) {
        const [name, what] = key.split('/') as [string, string];
        const c = cols.get(name);
        if (what === 'imputed') imputed.get(name)?.push(t);
        else if (c !== undefined) {
          (what === 'sd' ? c.sd : c.mean).push(t);
          if (what === 'sd') c.hasSd = true;
        }
      }
      tf.dispose(Object.values(out));
      disposeBatch(batch);
      if (imputed.size === 0 && sites.every((s) => cols.get(s.name)?.closedForm === true && !readsLatents(program, s.name))) used = 1;
    }
  } finally {
    tf.dispose([...(globals?.values() ?? [])]);
  }
  const readouts: SiteReadout[] = sites.map((s) => {
    const c = cols.get(s.name) as { mean: Column; sd: Column; closedForm: boolean; hasSd: boolean };
    const categorical = s.categories !== undefined;
    const exact = c.closedForm && !readsLatents(program, s.name);
    if (!c.hasSd) return { name: s.name, kind: 'classes', shape: s.shape, categorical, mean: c.mean.values(), exact };
    return { name: s.name, kind: 'moments', shape: s.shape, categorical, mean: c.mean.values(), sd: c.sd.values(), exact };
  });
  for (const [name, col] of imputed) {
    const given = data.columns.get(name) as Float32Array;
    const mask = missing.get(name) as Uint8Array;
    const values = col.values();
    for (let i = 0; i < values.length; i++) if (mask[i] === 0) values[i] = given[i] as number;
    const site = program.ir.sites[name];
    readouts.push({ name, kind: 'imputed', shape: site?.shape ?? [], categorical: site?.kind === 'data' && site.domain === 'Category', mean: values, exact: false, missing: mask });
  }
  return { n: data.n, draws, sites: readouts };
}

/**
 * The posterior predictive mean of data variables, `[B, …shape]` each: E_s[ E_p[x | draw s of the
 * latents] ], the model run forward on the guide's draws (its likelihood's mean, averaged). Used for the
 * cells of a variable that are missing: with partially observed data the guide's draws condition on the
 * cells that are present, so this is E[x_missing | x_observed] under q. (The observed cells are kept as
 * given by the caller.)
 */
export function imputedMeans(program: Program, g: GuideTrace, names: readonly string[], lead: readonly number[]): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  if (names.length === 0) return out;
  const m = program.runModel(g);
  for (const name of names) {
    const d = m.dists.get(name);
    const site = program.ir.sites[name];
    if (d?.mean === undefined || site === undefined) continue;
    out.set(name, tf.mean(tf.broadcastTo(d.mean(), [...lead, ...site.shape]), 0));
  }
  return out;
}
