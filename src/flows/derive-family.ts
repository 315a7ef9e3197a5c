/**
 * Applies `--guide-family` to the family a derived guide would otherwise take (src/derive/families.ts):
 * for a latent with support Real (whose default is the diagonal Normal),
 * - `mvn`: a MultivariateNormal whose encoder (or free parameters, for a global) emits loc and the
 *   D(D + 1)/2 entries of a Cholesky factor, mapped by `fill_scale_tril` (softplus diagonal; TFP's
 *   FillScaleTriL) — the exact family of a linear-Gaussian posterior;
 * - `<bijector>:K`: the diagonal Normal from the encoder as the base, then K steps of the bijector.
 *   Planar steps are free variational parameters per latent and step, not amortized: Rezende & Mohamed
 *   (2015, §6) amortize the base and learn the flow's weights globally, which keeps the encoder as it is
 *   and the flow's cost to 2D + 1 weights a step; an amortized planar step would need the encoder to
 *   emit 2D + 1 outputs per step and per datapoint. (IAF amortizes through its context input instead.)
 * A latent with another support keeps its family, unless the option names it (then E0901, located).
 */
import type { LatentSite } from '../ir/model-ir.js';
import type { FamilyChoice, FamilyRefusal } from '../derive/families.js';
import { BIJECTORS } from '../registry/bijectors.js';
import { repeatSteps, type FlowNode } from './flow-ir.js';
import { guideFamilyText, type GuideFamily } from './guide-family.js';

/** The family after the option, and the flow if it is one. */
export type GuideFamilyResult = { readonly choice: FamilyChoice; readonly flow?: FlowNode } | FamilyRefusal;

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * @param site - the latent
 * @param choice - the family it takes by default
 * @param fam - the requested family
 * @param named - whether the option names this latent (`z=mvn`), so a misfit is an error rather than skipped
 */
export function applyGuideFamily(site: LatentSite, choice: FamilyChoice, fam: GuideFamily, named: boolean): GuideFamilyResult {
  if (fam.kind === 'normal') return { choice };
  if (choice.family !== 'Normal') {
    return named ? { refusal: `\`--guide-family ${site.name}=${guideFamilyText(fam)}\` needs a latent with support Real, and \`${site.name}\` has support ${site.domain}` } : { choice };
  }
  if (fam.kind === 'mvn') {
    if (site.shape.length === 0) return { choice: { ...choice, reason: `${choice.reason} (mvn on a scalar latent is this Normal)` } };
    if (site.shape.length > 1) return { refusal: `\`--guide-family mvn\` needs a scalar or vector latent, and \`${site.name}\` has shape [${site.shape.join(', ')}]` };
    const d = site.shape[0] as number;
    return {
      choice: {
        family: 'MultivariateNormal',
        heads: [
          { param: 'loc', shape: site.shape, bijector: 'identity' },
          { param: 'scale_tril', shape: [d, d], rawWidth: (d * (d + 1)) / 2, bijector: 'fill_scale_tril' },
        ],
        reason: `support Real, \`--guide-family mvn\` → MultivariateNormal: loc and the ${(d * (d + 1)) / 2} entries of a Cholesky factor (fill_scale_tril: softplus diagonal), sampled as loc + L ε`,
      },
    };
  }
  const row = BIJECTORS[fam.bijector];
  const flow: FlowNode = { steps: repeatSteps(fam.bijector, fam.steps), eventSize: size(site.shape) };
  return {
    choice: { ...choice, reason: `${choice.reason}, as the base of ${fam.steps} ${row.name} step${fam.steps === 1 ? '' : 's'} (\`--guide-family ${guideFamilyText(fam)}\`; ${row.paper})` },
    flow,
  };
}
