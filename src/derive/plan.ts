/**
 * The per-site estimator plan, decided statically and shown to the user: for every latent, how its guide
 * is sampled and how its gradient is estimated (pathwise through a location-scale, inverse-CDF, transform,
 * implicit or relaxed sampler; the score function only where none exists), whether its KL term is analytic or
 * Monte Carlo (and why), and which ELBO terms it enters. The runtime and the estimators read this plan;
 * they never probe a distribution to find out what it can do.
 */
import { flowKL, flowMisfit, flowSummary, type FlowSummary } from '../flows/plan-flow.js';
import type { Diagnostic } from '../common/diagnostic.js';
import { DISTRIBUTIONS, type DistributionName } from '../registry/distributions.js';
import { ESTIMATORS, type EstimatorName } from '../registry/estimators.js';
import { hasAnalyticKL } from '../registry/kl-pairs.js';
import type { DistNode, LatentSite, ModelIR } from '../ir/model-ir.js';
import { randomGraph, randomParents } from './graph.js';
import type { GuideIR } from './guide-ir.js';
import type { DiscreteStrategy } from './families.js';
import type { RewriteNote } from './rewrites.js';
import { deriveMessages } from './derive-messages.js';

/** How a latent's guide sample carries gradients. */
export type PlanSampler = 'location-scale' | 'inverse-cdf' | 'transform' | 'implicit' | 'relaxed' | 'score-function' | 'enumerate';

/** The largest number of values a latent summed out by `--discrete enumerate` may have (docs/inference.md). */
export const MAX_ENUMERATED_VALUES = 64;

/** The objective the plan is made for: a row of the estimator table (`src/registry/estimators.ts`). */
export type { EstimatorName };

/** Options that shape the plan. */
export interface PlanOptions {
  /** The objective, a row of {@link ESTIMATORS}; a row that does not allow analytic KL terms forces Monte Carlo ones. */
  readonly estimator: EstimatorName;
  /** `auto`: analytic where valid; `analytic`: demand it everywhere; `mc`: never. */
  readonly kl: 'auto' | 'analytic' | 'mc';
  /** Discrete latents with a relaxation (Bernoulli, Categorical): `relaxed` samples them by Gumbel-softmax at `temperature`, `score-function` keeps them discrete, `enumerate` sums them out exactly. */
  readonly discrete: DiscreteStrategy;
  /** Temperature of relaxed samplers (Jang et al. 2016 use 0.5–1). */
  readonly temperature: number;
  /**
   * Use the score function for every latent, even reparameterizable ones — for research and for the
   * test that the score-function and pathwise estimators agree in expectation. Default false.
   */
  readonly forceScoreFunction?: boolean;
}

/** Default plan options: the ELBO with analytic KL where valid, relaxed discrete latents at τ = 0.5. */
export const DEFAULT_PLAN_OPTIONS: PlanOptions = { estimator: 'elbo', kl: 'auto', discrete: 'relaxed', temperature: 0.5 };

/** The plan of a latent. Field names are stable: scripts read `--emit plan --json`. */
export interface LatentPlan {
  /** The latent's name. */
  readonly name: string;
  /** Discriminant: always `'latent'`. */
  readonly kind: 'latent';
  /** `local` (one value per datapoint) or `global` (shared by all datapoints). */
  readonly scope: 'local' | 'global';
  /** The family of its prior p(z | parents). */
  readonly prior: DistributionName;
  /** The family of its guide factor q(z | inputs). */
  readonly guide: DistributionName;
  /** How q's sample carries gradients: a pathwise sampler, or `score-function` where none applies. */
  readonly sampler: PlanSampler;
  /** `analytic`: the closed-form KL(q ‖ p) replaces log p(z) − log q(z); `mc`: both log-densities are evaluated at the sample. */
  readonly kl: 'analytic' | 'mc';
  /** The sites the guide conditions on; empty for a non-amortized guide. */
  readonly inputs: readonly string[];
  /** One line: family, sampler and KL choice. */
  readonly reason: string;
  /** `derived` by Tilde, or written in the model's `guide` block. */
  readonly origin: 'derived' | 'guide-block';
  /** Why this sampler, with its paper (`--explain`). */
  readonly samplerReason: string;
  /** Why the KL term is analytic or Monte Carlo (`--explain`). */
  readonly klReason: string;
  /** ELBO terms the latent's value enters. */
  readonly terms: readonly string[];
  /** For an `enumerate` site: the number of values it is summed over (2 for a Bernoulli, K for a Categorical). */
  readonly values?: number;
  /** For a flow guide: its steps and learned weights (src/flows/plan-flow.ts). */
  readonly flow?: FlowSummary;
  /**
   * For score-function sites: the terms whose value depends on this sample (Rao-Blackwellization: only
   * these enter its surrogate), as site names whose log p (`p`) and log q (`q`) terms count.
   */
  readonly downstream?: {
    /** Latents and observed data whose log p term depends on the sample (its own included), in the model's order. */
    readonly p: readonly string[];
    /** Latents whose log q term depends on the sample, in guide order (the latent itself included). */
    readonly q: readonly string[];
  };
}

