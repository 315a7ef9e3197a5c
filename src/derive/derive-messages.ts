/**
 * Diagnostics of the derive stage (codes E09xx): models the checker accepts but for which Tilde cannot
 * derive a guide or a plan. Each points at the latent's `~` statement and says how to get unstuck
 * (usually: write that latent's guide in a `guide { }` block).
 */
import type { Diagnostic } from '../common/diagnostic.js';
import type { LatentSite, NetSite } from '../ir/model-ir.js';

/** Code, title and explanation of every derive-stage diagnostic, for the global catalogue. */
export const DERIVE_CODES = [
  { code: 'E0901', severity: 'error', title: 'no derived guide family', explanation: "Tilde derives each latent's guide factor from its support (src/derive/families.ts). A support no derived family matches, such as the counts with a fixed total of a Multinomial latent, has no derived guide." },
  { code: 'E0902', severity: 'error', title: 'latent rank too high for a derived encoder', explanation: "A derived encoder is an MLP whose output heads are vectors; a latent with two or more axes has no derived encoder." },
  { code: 'E0904', severity: 'error', title: 'analytic KL unavailable', explanation: "With `--kl analytic` every latent's KL term must have a closed form (a registered KL pair between its guide family and its prior). It is reported by `tilde compile` and `tilde train` given that flag; `tilde check` uses the default `--kl auto`, which falls back to Monte Carlo." },
  { code: 'E0288', severity: 'error', title: 'encoder override does not fit its input', explanation: "A guide-block net named `encoder_<latent>`, for a latent the guide block does not sample, replaces that latent's derived encoder: it takes the derived encoder's input (the one `--emit guide` shows) and the family's heads follow it. Its first layer must accept that input's shape." },
  { code: 'E0905', severity: 'error', title: 'weights too large', explanation: "Before anything is allocated, Tilde counts the parameters of every net, param and derived encoder from the declared shapes (src/derive/weight-budget.ts). Weights above the budget (`--max-weight-memory`, default 256 MiB) would not fit, or would leave no room for gradients and Adam's moments (about 4× the weights)." },
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
  encoderDoesNotFit: (site: LatentSite, net: NetSite, input: readonly number[], why: string): Diagnostic => ({
    code: 'E0288', severity: 'error', span: net.span,
    message: `the encoder \`${net.name}\` replacing the derived encoder of \`${site.name}\` does not fit its input [${input.join(', ')}]: ${why}`,
    notes: [{ span: site.span, message: `\`${site.name}\` is sampled here; its derived guide reads [${input.join(', ')}]` }],
    help: `make the first layer of \`${net.name}\` take [${input.join(', ')}] (\`tilde compile --emit guide\` without it shows the derived encoder and its input)`,
  }),
  klNotAnalytic: (site: LatentSite, why: string): Diagnostic => ({
    code: 'E0904', severity: 'error', span: site.span,
    message: `\`--kl analytic\` was requested, but the KL term of \`${site.name}\` is not analytic: ${why}`,
    help: 'use `--kl auto` to fall back to Monte Carlo where no closed form applies',
  }),
};
