/**
 * Provenance for non-finite values. When a step's loss or gradient is NaN or infinite, the trainer
 * re-runs the step's computation with the same random stream and asks, in the order the computation
 * ran, which quantity first went bad — a guide parameter, a guide sample, a model parameter, a
 * log-density or KL term, or finally a gradient — and names it in the model's terms with the span of the
 * statement responsible ("the scale of `z`'s guide", "the log-density of `x` under Bernoulli").
 */
import { describeNetWeight } from '../registry/networks.js';
import * as tf from '@tensorflow/tfjs-core';
import type { Span } from '../common/span.js';
import { Rng } from '../distributions/rng.js';
import type { Batch, Program } from '../runtime/program.js';
import { ESTIMATORS } from '../registry/estimators.js';
import type { ObjectiveConfig } from './objective.js';
import { lossGradients } from './step.js';

/** The first non-finite quantity found. */
export interface NonFiniteReport {
  /** What went bad, in model terms. */
  readonly what: string;
  /** The statement responsible. */
  readonly span: Span;
}

const finite = (t: tf.Tensor): boolean => tf.tidy(() => tf.all(tf.isFinite(t)).dataSync()[0] === 1);

/** Maps a weight name (`net/decoder/0/W`, `param/c`) to words and the span of its declaration. */
function describeWeight(program: Program, name: string): NonFiniteReport | undefined {
  const [kind, site, layer, part] = name.split('/');
  if (site === undefined) return undefined;
  const s = program.ir.sites[site] ?? program.guide.nets[site] ?? program.guide.params[site];
  if (s === undefined) return undefined;
  if (kind === 'net' && s.kind === 'net') {
    const where = describeNetWeight(s.spec, Number(layer), part ?? '') ?? `weight ${layer}/${part}`;
    return { what: `the gradient of net \`${site}\` (${where})`, span: s.span };
  }
  return { what: `the gradient of param \`${site}\``, span: s.span };
}

/**
 * Re-runs one objective evaluation from the random stream's position `rngState` (where the failing step
 * started) and returns
 * the first non-finite quantity, or undefined if everything is finite (a transient failure).
 */
export function locateNonFinite(program: Program, batch: Batch, rngState: number, cfg: ObjectiveConfig): NonFiniteReport | undefined {
  let report: NonFiniteReport | undefined;
  tf.tidy(() => {
    report = firstNonFinite(program, batch, rngState, cfg);
  });
  return report;
}

function firstNonFinite(program: Program, batch: Batch, rngState: number, cfg: ObjectiveConfig): NonFiniteReport | undefined {
  const rng = Rng.fromState(rngState);
  const g = program.runGuide(batch, { samples: cfg.samples, globalSamples: ESTIMATORS[cfg.estimator].globalDraws === 'one' ? 1 : cfg.samples, rng, logqForAnalytic: true });
  for (const z of program.guide.order) {
    const q = g.dists.get(z);
    const f = program.guide.factors[z];
    if (q === undefined || f === undefined) continue;
    for (const [k, t] of Object.entries(q.params)) if (!finite(t)) return { what: `the ${k} of \`${z}\`'s guide (${q.family})`, span: f.span };
    const v = g.values.get(z);
    if (v !== undefined && !finite(v)) return { what: `the sample of \`${z}\` from its guide (${q.family})`, span: f.span };
    const lq = g.logq.get(z);
    if (lq !== undefined && !finite(lq)) return { what: `log q(${z}) under its guide (${q.family})`, span: f.span };
  }
  const m = program.runModel(g);
  for (const name of program.ir.order) {
    const s = program.ir.sites[name];
    if (s?.kind === 'factor' && !finite(m.logp.get(name) as tf.Tensor)) return { what: `the value of the \`factor\` statement (${name})`, span: s.span };
    const p = m.dists.get(name);
    if (s === undefined || p === undefined || (s.kind !== 'latent' && s.kind !== 'data')) continue;
    for (const [k, t] of Object.entries(p.params)) if (!finite(t)) return { what: `the ${k} of ${p.family} for \`${name}\``, span: s.span };
    const lp = m.logp.get(name);
    if (lp !== undefined && !finite(lp)) return { what: `the log-density of \`${name}\` under ${p.family}`, span: s.span };
    const kl = m.kl.get(name);
    if (kl !== undefined && !finite(kl)) return { what: `the KL term of \`${name}\``, span: s.span };
  }
  const vars = program.weights.all;
  const { value, grads } = lossGradients(program, batch, Rng.fromState(rngState), cfg, vars.map((e) => e.variable));
  value.dispose();
  for (const e of vars) {
    const gr = grads[e.variable.name];
    if (gr !== undefined && !finite(gr)) return describeWeight(program, e.name);
  }
  return undefined;
}
