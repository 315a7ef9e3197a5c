/**
 * The compiler pipeline, end to end and in order: source → (parse, check) → checked model → IR →
 * safe-numerics rewrites → derived guide → weight budget → estimator plan. Each stage is one call into
 * its folder; this file only threads their results and stops between stages when one reports errors.
 */
import { hasErrors, type Diagnostic } from './common/diagnostic.js';
import { SourceFile } from './common/span.js';
import type { CheckedModel } from './check/checked-model.js';
import { checkSource } from './check/check-program.js';
import { buildIR } from './ir/build-ir.js';
import type { ModelIR } from './ir/model-ir.js';
import { rewriteIR } from './derive/rewrites.js';
import { DEFAULT_SCALE_FLOOR, deriveGuide, type DeriveGuideOptions } from './derive/derive-guide.js';
import type { GuideIR } from './derive/guide-ir.js';
import { DEFAULT_PLAN_OPTIONS, derivePlan, type Plan, type PlanOptions } from './derive/plan.js';
import { ESTIMATORS } from './registry/estimators.js';
import { emitGuide } from './derive/emit-guide.js';
import { DEFAULT_MAX_WEIGHT_BYTES, measureWeights, verifyWeightBudget } from './derive/weight-budget.js';

/** Options of {@link compile}. */
export interface CompileOptions extends DeriveGuideOptions, Partial<PlanOptions> {
  /** Which model of the file (required when it holds several). */
  readonly model?: string;
  /** The name diagnostics use for the source (a path). Default `<input>`. */
  readonly fileName?: string;
  /** Largest number of bytes all weights together may take (E0905 above it). Default {@link DEFAULT_MAX_WEIGHT_BYTES}. */
  readonly maxWeightBytes?: number;
}

