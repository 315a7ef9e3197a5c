/**
 * The signal-to-noise ratio of an encoder's gradient as Rainforth et al. (2018, "Tighter variational
 * bounds are not necessarily better") measure it, shared by bench/estimators.ts and
 * bench/estimators-compare.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TildeModel } from '../src/api/tilde-model.js';
import type { Dataset } from '../src/data/dataset-types.js';
import { Rng } from '../src/distributions/rng.js';
import { BatchBuilder, disposeBatch } from '../src/infer/batches.js';
import { lossGradients } from '../src/infer/step.js';
import type { EstimatorName } from '../src/registry/estimators.js';

/** Mean over the encoder's weights of |E g| / sd(g), from R draws of `estimator`'s guide gradient at m's weights. */
export function encoderSnr(m: TildeModel, estimator: EstimatorName, data: Dataset, opts: { K: number; R: number; snrBatch: number }): { snr: number; weights: number; constant: number } {
  const { K, R, snrBatch } = opts;
  const vars = m.weights.variables('guide');
  const program = m.program(estimator);
  const batch = new BatchBuilder(data, m.dataShapes, snrBatch).range(0, Math.min(snrBatch, data.n));
  const d = vars.reduce((a, v) => a + v.size, 0);
  const sum = new Float64Array(d);
  const sumSq = new Float64Array(d);
  for (let r = 0; r < R; r++) {
    const { value, grads } = lossGradients(program, batch, new Rng(10_000 + r), { estimator, samples: K, datasetSize: data.n }, vars);
    let o = 0;
    for (const v of vars) {
      const g = grads[v.name]?.dataSync() ?? new Float32Array(v.size);
      for (let j = 0; j < g.length; j++, o++) {
        const x = g[j] as number;
        sum[o] = (sum[o] as number) + x;
        sumSq[o] = (sumSq[o] as number) + x * x;
      }
    }
    tf.dispose([value, ...Object.values(grads)]);
  }
  disposeBatch(batch);
  let total = 0;
  let counted = 0;
  for (let j = 0; j < d; j++) {
    const mean = (sum[j] as number) / R;
    const variance = ((sumSq[j] as number) - R * mean * mean) / (R - 1);
    if (!(variance > 1e-30)) continue;
    total += Math.abs(mean) / Math.sqrt(variance);
    counted += 1;
  }
  return { snr: total / counted, weights: counted, constant: d - counted };
}

