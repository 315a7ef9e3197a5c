/**
 * `tilde plot DIR [--data SPEC]`: (re)draws a run's pictures — samples, reconstructions, the 2-D manifold,
 * the latent scatter and the training curve — from its latest checkpoint and metrics.
 */
import { UserError } from '../common/diagnostic.js';
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
    // A covariate model is drawn given covariates: of the test rows, else of the training data's rows.
    let covariateRows = test;
    if (covariateRows === undefined && model.covariates.length > 0) {
      try {
        covariateRows = await loadDataset(options.data.spec, model.covariates, { ...loading, ignoreColumns: true, limit: 64 });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        io.err(`warning: no covariates to draw ${model.name} with (${e.message}); pass --data FILE to draw its samples\n`);
      }
    }
    const pics = await writePictures(dir, model, readMetrics(dir) as unknown as CurveRow[], test, Number(flags.seed ?? 0), covariateRows);
    for (const p of pics) io.err(`wrote ${dir}/${p.file}: ${p.what}\n`);
    return 0;
  } finally {
    model.dispose();
  }
}
