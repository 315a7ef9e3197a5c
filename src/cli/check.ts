/**
 * `tilde check FILE... [--json]`: parses and checks each file, then runs the compile stages (IR, derived
 * guide, weight budget, estimator plan; `src/compile.ts`) on every model that checks, so it reports
 * whatever `tilde compile` with default options would reject (E09xx as well as E01xx/E02xx).
 *
 * Output (fixed; tests compare it exactly):
 * - diagnostics, rendered with code frames (`src/common/render.ts`), go to standard error, one block per
 *   file that has any, each block ending with its summary line (`2 errors, 1 warning`);
 * - for every model that checks and compiles without errors, one line on standard output:
 *   `FILE: model NAME OK — latent z (local, Real[20]); observed x (Binary[784])`, listing latents (with
 *   their scope), observed data, covariates and the latents a user guide covers, each group only when
 *   non-empty;
 * - with `--json`, standard output holds only a JSON array of every diagnostic of every file, as
 *   `{file, line, column, endLine, endColumn, code, severity, message, label?, help?, children}` (1-based,
 *   end exclusive), where `children` holds the notes (each with its span) and then the help, as rustc's
 *   JSON does.
 *
 * Exit status: 0 when no file has errors (warnings allowed), 1 when some model has errors, 2 when a file
 * cannot be read (the message names the file; the other files are still checked).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { hasErrors } from '../common/diagnostic.js';
import { type DiagnosticJson, diagnosticToJson, renderDiagnostics } from '../common/render.js';
import { SourceFile } from '../common/span.js';
import type { CheckedModel } from '../check/checked-model.js';
import { formatType } from '../check/type-text.js';
import { checkThroughPlan } from '../compile.js';
import type { CliIo } from './io.js';
import { registerCommand } from './program.js';

export { formatType } from '../check/type-text.js';

/** The one-line summary of a model that checked without errors. */
export function summarizeModel(fileName: string, m: CheckedModel): string {
  const latents: string[] = [];
  const observed: string[] = [];
  const covariates: string[] = [];
  for (const s of m.symbols.values()) {
    if (s.kind === 'latent') latents.push(`${s.name} (${s.scope}, ${formatType(s.domain, s.shape, s.categories)})`);
    else if (s.kind === 'data') (s.role === 'observed' ? observed : covariates).push(`${s.name} (${formatType(s.domain, s.shape, s.categories)})`);
  }
  const groups: string[] = [];
  if (latents.length > 0) groups.push(`latent ${latents.join(', ')}`);
  if (observed.length > 0) groups.push(`observed ${observed.join(', ')}`);
  if (covariates.length > 0) groups.push(`covariate ${covariates.join(', ')}`);
  if (m.guide !== undefined) groups.push(`guide for ${[...m.guide.covered].join(', ') || 'no latent'}`);
  return `${fileName}: model ${m.name} OK — ${groups.length > 0 ? groups.join('; ') : 'no variables'}`;
}

/** Runs the check command on `files`; resolves to the exit code. */
export async function runCheck(files: readonly string[], json: boolean, io: CliIo): Promise<number> {
  let exit = 0;
  const all: DiagnosticJson[] = [];
  for (const name of files) {
    let text: string;
    try {
      text = await readFile(name, 'utf8');
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as NodeJS.ErrnoException).code === 'EISDIR' ? 'is a directory' : (e as Error).message;
      io.err(`error: cannot read ${name}: ${reason}\n`);
      exit = 2;
      continue;
    }
    const file = new SourceFile(name, text);
    const result = checkThroughPlan(file);
    if (hasErrors(result.diagnostics)) exit = Math.max(exit, 1);
    if (json) {
      all.push(...result.diagnostics.map((d) => diagnosticToJson(d, file)));
      continue;
    }
    io.err(renderDiagnostics(result.diagnostics, file));
    for (const m of result.models) if (result.compiled.has(m.name)) io.out(`${summarizeModel(name, m)}\n`);
  }
  if (json) io.out(`${JSON.stringify(all, null, 2)}\n`);
  return exit;
}

registerCommand((program: Command, io: CliIo, setExit: (code: number) => void) => {
  program
    .command('check')
    .description('parse and check model files; print diagnostics, or one OK line per model')
    .argument('<files...>', '.tilde files to check')
    .option('--json', 'print diagnostics as a JSON array on standard output')
    .action(async (files: string[], opts: { json?: boolean }) => {
      setExit(await runCheck(files, opts.json === true, io));
    });
});
