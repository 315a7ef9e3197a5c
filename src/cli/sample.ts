/** `tilde sample (DIR | FILE [--model NAME]) -n N [--seed S] [--data FILE] [--json | --png FILE]` (see sample-run.ts). */
import type { Command } from 'commander';
import { addBackendOptions } from './backend-flags.js';
import type { CliIo } from './io.js';
import { addCompileOptions } from './model-input.js';
import { registerCommand } from './program.js';
import type { SampleFlags } from './sample-run.js';

registerCommand((program: Command, io: CliIo, setExit: (code: number) => void) => {
  const cmd = program
    .command('sample')
    .description('draw from a trained run, or from a model file with freshly initialized weights')
    .argument('<target>', 'a run directory or a .tilde file')
    .requiredOption('-n <N>', 'number of draws')
    .option('--seed <s>', 'random seed', '0')
    .option('--json', 'print the draws as JSON (the default)')
    .option('--png <file>', 'write a grid of the observed means as a PNG')
    .option('--data <spec>', 'the covariates to draw a model with covariates given (FILE.csv | FILE.json | …; draw i takes row i)')
    .option('--limit <n>', 'read only the first n rows of --data');
  addCompileOptions(cmd);
  addBackendOptions(cmd);
  cmd.action(async (target: string, flags: SampleFlags) => setExit(await (await import('./sample-run.js')).runSample(target, flags, io)));
});
