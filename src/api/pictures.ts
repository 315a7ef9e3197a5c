/**
 * The pictures of a trained model, written as PNG files into its run directory (Kingma & Welling 2014,
 * Figs. 4–5 and the seed's latent-space figure): `samples.png` (64 ancestral samples, Bernoulli means),
 * `reconstructions.png` (test digits beside their reconstructions), `manifold.png` (the decoded grid of
 * Normal quantiles, for a model with a single 2-D Normal latent), `latent-scatter.png` (test-set
 * posterior means coloured by label; PCA when the latent has more than two dimensions) and
 * `training-curve.png` (ELBO per epoch). Image pictures need an observed site that is a square image.
 */
import { join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { sliceRows } from '../data/dataset.js';
import { imageGridPng, latentScatterPng, manifoldPng, reconstructionPng, trainingCurvePng } from '../plots/index.js';
import { writeFileAtomic } from '../infer/atomic-file.js';
import type { TildeModel } from './tilde-model.js';

/** The pictures written, by file name, with what each shows. */
export type PictureList = {
  /** The PNG's file name inside the directory (`samples.png`, `training-curve.png`, …). */
  readonly file: string;
  /** A one-line caption: what the picture shows. */
  readonly what: string;
}[];

/** The observed site to draw as images and its height × width, if it is a square image. */
function imageSite(model: TildeModel): { name: string; side: number } | undefined {
  for (const r of model.plan.sites) {
    if (r.kind !== 'observed') continue;
    const shape = model.artifacts.rewrittenIR.sites[r.name]?.shape ?? [];
    const size = shape.reduce((a, b) => a * b, 1);
    const side = Math.round(Math.sqrt(size));
    // A square grey image: flat [s·s], [s, s], or channel-first with one channel [1, s, s].
    const square = shape.length === 1 || (shape.length === 2 && shape[0] === shape[1]) || (shape.length === 3 && shape[0] === 1 && shape[1] === shape[2]);
    if (side >= 4 && side * side === size && square) return { name: r.name, side };
  }
  return undefined;
}

/** The latent to scatter: the first local vector latent in guide order (the one closest to the data). */
function scatterLatent(model: TildeModel): { name: string; dims: number } | undefined {
  for (const z of model.artifacts.guide.order) {
    const s = model.artifacts.rewrittenIR.sites[z];
    if (s?.kind === 'latent' && s.scope === 'local' && s.shape.length === 1 && (s.shape[0] ?? 0) >= 2) return { name: z, dims: s.shape[0] ?? 0 };
  }
  return undefined;
}

/** The covariates of the first row of `rows`, repeated `count` times (flat `[count × size]` arrays). */
function firstRowCovariates(model: TildeModel, rows: Dataset | undefined, count: number): [string, Float32Array][] {
  if (rows === undefined) return [];
  return model.covariates.map((v) => {
    const size = v.shape.reduce((a, b) => a * b, 1);
    const first = (rows.columns.get(v.name) ?? new Float32Array(size)).subarray(0, size);
    const out = new Float32Array(count * size);
    for (let i = 0; i < count; i++) out.set(first, i * size);
    return [v.name, out];
  });
}

/** One row of `metrics.jsonl`, as far as the curve needs it. */
export interface CurveRow {
  /** The epoch, counted from 1 (the x axis). */
  readonly epoch: number;
  /** Mean per-datapoint training bound over the epoch, in nats. */
  readonly trainBound?: number;
  /** What `trainBound` is (`ELBO`, `IWAE-5`, `relaxed ELBO`, …). */
  readonly objective?: string;
  /** The training bound in runs written before `trainBound` existed (whatever the estimator). */
  readonly trainElbo?: number;
  /** Mean per-datapoint test ELBO after the epoch, when the run evaluated a test set. */
  readonly testElbo?: number;
  /** Mean per-datapoint validation ELBO after the epoch, when the run held rows out. */
  readonly validationElbo?: number;
}

/**
 * Writes every picture that applies to this model into `dir`; returns what was written. A model with
 * covariates (a conditional VAE's label, a regression's inputs) is drawn given the covariates of the
 * first rows of `covariateRows` (default: the test rows); without such rows its samples and manifold
 * are left out.
 */
export async function writePictures(
  dir: string,
  model: TildeModel,
  metrics: readonly CurveRow[],
  test: Dataset | undefined,
  seed = 0,
  covariateRows: Dataset | undefined = test,
): Promise<PictureList> {
  const written: PictureList = [];
  const put = (file: string, png: Buffer, what: string) => {
    writeFileAtomic(join(dir, file), png);
    written.push({ file, what });
  };
  const conditional = model.covariates.length > 0;
  const given = conditional && covariateRows !== undefined && covariateRows.n > 0 ? covariateRows : undefined;
  const givenText = (rows: number) => (given === undefined ? '' : ` given the ${model.covariates.map((v) => v.name).join(', ')} of ${rows === 1 ? 'the first row' : `the first ${Math.min(rows, given.n)} rows`} of ${given.source}`);
  const img = imageSite(model);
  if (img !== undefined) {
    const { side, name } = img;
    const means = conditional && given === undefined ? undefined : model.sample(64, { seed, ...(given !== undefined ? { covariates: given } : {}) }).means.get(name);
    if (means !== undefined) put('samples.png', imageGridPng(means.values, 64, side, side, { cols: 8 }), `64 ancestral samples (means of the observation model)${givenText(64)}`);
    if (test !== undefined && test.n > 0) {
      const rows = sliceRows(test, 0, Math.min(32, test.n));
      const original = rows.columns.get(name);
      const recon = model.reconstruct(rows).get(name);
      if (original !== undefined && recon !== undefined) put('reconstructions.png', reconstructionPng(original, recon.values, rows.n, side, side), `${rows.n} test images beside their reconstructions`);
    }
    const locals = model.artifacts.guide.order.filter((z) => model.artifacts.rewrittenIR.sites[z]?.kind === 'latent');
    const only = locals.length === 1 ? model.artifacts.rewrittenIR.sites[locals[0] ?? ''] : undefined;
    if (only?.kind === 'latent' && only.scope === 'local' && only.shape.length === 1 && only.shape[0] === 2 && only.prior.dist === 'Normal' && (!conditional || given !== undefined)) {
      const decode = (grid: Float32Array, count: number) => model.decode(new Map([[only.name, grid], ...firstRowCovariates(model, given, count)]), count).get(name)?.values ?? new Float32Array(count * side * side);
      put('manifold.png', manifoldPng(decode, 20, side, side), `the learned 2-D manifold: decoded Normal quantiles${givenText(1)}`);
    }
  }
  const sc = scatterLatent(model);
  if (sc !== undefined && test !== undefined && test.n > 0) {
    const rows = sliceRows(test, 0, Math.min(5000, test.n));
    const points = model.encode(rows).get(sc.name);
    if (points !== undefined) {
      const png = await latentScatterPng(points.values, sc.dims, rows.labels, { pca: sc.dims > 2, title: `posterior means of ${sc.name}${sc.dims > 2 ? ' (PCA)' : ''}` });
      put('latent-scatter.png', png, `posterior means of ${sc.name} on ${rows.n} test points, coloured by label`);
    }
  }
  if (metrics.length > 0) {
    const objective = metrics.find((m) => m.objective !== undefined)?.objective ?? 'bound';
    const series = [{ name: `train ${objective}`, points: metrics.map((m) => ({ x: m.epoch, y: m.trainBound ?? m.trainElbo ?? NaN })) }];
    if (metrics.some((m) => m.testElbo !== undefined)) series.push({ name: 'test ELBO', points: metrics.map((m) => ({ x: m.epoch, y: m.testElbo ?? NaN })) });
    if (metrics.some((m) => m.validationElbo !== undefined)) series.push({ name: 'validation ELBO', points: metrics.map((m) => ({ x: m.epoch, y: m.validationElbo ?? NaN })) });
    put('training-curve.png', await trainingCurvePng(series, { title: `${model.name}: bounds per epoch`, xLabel: 'epoch', yLabel: 'nats per datapoint' }), 'training and test bounds per epoch');
  }
  return written;
}
