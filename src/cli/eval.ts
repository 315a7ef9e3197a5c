/** `tilde eval DIR --data SPEC [--iwae K] [--json]` (see eval-run.ts, loaded when the command runs). */
import type { Command } from 'commander';
import { addBackendOptions } from './backend-flags.js';
import { addDataOptions } from './data-flags.js';
import type { CliIo } from './io.js';
import { registerCommand } from './program.js';
import type { EvalFlags } from './eval-run.js';

registerCommand((program: Command, io: CliIo, setExit: (code: number) => void) => {
  const cmd = program
    .command('eval')
    .description('evaluate a trained run: test ELBO, IWAE log-likelihood, KL per latent dimension, active units')
    .argument('<dir>', 'the run directory written by tilde train')
    .option('--iwae <K>', 'also estimate log p(x) with K importance samples')
    .option('--seed <s>', 'random seed of the estimates', '0')
    .option('--json', 'print a JSON object');
  addDataOptions(cmd, false);
  addBackendOptions(cmd);
  cmd.action(async (dir: string, flags: EvalFlags) => setExit(await (await import('./eval-run.js')).runEval(dir, flags, io)));
});