/** The plan of an observed data site. */
export interface ObservedPlan {
  /** The data variable's name. */
  readonly name: string;
  /** Discriminant: always `'observed'`. */
  readonly kind: 'observed';
  /** Always `local`: data is per datapoint. */
  readonly scope: 'local';
  /** The family of its `~` statement. */
  readonly likelihood: DistributionName;
  /** One line: the log-likelihood term, whether it is evaluated by logits, and the rewrites that fired. */
  readonly reason: string;
  /** The ELBO term it contributes: `log p(x | parents)`. */
  readonly terms: readonly string[];
}

/** The plan of a `factor` statement. */
export interface FactorPlan {
  /** The factor's site name (`factor#1`, … in source order). */
  readonly name: string;
  /** Discriminant: always `'factor'`. */
  readonly kind: 'factor';
  /** `local`: added once per datapoint; `global`: once per data set (it reads no data and no local latent). */
  readonly scope: 'local' | 'global';
  /** One line: the term it adds to log p(x, z), and what it reads. */
  readonly reason: string;
  /** The term it contributes, written `factor#1(z, x)`. */
  readonly terms: readonly string[];
}

/** The plan of a covariate or a param. */
export interface OtherPlan {
  /** The site's name. */
  readonly name: string;
  /** `covariate`: data only read (an input of guides and likelihoods); `param`: a learned point parameter. */
  readonly kind: 'covariate' | 'param';
  /** `local` for covariates (per datapoint), `global` for params. */
  readonly scope: 'local' | 'global';
  /** One line: how the site enters (a conditioning input, and whose guides read it; or a point estimate on its domain). */
  readonly reason: string;
}

/** One row of the plan. */
export type PlanSite = LatentPlan | ObservedPlan | FactorPlan | OtherPlan;

/** The plan of a model. */
export interface Plan {
  /** The model's name. */
  readonly model: string;
  /** The options the plan was made with (defaults filled in). */
  readonly options: PlanOptions;
  /** Rows: latents in guide order, then observed data, factors, covariates, params. */
  readonly sites: readonly PlanSite[];
  /** The safe-numerics rewrites that fired on the IR, for `--explain`. */
  readonly rewrites: readonly RewriteNote[];
}

const SAMPLER_REASONS: Record<PlanSampler, (family: DistributionName, temperature: number) => string> = {
  'location-scale': (f) => `${f}: location-scale, z = loc + scale · ε (Kingma & Welling 2014, §2.4)`,
  'inverse-cdf': (f) => `${f}: inverse CDF is closed form, z = F⁻¹(u), u ~ U(0, 1)`,
  transform: (f) => `${f}: transform of a reparameterized Normal`,
  implicit: (f) => `${f}: implicit reparameterization of the exact sampler, dz/dθ = −(∂F/∂θ)/p(z) (Figurnov et al. 2018)`,
  relaxed: (f, t) => `${f}: relaxed by Gumbel-softmax / Concrete at temperature ${t} (Jang et al. 2016; Maddison et al. 2016)`,
  'score-function': (f) => `${f}: no pathwise sampler, so the score function with a moving-average baseline (Williams 1992)`,
  enumerate: (f) => `${f}: finite support, so summed out exactly — the objective is Σ_y q(y | x) [log p(x, y, …) − log q(y | x) + the rest of the guide given y], no Monte Carlo error and no gradient estimator in y (Kingma et al. 2014, eq. 7; Pyro's TraceEnum_ELBO)`,
};

