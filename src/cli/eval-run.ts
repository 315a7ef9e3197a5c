/**
 * `tilde eval DIR --data SPEC [--iwae K] [--json]`: the test ELBO and, with `--iwae K`, the importance-
 * weighted estimate of log p(x) (Burda et al. 2016), per datapoint in nats; then KL per latent dimension
 * and active units, with a warning when latents have collapsed to the prior. With `--json` the output is
 * `{ "elbo": …, "logLikelihood": …, "k": …, "n": … }` (plus `standardError` and `latents`).
 */
import { loadRun, runLoadOptions } from '../api/run-dir.js';
import { activateBackend } from './backend-activate.js';
import type { BackendFlags } from './backend-flags.js';
import { loadOptionsOf, type DataFlags } from './data-flags.js';
import { loadDataset } from '../data/dataset.js';
import type { CliIo } from './io.js';
import { UserError } from '../common/diagnostic.js';

/** The parsed options of the command. */
export interface EvalFlags extends DataFlags, BackendFlags {
  iwae?: string;
  json?: boolean;
  seed?: string;
}

/** Runs `tilde eval`. */
export async function runEval(dir: string, flags: EvalFlags, io: CliIo): Promise<number> {
  await activateBackend(flags, io, flags.json === true);
  const k = flags.iwae === undefined ? undefined : Number(flags.iwae);
  if (k !== undefined && (!Number.isInteger(k) || k < 1)) throw new UserError(`--iwae must be a positive integer, got ${flags.iwae}`, 2);
  const seed = Number(flags.seed ?? 0);
  const { model, options } = loadRun(dir);
  try {
    const spec = flags.data ?? options.data.testSpec;
    if (spec === undefined) throw new UserError('tilde eval needs --data SPEC', 2);
    // The run's loading options (binarization, extra columns), except its row limit, unless overridden.
    const loading = runLoadOptions(options.data);
    const data = await loadDataset(spec, model.dataVariables, { ...loading, ...loadOptionsOf(flags) });
    const elbo = model.elbo(data, { seed });
    const ll = k !== undefined ? model.logLikelihood(data, { k, seed }) : undefined;
    const latents = model.latentDiagnostics(data);
    if (flags.json === true) {
      io.out(`${JSON.stringify({ elbo, logLikelihood: ll?.logLikelihood ?? null, k: k ?? null, n: data.n, standardError: ll?.standardError ?? null, latents }, null, 2)}\n`);
      return 0;
    }
    io.out(`${model.name} on ${data.source}\n`);
    io.out(`  ELBO            ${elbo.toFixed(3)} nats per datapoint\n`);
    if (ll !== undefined) {
      const se = Number.isFinite(ll.standardError) ? ` ± ${ll.standardError.toFixed(3)}` : '';
      io.out(`  log p(x), IWAE  ${ll.logLikelihood.toFixed(3)}${se} nats per datapoint (K = ${ll.k})\n`);
    }
    for (const d of latents) {
      const kl = d.klPerDimension.reduce((a, b) => a + b, 0);
      io.out(`  ${d.latent}: KL ${kl.toFixed(3)} nats over ${d.dimensions} dimensions, ${d.activeUnits} active (per dimension: ${d.klPerDimension.map((x) => x.toFixed(2)).join(' ')})\n`);
      const collapsed = d.klPerDimension.filter((x) => x < 0.01).length;
      if (collapsed > 0) io.err(`warning: ${collapsed} of ${d.dimensions} dimensions of ${d.latent} carry no information (KL < 0.01 nats): posterior collapse\n`);
    }
    return 0;
  } finally {
    model.dispose();
  }
}
