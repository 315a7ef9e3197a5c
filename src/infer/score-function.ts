/**
 * The score-function (REINFORCE) surrogate for latents without a pathwise sampler (Williams 1992; Ranganath,
 * Gerrish & Blei 2014; Mnih & Gregor 2014 for the baseline):
 *
 *   ∇_φ E_q[f(z)] = E_q[ (f(z) − b) ∇_φ log q(z | x) ],
 *
 * added to the objective as  stop(f − b) · log q − stop(stop(f − b) · log q),  which has value 0 and the
 * score gradient. f is Rao-Blackwellized per site: only the terms downstream of z (those whose value
 * depends on z's sample — the plan lists them, following Schulman et al. 2015's stochastic computation
 * graphs) enter, not the whole log weight. b is a moving average of f (decay {@link BASELINE_DECAY}).
 *
 * That per-sample cost is the ELBO's learning signal only. For an IWAE bound L̂ = log (1/K) Σ_j w_j the
 * score term of sample k must carry the signal of the whole bound (Mnih & Rezende 2016, §2, eq. 5 — the
 * naive estimator that VIMCO reduces the variance of, §3):
 *
 *   ∇_φ E[L̂] = E[ Σ_k (L̂ − b) ∇_φ log q(h_k | x) ] + E[ Σ_k w̃_k ∇_φ log w_k ],
 *
 * {@link wholeBoundSurrogate}; the second sum is the ordinary gradient of L̂. Every draw's L̂ depends on
 * every sample, so nothing is Rao-Blackwellized away; b, a moving average of L̂ from earlier steps, does
 * not depend on this step's draws and keeps the estimator unbiased.
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { stopGradient } from '../common/stop-gradient.js';
import type { LatentPlan } from '../derive/plan.js';
import type { GuideTrace, ModelTrace, Program } from '../runtime/program.js';

/** Decay of the moving-average baseline per step. */
export const BASELINE_DECAY = 0.9;

/** Moving-average baselines, one per score-function site (plain numbers: part of the trainer state). */
export type Baselines = Readonly<Record<string, number>>;

/** The surrogate and, per site, the batch mean of its downstream cost (to update the baseline). */
export interface ScoreSurrogate {
  /** Zero-valued `[S, B]` term whose gradient is the score-function gradient of every such site. */
  readonly surrogate: tf.Tensor | undefined;
  /** Mean downstream cost per site, for {@link updateBaselines}. */
  readonly costs: Map<string, tf.Tensor>;
}

function downstreamCost(row: LatentPlan, g: GuideTrace, m: ModelTrace, datasetSize: number, program: Program): tf.Tensor {
  const down = row.downstream;
  if (down === undefined) throw new InternalError(`score-function site ${row.name} has no downstream terms`);
  const parts: tf.Tensor[] = [];
  const counted = new Set<string>();
  const add = (t: tf.Tensor, site: string) => {
    const s = program.ir.sites[site];
    const scope = (s?.kind === 'latent' || s?.kind === 'factor') && s.scope === 'global' ? 'global' : 'local';
    parts.push(scope === 'global' ? tfc.mul(t, 1 / datasetSize) : t);
  };
  for (const v of [...down.p, ...down.q]) {
    const kl = m.kl.get(v);
    if (kl === undefined || counted.has(v) || v === row.name) continue;
    counted.add(v);
    add(tfc.neg(kl), v);
  }
  for (const v of down.p) {
    const lp = m.logp.get(v);
    if (lp !== undefined && !m.kl.has(v)) add(lp, v);
  }
  for (const v of down.q) {
    const lq = g.logq.get(v);
    if (lq !== undefined && !m.kl.has(v)) add(tfc.neg(lq), v);
  }
  let cost = parts.reduce((a, b) => tfc.add(a, b));
  // A global site's cost is shared by the batch: average its local parts over the datapoints.
  if (row.scope === 'global' && (cost.shape[1] as number) > 1) cost = tfc.mean(cost, 1, true);
  return cost;
}

/** Builds the surrogate for every score-function latent of the plan. */
export function scoreSurrogate(program: Program, g: GuideTrace, m: ModelTrace, baselines: Baselines, datasetSize: number): ScoreSurrogate {
  let surrogate: tf.Tensor | undefined;
  const costs = new Map<string, tf.Tensor>();
  for (const row of program.plan.sites) {
    if (row.kind !== 'latent' || row.sampler !== 'score-function') continue;
    const logq = g.logq.get(row.name);
    if (logq === undefined) throw new InternalError(`no log q for score-function site ${row.name}`);
    const cost = stopGradient(downstreamCost(row, g, m, datasetSize, program));
    costs.set(row.name, tfc.mean(cost));
    const advantage = tfc.sub(cost, baselines[row.name] ?? 0); // f − b, no gradient
    const s = tfc.mul(advantage, logq); // (f − b) · log q(z | x)
    const zeroValued = tfc.sub(s, stopGradient(s));
    surrogate = surrogate === undefined ? zeroValued : tfc.add(surrogate, zeroValued);
  }
  return { surrogate, costs };
}

/**
 * The surrogate of an IWAE-bound estimator: Σ_k stop(L̂ − b) · log q(h_k | x) − its own value, `[B]`, over
 * every score-function site, given the bound L̂ `[B]`. A local site's log q `[K, B]` is summed over the K
 * samples; a global site's single draw `[1, 1]` counts once, against each datapoint's L̂ (the objective is
 * their mean). Its cost, for the baseline, is the batch-mean bound.
 */
export function wholeBoundSurrogate(program: Program, g: GuideTrace, bound: tf.Tensor, baselines: Baselines): ScoreSurrogate {
  let surrogate: tf.Tensor | undefined;
  const costs = new Map<string, tf.Tensor>();
  const signal = stopGradient(bound); // L̂, [B]
  for (const row of program.plan.sites) {
    if (row.kind !== 'latent' || row.sampler !== 'score-function') continue;
    const logq = g.logq.get(row.name);
    if (logq === undefined) throw new InternalError(`no log q for score-function site ${row.name}`);
    costs.set(row.name, tfc.mean(signal));
    const advantage = tfc.sub(signal, baselines[row.name] ?? 0); // L̂ − b, no gradient
    const s = tfc.mul(advantage, tfc.sum(logq, 0)); // (L̂ − b) · Σ_k log q(h_k | x), [B]
    const zeroValued = tfc.sub(s, stopGradient(s));
    surrogate = surrogate === undefined ? zeroValued : tfc.add(surrogate, zeroValued);
  }
  return { surrogate, costs };
}

/** The baselines after one step: b ← decay · b + (1 − decay) · mean cost (the first step starts at the cost). */
export function updateBaselines(baselines: Baselines, costs: ReadonlyMap<string, number>): Baselines {
  const out: Record<string, number> = { ...baselines };
  for (const [site, c] of costs) {
    if (!Number.isFinite(c)) continue;
    const b = baselines[site];
    out[site] = b === undefined ? c : BASELINE_DECAY * b + (1 - BASELINE_DECAY) * c;
  }
  return out;
}