function samplerOf(family: DistributionName, opts: PlanOptions): PlanSampler {
  if (opts.forceScoreFunction === true || !ESTIMATORS[opts.estimator].pathwise) return 'score-function';
  // An estimator for discrete latents (its row's `discrete: 'exact'`) draws them exactly, whatever --discrete says.
  const discrete = ESTIMATORS[opts.estimator].discrete === 'exact' ? 'score-function' : opts.discrete;
  const r = DISTRIBUTIONS[family].reparam;
  if (r === 'none') return 'score-function';
  if (r === 'relaxed') return discrete === 'relaxed' ? 'relaxed' : discrete === 'enumerate' ? 'enumerate' : 'score-function';
  return r;
}

function samplerReason(sampler: PlanSampler, family: DistributionName, opts: PlanOptions): string {
  const row = ESTIMATORS[opts.estimator];
  if (sampler === 'score-function' && row.scoreFunction === 'none') {
    return `${family}: drawn without a pathwise gradient; q is trained by the estimator's own update on the self-normalized weights (${row.paper})`;
  }
  if (sampler === 'score-function' && row.scoreFunction === 'whole-bound') {
    return `${family}: no pathwise sampler, so the score function with the whole IWAE bound as every sample's learning signal, minus a moving-average baseline (Mnih & Rezende 2016, §2)`;
  }
  if (sampler === 'score-function' && row.scoreFunction === 'leave-one-out') {
    return `${family}: drawn exactly; the score function with leave-one-out learning signals over the K samples (${row.paper})`;
  }
  return SAMPLER_REASONS[sampler](family, opts.temperature);
}

function conditional(name: string, given: readonly string[], q = false): string {
  return `${q ? 'q' : 'p'}(${name}${given.length > 0 ? ` | ${given.join(', ')}` : ''})`;
}

/** Latents whose guide factor depends, directly or not, on `z`'s sample. */
function guideDescendants(guide: GuideIR, z: string): Set<string> {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const f of Object.values(guide.factors)) {
      if (!out.has(f.latent) && f.inputs.some((i) => i === z || out.has(i))) {
        out.add(f.latent);
        grew = true;
      }
    }
  }
  return out;
}

function klChoice(ir: ModelIR, guide: GuideIR, site: LatentSite, dist: DistNode, opts: PlanOptions): { kl: 'analytic' | 'mc'; why: string } {
  const family = dist.dist;
  if (opts.kl === 'mc') return { kl: 'mc', why: 'Monte Carlo, as `--kl mc` asks' };
  const allowed = ESTIMATORS[opts.estimator].analyticKL;
  if (allowed !== true) return { kl: 'mc', why: allowed.why };
  // A mixture's log-density log Σₖ wₖ pₖ(z) is no sum of per-component terms, so no KL to it is closed form
  // (Hershey & Olsen 2007): the bound uses log p(z) at the guide's draw, which is all the prior needs.
  if (site.prior.component !== undefined) return { kl: 'mc', why: `Monte Carlo: KL(${family} ‖ ${site.prior.dist} of ${site.prior.component.dist}) has no closed form (the log of a sum over components), and the mixture needs only its log-density` };
  if (!hasAnalyticKL(family, site.prior.dist, { p: Object.keys(dist.params), q: Object.keys(site.prior.params) })) return { kl: 'mc', why: `Monte Carlo: no closed form for KL(${family} ‖ ${site.prior.dist})` };
  const after = guideDescendants(guide, site.name);
  const blocking = [...randomParents(ir, site.name)].filter((p) => after.has(p));
  if (blocking.length > 0) {
    return { kl: 'mc', why: `Monte Carlo: the prior depends on ${blocking.map((b) => `\`${b}\``).join(', ')}, which the guide draws given \`${site.name}\`` };
  }
  return { kl: 'analytic', why: `KL(${family} ‖ ${site.prior.dist}) in closed form` };
}

/**
 * How many values a discrete latent of this family and shape takes, when it is one variable: 2 for a
 * Bernoulli of one element, K for one Categorical `[K]`; 0 for several (a vector of Bernoullis, a
 * `[n, K]` Categorical), which are not enumerated yet.
 */
function enumeratedValues(family: DistributionName, shape: readonly number[]): number {
  const size = shape.reduce((a, b) => a * b, 1);
  if (family === 'Categorical') return size === shape[shape.length - 1] ? size : 0;
  return family === 'Bernoulli' && size === 1 ? 2 : 0;
}

