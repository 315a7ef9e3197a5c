/**
 * `tilde sample (DIR | FILE [--model NAME]) -n N [--seed S] [--data FILE] [--json | --png FILE]`: ancestral draws. From a
 * run directory, of the trained model; from a model file, with freshly initialized nets and params (for a
 * model with no learned parts these are exact draws from its prior and likelihood). `--json` prints an
 * array with one object per draw mapping every latent and observed site to its value (a number or nested
 * arrays); `--png` writes a grid of the observed site's means (for image data). A model with covariates
 * (data it reads but never draws: a regression's inputs, a conditional VAE's label) is drawn given them:
 * `--data FILE` supplies them, draw i taking row i (cycling through the rows); without it the command
 * names the covariates needed, at their declarations.
 */
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../common/diagnostic.js';
import { loadRun } from '../api/run-dir.js';
import { TildeModel, type SiteArrays } from '../api/tilde-model.js';
import { writeFileAtomic } from '../infer/atomic-file.js';
import { imageGridPng } from '../plots/index.js';
import { activateBackend } from './backend-activate.js';
import type { BackendFlags } from './backend-flags.js';
import type { CliIo } from './io.js';
import { loadOptionsOf, type DataFlags } from './data-flags.js';
import { loadDataset, type Dataset } from '../data/dataset.js';
import { compileModelFile, compileOptionsOf, type CompileFlags } from './model-input.js';

/** The parsed options of the command. */
export interface SampleFlags extends CompileFlags, BackendFlags, DataFlags {
  n: string;
  seed?: string;
  json?: boolean;
  png?: string;
}

/** Nested arrays of a flat row-major block. */
function nest(values: Float32Array, offset: number, shape: readonly number[]): number | unknown[] {
  if (shape.length === 0) return values[offset] ?? NaN;
  const [d, ...rest] = shape;
  const stride = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: d ?? 0 }, (_, i) => nest(values, offset + i * stride, rest));
}

/** One JSON object per draw. */
export function drawsAsJson(values: SiteArrays, n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => {
    const row: Record<string, unknown> = {};
    for (const [site, { shape, values: v }] of values) row[site] = nest(v, i * shape.reduce((a, b) => a * b, 1), shape);
    return row;
  });
}

/** Runs `tilde sample`. */
export async function runSample(target: string, flags: SampleFlags, io: CliIo): Promise<number> {
  const n = Number(flags.n);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`-n must be a positive integer, got ${flags.n}`, 2);
  const seed = Number(flags.seed ?? 0);
  if (!Number.isInteger(seed)) throw new UserError(`--seed must be an integer, got ${flags.seed}`, 2);
  if (flags.json === true && flags.png !== undefined) throw new UserError('choose one of --json and --png', 2);
  await activateBackend(flags, io, true);
  const isRun = existsSync(target) && statSync(target).isDirectory();
  const model = isRun ? loadRun(target).model : TildeModel.create(compileModelFile(target, compileOptionsOf(flags, target), io), {}, seed);
  try {
    let covariates: Dataset | undefined;
    const needed = model.covariates;
    if (needed.length > 0) {
      if (flags.data === undefined) throw new UserError(model.covariatesNeeded('pass them with --data FILE (draw i takes the covariates of row i, cycling through the rows)') ?? '', 2);
      // Only the covariates are read: a full data file (with the observed columns too) serves as well.
      covariates = await loadDataset(flags.data, needed, { ...loadOptionsOf(flags), ignoreColumns: true });
    } else if (flags.data !== undefined) {
      throw new UserError(`--data: ${model.name} has no covariates (every data variable is drawn by the model), so sampling it reads no data`, 2);
    }
    const { values, means } = model.sample(n, { seed, ...(covariates !== undefined ? { covariates } : {}) });
    // Ancestral sampling cannot honour a `factor` (it reweights the joint): say so rather than mislead.
    const factors = model.plan.sites.filter((r) => r.kind === 'factor').map((r) => r.name);
    if (factors.length > 0) io.err(`note: ${model.name}'s factor statements (${factors.join(', ')}) reweight the joint and are ignored by ancestral sampling: these are draws from the model without them\n`);
    if (flags.png !== undefined) {
      const image = [...means.entries()].find(([, m]) => {
        const size = m.shape.reduce((a, b) => a * b, 1);
        return Number.isInteger(Math.sqrt(size)) && size >= 16;
      });
      if (image === undefined) throw new UserError(`${model.name} has no observed site that is a square image; --png needs one`, 2);
      const side = Math.round(Math.sqrt(image[1].shape.reduce((a, b) => a * b, 1)));
      writeFileAtomic(flags.png, imageGridPng(image[1].values, n, side, side));
      io.err(`wrote ${flags.png}: ${n} samples of ${image[0]} (means)\n`);
      return 0;
    }
    io.out(`${JSON.stringify(drawsAsJson(values, n))}\n`);
    return 0;
  } finally {
    model.dispose();
  }
}
