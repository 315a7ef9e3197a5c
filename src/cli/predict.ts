/** `tilde predict DIR --data SPEC [--latent NAME]... [--draws S] [--out FILE.csv]` (see predict-run.ts, loaded when the command runs). */
import type { Command } from 'commander';
import { addBackendOptions } from './backend-flags.js';
import { addDataOptions } from './data-flags.js';
import type { CliIo } from './io.js';
import { registerCommand } from './program.js';
import type { PredictFlags } from './predict-run.js';

registerCommand((program: Command, io: CliIo, setExit: (code: number) => void) => {
  const cmd = program
    .command('predict')
    .description('per-row posterior readouts of a trained run: latent means and sds, class probabilities, imputed cells')
    .argument('<dir>', 'the run directory written by tilde train')
    .option('--latent <name>', 'only this local latent (repeat for several; default: every local latent)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--draws <S>', 'joint draws of the guide per row (default 100)')
    .option('--seed <s>', 'random seed of the draws', '0')
    .option('--out <file>', 'write every row and column as CSV (default: a short table on standard output)');
  addDataOptions(cmd, false);
  addBackendOptions(cmd);
  cmd.action(async (dir: string, flags: PredictFlags) => setExit(await (await import('./predict-run.js')).runPredict(dir, flags, io)));
});
