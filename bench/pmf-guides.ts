/**
 * `npm run bench:pmf [-- --epochs 1000 --seeds 0,1,2]`: guides for Gamma latents on the Poisson
 * factorization fixture (test/fixtures/pmf/: 200 synthetic users × 12 items, K = 3, Gamma(0.3, 0.3)
 * priors). Three guides, the same encoder and initialization seed:
 *  - `implicit Gamma`: a Gamma guide, pathwise through implicit reparameterization (Figurnov et al. 2018);
 *  - `score Gamma`: the same guide with the score-function estimator (`forceScoreFunction`), a
 *    moving-average baseline;
 *  - `Weibull`: a Weibull guide, inverse-CDF pathwise, analytic KL to the Gamma (Zhang et al. 2018).
 * Each trains full-batch (Adam, lr 0.02) for `--epochs`, then reports the ELBO on the training data
 * (100 local draws × 20 global draws, with its standard error) and the total variance Σⱼ Var(gⱼ) of the
 * loss gradient over the guide's weights (R = 100 independent draws at the final weights, full batch).
 * Prints one JSON line per run and a Markdown table of the means over seeds.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { TildeModel } from '../src/api/tilde-model.js';
import { compile, type CompileOptions } from '../src/compile.js';
import { loadDataset } from '../src/data/dataset.js';
import type { Dataset } from '../src/data/dataset-types.js';
import { Rng } from '../src/distributions/rng.js';
import { BatchBuilder, disposeBatch } from '../src/infer/batches.js';
import { computeObjective } from '../src/infer/objective.js';
import type { Baselines } from '../src/infer/score-function.js';
import { selectBackend } from '../src/runtime/backend.js';

const { values } = parseArgs({
  options: { epochs: { type: 'string', default: '1000' }, seeds: { type: 'string', default: '0,1,2' }, backend: { type: 'string', default: 'cpu' } },
});
const epochs = Number(values.epochs);
const seeds = values.seeds.split(',').map(Number);
tf.enableProdMode();
await selectBackend({ backend: values.backend });

const VARIANTS: readonly { label: string; file: string; options: CompileOptions }[] = [
  { label: 'implicit Gamma', file: 'test/fixtures/pmf/pmf-gamma.tilde', options: {} },
  { label: 'score Gamma', file: 'test/fixtures/pmf/pmf-gamma.tilde', options: { forceScoreFunction: true } },
  { label: 'Weibull', file: 'test/fixtures/pmf/pmf-weibull.tilde', options: {} },
];
const R = 100;

/** Σⱼ Var(gⱼ) of the full-batch loss gradient over the guide's weights, from R independent draws. */
function gradientVariance(m: TildeModel, data: Dataset, baselines: Baselines, seed: number): number {
  const program = m.program('elbo');
  const vars = m.weights.variables('guide');
  const batch = new BatchBuilder(data, m.dataShapes, data.n).range(0, data.n);
  const draws: Float64Array[] = [];
  for (let r = 0; r < R; r++) {
    const rng = new Rng(seed * 1000 + r);
    const { value, grads } = tf.variableGrads(() => computeObjective(program, batch, rng, { estimator: 'elbo', samples: 1, datasetSize: data.n, baselines }).loss, vars);
    draws.push(Float64Array.from(vars.flatMap((v) => Array.from(grads[v.name]?.dataSync() ?? []))));
    tf.dispose([value, ...Object.values(grads)]);
  }
  disposeBatch(batch);
  const d = draws[0]!.length;
  let total = 0;
  for (let j = 0; j < d; j++) {
    const mean = draws.reduce((s, g) => s + g[j]!, 0) / R;
    total += draws.reduce((s, g) => s + (g[j]! - mean) ** 2, 0) / (R - 1);
  }
  return total;
}

const rows: { label: string; seed: number; elbo: number; se: number; gradVariance: number; seconds: number }[] = [];
for (const v of VARIANTS) {
  for (const seed of seeds) {
    const result = compile(readFileSync(v.file, 'utf8'), { fileName: v.file, ...v.options });
    if (!result.ok) throw new Error(`${v.file} does not compile`);
    const m = TildeModel.create(result.artifacts, v.options, seed);
    const data = await loadDataset('test/fixtures/pmf/pmf.csv', m.dataVariables);
    const t0 = performance.now();
    const fit = await m.fit(data, { epochs, batchSize: data.n, lr: 0.02, seed });
    const seconds = (performance.now() - t0) / 1000;
    const e = m.elbo(data, { seed: 7, samples: 100, globalSamples: 20 });
    const gradVariance = gradientVariance(m, data, fit.state.baselines, seed);
    const row = { label: v.label, seed, elbo: e.elbo, se: e.standardError, gradVariance, seconds };
    rows.push(row);
    console.log(JSON.stringify({ ...row, epochs, samplers: m.plan.sites.filter((s) => s.kind === 'latent').map((s) => `${s.name}:${'sampler' in s ? s.sampler : ''}`) }));
    m.dispose();
  }
}

const fmt = (x: number, d = 2): string => x.toFixed(d);
console.log(`\n| guide | final ELBO (mean over seeds ${seeds.join(', ')}) | per seed (± SE) | Σ Var(∇) at the end | per seed |`);
console.log('|---|---|---|---|---|');
for (const v of VARIANTS) {
  const rs = rows.filter((r) => r.label === v.label);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `| ${v.label} | ${fmt(mean(rs.map((r) => r.elbo)))} | ${rs.map((r) => `${fmt(r.elbo)} ± ${fmt(r.se)}`).join('; ')} | ${mean(rs.map((r) => r.gradVariance)).toPrecision(3)} | ${rs.map((r) => r.gradVariance.toPrecision(3)).join('; ')} |`,
  );
}
