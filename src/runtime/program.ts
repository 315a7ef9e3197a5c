/**
 * The executable model: the IR, the guide and the plan lowered to tfjs computations.
 * - {@link Program.runGuide} draws every latent from the guide for a batch and returns the samples, the
 *   guide distributions and log q(z | x) per site;
 * - {@link Program.runModel} scores those samples under the model: log p per site, or the analytic KL
 *   where the plan says so;
 * - {@link Program.sampleModel} draws from the model ancestrally (prior, then data); `factor` terms
 *   reweight the joint and cannot be honoured by ancestral sampling, so it ignores them.
 * All tensors have two lead axes `[S, B]` (see `evaluate.ts`); per-site results are `[S, B]` for local
 * sites and `[S, 1]` for global ones. Callers run these inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';
import './gradients.js';
import { InternalError } from '../common/diagnostic.js';
import { createDistribution } from '../distributions/create.js';
import { isRelaxable, type Distribution } from '../distributions/distribution.js';
import { kl as analyticKL } from '../distributions/kl.js';
import type { Rng } from '../distributions/rng.js';
import { boundsOf, DISTRIBUTIONS, hasFreeAxis, mixtureAxisOf, mixtureValueShape, parameterShapeFor } from '../registry/distributions.js';
import type { DistNode, FactorSite, LatentSite, ModelIR, NetSite, Shape } from '../ir/model-ir.js';
import type { GuideFactor, GuideIR } from '../derive/guide-ir.js';
import { buildFlow } from '../flows/build-flow.js';
import { isTransformed } from '../flows/transformed.js';
import { flowWeights } from '../flows/flow-ir.js';
import { BIJECTORS } from '../registry/bijectors.js';
import type { LatentPlan, Plan } from '../derive/plan.js';
import { alignRank, ConstantCache, evalExpr, type EvalContext } from './evaluate.js';
import { planSplits, type SplitPlan } from './split-plan.js';
import { constrainParam, Weights } from './weights.js';
import { stopGradient } from '../common/stop-gradient.js';

/** One minibatch: every data site's values `[B, ...shape]`. */
export interface Batch {
  /** B, the number of datapoints in the batch. */
  readonly size: number;
  /** Each data site's values by name, `[B, ...shape]` float32 (`Category` variables one-hot). */
  readonly data: ReadonlyMap<string, tf.Tensor>;
}

/** How the guide is run. */
export interface GuideRunOptions {
  /** Draws per datapoint of local latents (L for the ELBO, K for IWAE). */
  readonly samples: number;
  /** Draws of global latents (L for the ELBO; 1 for IWAE, whose weights are per datapoint). */
  readonly globalSamples: number;
  /** The random stream every draw reads from (advanced by the run). */
  readonly rng: Rng;
  /** Sticking the landing (Roeder et al. 2017): evaluate log q with the guide's parameters stopped. */
  readonly stopGuideParamsInLogQ?: boolean;
  /** Whether log q is needed for sites with an analytic KL (for diagnostics); default false. */
  readonly logqForAnalytic?: boolean;
  /**
   * Plug in each guide distribution's mean instead of a sample (later factors then condition on the
   * means): deterministic encodings and reconstructions. No log q is computed.
   */
  readonly useMeans?: boolean;
  /**
   * Given values for some latents (`[S or 1, B or 1, …]`): the guide uses them instead of drawing, and
   * log q is computed at them — to evaluate the guide's density at fixed points.
   */
  readonly fixed?: ReadonlyMap<string, tf.Tensor>;
}

/** What one run of the guide produced. */
export interface GuideTrace {
  /** Every latent's sample, and every value computed on the way (data, params, guide lets). */
  readonly values: Map<string, tf.Tensor>;
  /** The guide distribution of each latent (its parameters evaluated for this batch). */
  readonly dists: Map<string, Distribution>;
  /** log q of each latent's sample, summed over its shape: `[S, B]` (local) or `[S, 1]` (global). */
  readonly logq: Map<string, tf.Tensor>;
}

/** What scoring the samples under the model produced. */
export interface ModelTrace {
  /** log p of each latent scored by Monte Carlo and each observed site, and each factor's term, `[S, B]` or `[S, 1]`. */
  readonly logp: Map<string, tf.Tensor>;
  /** The analytic KL(q ‖ p) of each latent the plan marks analytic, `[S, B]` or `[S, 1]`. */
  readonly kl: Map<string, tf.Tensor>;
  /** The model distribution of every latent and observed site. */
  readonly dists: Map<string, Distribution>;
}

