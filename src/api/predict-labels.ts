/**
 * Classification through the guide (`tilde eval RUN --predict y --data FILE`, `model.classify`): the
 * label of each row is the argmax of q(y | rest of the row) (P(1) > 1/2 for a Bernoulli), compared with
 * the true label; accuracy and error rate carry the binomial standard error √(a(1 − a)/n) of a
 * proportion over n labels (the rows are the sample; the guide is fixed).
 *
 * Two cases, one readout. If y is a discrete latent of the model (a mixture's class, a GMM-VAE's
 * cluster), its class probabilities are the per-row readout of `readouts.ts` and the true labels come
 * from a column of the test file that the model does not read. If y is a data variable (M2's label,
 * observed on labelled rows), predicting it means hiding its column and asking the guide for q(y | x):
 * {@link predictHiddenColumn} is that seam, waiting for partially observed data (a variable missing on
 * a row becomes a latent with a derived guide).
 */
import { UserError } from '../common/diagnostic.js';
import type { Dataset } from '../data/dataset-types.js';
import type { DataShapes } from '../infer/batches.js';
import type { Program } from '../runtime/program.js';
import { localLatents, predictRows, type PredictOptions, type SiteReadout } from './readouts.js';

/** What {@link classify} returns. */
export interface Classification {
  /** The predicted variable. */
  readonly name: string;
  /** Labels compared (rows × elements of y; rows whose label is missing are skipped). */
  readonly n: number;
  /** Labels predicted right. */
  readonly correct: number;
  /** correct / n, and its binomial standard error. */
  readonly accuracy: number;
  /** 1 − accuracy (same standard error). */
  readonly errorRate: number;
  readonly standardError: number;
  /** K (2 for a Bernoulli). */
  readonly classes: number;
  /** The guide draws per row behind the class probabilities. */
  readonly draws: number;
}

/** The class readout of y for every row: a latent's directly, a data variable's through {@link predictHiddenColumn}. */
export function classProbabilities(program: Program, shapes: DataShapes, data: Dataset, name: string, opts: PredictOptions = {}): { readout: SiteReadout; draws: number } {
  const site = program.ir.sites[name];
  if (site?.kind === 'data') return predictHiddenColumn(program, shapes, data, name, opts);
  if (site?.kind !== 'latent' || site.scope !== 'local') {
    const what = site === undefined ? 'there is no such variable' : site.kind === 'latent' ? 'it is a global latent, one value for all rows' : `it is a ${site.kind}`;
    const discrete = localLatents(program).filter((s) => s.domain === 'Binary' || s.domain === 'Category').map((s) => `\`${s.name}\``);
    throw new UserError(`--predict ${name}: ${what}; it predicts a discrete local latent (${discrete.length > 0 ? discrete.join(', ') : `${program.ir.name} has none`}) or a data variable`, 2);
  }
  const p = predictRows(program, shapes, data, { ...opts, latents: [name] });
  const readout = p.sites[0] as SiteReadout;
  if (readout.kind !== 'classes') throw new UserError(`--predict ${name}: \`${name}\` is continuous (${site.domain}); --predict needs a Bernoulli or Categorical variable`, 2);
  return { readout, draws: p.draws };
}

/**
 * The seam for a data variable y: hide y's column on every row and read q(y | rest of the row) off the
 * guide, as for a latent. It needs partially observed data support: a compiled program in which y,
 * missing on the rows, is a latent with a derived guide; then this is `predictRows` of that program on
 * the data with y's column set to missing (NaN), latents `[y]`. Until then it says so.
 */
export function predictHiddenColumn(program: Program, _shapes: DataShapes, _data: Dataset, name: string, _opts: PredictOptions): { readout: SiteReadout; draws: number } {
  const discrete = localLatents(program).filter((s) => s.domain === 'Binary' || s.domain === 'Category').map((s) => `\`${s.name}\``);
  const alt = discrete.length > 0 ? `; the discrete latents of ${program.ir.name} (${discrete.join(', ')}) can be predicted now` : '';
  throw new UserError(`--predict ${name}: \`${name}\` is a data variable; predicting it from the rest of the row hides its column, which needs partially observed data (a variable missing on a row read as a latent with a derived guide), not supported yet${alt}`, 2);
}

/** The class index of each of the `count` labels of a readout or a truth array (NaN when missing). */
function classesOf(values: Float32Array, categorical: boolean, k: number): Float64Array {
  const count = categorical ? values.length / k : values.length;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    if (!categorical) {
      const v = values[i] as number;
      out[i] = Number.isNaN(v) ? NaN : v > 0.5 ? 1 : 0;
      continue;
    }
    let best = 0;
    let missing = false;
    for (let c = 0; c < k; c++) {
      const v = values[i * k + c] as number;
      if (Number.isNaN(v)) missing = true;
      if (v > (values[i * k + best] as number)) best = c;
    }
    out[i] = missing ? NaN : best;
  }
  return out;
}

/**
 * Accuracy of the argmax of the class readout against `truth` (the variable's in-memory layout: one-hot
 * for a Categorical, 0/1 for a Bernoulli; NaN marks a missing label, skipped; undefined: an error after
 * the variable is checked).
 */
export function classify(program: Program, shapes: DataShapes, data: Dataset, name: string, truth: Float32Array | undefined, opts: PredictOptions = {}): Classification {
  const { readout, draws } = classProbabilities(program, shapes, data, name, opts);
  if (truth === undefined) throw new UserError(`--predict ${name}: ${data.source} has no labels of \`${name}\``, 2);
  if (truth.length !== readout.mean.length) throw new UserError(`--predict ${name}: the labels have ${truth.length} values for ${readout.mean.length} predictions`, 2);
  const k = readout.categorical ? (readout.shape[readout.shape.length - 1] as number) : 2;
  const predicted = classesOf(readout.mean, readout.categorical, k);
  const actual = classesOf(truth, readout.categorical, k);
  let n = 0;
  let correct = 0;
  actual.forEach((a, i) => {
    if (Number.isNaN(a)) return;
    n++;
    if (predicted[i] === a) correct++;
  });
  if (n === 0) throw new UserError(`--predict ${name}: no row of ${data.source} has a label to compare with`, 2);
  const accuracy = correct / n;
  return { name, n, correct, accuracy, errorRate: 1 - accuracy, standardError: Math.sqrt((accuracy * (1 - accuracy)) / n), classes: k, draws };
}
