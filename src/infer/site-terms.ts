/**
 * The per-site pieces every estimator assembles: for each observed site its log-likelihood, for each
 * latent its contribution log p(z | pa) − log q(z | inputs) — or −KL(q ‖ p) where the plan marks the KL
 * analytic — and for each `factor` statement its value. Local terms are `[S, B]`; global ones (global latents) `[S, 1]`.
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfc from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import type { GuideTrace, ModelTrace, Program } from '../runtime/program.js';

/** One site's contribution to the log weight. */
export interface SiteTerm {
  readonly site: string;
  readonly role: 'likelihood' | 'latent' | 'factor';
  readonly scope: 'local' | 'global';
  /** Whether `value` is −KL (analytic) rather than a sampled log p − log q. */
  readonly analytic: boolean;
  /** Its contribution to log w: log p(x | …), log p(z | …) − log q(z | …), −KL, or a factor's value. */
  readonly value: tf.Tensor;
}

/** Collects every site's term from a guide trace and the model's scores of it. */
export function siteTerms(program: Program, g: GuideTrace, m: ModelTrace): SiteTerm[] {
  const terms: SiteTerm[] = [];
  for (const row of program.plan.sites) {
    if (row.kind === 'observed') {
      const lp = m.logp.get(row.name);
      if (lp === undefined) throw new InternalError(`no log-likelihood for ${row.name}`);
      terms.push({ site: row.name, role: 'likelihood', scope: 'local', analytic: false, value: lp });
    } else if (row.kind === 'factor') {
      // exp(factor) multiplies the joint: its value enters log w as it is (Stan's `target +=`).
      const f = m.logp.get(row.name);
      if (f === undefined) throw new InternalError(`no value for ${row.name}`);
      terms.push({ site: row.name, role: 'factor', scope: row.scope, analytic: false, value: f });
    } else if (row.kind === 'latent') {
      if (row.kl === 'analytic') {
        const kl = m.kl.get(row.name);
        if (kl === undefined) throw new InternalError(`no KL for ${row.name}`);
        terms.push({ site: row.name, role: 'latent', scope: row.scope, analytic: true, value: tfc.neg(kl) });
      } else {
        const lp = m.logp.get(row.name);
        const lq = g.logq.get(row.name);
        if (lp === undefined || lq === undefined) throw new InternalError(`no log p / log q for ${row.name}`);
        terms.push({ site: row.name, role: 'latent', scope: row.scope, analytic: false, value: tfc.sub(lp, lq) });
      }
    }
  }
  return terms;
}

/**
 * Sums terms into one log weight per sample and datapoint, `[S, B]`: local terms as they are, global
 * terms divided by the data set size N, so that the mean over a minibatch is an unbiased estimate of
 * (1/N) × the full-data objective (the global KL counted once per data set, not once per batch).
 */
export function logWeight(terms: readonly SiteTerm[], datasetSize: number, weightOf: (t: SiteTerm) => number = () => 1): tf.Tensor {
  let total: tf.Tensor | undefined;
  for (const t of terms) {
    const w = weightOf(t) * (t.scope === 'global' ? 1 / datasetSize : 1);
    const v = w === 1 ? t.value : tfc.mul(t.value, w);
    total = total === undefined ? v : tfc.add(total, v);
  }
  if (total === undefined) throw new InternalError('a model with no terms');
  return total;
}
