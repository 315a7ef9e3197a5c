/**
 * The readout modes of `tilde eval` (src/api/posterior.ts, predict-labels.ts), instead of the ELBO report:
 * - `--globals`: the posterior mean and sd of every global latent under its guide (q's exact moments
 *   where the factor has them, else Monte Carlo over `--draws G` joint draws with the mean's standard
 *   error), and every param's value, a point estimate; no data is needed;
 * - `--predict y --data FILE`: the accuracy and error rate of argmax q(y | rest of the row) against the
 *   file's labels, with their binomial standard errors. A discrete latent y takes its labels from the
 *   file's column `y` (which the model does not read); a data variable y is predicted with its column
 *   hidden (predict-labels.ts, `predictHiddenColumn`).
 * `--json` prints one object: `{ "globals", "params", "draws" }` and/or `{ "predict": … }`.
 */
import type { LoadedRun } from '../api/run-dir.js';
import { runLoadOptions } from '../api/run-dir.js';
import type { Posterior } from '../api/posterior.js';
import { DEFAULT_POSTERIOR_DRAWS } from '../api/posterior.js';
import type { Classification } from '../api/predict-labels.js';
import { DEFAULT_PREDICT_DRAWS } from '../api/readouts.js';
import { UserError } from '../common/diagnostic.js';
import { loadDataset } from '../data/dataset.js';
import type { DataVariable } from '../data/variables.js';
import { loadOptionsOf, type DataFlags } from './data-flags.js';
import type { CliIo } from './io.js';
import { positiveFlag } from './predict-run.js';

/** The flags of the readout modes. */
export interface EvalReadoutFlags extends DataFlags {
  globals?: boolean;
  predict?: string;
  draws?: string;
  json?: boolean;
  seed?: string;
}

/** `[i,j]` of a flat index (empty for a scalar). */
function at(flat: number, shape: readonly number[]): string {
  if (shape.length === 0) return '';
  const idx: number[] = [];
  let rest = flat;
  for (let a = shape.length - 1; a >= 0; a--) {
    idx.unshift(rest % (shape[a] as number));
    rest = Math.floor(rest / (shape[a] as number));
  }
  return `[${idx.join(',')}]`;
}

const fmt = (v: number) => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));

/** The text of `--globals`. */
function globalsText(p: Posterior): string {
  const lines: string[] = [];
  if (p.globals.length > 0) lines.push(`  global latents: posterior under the trained guide q (exact moments of q, or Monte Carlo over ${p.draws} draws ± its standard error)`);
  for (const g of p.globals) {
    const how = g.exact ? `exact moments of q (${g.family})` : `Monte Carlo, ${p.draws} draws of q (${g.family})`;
    lines.push(`    ${g.name}: ${how}`);
    g.mean.forEach((m, i) => {
      const se = g.exact ? '' : ` ± ${fmt(g.meanStandardError[i] as number)}`;
      lines.push(`      ${g.name}${at(i, g.shape)}  mean ${fmt(m)}${se}  sd ${fmt(g.sd[i] as number)}`);
    });
  }
  if (p.params.length > 0) lines.push('  params: point estimates (learned values, no posterior)');
  for (const r of p.params) r.value.forEach((v, i) => lines.push(`    ${r.name}${at(i, r.shape)}  ${fmt(v)}`));
  if (lines.length === 0) lines.push('  no global latents and no params');
  return `${lines.join('\n')}\n`;
}

/** The labels of y from the file: its own column when y is a data variable, else a column named `y` (one per element). */
async function labelsOf(run: LoadedRun, name: string, spec: string, flags: EvalReadoutFlags): Promise<Float32Array | undefined> {
  const site = run.model.artifacts.rewrittenIR.sites[name];
  if (site?.kind !== 'latent' || (site.domain !== 'Category' && site.domain !== 'Binary')) return undefined;
  const v: DataVariable = site.categories !== undefined ? { name, shape: site.shape, domain: 'Category', categories: site.categories } : { name, shape: site.shape, domain: 'Binary' };
  try {
    const labels = await loadDataset(spec, [v], { ...runLoadOptions(run.options.data), ...loadOptionsOf(flags), ignoreColumns: true });
    return labels.columns.get(name);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    const what = v.domain === 'Category' ? `a class index 0…${(v.categories ?? 1) - 1}` : 'a 0 or 1';
    throw new UserError(`--predict ${name}: the true labels of the latent \`${name}\` are read from the column ${name} of the data (${what} per row), which the model does not read: ${e.message}`, e.exitCode);
  }
}

/** The text of `--predict`. */
function predictText(c: Classification, source: string, latent: boolean): string {
  const against = latent ? `the file's column \`${c.name}\` (the model does not read it)` : `its column, hidden from the guide`;
  return [
    `  predicting ${c.name} by argmax q(${c.name} | rest of the row), ${c.draws} draws of the guide per row, against ${against}`,
    `    accuracy    ${c.accuracy.toFixed(4)} ± ${c.standardError.toFixed(4)}  (${c.correct} of ${c.n} labels, ${c.classes} classes)`,
    `    error rate  ${c.errorRate.toFixed(4)} ± ${c.standardError.toFixed(4)}`,
    `  (± one binomial standard error over the ${c.n} labels of ${source})`,
  ].join('\n') + '\n';
}

/** Runs the readout modes of `tilde eval` on a loaded run. */
export async function runEvalReadouts(dir: string, run: LoadedRun, flags: EvalReadoutFlags, io: CliIo): Promise<number> {
  const { model, options } = run;
  const seed = Number(flags.seed ?? 0);
  const json: Record<string, unknown> = {};
  let text = '';
  if (flags.globals === true) {
    const p = model.posterior({ draws: positiveFlag(flags.draws, 'draws', DEFAULT_POSTERIOR_DRAWS), seed });
    if (p.globals.length === 0 && p.params.length === 0) io.err(`note: ${model.name} has no global latents and no params; \`tilde predict ${dir}\` reads the local latents per row\n`);
    json['draws'] = p.draws;
    json['globals'] = p.globals.map((g) => ({ ...g, mean: Array.from(g.mean), sd: Array.from(g.sd), meanStandardError: Array.from(g.meanStandardError) }));
    json['params'] = p.params.map((r) => ({ ...r, value: Array.from(r.value) }));
    text += globalsText(p);
  }
  if (flags.predict !== undefined) {
    const spec = flags.data ?? options.data.testSpec;
    if (spec === undefined) throw new UserError(`--predict ${flags.predict} needs --data FILE, a labelled test file`, 2);
    // The label column of a latent is one the model does not declare.
    const data = await loadDataset(spec, model.dataVariables, { ...runLoadOptions(options.data), ...loadOptionsOf(flags), ignoreColumns: true });
    const truth = await labelsOf(run, flags.predict, spec, flags);
    const c = model.classify(data, flags.predict, truth, { draws: positiveFlag(flags.draws, 'draws', DEFAULT_PREDICT_DRAWS), seed });
    json['predict'] = c;
    text += predictText(c, data.source, truth !== undefined);
  }
  io.out(flags.json === true ? `${JSON.stringify(json, null, 2)}\n` : `${model.name}\n${text}`);
  return 0;
}