/** Builds the plan of a model from its (rewritten) IR and derived guide. */
export function derivePlan(ir: ModelIR, guide: GuideIR, rewrites: readonly RewriteNote[], opts: PlanOptions): { plan: Plan; diagnostics: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const g = randomGraph(ir);
  const parentsOf = (n: string) => g.nodes.filter((p) => g.parents.get(n)?.has(p));
  const factorTerm = (n: string) => (parentsOf(n).length > 0 ? `${n}(${parentsOf(n).join(', ')})` : n);
  const pTerm = (n: string) => (ir.sites[n]?.kind === 'factor' ? factorTerm(n) : `log ${conditional(n, parentsOf(n))}`);
  const rows: PlanSite[] = [];
  for (const z of guide.order) {
    const site = ir.sites[z];
    const f = guide.factors[z];
    if (site?.kind !== 'latent' || f === undefined) continue;
    const sampler = samplerOf(f.family, opts);
    const { kl, why } = f.form === 'flow' ? flowKL(opts) : klChoice(ir, guide, site, f.dist, opts);
    if (opts.kl === 'analytic' && kl === 'mc') diags.push(deriveMessages.klNotAnalytic(site, why));
    // Inputs in the model's order (covariates, then dependency order), however the guide wrote them.
    const inputs = g.nodes.filter((n) => f.inputs.includes(n));
    const qText = conditional(z, inputs, true);
    const children = g.nodes.filter((c) => g.children.get(z)?.has(c));
    const own = kl === 'analytic' ? [`KL(${qText} ‖ ${conditional(z, parentsOf(z))})`] : [pTerm(z), `log ${qText}`];
    const row: LatentPlan = {
      name: z, kind: 'latent', scope: site.scope, prior: site.prior.dist, guide: f.family, sampler, kl, inputs,
      reason: `${f.origin === 'derived' ? f.familyReason : `${f.family} from the guide block`}; ${kl === 'analytic' ? 'analytic KL' : 'KL by Monte Carlo'}`,
      origin: f.origin, samplerReason: samplerReason(sampler, f.family, opts), klReason: why,
      terms: [...own, ...children.map(pTerm)],
      ...(sampler === 'enumerate' ? { values: enumeratedValues(f.family, site.shape) } : {}),
      ...(f.form === 'flow' ? { flow: flowSummary(z, f.flow) } : {}),
    };
    if (sampler === 'score-function') {
      const dep = new Set([z, ...guideDescendants(guide, z)]);
      const touches = (names: readonly string[]) => names.some((n) => dep.has(n));
      const p = g.nodes.filter((n) => {
        const s = ir.sites[n];
        const random = s?.kind === 'latent' || s?.kind === 'factor' || (s?.kind === 'data' && s.role === 'observed');
        return random && touches([n, ...parentsOf(n)]);
      });
      const q = guide.order.filter((n) => touches([n, ...(guide.factors[n]?.inputs ?? [])]));
      rows.push({ ...row, downstream: { p, q } });
    } else rows.push(row);
  }
  for (const n of g.nodes) {
    const s = ir.sites[n];
    if (s?.kind !== 'data' || s.role !== 'observed' || s.likelihood === undefined) continue;
    const rw = rewrites.filter((r) => r.site === n).map((r) => r.rule);
    rows.push({
      name: n, kind: 'observed', scope: 'local', likelihood: s.likelihood.dist, terms: [pTerm(n)],
      reason: `log-likelihood ${pTerm(n)} under ${s.likelihood.dist}${'logits' in s.likelihood.params ? ' by logits' : ''}${rw.length > 0 ? ` (rewritten: ${rw.join(', ')})` : ''}`,
    });
  }
  for (const n of g.nodes) {
    const s = ir.sites[n];
    if (s?.kind !== 'factor') continue;
    const reads = s.parents.filter((p) => ir.sites[p]?.kind !== 'net');
    rows.push({
      name: n, kind: 'factor', scope: s.scope, terms: [pTerm(n)],
      reason: `term added to log p(x, z) ${s.scope === 'local' ? 'per datapoint' : 'once per data set'}${reads.length > 0 ? `, reading ${reads.join(', ')}` : ''}: the bound is on the evidence of the model reweighted by exp(factor)`,
    });
  }
  for (const n of g.nodes) {
    const s = ir.sites[n];
    if (s?.kind !== 'data' || s.role !== 'covariate') continue;
    const users = guide.order.filter((z) => guide.factors[z]?.inputs.includes(n));
    rows.push({ name: n, kind: 'covariate', scope: 'local', reason: `conditioning input${users.length > 0 ? `; the guides of ${users.join(', ')} condition on it` : ''}` });
  }
  for (const s of Object.values(ir.sites)) {
    if (s.kind !== 'param') continue;
    rows.push({ name: s.name, kind: 'param', scope: 'global', reason: `point estimate (maximum likelihood) on ${s.domain}` });
  }
  return { plan: { model: ir.name, options: opts, sites: rows, rewrites }, diagnostics: diags };
}