const sumEvent = (t: tf.Tensor): tf.Tensor => (t.rank > 2 ? tf.sum(t, Array.from({ length: t.rank - 2 }, (_, i) => i + 2)) : t);

/**
 * log p(x) of observed data summed over its shape. A family with a fused kernel for the sum over the last
 * axis provides `logProbInSupportSumLast` (Bernoulli by logits: one op with a closed-form gradient, fewer
 * kernels on the flagship's hot path); everything else is its own elementwise kernel, summed.
 */
function observedLogProb(p: Distribution, x: tf.Tensor): tf.Tensor {
  // Validated data lie in their declared domain, inside every support without bound parameters; a
  // support bounded by parameters (`x ~ Uniform(0, s)`) needs the masked density.
  if (boundsOf(p.spec, Object.keys(p.params)) !== undefined) return sumEvent(p.logProb(x));
  if (p.logProbInSupportSumLast === undefined || p.spec.event !== 'scalar' || x.rank <= 2) return sumEvent(p.logProbInSupport(x));
  return sumEvent(p.logProbInSupportSumLast(x));
}

/**
 * The V values of an enumerated latent laid out along the draws: `[V · S, B, …shape]` with draw
 * s = v·S + l holding value v (a Categorical's one-hot vector e_v, a Bernoulli's v ∈ {0, 1}), one
 * broadcast, no loop over values. `lead` is `[V · S, B]`.
 */
function enumeratedValues(site: LatentSite, values: number, lead: readonly number[]): tf.Tensor {
  const size = site.shape.reduce((a, b) => a * b, 1);
  const table = size === 1 && values === 2 ? tf.tensor1d([0, 1]) : tf.eye(values);
  const [all, batch] = lead as [number, number];
  const perValue = tf.reshape(table, [values, 1, 1, ...site.shape]);
  return tf.reshape(tf.broadcastTo(perValue, [values, all / values, batch, ...site.shape]), [all, batch, ...site.shape]);
}

/** The executable form of a compiled model. Owns its weights and cached constants. */
export class Program {
  private readonly constants = new ConstantCache();
  private readonly nets: Record<string, NetSite>;
  private readonly dataNames: Set<string>;
  private readonly plans: Map<string, LatentPlan>;
  private readonly splits: Map<string, SplitPlan>;

  /**
   * @param ir - the rewritten model IR
   * @param guide - the complete guide
   * @param plan - the estimator plan
   * @param weights - the learned weights (owned by the caller's compiled model)
   */
  constructor(
    readonly ir: ModelIR,
    readonly guide: GuideIR,
    readonly plan: Plan,
    readonly weights: Weights,
  ) {
    this.nets = { ...guide.nets };
    for (const s of Object.values(ir.sites)) if (s.kind === 'net') this.nets[s.name] = s;
    this.dataNames = new Set(Object.values(ir.sites).filter((s) => s.kind === 'data').map((s) => s.name));
    this.plans = new Map(plan.sites.filter((s): s is LatentPlan => s.kind === 'latent').map((s) => [s.name, s]));
    this.splits = planSplits(ir, guide);
    this.enumerated = plan.sites.find((s): s is LatentPlan => s.kind === 'latent' && s.sampler === 'enumerate');
  }

  /** The latent `--discrete enumerate` sums out, if any (one per model: `enumerationMisfit`). */
  readonly enumerated: LatentPlan | undefined;

  /** The plan row of a latent. */
  latentPlan(name: string): LatentPlan {
    const p = this.plans.get(name);
    if (p === undefined) throw new InternalError(`no plan for latent \`${name}\``);
    return p;
  }

  private context(values: Map<string, tf.Tensor>): EvalContext {
    return { values, weights: this.weights, nets: this.nets, data: this.dataNames, constants: this.constants, splits: this.splits, splitParts: new Map() };
  }

  /** Data `[1, B, …]` and constrained params `[1, 1, …]` (model and guide) as the starting values. */
  private initialValues(batch: Batch | undefined): Map<string, tf.Tensor> {
    const values = new Map<string, tf.Tensor>();
    if (batch !== undefined) for (const [name, t] of batch.data) values.set(name, tf.expandDims(t, 0));
    for (const s of Object.values(this.ir.sites)) {
      if (s.kind === 'param') values.set(s.name, tf.reshape(constrainParam(this.weights.param(s.name), s.declared), [1, 1, ...s.shape]));
    }
    for (const p of Object.values(this.guide.params)) values.set(p.name, tf.reshape(constrainParam(this.weights.param(p.name), p.declared), [1, 1, ...p.shape]));
    return values;
  }