/** The static result of compiling one model: everything but the weights. */
export interface CompiledArtifacts {
  /** The source text compiled, with its name (spans in every artifact index into it). */
  readonly source: SourceFile;
  /** The front end's output for the chosen model: resolved names, shapes, domains, order. */
  readonly checked: CheckedModel;
  /** The IR as built from the checked model (`--emit ir`). */
  readonly ir: ModelIR;
  /** The IR after safe-numerics rewrites: what the runtime evaluates. */
  readonly rewrittenIR: ModelIR;
  /** The guide q(z | x): derived factors and the user's guide block, as one program (`--emit guide` prints it). */
  readonly guide: GuideIR;
  /** The per-site estimator plan (`--emit plan`, `--explain`). */
  readonly plan: Plan;
  /** The guide as Tilde source (`--emit guide`). */
  readonly guideSource: string;
  /** Warnings collected on the way. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Either the artifacts, or the diagnostics that stopped compilation (with `source` for rendering). */
export type CompileResult =
  | {
      /** Compilation succeeded. */
      readonly ok: true;
      /** Everything compiled, ready for {@link TildeModel.create}. */
      readonly artifacts: CompiledArtifacts;
      /** Warnings (no errors), in the order the stages reported them. */
      readonly diagnostics: readonly Diagnostic[];
      /** The source, for rendering the diagnostics. */
      readonly source: SourceFile;
    }
  | {
      /** A stage reported errors; later stages did not run. */
      readonly ok: false;
      /** At least one error, with the warnings reported before it. */
      readonly diagnostics: readonly Diagnostic[];
      /** The source, for rendering the diagnostics. */
      readonly source: SourceFile;
    };

/** Compiles one checked model (the stages after the front end). */
export function compileChecked(checked: CheckedModel, source: SourceFile, given: CompileOptions = {}): CompileResult {
  const estimator = given.estimator ?? DEFAULT_PLAN_OPTIONS.estimator;
  // An estimator for discrete latents (its row's `discrete: 'exact'`) has them drawn exactly, whatever was asked.
  const options: CompileOptions = ESTIMATORS[estimator].discrete === 'exact' ? { ...given, discrete: 'score-function' } : given;
  const planOptions: PlanOptions = {
    estimator,
    kl: options.kl ?? DEFAULT_PLAN_OPTIONS.kl,
    discrete: options.discrete ?? DEFAULT_PLAN_OPTIONS.discrete,
    temperature: options.temperature ?? DEFAULT_PLAN_OPTIONS.temperature,
    ...(options.forceScoreFunction === true ? { forceScoreFunction: true } : {}),
  };
  const ir = buildIR(checked);
  const { ir: rewrittenIR, notes } = rewriteIR(ir, { scaleFloor: options.scaleFloor ?? DEFAULT_SCALE_FLOOR });
  const derived = deriveGuide(rewrittenIR, options);
  if (hasErrors(derived.diagnostics)) return { ok: false, diagnostics: derived.diagnostics, source };
  // Before any stage allocates: weights that would not fit are a located error, not an OOM crash.
  const budget = verifyWeightBudget(measureWeights(rewrittenIR, derived.guide), options.maxWeightBytes ?? DEFAULT_MAX_WEIGHT_BYTES);
  if (budget.length > 0) return { ok: false, diagnostics: [...derived.diagnostics, ...budget], source };
  const planned = derivePlan(rewrittenIR, derived.guide, notes, planOptions);
  const diagnostics = [...derived.diagnostics, ...planned.diagnostics];
  if (hasErrors(diagnostics)) return { ok: false, diagnostics, source };
  const guideSource = emitGuide(derived.guide, ir);
  const artifacts: CompiledArtifacts = { source, checked, ir, rewrittenIR, guide: derived.guide, plan: planned.plan, guideSource, diagnostics };
  return { ok: true, artifacts, diagnostics, source };
}

/** Picks the model to compile from a file's models. */
function pickModel(models: readonly CheckedModel[], name: string | undefined): CheckedModel | string {
  if (name !== undefined) {
    const m = models.find((x) => x.name === name);
    return m ?? `no model named \`${name}\`; the file defines ${models.map((x) => `\`${x.name}\``).join(', ') || 'none'}`;
  }
  const [first] = models;
  if (models.length === 1 && first !== undefined) return first;
  return models.length === 0 ? 'the file defines no model' : `the file defines several models (${models.map((x) => x.name).join(', ')}); choose one with --model NAME`;
}

/** Compiles Tilde source: front end, then {@link compileChecked} on the chosen model. */
export function compile(
  text: string,
  options: CompileOptions = {},
): CompileResult | {
  /** The file checked, but no single model could be chosen. */
  readonly ok: false;
  /** Why not, for the user: no model named {@link CompileOptions.model}, none in the file, or several and none chosen. */
  readonly usage: string;
  /** The front end's warnings for the file. */
  readonly diagnostics: readonly Diagnostic[];
  /** The source, for rendering the diagnostics. */
  readonly source: SourceFile;
} {
  const source = new SourceFile(options.fileName ?? '<input>', text);
  const front = checkSource(source);
  if (hasErrors(front.diagnostics)) return { ok: false, diagnostics: front.diagnostics, source };
  const picked = pickModel(front.models, options.model);
  if (typeof picked === 'string') return { ok: false, usage: picked, diagnostics: front.diagnostics, source };
  const result = compileChecked(picked, source, options);
  return { ...result, diagnostics: [...front.diagnostics.filter((d) => d.span.start >= picked.span.start && d.span.end <= picked.span.end), ...result.diagnostics] };
}

/** What `tilde check` and the language server report for a file: every diagnostic compilation would. */
export interface CheckThroughPlanResult {
  /** The front end's diagnostics, then each checked model's compile diagnostics, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Models without front-end errors, in source order. */
  readonly models: readonly CheckedModel[];
  /** Artifacts of each model that also compiles, by model name. */
  readonly compiled: ReadonlyMap<string, CompiledArtifacts>;
}

/**
 * Runs the front end, then {@link compileChecked} on every model without front-end errors, so a check
 * reports whatever `tilde compile` (with the same options) would reject: E09xx as well as E01xx/E02xx.
 */
export function checkThroughPlan(source: SourceFile, options: Omit<CompileOptions, 'model' | 'fileName'> = {}): CheckThroughPlanResult {
  const front = checkSource(source);
  const diagnostics: Diagnostic[] = [...front.diagnostics];
  const compiled = new Map<string, CompiledArtifacts>();
  for (const m of front.models) {
    const r = compileChecked(m, source, options);
    diagnostics.push(...r.diagnostics);
    if (r.ok && !hasErrors(r.diagnostics)) compiled.set(m.name, r.artifacts);
  }
  diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
  return { diagnostics, models: front.models, compiled };
}
