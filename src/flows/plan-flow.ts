/**
 * What the plan says about a flow guide factor: its steps and weight counts (shown by the plan and
 * `--explain`), and why its KL term is always Monte Carlo.
 */
import { BIJECTORS, bijectorWeightCount } from '../registry/bijectors.js';
import type { FlowNode } from './flow-ir.js';

/** A flow factor in the plan. */
export interface FlowSummary {
  /** One line: `8 × Planar on 2 values (base Normal from the encoder)`. */
  readonly steps: string;
  /** Number of steps. */
  readonly count: number;
  /** Learned scalars of all steps together. */
  readonly weights: number;
  /** Where the weights are saved: `flow/<latent>/<1…K>/{u, w, b}`. */
  readonly names: string;
  /** The papers of its bijectors. */
  readonly papers: readonly string[];
  /** Bijectors among its steps without an inverse (log q only at the flow's own draws). */
  readonly withoutInverse: readonly string[];
}

/** The plan's summary of `latent`'s flow. */
export function flowSummary(latent: string, flow: FlowNode): FlowSummary {
  const kinds = [...new Set(flow.steps.map((s) => s.bijector))];
  const runs = kinds.map((k) => `${flow.steps.filter((s) => s.bijector === k).length} × ${k}`).join(' + ');
  const weights = flow.steps.reduce((n, s) => n + bijectorWeightCount(BIJECTORS[s.bijector], flow.eventSize, s.options), 0);
  const names = kinds.map((k) => `{${BIJECTORS[k].weights.map((w) => w.name).join(', ')}}`).join(' | ');
  return {
    steps: `${runs} on ${flow.eventSize} value${flow.eventSize === 1 ? '' : 's'}`,
    count: flow.steps.length,
    weights,
    names: `flow/${latent}/<1…${flow.steps.length}>/${names}`,
    papers: kinds.map((k) => BIJECTORS[k].paper),
    withoutInverse: kinds.filter((k) => BIJECTORS[k].inverse === 'none'),
  };
}

/** A flow's KL term: always Monte Carlo, and why (an `--kl analytic` request becomes a diagnostic). */
export function flowKL(opts: { readonly kl: string }): { kl: 'mc'; why: string } {
  if (opts.kl === 'mc') return { kl: 'mc', why: 'Monte Carlo, as `--kl mc` asks' };
  return {
    kl: 'mc',
    why: "Monte Carlo: a flow's density has no closed-form KL to any prior; log q of each draw is log q₀(x₀) − Σₖ log|det Jₖ|, kept from the draw itself, so no inverse is needed (Rezende & Mohamed 2015, §3)",
  };
}

/**
 * Why an estimator that scores draws with q's parameters stopped (sticking the landing, DReG) cannot
 * run on a flow with a step that has no inverse: log q with stopped weights at a live draw is not the
 * draw's cached value and needs the inverse. Undefined when it can.
 */
export function flowMisfit(plan: { readonly sites: readonly { readonly kind: string; readonly name: string; readonly flow?: FlowSummary }[] }, stopsLogQ: boolean, estimator: string): string | undefined {
  if (!stopsLogQ) return undefined;
  const bad = plan.sites.filter((s) => s.kind === 'latent' && (s.flow?.withoutInverse.length ?? 0) > 0);
  if (bad.length === 0) return undefined;
  return `--estimator ${estimator} evaluates log q with every guide parameter stopped, which a flow needs its inverse for, but the flow of ${bad.map((s) => `\`${s.name}\` (${s.flow?.withoutInverse.join(', ')})`).join(', ')} has none; use --estimator elbo or iwae`;
}