  /**
   * Builds a distribution from a node. Its parameters are aligned to the parameter shape that goes with
   * the sampled variable's shape (`parameterShapeFor`: the same, one shorter on the event axis for
   * LogisticNormal, without it or with it twice for a parameter of event rank 0 or 2) and, when `lead` is given, broadcast to exactly `[...lead, ...that]` so sampling yields
   * the variable's shape. A vector-event row's parameters are always broadcast over the event axis, so
   * `Categorical(logits: 0)` means K equal logits, not one.
   */
  private distribution(ctx: EvalContext, node: DistNode, shape: Shape, lead: readonly number[] | undefined, stop = false): Distribution {
    const spec = DISTRIBUTIONS[node.dist];
    const params: Record<string, tf.Tensor> = {};
    // A free trailing axis (a mixture's K, a low-rank factor's R): the longest among the parameters having it.
    let free = 1;
    for (const [k, e] of Object.entries(node.params)) if (hasFreeAxis(spec, k)) free = Math.max(free, e.info.shape[e.info.shape.length - 1] ?? 1);
    // A mixture's K is also read off its component's mixture axes; the component samples `[…, K, D]`.
    const inner = node.component;
    if (inner !== undefined) {
      for (const [k, e] of Object.entries(inner.params)) {
        const i = mixtureAxisOf(DISTRIBUTIONS[inner.dist], k, e.info.shape, shape[shape.length - 1] ?? 1);
        if (i >= 0) free = Math.max(free, e.info.shape[i] as number);
      }
    }
    for (const [k, e] of Object.entries(node.params)) {
      // Each parameter by its own event rank: scale_tril [K, K] and total_count [] for a [K] value.
      const pshape = parameterShapeFor(spec, k, shape, free);
      let t = alignRank(evalExpr(ctx, e), e.info.shape, pshape.length);
      const target = lead !== undefined ? [...lead, ...pshape] : spec.event === 'vector' ? [t.shape[0] as number, t.shape[1] as number, ...pshape] : undefined;
      if (target !== undefined && t.shape.some((d, i) => d !== target[i])) t = tf.broadcastTo(t, target);
      params[k] = stop ? stopGradient(t) : t;
    }
    const component = inner === undefined ? undefined : this.distribution(ctx, inner, mixtureValueShape(shape, free), lead, stop);
    return createDistribution(node.dist, params, component);
  }

  /**
   * A guide factor's distribution: its registry distribution, or for a flow factor the base followed by
   * the bijectors (src/flows/). With `stop`, every parameter of q is stopped — a flow's weights too.
   */
  private guideDistribution(ctx: EvalContext, factor: GuideFactor, shape: Shape, lead: readonly number[], stop = false): Distribution {
    const base = this.distribution(ctx, factor.dist, shape, lead, stop);
    if (factor.form !== 'flow') return base;
    return buildFlow(factor.latent, factor.flow, base, shape, this.weights, (e) => evalExpr(ctx, e), stop);
  }

