/**
 * `tilde predict DIR --data SPEC [--latent NAME]... [--draws S] [--seed s] [--out FILE.csv]`: per row of
 * the data, the posterior of each local latent as the trained guide q approximates it — mean and sd of a
 * continuous latent, class probabilities of a Bernoulli or Categorical one — and the imputed values of
 * missing data cells, Monte Carlo over S joint draws of q (exact where q's moments are; src/api/readouts.ts).
 * With `--out` it writes a CSV (a `#` line saying what the numbers are and the draws, a header row, one
 * line per datapoint; column names in readout-table.ts); without, it prints the first rows as a table.
 */
import { loadRun, runLoadOptions } from '../api/run-dir.js';
import { DEFAULT_PREDICT_DRAWS } from '../api/readouts.js';
import { UserError } from '../common/diagnostic.js';
import { loadDataset } from '../data/dataset.js';
import { writeFileAtomic } from '../infer/atomic-file.js';
import { activateBackend } from './backend-activate.js';
import type { BackendFlags } from './backend-flags.js';
import { loadOptionsOf, type DataFlags } from './data-flags.js';
import type { CliIo } from './io.js';
import { readoutCsv, readoutTable } from './readout-table.js';

/** The parsed options of the command. */
export interface PredictFlags extends DataFlags, BackendFlags {
  latent?: string[];
  draws?: string;
  seed?: string;
  out?: string;
}

/** A positive integer flag, or its default. */
export function positiveFlag(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--${flag} must be a positive integer, got ${value}`, 2);
  return n;
}

/** Runs `tilde predict`. */
export async function runPredict(dir: string, flags: PredictFlags, io: CliIo): Promise<number> {
  const draws = positiveFlag(flags.draws, 'draws', DEFAULT_PREDICT_DRAWS);
  const seed = Number(flags.seed ?? 0);
  if (!Number.isInteger(seed)) throw new UserError(`--seed must be an integer, got ${flags.seed}`, 2);
  await activateBackend(flags, io, flags.out === undefined);
  const { model, options } = loadRun(dir);
  try {
    const spec = flags.data ?? options.data.testSpec;
    if (spec === undefined) throw new UserError('tilde predict needs --data SPEC (the rows to read the posterior of)', 2);
    const data = await loadDataset(spec, model.dataVariables, { ...runLoadOptions(options.data), ...loadOptionsOf(flags) });
    const p = model.predict(data, { draws, seed, ...(flags.latent !== undefined ? { latents: flags.latent } : {}) });
    if (p.sites.length === 0) throw new UserError(`${model.name} has no local latents and ${data.source} no missing cells: there is nothing to predict per row (\`tilde eval ${dir} --globals\` reads the global latents)`, 2);
    if (flags.out === undefined) {
      io.out(readoutTable(p, data.source));
      return 0;
    }
    writeFileAtomic(flags.out, readoutCsv(p, data.source));
    io.err(`wrote ${flags.out}: ${p.n} rows, ${p.sites.map((s) => s.name).join(', ')} (${draws} draws of the guide per row)\n`);
    return 0;
  } finally {
    model.dispose();
  }
}
