/**
 * Diagnostics of the derive stage (codes E09xx): models the checker accepts but for which Tilde cannot
 * derive a guide or a plan. Each points at the latent's `~` statement and says how to get unstuck
 * (usually: write that latent's guide in a `guide { }` block).
 */
import type { Diagnostic } from '../common/diagnostic.js';
import type { LatentSite } from '../ir/model-ir.js';

/** Code, title and explanation of every derive-stage diagnostic, for the global catalogue. */
export const DERIVE_CODES = [
  { code: 'E0901', severity: 'error', title: 'no derived guide family', explanation: 'No variational family in the derivation table matches the latent\'s support.' },
  { code: 'E0902', severity: 'error', title: 'latent rank too high for a derived encoder', explanation: 'Derived encoders output vectors; a latent with two or more axes needs a user-written guide.' },
  { code: 'E0903', severity: 'error', title: 'encoder input rank too high', explanation: 'Derived encoders take vectors; an input with two or more axes needs a user-written guide.' },
  { code: 'E0904', severity: 'error', title: 'analytic KL unavailable', explanation: '`--kl analytic` was requested but some latent has no closed-form KL to its prior.' },
  { code: 'E0905', severity: 'error', title: 'weights too large', explanation: 'The parameters of a net (or of all nets together) would need more memory than the weight budget (`--max-weight-memory`, default 256 MiB); they are counted from the declared shapes before anything is allocated (src/derive/weight-budget.ts).' },
] as const;

const fix = (z: string) => `write the guide of \`${z}\` yourself in a \`guide { ... }\` block`;

/** Named constructors for derive-stage diagnostics. */
export const deriveMessages = {
  noFamily: (site: LatentSite, why: string): Diagnostic => ({
    code: 'E0901', severity: 'error', span: site.span,
    message: `cannot derive a guide for \`${site.name}\`: ${why}`, help: fix(site.name),
  }),
  rankTooHigh: (site: LatentSite): Diagnostic => ({
    code: 'E0902', severity: 'error', span: site.span,
    message: `cannot derive an encoder for \`${site.name}\`: expected a scalar or vector latent, found shape [${site.shape.join(', ')}]`, help: fix(site.name),
  }),
  inputRankTooHigh: (site: LatentSite, input: string): Diagnostic => ({
    code: 'E0903', severity: 'error', span: site.span,
    message: `cannot derive an encoder for \`${site.name}\`: its input \`${input}\` has more than one axis`, help: fix(site.name),
  }),
  klNotAnalytic: (site: LatentSite, why: string): Diagnostic => ({
    code: 'E0904', severity: 'error', span: site.span,
    message: `\`--kl analytic\` was requested, but the KL term of \`${site.name}\` is not analytic: ${why}`,
    help: 'use `--kl auto` to fall back to Monte Carlo where no closed form applies',
  }),
};
