/**
 * The semantic diagnostic catalogue: every error and warning the checker reports, each built by a
 * named constructor (stanc3's `Semantic_error.ml`), with a stable code — `E02xx` for errors, `W0xxx`
 * for warnings. Messages say what was expected and what was found, with names in backticks; `help`
 * says how to fix it. The long explanations, examples and fixes for docs/diagnostics.md live in
 * `src/common/codes.ts`, which aggregates these codes with the syntax codes.
 */
import type { Diagnostic, RelatedNote, Severity } from '../common/diagnostic.js';
import { InternalError } from '../common/diagnostic.js';
import type { Span } from '../common/span.js';

/** A semantic code with its severity and one-line title. */
export interface SemanticCode {
  /** Stable code. */
  readonly code: string;
  /** Severity of every diagnostic with this code. */
  readonly severity: Severity;
  /** Short title (docs headings). */
  readonly title: string;
}

const e = (code: string, title: string): SemanticCode => ({ code, severity: 'error', title });
const w = (code: string, title: string): SemanticCode => ({ code, severity: 'warning', title });

/** Every semantic code, in documentation order. */
export const SEMANTIC_CODES: readonly SemanticCode[] = [
  e('E0201', 'unknown name'),
  e('E0202', 'duplicate declaration'),
  e('E0203', 'unknown distribution'),
  e('E0204', 'unknown function'),
  e('E0205', 'unknown domain'),
  e('E0206', 'unknown network architecture'),
  e('E0207', 'invalid network option'),
  e('E0208', 'wrong number of network layers'),
  e('E0209', 'variable sampled twice'),
  e('E0210', 'data variable neither observed nor used'),
  e('E0211', 'declared latent never sampled'),
  e('E0212', 'invalid size expression'),
  e('E0213', 'reserved name'),
  e('E0214', 'invalid sample target'),
  e('E0215', 'duplicate model name'),
  e('E0216', 'invalid domain arguments'),
  e('E0217', '`I` outside a distribution argument'),
  e('E0218', 'expression too deep'),
  e('E0220', 'wrong number of distribution arguments'),
  e('E0221', 'unknown distribution parameter'),
  e('E0222', 'duplicate argument'),
  e('E0223', 'mixed parameterizations'),
  e('E0224', 'distribution used as a function'),
  e('E0225', 'not a distribution'),
  e('E0226', 'wrong number of arguments'),
  e('E0227', 'named argument to a function or network'),
  e('E0228', 'not callable'),
  e('E0229', 'network used without a call'),
  e('E0230', 'positional argument after a named one'),
  e('E0231', 'mixture component is not a distribution'),
  e('E0232', 'mixture axis length mismatch'),
  e('E0240', 'shape mismatch'),
  e('E0241', 'shapes do not broadcast'),
  e('E0242', 'matrix product shape mismatch'),
  e('E0243', 'index out of bounds'),
  e('E0244', 'invalid index'),
  e('E0245', 'function argument shape'),
  e('E0246', 'parameter shape does not fit the variable'),
  e('E0247', 'undetermined shape'),
  e('E0248', 'factor is not a scalar'),
  e('E0260', 'parameter constraint not provable'),
  e('E0261', 'observation outside the support'),
  e('E0262', 'latent declaration incompatible with its distribution'),
  e('E0263', 'discrete param'),
  e('E0270', 'global latent depends on a per-datapoint value'),
  e('E0271', 'dependency cycle'),
  e('E0280', 'guide samples a non-latent'),
  e('E0281', 'guide support does not match the latent'),
  e('E0282', 'guide uses a model-only name'),
  e('E0283', 'guide uses a latent it does not sample'),
  e('E0320', 'malformed flow in a guide'),
  e('E0321', 'auxiliary variable in a guide'),
  e('E0284', 'statement not allowed in a guide'),
  e('E0285', 'more than one guide block'),
  e('E0286', 'guide scope differs from the model'),
  e('E0287', 'guide support leaves the prior support'),
  w('W0001', 'Bernoulli likelihood on continuous data'),
  w('W0002', 'function argument outside its domain'),
  w('W0003', 'unused declaration'),
];

const SEVERITY = new Map(SEMANTIC_CODES.map((c) => [c.code, c.severity]));

/** Optional parts of a diagnostic. */
export interface DiagnosticExtra {
  /** Text under the caret. */
  readonly label?: string;
  /** Related locations. */
  readonly notes?: readonly RelatedNote[];
  /** How to fix it. */
  readonly help?: string;
}

