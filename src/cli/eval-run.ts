/**
 * `tilde eval DIR --data SPEC [--samples L] [--global-samples G] [--iwae K] [--json]`: the test ELBO and,
 * with `--iwae K`, the importance-weighted estimate of log p(x) (Burda et al. 2016), per datapoint in
 * nats, each with its Monte Carlo standard error; then KL per latent dimension and active units, with a
 * warning when latents have collapsed to the prior. Discrete latents are scored exactly (never relaxed).
 * With `--json` the output is `{ "elbo", "elboStandardError", "samples", "globalSamples",
 * "logLikelihood", "logLikelihoodStandardError", "k", "n", "latents" }` (null where not estimated).
 * `--globals` and `--predict y` print readouts instead (eval-readouts.ts).
 */
import { loadRun, runLoadOptions } from '../api/run-dir.js';
import { activateBackend } from './backend-activate.js';
import type { BackendFlags } from './backend-flags.js';
import { loadOptionsOf, type DataFlags } from './data-flags.js';
import { loadDataset } from '../data/dataset.js';
import type { CliIo } from './io.js';
import { UserError } from '../common/diagnostic.js';
import { runEvalReadouts, type EvalReadoutFlags } from './eval-readouts.js';

/** The parsed options of the command. */
export interface EvalFlags extends DataFlags, BackendFlags, EvalReadoutFlags {
  iwae?: string;
  samples?: string;
  globalSamples?: string;
  json?: boolean;
  seed?: string;
}

/** Default L: ELBO samples per datapoint, enough for a small standard error. */
export const DEFAULT_EVAL_SAMPLES = 10;
/** Default G: independent draws of the global latents (or IWAE estimates of a model with them). */
export const DEFAULT_EVAL_GLOBAL_SAMPLES = 10;

function countFlag(value: string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UserError(`--${flag} must be an integer ≥ ${min}, got ${value}`, 2);
  return n;
}

/**
 * `value ± se` with three decimals, or as many as show two digits of a smaller standard error; `value`
 * alone when the standard error is not finite.
 */
function withError(value: number, se: number): string {
  if (!Number.isFinite(se)) return value.toFixed(3);
  // Below a millionth the standard error is float32 noise of an exact value: three decimals show it as 0.
  const digits = se >= 1e-6 && se < 0.001 ? Math.ceil(-Math.log10(se)) + 1 : 3;
  return `${value.toFixed(digits)} ± ${se.toFixed(digits)}`;
}

const orNull = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);

/** Runs `tilde eval`. */
export async function runEval(dir: string, flags: EvalFlags, io: CliIo): Promise<number> {
  await activateBackend(flags, io, flags.json === true);
  const k = flags.iwae === undefined ? undefined : countFlag(flags.iwae, 'iwae', 1, 1);
  // Two samples are the fewest whose spread estimates a standard error.
  const samples = countFlag(flags.samples, 'samples', DEFAULT_EVAL_SAMPLES, 2);
  const globalSamples = countFlag(flags.globalSamples, 'global-samples', DEFAULT_EVAL_GLOBAL_SAMPLES, 2);
  const seed = Number(flags.seed ?? 0);
  const run = loadRun(dir);
  const { model, options } = run;
  try {
    if (flags.globals === true || flags.predict !== undefined) return await runEvalReadouts(dir, run, flags, io);
    const spec = flags.data ?? options.data.testSpec;
    if (spec === undefined) throw new UserError('tilde eval needs --data SPEC', 2);
    // The run's loading options (binarization, extra columns), except its row limit, unless overridden.
    const loading = runLoadOptions(options.data);
    const data = await loadDataset(spec, model.dataVariables, { ...loading, ...loadOptionsOf(flags) });
    const elbo = model.elbo(data, { seed, samples, globalSamples });
    const ll = k !== undefined ? model.logLikelihood(data, { k, seed, globalSamples }) : undefined;
    const latents = model.latentDiagnostics(data, { seed, samples });
    if (flags.json === true) {
      const json = {
        elbo: elbo.elbo, elboStandardError: orNull(elbo.standardError), samples, globalSamples: elbo.globalSamples ?? null,
        logLikelihood: ll?.logLikelihood ?? null, logLikelihoodStandardError: orNull(ll?.standardError), k: k ?? null, n: data.n,
        latents: latents.map((d) => ({ ...d, klStandardError: orNull(d.klStandardError) })),
      };
      io.out(`${JSON.stringify(json, null, 2)}\n`);
      return 0;
    }
    const globals = elbo.globalSamples !== undefined ? `, ${elbo.globalSamples} draws of the global latents` : '';
    io.out(`${model.name} on ${data.source}\n`);
    io.out(`  ELBO            ${withError(elbo.elbo, elbo.standardError)} nats per datapoint (${samples} samples per datapoint${globals})\n`);
    if (ll !== undefined) {
      const how = elbo.globalSamples !== undefined ? `mean of ${ll.replicates} estimates with K = ${ll.k}` : `K = ${ll.k}, ${ll.replicates} estimates per datapoint`;
      io.out(`  log p(x), IWAE  ${withError(ll.logLikelihood, ll.standardError)} nats per datapoint (${how})\n`);
    }
    io.out('  (± one standard error of the Monte Carlo estimate for this data set)\n');
    for (const d of latents) {
      const per = d.klUnit === 'event' ? 'per vector' : 'per dimension';
      io.out(`  ${d.latent}: KL ${withError(d.kl, d.klStandardError)} nats over ${d.dimensions} dimensions, ${d.activeUnits} active (${per}: ${d.klPerDimension.map((x) => x.toFixed(2)).join(' ')})\n`);
      const collapsed = d.klPerDimension.filter((x) => x < 0.01).length;
      const units = d.klUnit === 'event' ? 'vectors' : 'dimensions';
      if (collapsed > 0) io.err(`warning: ${collapsed} of ${d.klPerDimension.length} ${units} of ${d.latent} carry no information (KL < 0.01 nats): posterior collapse\n`);
    }
    return 0;
  } finally {
    model.dispose();
  }
}
