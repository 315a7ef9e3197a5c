/**
 * `tilde plot DIR [--data SPEC]`: (re)draws a run's pictures — samples, reconstructions, the 2-D manifold,
 * the latent scatter and the training curve — from its latest checkpoint and metrics.
 */
import { loadRun, runLoadOptions, readMetrics } from '../api/run-dir.js';
import { writePictures, type CurveRow } from '../api/pictures.js';
import { activateBackend } from './backend-activate.js';
import type { BackendFlags } from './backend-flags.js';
import { companionTestSpec, loadOptionsOf, type DataFlags } from './data-flags.js';
import { loadDataset } from '../data/dataset.js';
import type { CliIo } from './io.js';

/** The parsed options of the command. */
export interface PlotFlags extends DataFlags, BackendFlags {
  seed?: string;
}

/** Runs `tilde plot`. */
export async function runPlot(dir: string, flags: PlotFlags, io: CliIo): Promise<number> {
  await activateBackend(flags, io, true);
  const { model, options } = loadRun(dir);
  try {
    const spec = flags.data ?? options.data.testSpec ?? companionTestSpec(options.data.spec);
    const loading = runLoadOptions(options.data);
    const test = spec !== undefined ? await loadDataset(spec, model.dataVariables, { ...loading, ...loadOptionsOf(flags) }) : undefined;
    const pics = await writePictures(dir, model, readMetrics(dir) as unknown as CurveRow[], test, Number(flags.seed ?? 0));
    for (const p of pics) io.err(`wrote ${dir}/${p.file}: ${p.what}\n`);
    return 0;
  } finally {
    model.dispose();
  }
}
