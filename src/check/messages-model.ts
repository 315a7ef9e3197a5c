/**
 * The semantic catalogue, continued: domains (E026x), dependencies (E027x), guides (E028x) and
 * warnings (W0xxx). See `messages.ts`.
 */
import type { Diagnostic, RelatedNote } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';
import type { ValueDomain } from '../registry/domains.js';
import { codeList, makeDiagnostic as make } from './messages.js';

// ---- domains ------------------------------------------------------------------------------------

/** E0260: a constrained parameter whose argument is not provably in the constraint's set. */
export function constraintNotProvable(span: Span, param: string, dist: string, words: string, found: ValueDomain, fix: string): Diagnostic {
  return make('E0260', span, `parameter \`${param}\` of \`${dist}\` must be ${words}, but this is only known to be ${found}`, {
    label: `${found}`,
    help: fix,
  });
}

/** E0261: an observation whose declared domain is outside the distribution's support. */
export function observationOutsideSupport(span: Span, data: string, dataDomain: ValueDomain, dist: string, support: ValueDomain, declSpan: Span, alternatives: readonly string[]): Diagnostic {
  return make('E0261', span, `\`${data}\` is declared ${dataDomain}, outside the support of \`${dist}\` (${support})`, {
    notes: [{ span: declSpan, message: `\`${data}\` declared ${dataDomain} here` }],
    help: alternatives.length > 0 ? `use a distribution whose support contains ${dataDomain}, such as ${codeList(alternatives.slice(0, 3))}` : `declare \`${data}\` with a domain inside ${support}`,
  });
}

/** E0262: `latent z: D` where the distribution's support is not inside D. */
export function latentDeclarationIncompatible(span: Span, name: string, declared: ValueDomain, dist: string, support: ValueDomain, declSpan: Span): Diagnostic {
  return make('E0262', span, `\`${name}\` is declared ${declared}, but \`${dist}\` draws values in ${support}`, {
    notes: [{ span: declSpan, message: `\`${name}\` declared ${declared} here` }],
    help: `declare it as \`${support}\` or choose a distribution with support inside ${declared}`,
  });
}

/** E0263: `param c: Count` — parameters are learned by gradient and must be continuous. */
export function discreteParam(span: Span, name: string, domain: string): Diagnostic {
  return make('E0263', span, `param \`${name}\` is declared ${domain}, but params are learned by gradient and must have a continuous domain`, {
    help: 'use `Real`, `Positive`, `Unit` or `Simplex[K]`; model a discrete unknown as a latent instead',
  });
}

// ---- dependencies -------------------------------------------------------------------------------

/** E0270: a global latent whose distribution reads data or a local latent. */
export function globalDependsOnLocal(span: Span, global: string, dep: string, depKind: string, via: readonly string[], guide: boolean): Diagnostic {
  const through = via.length > 0 ? ` (through ${codeList(via)})` : '';
  const whose = guide ? `the guide of global latent \`${global}\`` : `global latent \`${global}\``;
  return make('E0270', span, `${whose} cannot depend on ${depKind} \`${dep}\`${through}, which differs between datapoints`, {
    help: `a global is shared by all datapoints; remove \`global\` to make \`${global}\` local, or remove the dependency`,
  });
}

/** E0271: statements that depend on each other in a cycle. */
export function dependencyCycle(span: Span, cycle: readonly string[], notes: readonly RelatedNote[]): Diagnostic {
  return make('E0271', span, `dependency cycle: \`${cycle.join(' -> ')}\``, {
    notes,
    help: 'a variable cannot depend on itself, directly or through others; break the cycle',
  });
}

// ---- guide --------------------------------------------------------------------------------------

/** E0280: the guide samples something that is not a latent of the model. */
export function guideTargetNotLatent(span: Span, name: string, kind: string | undefined, suggestion?: string): Diagnostic {
  const what = kind === undefined ? 'is not a variable of the model' : `is a ${kind} of the model, not a latent`;
  return make('E0280', span, `the guide can only sample latents of the model, but \`${name}\` ${what}`, {
    help: suggestion !== undefined ? `did you mean \`${suggestion}\`?` : 'a guide gives a distribution q(z | x) to latents sampled in the model body',
  });
}

