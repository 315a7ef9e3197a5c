/** `tilde plot DIR [--data SPEC]` (see plot-run.ts, loaded when the command runs). */
import type { Command } from 'commander';
import { addBackendOptions } from './backend-flags.js';
import { addDataOptions } from './data-flags.js';
import type { CliIo } from './io.js';
import { registerCommand } from './program.js';
import type { PlotFlags } from './plot-run.js';

registerCommand((program: Command, io: CliIo, setExit: (code: number) => void) => {
  const cmd = program
    .command('plot')
    .description('draw the pictures of a trained run into its directory')
    .argument('<dir>', 'the run directory')
    .option('--seed <s>', 'random seed of the samples', '0');
  addDataOptions(cmd, false);
  addBackendOptions(cmd);
  cmd.action(async (dir: string, flags: PlotFlags) => setExit(await (await import('./plot-run.js')).runPlot(dir, flags, io)));
});
