/**
 * Which discrete latents are summed out exactly (enumerated), decided per site when the plan is made.
 * A site is enumerable when its guide family has finite support (Bernoulli, Categorical: the relaxable
 * rows), its number of values — 2ⁿ for `Binary[n]`, Kᵐ for m Categoricals of K values — is at most
 * {@link MAX_ENUMERATED_VALUES}, it is local, the estimator's row has `enumerates`, no latent of the model
 * needs the score function (its surrogate is not weighted over enumerated values), and the joint number
 * of values of all enumerated sites stays at most {@link MAX_ENUMERATED_JOINT}: the runtime lays the joint
 * values along the draw axis, one factor of it per enumerated site (Pyro's parallel enumeration, Obermeyer et
 * al. 2019, gives each site its own tensor dimension; here they are flattened into the draw axis), so every site is drawn
 * and scored that many times. `--discrete auto` (the default) enumerates every site that qualifies, in
 * guide order, and relaxes the others; `--discrete enumerate` demands it of every discrete latent
 * ({@link enumerationMisfit} says why not).
 */
import { DISTRIBUTIONS, type DistributionName } from '../registry/distributions.js';
import { ESTIMATORS } from '../registry/estimators.js';
import type { LatentSite } from '../ir/model-ir.js';
import type { GuideIR } from './guide-ir.js';
import type { LatentPlan, Plan, PlanOptions } from './plan.js';

/** The largest number of values one enumerated latent may have (docs/inference.md). */
export const MAX_ENUMERATED_VALUES = 64;

/**
 * The largest joint number of values of all enumerated latents together (the product of their counts):
 * the draw axis, and with it every site's cost, is that many times longer (docs/inference.md).
 */
export const MAX_ENUMERATED_JOINT = 1024;

/** The number of values of a discrete latent, and how to write it: `10`, `2^784`. */
export interface ValueCount {
  /** The count; `Infinity` above 2^53. */
  readonly values: number;
  /** The count in words: the number, or `base^exponent` when it is large. */
  readonly text: string;
  /** The site's type as declared: `Category(10)`, `Binary[784]`, `Category(3)[4]`. */
  readonly type: string;
}

/** How many values a latent with this guide family and shape takes; undefined for an infinite support. */
export function valueCount(family: DistributionName, site: Pick<LatentSite, 'shape' | 'domain'>): ValueCount | undefined {
  const shape = site.shape;
  const size = shape.reduce((a, b) => a * b, 1);
  let base: number;
  let exponent: number;
  let type: string;
  if (family === 'Categorical') {
    base = shape[shape.length - 1] ?? 1;
    exponent = size / base;
    const outer = shape.slice(0, -1);
    type = `Category(${base})${outer.length > 0 ? `[${outer.join(', ')}]` : ''}`;
  } else if (family === 'Bernoulli') {
    base = 2;
    exponent = size;
    type = `${site.domain}${shape.length > 0 ? `[${shape.join(', ')}]` : ''}`;
  } else return undefined;
  const values = base ** exponent;
  const exact = Number.isSafeInteger(values);
  return { values: exact ? values : Infinity, text: exact && values <= 1e6 ? String(values) : `${base}^${exponent}`, type };
}

/** One latent the plan is deciding: its name, guide family, scope and site. */
export interface EnumerationCandidate {
  readonly name: string;
  readonly family: DistributionName;
  readonly site: LatentSite;
}

/** What {@link decideEnumeration} concluded for one candidate. */
export type EnumerationDecision =
  | { readonly enumerate: true; readonly values: number; readonly note: string }
  | { readonly enumerate: false; readonly values?: number; readonly note: string };

/**
 * Latents of the guide that need the score function whatever `--discrete` says (no pathwise sampler and
 * no relaxation, or every latent under `forceScoreFunction` / an estimator without pathwise samples).
 */
function scoredLatents(guide: GuideIR, opts: PlanOptions): string[] {
  const row = ESTIMATORS[opts.estimator];
  return guide.order.filter((z) => {
    const f = guide.factors[z];
    return f !== undefined && (opts.forceScoreFunction === true || !row.pathwise || DISTRIBUTIONS[f.family].reparam === 'none');
  });
}

/**
 * Decides, in guide order, which candidates are enumerated: each that qualifies (see the header) while
 * the joint count stays within {@link MAX_ENUMERATED_JOINT}. The note says why, for `--explain`:
 * `enumerated: Category(10), 10 values ≤ 64` or `Binary[784] has 2^784 values > 64`.
 */