/**
 * Why a plan's sites do not meet what its estimator needs (the row's `needs`), in words for an option
 * error; undefined when they do. `pathwise-local` estimators (DReG) rewrite the score part of the guide
 * gradient through a reparameterized sample drawn given x, so every latent must be local and pathwise;
 * `local` ones (VIMCO) compare each datapoint's K samples, which a global latent's one draw is not part of.
 */
export function estimatorMisfit(plan: Plan): string | undefined {
  const name = plan.options.estimator;
  const enumerated = enumerationMisfit(plan);
  if (enumerated !== undefined) return enumerated;
  const flows = flowMisfit(plan, ESTIMATORS[name].stopLogQParams, name);
  if (flows !== undefined) return flows;
  if (ESTIMATORS[name].needs === 'any') return undefined;
  const latents = plan.sites.filter((s): s is LatentPlan => s.kind === 'latent');
  const global = latents.filter((s) => s.scope === 'global');
  const scored = latents.filter((s) => s.sampler === 'score-function');
  const named = (xs: readonly LatentPlan[]) => xs.map((s) => `\`${s.name}\` (${s.guide})`).join(', ');
  const why: string[] = [];
  const pathwise = ESTIMATORS[name].needs === 'pathwise-local';
  if (pathwise && scored.length > 0) why.push(`${named(scored)} ${scored.length === 1 ? 'has' : 'have'} no pathwise sampler (score function)`);
  if (global.length > 0) why.push(`${named(global)} ${global.length === 1 ? 'is a global latent' : 'are global latents'}, shared by all datapoints`);
  if (why.length === 0) return undefined;
  const relaxable = scored.some((s) => DISTRIBUTIONS[s.guide].reparam === 'relaxed');
  return `--estimator ${name} needs every latent local${pathwise ? ' and reparameterized' : ''} (${ESTIMATORS[name].paper}), but ${why.join(', and ')}; use --estimator iwae${pathwise && relaxable ? ', or --discrete relaxed' : ''}`;
}

/**
 * Why `--discrete enumerate` cannot sum out this plan's discrete latents, for an option error; undefined
 * when it can. For now exactly one latent is enumerated, under the ELBO: a local scalar Bernoulli or a
 * Categorical with at most {@link MAX_ENUMERATED_VALUES} values, the other latents pathwise (a score-function
 * surrogate would need the per-value weights).
 */
export function enumerationMisfit(plan: Plan): string | undefined {
  const latents = plan.sites.filter((s): s is LatentPlan => s.kind === 'latent');
  const enumerated = latents.filter((s) => s.sampler === 'enumerate');
  if (enumerated.length === 0) return undefined;
  const named = (xs: readonly LatentPlan[]) => xs.map((s) => `\`${s.name}\` (${s.guide})`).join(', ');
  const otherwise = 'use --discrete relaxed or --discrete score-function';
  if (enumerated.length > 1) return `--discrete enumerate sums out one discrete latent per model for now, but ${named(enumerated)} are discrete; ${otherwise}`;
  const [e] = enumerated as [LatentPlan];
  if (!ESTIMATORS[plan.options.estimator].enumerates) return `--discrete enumerate is implemented for --estimator ${Object.entries(ESTIMATORS).filter(([, r]) => r.enumerates).map(([n]) => n).join(', ')} only, not ${plan.options.estimator} (\`${e.name}\` is enumerated); use --estimator elbo, --discrete relaxed or --discrete score-function`;
  if (e.scope !== 'local') return `--discrete enumerate sums out local latents only, but ${named([e])} is global; ${otherwise}`;
  const values = e.values ?? 0;
  if (values === 0) return `--discrete enumerate sums out one Bernoulli or one Categorical value for now, but ${named([e])} holds several; ${otherwise}`;
  if (values > MAX_ENUMERATED_VALUES) return `--discrete enumerate sums out at most ${MAX_ENUMERATED_VALUES} values, but ${named([e])} has ${values}; ${otherwise}`;
  const scored = latents.filter((s) => s.sampler === 'score-function');
  if (scored.length > 0) return `--discrete enumerate needs the other latents reparameterized, but ${named(scored)} ${scored.length === 1 ? 'uses' : 'use'} the score function; ${otherwise}`;
  return undefined;
}