/**
 * Builds a diagnostic with the catalogue's severity for `code` (used by the `messages*.ts` files only).
 * A code missing from {@link SEMANTIC_CODES} is a bug in Tilde.
 */
export function makeDiagnostic(code: string, span: Span, message: string, extra: DiagnosticExtra = {}): Diagnostic {
  const severity = SEVERITY.get(code);
  if (severity === undefined) throw new InternalError(`diagnostic code ${code} is not in the catalogue`);
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { code, severity, message, span };
  if (extra.label !== undefined) d.label = extra.label;
  if (extra.notes !== undefined && extra.notes.length > 0) d.notes = extra.notes;
  if (extra.help !== undefined) d.help = extra.help;
  return d;
}

const make = makeDiagnostic;

/** `help: did you mean …?` when there is a suggestion. */
export const didYouMean = (s: string | undefined): DiagnosticExtra => (s === undefined ? {} : { help: `did you mean \`${s}\`?` });

/** Names in backticks, comma-separated. */
export const codeList = (xs: readonly string[]): string => xs.map((x) => `\`${x}\``).join(', ');
const list = codeList;

// ---- names and declarations -------------------------------------------------------------------

/** E0201: a name that nothing declares. */
export function unknownName(span: Span, name: string, suggestion?: string, help?: string): Diagnostic {
  return make('E0201', span, `unknown name \`${name}\``, help !== undefined ? { label: 'not declared', help } : { label: 'not declared', ...didYouMean(suggestion) });
}

/** E0202: a name declared twice. */
export function duplicateDeclaration(span: Span, name: string, firstSpan: Span): Diagnostic {
  return make('E0202', span, `\`${name}\` is declared more than once`, {
    label: 'declared again here',
    notes: [{ span: firstSpan, message: `\`${name}\` first declared here` }],
    help: 'rename one of them',
  });
}

/** E0203: the right of `~` names no distribution. */
export function unknownDistribution(span: Span, name: string, suggestion?: string): Diagnostic {
  return make('E0203', span, `unknown distribution \`${name}\``, {
    label: 'not a distribution',
    help: suggestion !== undefined ? `did you mean \`${suggestion}\`?` : 'see the distribution table in docs/language.md',
  });
}

/**
 * E0204: a call to something that is neither a function nor a network; `guideOnly` when the name is a
 * net of the guide block, which the model cannot see.
 */
export function unknownFunction(span: Span, name: string, suggestion?: string, guideOnly = false): Diagnostic {
  if (guideOnly) {
    return make('E0204', span, `unknown function or network \`${name}\`: it is declared in the guide block, whose names are not visible to the model`, {
      label: 'declared only in the guide',
      help: `declare \`${name}\` outside the guide block if the model needs it (the guide then cannot use it: declare a separate net there)`,
    });
  }
  return make('E0204', span, `unknown function or network \`${name}\``, { label: 'not declared', ...didYouMean(suggestion) });
}

/** E0205: a type names no domain. */
export function unknownDomain(span: Span, name: string, suggestion: string | undefined, known: readonly string[]): Diagnostic {
  return make('E0205', span, `unknown domain \`${name}\`; expected one of ${list(known)}`, didYouMean(suggestion));
}

/** E0206: `net f: Foo(…)` with an unknown architecture. */
export function unknownNetArchitecture(span: Span, name: string, suggestion: string | undefined, known: readonly string[]): Diagnostic {
  return make('E0206', span, `unknown network architecture \`${name}\`; expected one of ${list(known)}`, didYouMean(suggestion));
}

/** E0207: an option name a network does not take. */
export function unknownNetOption(span: Span, option: string, arch: string, allowed: readonly string[]): Diagnostic {
  return make('E0207', span, `\`${arch}\` has no option \`${option}\`; expected ${allowed.length ? list(allowed) : 'no options'}`);
}

/** E0207: the same option given twice. */
export function duplicateNetOption(span: Span, option: string, firstSpan: Span): Diagnostic {
  return make('E0207', span, `option \`${option}\` is given more than once`, { notes: [{ span: firstSpan, message: 'first given here' }] });
}

/** E0207: an activation name not allowed for that option. */
export function unknownActivation(span: Span, option: string, name: string, allowed: readonly string[], suggestion?: string): Diagnostic {
  return make('E0207', span, `unknown \`${option}\` activation \`${name}\`; expected one of ${list(allowed)}`, didYouMean(suggestion));
}