export function decideEnumeration(candidates: readonly EnumerationCandidate[], guide: GuideIR, opts: PlanOptions): Map<string, EnumerationDecision> {
  const out = new Map<string, EnumerationDecision>();
  const row = ESTIMATORS[opts.estimator];
  const scored = scoredLatents(guide, opts);
  let joint = 1;
  const taken: string[] = [];
  for (const c of candidates) {
    const count = valueCount(c.family, c.site);
    if (count === undefined) {
      out.set(c.name, { enumerate: false, note: `${c.family} has no finite support` });
      continue;
    }
    const values = Number.isFinite(count.values) ? { values: count.values } : {};
    const no = (note: string) => out.set(c.name, { enumerate: false, ...values, note });
    if (!row.enumerates) no(`--estimator ${opts.estimator} does not sum latents out (its row of the estimator table has no \`enumerates\`)`);
    else if (c.site.scope !== 'local') no(`\`${c.name}\` is global (one value shared by every datapoint); only local latents are summed out`);
    else if (count.values > MAX_ENUMERATED_VALUES) no(`${count.type} has ${count.text} values > ${MAX_ENUMERATED_VALUES}`);
    else if (scored.length > 0) no(`${scored.map((s) => `\`${s}\``).join(', ')} ${scored.length === 1 ? 'needs' : 'need'} the score function, whose surrogate is not weighted over enumerated values`);
    else if (joint * count.values > MAX_ENUMERATED_JOINT) no(`${count.type} has ${count.text} values, and with ${taken.map((t) => `\`${t}\``).join(', ')} enumerated the joint count would be ${joint * count.values} > ${MAX_ENUMERATED_JOINT}`);
    else {
      joint *= count.values;
      taken.push(c.name);
      out.set(c.name, { enumerate: true, values: count.values, note: `enumerated: ${count.type}, ${count.text} values ≤ ${MAX_ENUMERATED_VALUES}${taken.length > 1 ? ` (joint count with ${taken.slice(0, -1).map((t) => `\`${t}\``).join(', ')}: ${joint} ≤ ${MAX_ENUMERATED_JOINT})` : ''}` });
    }
  }
  return out;
}

/** The product of the enumerated sites' counts: how many times longer the draw axis is (1 without any). */
export function jointValues(plan: Plan): number {
  return plan.sites.reduce((a, s) => (s.kind === 'latent' && s.sampler === 'enumerate' ? a * (s.values ?? 1) : a), 1);
}

/**
 * Why `--discrete enumerate` cannot sum out every discrete latent of this plan, for an option error;
 * undefined when it can (or nothing is enumerated). `auto` never gets here with a misfit: it relaxes
 * what it cannot enumerate.
 */
export function enumerationMisfit(plan: Plan): string | undefined {
  const latents = plan.sites.filter((s): s is LatentPlan => s.kind === 'latent');
  const enumerated = latents.filter((s) => s.sampler === 'enumerate');
  if (enumerated.length === 0) return undefined;
  const named = (xs: readonly LatentPlan[]) => xs.map((s) => `\`${s.name}\` (${s.guide})`).join(', ');
  const otherwise = 'use --discrete auto (enumerate where allowed, relax the rest), relaxed or score-function';
  const allowed = Object.entries(ESTIMATORS).filter(([, r]) => r.enumerates).map(([n]) => n);
  if (!ESTIMATORS[plan.options.estimator].enumerates) return `--discrete enumerate is implemented for --estimator ${allowed.join(', ')} only, not ${plan.options.estimator} (${named(enumerated)} ${enumerated.length === 1 ? 'is' : 'are'} enumerated); use --estimator elbo, --discrete relaxed or --discrete score-function`;
  const global = enumerated.filter((e) => e.scope !== 'local');
  if (global.length > 0) return `--discrete enumerate sums out local latents only, but ${named(global)} ${global.length === 1 ? 'is' : 'are'} global; ${otherwise}`;
  const big = enumerated.filter((e) => !((e.values ?? Infinity) <= MAX_ENUMERATED_VALUES));
  if (big.length > 0) return `--discrete enumerate sums out latents of at most ${MAX_ENUMERATED_VALUES} values each, but ${big.map((e) => `\`${e.name}\` (${e.guide}) has ${Number.isFinite(e.values ?? Infinity) ? e.values : 'more than 2^53'}`).join(', ')}; ${otherwise}`;
  const scored = latents.filter((s) => s.sampler === 'score-function');
  if (scored.length > 0) return `--discrete enumerate needs the other latents reparameterized, but ${named(scored)} ${scored.length === 1 ? 'uses' : 'use'} the score function; ${otherwise}`;
  const joint = jointValues(plan);
  if (joint > MAX_ENUMERATED_JOINT) return `--discrete enumerate sums out at most ${MAX_ENUMERATED_JOINT} joint values, but ${named(enumerated)} have ${enumerated.map((e) => e.values).join(' · ')} = ${joint}; ${otherwise}`;
  return undefined;
}