  /** Runs the guide: draws every latent for the batch (see {@link GuideRunOptions}). */
  runGuide(batch: Batch, opts: GuideRunOptions): GuideTrace {
    const values = this.initialValues(batch);
    const ctx = this.context(values);
    const dists = new Map<string, Distribution>();
    const logq = new Map<string, tf.Tensor>();
    // An enumerated latent (`--discrete enumerate`) takes each of its V values on a block of the draws:
    // draw s = v·S + l has value v, so every site is drawn V times as often (see enumeratedValues).
    const e = this.enumerated;
    const times = e !== undefined && opts.useMeans !== true && opts.fixed?.has(e.name) !== true ? (e.values ?? 1) : 1;
    for (const step of this.guide.steps) {
      if (step.kind === 'let') {
        const s = this.guide.lets[step.name];
        if (s === undefined) throw new InternalError(`guide let ${step.name} missing`);
        values.set(s.name, evalExpr(ctx, s.value));
        continue;
      }
      const site = this.ir.sites[step.latent] as LatentSite;
      const factor = this.guide.factors[step.latent];
      if (factor === undefined) throw new InternalError(`guide factor ${step.latent} missing`);
      const plan = this.latentPlan(site.name);
      const lead = [times * (site.scope === 'global' ? opts.globalSamples : opts.samples), site.scope === 'global' ? 1 : batch.size];
      const q = this.guideDistribution(ctx, factor, site.shape, lead);
      dists.set(site.name, q);
      let z: tf.Tensor;
      const given = opts.fixed?.get(site.name);
      if (given !== undefined) {
        z = given;
        // A given value is not the guide's own draw: score it with the masked density.
        logq.set(site.name, sumEvent(plan.sampler === 'relaxed' && isRelaxable(q) ? q.relaxed(this.plan.options.temperature).logProb(z) : q.logProb(z)));
      } else if (opts.useMeans === true) {
        // A flow has no closed-form mean: its base's mean pushed through the bijectors stands in.
        if (isTransformed(q)) z = q.pointEstimate();
        else if (q.mean === undefined) throw new InternalError(`${q.family} has no mean`);
        else z = q.mean();
      } else if (plan.sampler === 'enumerate') {
        z = enumeratedValues(site, times, lead);
        const qq = opts.stopGuideParamsInLogQ ? this.guideDistribution(ctx, factor, site.shape, lead, true) : q;
        logq.set(site.name, sumEvent(qq.logProbInSupport(z)));
      } else if (plan.sampler === 'relaxed') {
        if (!isRelaxable(q)) throw new InternalError(`${q.family} has no relaxation`);
        const relaxed = q.relaxed(this.plan.options.temperature);
        z = relaxed.sample([], opts.rng);
        if (plan.kl === 'mc') {
          const qq = opts.stopGuideParamsInLogQ ? this.guideDistribution(ctx, factor, site.shape, lead, true) : q;
          if (!isRelaxable(qq)) throw new InternalError(`${qq.family} has no relaxation`);
          logq.set(site.name, sumEvent(qq.relaxed(this.plan.options.temperature).logProbInSupport(z)));
        }
      } else {
        // A score-function site's sample carries no pathwise gradient, whatever its sampler could do.
        z = plan.sampler === 'score-function' ? stopGradient(q.sample([], opts.rng)) : q.sample([], opts.rng);
        if (plan.kl === 'mc' || plan.sampler === 'score-function' || opts.logqForAnalytic === true) {
          const qq = opts.stopGuideParamsInLogQ ? this.guideDistribution(ctx, factor, site.shape, lead, true) : q;
          logq.set(site.name, sumEvent(qq.logProbInSupport(z)));
        }
      }
      values.set(site.name, z);
    }
    return { values, dists, logq };
  }

  /** Scores the guide's samples under the model: log p per site, analytic KL where planned. */
  runModel(trace: GuideTrace): ModelTrace {
    const values = trace.values;
    const ctx = this.context(values);
    const logp = new Map<string, tf.Tensor>();
    const kl = new Map<string, tf.Tensor>();
    const dists = new Map<string, Distribution>();
    for (const name of this.ir.order) {
      const s = this.ir.sites[name];
      if (s?.kind === 'let') {
        values.set(name, evalExpr(ctx, s.value));
      } else if (s?.kind === 'latent') {
        const p = this.distribution(ctx, s.prior, s.shape, undefined);
        dists.set(name, p);
        const plan = this.latentPlan(name);
        const q = trace.dists.get(name);
        const z = values.get(name);
        if (q === undefined || z === undefined) throw new InternalError(`latent ${name} was not drawn by the guide`);
        if (plan.kl === 'analytic') kl.set(name, sumEvent(analyticKL(q, p)));
        else if (plan.sampler === 'relaxed') {
          if (!isRelaxable(p)) throw new InternalError(`${p.family} has no relaxation`);
          logp.set(name, sumEvent(p.relaxed(this.plan.options.temperature).logProbInSupport(z)));
        } else {
          // The guide's sample may lie outside the prior's support (a user guide, or a draw rounded
          // onto a bound): the masked density is −∞ there, never the in-support formula's value.
          logp.set(name, sumEvent(p.logProb(z)));
        }
      } else if (s?.kind === 'data' && s.likelihood !== undefined) {
        const p = this.distribution(ctx, s.likelihood, s.shape, undefined);
        dists.set(name, p);
        const x = values.get(name);
        if (x === undefined) throw new InternalError(`observed ${name} missing from the batch`);
        logp.set(name, observedLogProb(p, x));
      } else if (s?.kind === 'factor') {
        logp.set(name, this.factorTerm(ctx, s));
      }
    }
    return { logp, kl, dists };
  }

