/**
 * The posterior of a trained model's global quantities (`tilde eval RUN --globals`, `model.posterior`):
 * the mean and standard deviation of every global latent under its guide q(w), and the value of every
 * model `param` (a point estimate, maximum likelihood or MAP under the trained objective: no posterior).
 *
 * A global's moments are q's own in closed form when its factor's parameters do not depend on other
 * latents (then the Monte Carlo error is exactly 0 and the readout says `exact`); a factor that reads
 * another global (a hierarchical guide) is averaged over G joint draws by the law of total expectation
 * and variance, with the standard error of the mean (`readouts.ts`, {@link guideMoments}); a family
 * without closed-form moments uses the draws' sample moments. Global factors read no data (E0270), so
 * no data set is needed: the guide runs on one row of zeros, whose local draws are discarded.
 */
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../common/diagnostic.js';
import { Rng } from '../distributions/rng.js';
import type { DataShapes } from '../infer/batches.js';
import type { LatentSite, ParamSite } from '../ir/model-ir.js';
import type { Batch, Program } from '../runtime/program.js';
import { constrainParam } from '../runtime/weights.js';
import { guideMoments, readsLatents } from './readouts.js';

/** Default G: joint draws of the global latents when some guide factor depends on another. */
export const DEFAULT_POSTERIOR_DRAWS = 1000;

/** The posterior readout of one global latent (row-major arrays of its shape). */
export interface GlobalReadout {
  readonly name: string;
  readonly shape: readonly number[];
  /** The guide family of its factor (e.g. `Normal`). */
  readonly family: string;
  readonly mean: Float32Array;
  readonly sd: Float32Array;
  /** The Monte Carlo standard error of `mean` (all zeros when `exact`). */
  readonly meanStandardError: Float32Array;
  /** Whether mean and sd are q's closed-form moments (no Monte Carlo error). */
  readonly exact: boolean;
}

/** The point estimate of one model param. */
export interface ParamReadout {
  readonly name: string;
  readonly shape: readonly number[];
  /** Its declared domain (the value is the learned variable mapped into it). */
  readonly domain: string;
  readonly value: Float32Array;
}

/** What {@link posteriorOfGlobals} returns. */
export interface Posterior {
  /** G, joint draws used for the factors without exact moments. */
  readonly draws: number;
  readonly globals: readonly GlobalReadout[];
  readonly params: readonly ParamReadout[];
}

/** A one-row batch of zeros for every data variable. */
function zeroRow(shapes: DataShapes): Batch {
  return { size: 1, data: new Map([...shapes].map(([k, s]) => [k, tf.zeros([1, ...s])])) };
}

/** The posterior of the global latents under the guide and the params' values (see the header). */
export function posteriorOfGlobals(program: Program, shapes: DataShapes, opts: { draws?: number; seed?: number } = {}): Posterior {
  const draws = opts.draws ?? DEFAULT_POSTERIOR_DRAWS;
  if (!Number.isInteger(draws) || draws < 2) throw new UserError(`the number of draws must be an integer ≥ 2 (their spread gives the standard error), got ${draws}`, 2);
  const sites = program.guide.order.map((n) => program.ir.sites[n]).filter((s): s is LatentSite => s?.kind === 'latent' && s.scope === 'global');
  const batch = zeroRow(shapes);
  const globals: GlobalReadout[] = [];
  try {
    const out = tf.tidy(() => {
      const g = sites.length === 0 ? undefined : program.runGuide(batch, { samples: draws, globalSamples: draws, rng: new Rng(opts.seed ?? 0) });
      return sites.map((s) => {
        const q = g?.dists.get(s.name);
        const z = g?.values.get(s.name);
        if (q === undefined || z === undefined) throw new UserError(`the guide drew no value of \`${s.name}\``);
        const m = guideMoments(q, z, [draws, 1], s.shape);
        const exact = m.closedForm && !readsLatents(program, s.name);
        // Exact moments have no Monte Carlo error; what the spread holds then is float rounding.
        return { family: q.family, exact, mean: m.mean, sd: m.sd, se: exact ? tf.zerosLike(m.mean) : tf.sqrt(tf.div(m.spread, draws)) };
      });
    });
    sites.forEach((s, i) => {
      const o = out[i];
      if (o === undefined) return;
      const se = o.se.dataSync() as Float32Array;
      globals.push({
        name: s.name, shape: s.shape, family: o.family, mean: o.mean.dataSync() as Float32Array, sd: o.sd.dataSync() as Float32Array,
        meanStandardError: se, exact: o.exact,
      });
    });
    tf.dispose(out.flatMap((o) => [o.mean, o.sd, o.se]));
  } finally {
    tf.dispose([...batch.data.values()]);
  }
  const params = Object.values(program.ir.sites).filter((s): s is ParamSite => s.kind === 'param').map((s) => {
    // A copy: a `Real` param's constrained value is the weight variable itself.
    const t = tf.tidy(() => tf.clone(constrainParam(program.weights.param(s.name), s.declared)));
    const value = t.dataSync() as Float32Array;
    t.dispose();
    return { name: s.name, shape: s.shape, domain: s.declared, value };
  });
  return { draws, globals, params };
}