/** E0207: a required layer option not given (`Conv2d` without `kernel`). */
export function missingNetOption(span: Span, layer: string, option: string): Diagnostic {
  return make('E0207', span, `\`${layer}\` needs the option \`${option}\``, { help: `write \`${layer}(…, ${option} = …)\`` });
}

/** E0208: a network with the wrong number of layer sizes. */
export function wrongLayerCount(span: Span, arch: string, expected: string, found: number): Diagnostic {
  const unit = expected.includes('layer') ? 'layer' : 'size';
  return make('E0208', span, `\`${arch}\` expects ${expected}, found ${found} ${found === 1 ? unit : `${unit}s`}`, {
    help: arch === 'Linear' ? 'write `Linear(in -> out)`, or use `MLP(in -> hidden -> out)` for hidden layers' : arch === 'MLP' ? 'write `MLP(in -> hidden -> out)`' : `write \`${arch}(in -> out)\``,
  });
}

/** E0208: layer arguments of the wrong form (a layer where sizes are expected, arguments to `relu`, …). */
export function invalidLayerArguments(span: Span, detail: string, help: string): Diagnostic {
  return make('E0208', span, detail, { help });
}

/** E0209: a second `~` statement for the same variable. */
export function sampledTwice(span: Span, name: string, firstSpan: Span): Diagnostic {
  return make('E0209', span, `\`${name}\` is sampled more than once`, {
    label: 'sampled again here',
    notes: [{ span: firstSpan, message: `\`${name}\` first sampled here` }],
    help: 'give each random variable exactly one `~` statement',
  });
}

/** E0210: a data variable that no statement observes or reads. */
export function unusedData(span: Span, name: string): Diagnostic {
  return make('E0210', span, `data \`${name}\` is neither observed nor used`, {
    help: `observe it with \`${name} ~ …\`, use it as a covariate in an expression, or remove the declaration`,
  });
}

/** E0211: `latent z: …` without `z ~ …`. */
export function latentNeverSampled(span: Span, name: string): Diagnostic {
  return make('E0211', span, `latent \`${name}\` is declared but never sampled`, { help: `add \`${name} ~ Dist(...);\` or remove the declaration` });
}

/** E0212: a size expression that is not a positive integer constant. */
export function invalidSize(span: Span, detail: string): Diagnostic {
  return make('E0212', span, `invalid size: ${detail}`, { help: 'sizes are positive integers written with literals, dims and `+ - *`' });
}

/** E0213: declaring a built-in name. */
export function reservedName(span: Span, name: string, what: string): Diagnostic {
  return make('E0213', span, `\`${name}\` is a built-in ${what} and cannot be declared`, { help: 'choose another name' });
}

/** E0214: `~` with a target that is not a random variable. */
export function invalidSampleTarget(span: Span, name: string, kind: string, declSpan: Span): Diagnostic {
  return make('E0214', span, `cannot sample \`${name}\`: it is a ${kind}, not a random variable`, {
    notes: [{ span: declSpan, message: `\`${name}\` declared here` }],
    help: 'only data (observations) and latents can be on the left of `~`',
  });
}

/** E0214: `global x ~ …` where `x` is data. */
export function globalObservation(span: Span, name: string): Diagnostic {
  return make('E0214', span, `\`global\` applies to latents, but \`${name}\` is data (one value per datapoint)`, { help: 'remove `global`' });
}

/** E0215: two models with the same name in one file. */
export function duplicateModel(span: Span, name: string, firstSpan: Span): Diagnostic {
  return make('E0215', span, `model \`${name}\` is defined more than once in this file`, { notes: [{ span: firstSpan, message: 'first defined here' }] });
}

/** E0216: wrong arguments or shape for a domain. */
export function invalidDomainArgs(span: Span, detail: string, help: string): Diagnostic {
  return make('E0216', span, detail, { help });
}

/** E0217: `I` where there is no sampled variable to take its shape from. */
export function identityOutsideDistribution(span: Span): Diagnostic {
  return make('E0217', span, '`I` is only allowed inside the arguments of a distribution on the right of `~`', {
    label: 'no sampled variable here',
    help: '`I` takes the shape of the variable being sampled; elsewhere write `1` and let it broadcast',
  });
}

/** E0218: an expression tree deeper than the checker walks. */
export function expressionTooDeep(span: Span, depth: number, max: number): Diagnostic {
  return make('E0218', span, `this expression is nested ${depth} levels deep; the checker handles at most ${max}`, {
    help: 'split it into `let` bindings (a long sum or product nests one level per term)',
  });
}