/** E0281: a guide distribution whose support differs from the latent's domain. */
export function guideSupportMismatch(span: Span, name: string, latentDomain: ValueDomain, dist: string, support: ValueDomain, alternatives: readonly string[]): Diagnostic {
  return make('E0281', span, `the guide for \`${name}\` must have support ${latentDomain}, like its prior, but \`${dist}\` has support ${support}`, {
    help: alternatives.length > 0 ? `use a distribution on ${latentDomain}, such as ${codeList(alternatives.slice(0, 3))}` : undefined,
  });
}

/** E0287: a guide whose values can leave the prior's support. */
export function guideOutsidePriorSupport(span: Span, name: string, prior: string, priorInterval: string, dist: string, guideInterval: string, culprit: string, fix: string, priorSpan: Span): Diagnostic {
  return make('E0287', span, `the guide for \`${name}\` must stay inside the support ${priorInterval} of its prior \`${prior}\`, but \`${dist}\` draws values in ${guideInterval}: ${culprit}`, {
    notes: [{ span: priorSpan, message: `prior of \`${name}\`, with support ${priorInterval}` }],
    help: fix,
  });
}

/** E0282: the guide reads a model param or let (nets are shared; params and lets are not). */
export function guideUsesModelName(span: Span, name: string, kind: string): Diagnostic {
  return make('E0282', span, `the guide cannot use the model's ${kind} \`${name}\`: only nets are shared by the model and the guide`, {
    label: `a model ${kind}, out of the guide's scope`,
    help: kind === 'let'
      ? "the guide may use data, dims, the model's nets, its own nets, params and lets, and latents it samples; write the let again inside the guide"
      : "the guide may use data, dims, the model's nets, its own nets, params and lets, and latents it samples; declare a `param` inside the guide",
  });
}

/** E0283: the guide reads a latent that it does not sample itself. */
export function guideUsesUnsampledLatent(span: Span, name: string): Diagnostic {
  return make('E0283', span, `the guide uses latent \`${name}\`, which it does not sample`, {
    help: `sample \`${name}\` in the guide too, or do not use it there (latents the guide omits get a derived guide)`,
  });
}

/** E0284: `data`, `dim`, `latent` or `factor` inside a guide. */
export function statementNotAllowedInGuide(span: Span, kind: string): Diagnostic {
  return make('E0284', span, `\`${kind}\` is not allowed inside a guide; a guide holds \`~\`, \`let\`, \`net\` and \`param\` statements`, {
    help: `move the \`${kind}\` statement to the model body`,
  });
}

/** E0285: two guide blocks in one model. */
export function duplicateGuide(span: Span, firstSpan: Span): Diagnostic {
  return make('E0285', span, 'a model can have only one `guide` block', { notes: [{ span: firstSpan, message: 'first guide here' }], help: 'merge the blocks' });
}

/** E0286: `global` in the guide disagrees with the model. */
export function guideScopeMismatch(span: Span, name: string, modelGlobal: boolean, modelSpan: Span): Diagnostic {
  const msg = modelGlobal
    ? `\`${name}\` is a global latent in the model; its guide must be written \`global ${name} ~ ...\``
    : `\`${name}\` is a local latent in the model; remove \`global\` from its guide`;
  return make('E0286', span, msg, { notes: [{ span: modelSpan, message: `\`${name}\` sampled here in the model` }] });
}

// ---- warnings -----------------------------------------------------------------------------------

/** W0001: Bernoulli observations of continuous [0, 1] data. */
export function bernoulliOnUnitData(span: Span, data: string, declSpan: Span): Diagnostic {
  return make('W0001', span, `\`${data}\` is declared Unit (continuous in (0, 1)), but \`Bernoulli\` is a distribution on {0, 1}`, {
    notes: [{ span: declSpan, message: `\`${data}\` declared here` }],
    help: '`ContinuousBernoulli` is the normalized likelihood for data in [0, 1] (Loaiza-Ganem & Cunningham 2019)',
  });
}

/** W0002: a function whose argument is not provably in its domain (`log` of a Real). */
export function argumentDomain(span: Span, fn: string, required: ValueDomain, found: ValueDomain, fix: string | undefined): Diagnostic {
  return make('W0002', span, `\`${fn}\` expects an argument that is ${required}, but this is only known to be ${found}`, fix !== undefined ? { help: fix } : {});
}

/** W0003: a declaration nothing uses. */
export function unusedDeclaration(span: Span, kind: string, name: string): Diagnostic {
  return make('W0003', span, `${kind} \`${name}\` is never used`, { help: 'remove it, or use it' });
}
