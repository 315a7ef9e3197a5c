/**
 * `tilde eval DIR --data SPEC [--samples L] [--global-samples G] [--iwae K] [--json]`, and the readouts
 * `tilde eval DIR --globals` and `tilde eval DIR --predict y --data FILE` (see eval-run.ts and
 * eval-readouts.ts, loaded when the command runs).
 */
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
    .option('--samples <L>', 'ELBO samples per datapoint (≥ 2; their spread gives the standard error; default 10)')
    .option('--global-samples <G>', 'models with global latents: independent draws of them, each a pass over the data (≥ 2; default 10)')
    .option('--iwae <K>', 'also estimate log p(x) with K importance samples (two estimates per datapoint, or G for a model with global latents)')
    .option('--seed <s>', 'random seed of the estimates', '0')
    .option('--json', 'print a JSON object')
    .option('--globals', 'instead: the posterior mean and sd of every global latent under its guide, and the params\' values (no data needed)')
    .option('--predict <y>', 'instead: accuracy and error rate of argmax q(y | rest of the row) against the labels of --data (y discrete)')
    .option('--draws <S>', 'with --globals or --predict: guide draws (default 1000 for --globals where moments are not exact, 100 per row for --predict)');
  addDataOptions(cmd, false);
  addBackendOptions(cmd);
  cmd.action(async (dir: string, flags: EvalFlags) => setExit(await (await import('./eval-run.js')).runEval(dir, flags, io)));
});