  /**
   * A `factor` statement's term, broadcast to the lead axes of the terms it joins: `[S, B]` for a local
   * factor, `[S_global, 1]` for a global one (S read off the latents drawn), even when its value reads
   * only data or params.
   */
  private factorTerm(ctx: EvalContext, s: FactorSite): tf.Tensor {
    const t = evalExpr(ctx, s.value);
    let samples = 1;
    let batch = 1;
    for (const [n, v] of ctx.values) {
      const site = this.ir.sites[n];
      if (site?.kind === 'latent' && (s.scope === 'local' || site.scope === 'global')) samples = Math.max(samples, v.shape[0] ?? 1);
      if (s.scope === 'local' && (site?.kind === 'latent' || site?.kind === 'data')) batch = Math.max(batch, v.shape[1] ?? 1);
    }
    const target = [samples, batch];
    return t.shape[0] === samples && t.shape[1] === batch ? t : tf.broadcastTo(t, target);
  }

  /**
   * Draws `n` joint samples from the model (each draw along the first lead axis, so globals are drawn
   * afresh per draw). Covariates, if the model has any, come from `covariates` (`[n, …]`).
   * Returns every latent and observed value, and the mean of each observed site's distribution.
   */
  sampleModel(
    n: number,
    rng: Rng,
    covariates?: ReadonlyMap<string, tf.Tensor>,
  ): {
    /** Every value computed, by name: each latent and observed site `[n, 1, ...shape]`, and the lets, covariates and constrained params on the way (broadcastable to that; params are `[1, 1, ...shape]`). */
    values: Map<string, tf.Tensor>;
    /** The mean of each observed site's distribution (where it has one), `[n, 1, ...shape]`. */
    means: Map<string, tf.Tensor>;
  } {
    const values = this.initialValues(undefined);
    for (const [k, t] of covariates ?? []) values.set(k, tf.expandDims(t, 1));
    const ctx = this.context(values);
    const means = new Map<string, tf.Tensor>();
    for (const name of this.ir.order) {
      const s = this.ir.sites[name];
      if (s?.kind === 'let') values.set(name, evalExpr(ctx, s.value));
      else if (s?.kind === 'latent') values.set(name, this.distribution(ctx, s.prior, s.shape, [n, 1]).sample([], rng));
      else if (s?.kind === 'data' && s.likelihood !== undefined) {
        const p = this.distribution(ctx, s.likelihood, s.shape, [n, 1]);
        values.set(name, p.sample([], rng));
        if (p.mean) means.set(name, p.mean());
      }
    }
    return { values, means };
  }

  /**
   * The mean of every observed site's distribution given values of the latents (`[1, n, …]` each, e.g. a
   * grid of latent points for the learned-manifold picture): the model run forward without sampling.
   */
  decode(latents: ReadonlyMap<string, tf.Tensor>): Map<string, tf.Tensor> {
    const values = this.initialValues(undefined);
    for (const [k, t] of latents) values.set(k, t);
    const ctx = this.context(values);
    const means = new Map<string, tf.Tensor>();
    for (const name of this.ir.order) {
      const s = this.ir.sites[name];
      if (s?.kind === 'let') values.set(name, evalExpr(ctx, s.value));
      else if (s?.kind === 'latent' && !values.has(name)) throw new InternalError(`decode needs a value for \`${name}\``);
      else if (s?.kind === 'data' && s.likelihood !== undefined) {
        const p = this.distribution(ctx, s.likelihood, s.shape, undefined);
        if (p.mean) means.set(name, p.mean());
      }
    }
    return means;
  }

  /** Frees the cached constants (the weights belong to the compiled model). */
  dispose(): void {
    this.constants.dispose();
  }
}

/** Creates the weights of a model and its guide, seeded. */
export function createWeights(ir: ModelIR, guide: GuideIR, rng: Rng): Weights {
  const w = new Weights();
  const sorted = <T extends { span: { start: number }; name: string }>(xs: T[]) => xs.sort((a, b) => a.span.start - b.span.start || a.name.localeCompare(b.name));
  try {
    for (const s of sorted(Object.values(ir.sites).filter((x): x is NetSite => x.kind === 'net'))) w.addNet(s, 'model', rng);
    for (const s of Object.values(ir.sites)) if (s.kind === 'param') w.addParam(s, 'model');
    for (const s of Object.values(guide.nets)) w.addNet(s, 'guide', rng);
    for (const s of Object.values(guide.params)) w.addParam(s, 'guide');
    for (const z of guide.order) {
      const f = guide.factors[z];
      if (f?.form !== 'flow') continue;
      for (const fw of flowWeights(z, f.flow)) w.addFlowWeight(fw.name, 'guide', fw.shape, BIJECTORS[fw.step.bijector].weights.find((x) => x.name === fw.weight)?.init ?? { kind: 'zeros' }, rng);
    }
  } catch (e) {
    // An allocation that fails part-way (weights too large for the heap) frees what was made.
    w.dispose();
    throw e;
  }
  return w;
}
