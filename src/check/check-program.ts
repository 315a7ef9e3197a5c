/**
 * The checker stage's entry: a parsed {@link Program} → checked models and semantic diagnostics
 * (`E02xx` errors, `W0xxx` warnings). {@link checkSource} runs the whole front end (parse + check) on a
 * source file. Neither throws for any user input: every problem is a diagnostic.
 *
 * Verbs: `check*` return the refined input (checked models) with the diagnostics.
 */
import type { Diagnostic } from '../common/diagnostic.js';
import type { SourceFile } from '../common/span.js';
import type { ModelDecl, Program } from '../syntax/ast.js';
import { parseProgram } from '../syntax/parse.js';
import type { CheckedModel } from './checked-model.js';
import { checkModel } from './check-model.js';
import { duplicateModel } from './messages.js';

/** What the checker produces. */
export interface CheckResult {
  /** The models without errors (they may have warnings), in source order. */
  readonly models: CheckedModel[];
  /** All diagnostics, sorted by position then code. */
  readonly diagnostics: Diagnostic[];
}

function sortByPosition(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

/** Checks every model of a program; a second model with the same name is an error (E0215). */
export function checkProgram(program: Program): CheckResult {
  return checkModels(program.models);
}

function checkModels(decls: readonly ModelDecl[]): CheckResult {
  const models: CheckedModel[] = [];
  const diagnostics: Diagnostic[] = [];
  const first = new Map<string, ModelDecl>();
  for (const decl of decls) {
    const prev = first.get(decl.name.name);
    if (prev !== undefined) diagnostics.push(duplicateModel(decl.name.span, decl.name.name, prev.name.span));
    else first.set(decl.name.name, decl);
    const r = checkModel(decl);
    diagnostics.push(...r.diagnostics);
    if (r.model !== undefined && prev === undefined) models.push(r.model);
  }
  return { models, diagnostics: sortByPosition(diagnostics) };
}

/**
 * Parses and checks a source file. A syntax error belongs to the last model that starts before it; such
 * models are not checked further (their recovered syntax tree is partial, and checking it would report
 * errors that are not there). The other models are checked as usual.
 */
export function checkSource(file: SourceFile): CheckResult {
  const parsed = parseProgram(file);
  const models = parsed.program.models;
  const broken = new Set<ModelDecl>();
  for (const d of parsed.diagnostics) {
    if (d.severity !== 'error') continue;
    let owner: ModelDecl | undefined;
    for (const m of models) if (m.span.start <= d.span.start) owner = m;
    if (owner !== undefined) broken.add(owner);
  }
  const checked = checkModels(models.filter((m) => !broken.has(m)));
  return { models: checked.models, diagnostics: sortByPosition([...parsed.diagnostics, ...checked.diagnostics]) };
}
