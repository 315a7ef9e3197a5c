/**
 * `tilde compile FILE [--model NAME] --emit ir|guide|plan [--json]` and `tilde compile FILE --explain`.
 * `--emit ir` prints the IR; `--emit guide` the complete guide as a `guide { … }` block ready to paste
 * into the model; `--emit plan` the estimator plan, as a table or, with `--json`,
 * `{"model": NAME, "sites": [...], "weights": [...], "maxWeightBytes": N}` with the stable field names of
 * `src/derive/plan.ts` and `src/derive/weight-budget.ts` (each net's and param's parameter count and bytes).
 * Exit codes as for `tilde check`.
 */
import type { Command } from 'commander';
import { UserError } from '../common/diagnostic.js';
import { explain } from '../derive/explain.js';
import { DEFAULT_PLAN_OPTIONS } from '../derive/plan.js';
import { estimatorChoices } from '../registry/estimators.js';
import { printIR } from '../ir/print-ir.js';
import type { CliIo } from './io.js';
import { DEFAULT_MAX_WEIGHT_BYTES, measureWeights } from '../derive/weight-budget.js';
import { addCompileOptions, compileModelFile, compileOptionsOf, type CompileFlags } from './model-input.js';
import { registerCommand } from './program.js';

interface CompileCommandFlags extends CompileFlags {
  emit?: string;
  json?: boolean;
  explain?: boolean;
}

/** Runs `tilde compile`. */
export function runCompile(file: string, flags: CompileCommandFlags, io: CliIo): number {
  if (flags.emit === undefined && flags.explain !== true) throw new UserError('tilde compile needs --emit ir|guide|plan or --explain', 2);
  if (flags.emit !== undefined && !['ir', 'guide', 'plan'].includes(flags.emit)) throw new UserError(`--emit must be ir, guide or plan, got ${flags.emit}`, 2);
  const options = compileOptionsOf(flags, file);
  const a = compileModelFile(file, options, io);
  const budget = options.maxWeightBytes ?? DEFAULT_MAX_WEIGHT_BYTES;
  if (flags.explain === true) io.out(explain(a, a.source, budget));
  if (flags.emit === 'ir') io.out(flags.json === true ? `${JSON.stringify(a.ir, (k, v) => (k === 'span' || k === 'declSpan' ? undefined : v), 2)}\n` : printIR(a.ir, a.source));
  if (flags.emit === 'guide') io.out(a.guideSource);
  if (flags.emit === 'plan') {
    const weights = measureWeights(a.rewrittenIR, a.guide).map(({ name, kind, owner, layers, parameters, bytes }) => ({ name, kind, owner, ...(layers ? { layers } : {}), parameters, bytes }));
    if (flags.json === true) io.out(`${JSON.stringify({ model: a.plan.model, sites: a.plan.sites, weights, maxWeightBytes: budget }, null, 2)}\n`);
    else io.out(explain(a, a.source, budget));
  }
  return 0;
}

registerCommand((program: Command, io: CliIo, setExit: (code: number) => void) => {
  const cmd = program
    .command('compile')
    .description('compile a model: print its IR, derived guide or estimator plan, or explain the plan')
    .argument('<file>', 'the .tilde file')
    .option('--emit <what>', 'ir, guide or plan')
    .option('--json', 'print the IR or the plan as JSON')
    .option('--explain', 'explain the derived guide and the estimator plan')
    .option('--estimator <name>', `plan for the ${estimatorChoices()} estimator`, DEFAULT_PLAN_OPTIONS.estimator);
  addCompileOptions(cmd).action((file: string, flags: CompileCommandFlags) => {
    setExit(runCompile(file, flags, io));
  });
});
