/**
 * `tilde plot DIR [--data SPEC]`: (re)draws a run's pictures — samples, reconstructions, the 2-D manifold,
 * the latent scatter and the training curve — from its latest checkpoint and metrics.
 */
import type { Command } from 'commander';
import { loadRun, readMetrics } from '../api/run-dir.js';
import { writePictures, type CurveRow } from '../api/pictures.js';
import { activateBackend, addBackendOptions, type BackendFlags } from './backend-flags.js';
import { addDataOptions, companionTestSpec, loadFor, loadOptionsOf, type DataFlags } from './data-flags.js';
import type { CliIo } from './io.js';
import { registerCommand } from './program.js';

interface PlotFlags extends DataFlags, BackendFlags {
  seed?: string;
}

/** Runs `tilde plot`. */
export async function runPlot(dir: string, flags: PlotFlags, io: CliIo): Promise<number> {
  await activateBackend(flags, io, true);
  const { model, options } = loadRun(dir);
  try {
    const spec = flags.data ?? options.data.testSpec ?? companionTestSpec(options.data.spec);
    const { spec: _s, testSpec: _t, limit: _l, ...loading } = options.data;
    const test = spec !== undefined ? await loadFor(spec, model.dataVariables, { ...loading, ...loadOptionsOf(flags) }) : undefined;
    const pics = await writePictures(dir, model, readMetrics(dir) as unknown as CurveRow[], test, Number(flags.seed ?? 0));
    for (const p of pics) io.err(`wrote ${dir}/${p.file}: ${p.what}\n`);
    return 0;
  } finally {
    model.dispose();
  }
}

registerCommand((program: Command, io: CliIo, setExit: (code: number) => void) => {
  const cmd = program
    .command('plot')
    .description('draw the pictures of a trained run into its directory')
    .argument('<dir>', 'the run directory')
    .option('--seed <s>', 'random seed of the samples', '0');
  addDataOptions(cmd, false);
  addBackendOptions(cmd);
  cmd.action(async (dir: string, flags: PlotFlags) => setExit(await runPlot(dir, flags, io)));
});
