/**
 * A Gaussian-mixture prior written without a component index: z ~ MixtureSameFamily(0, Normal([−2, 1, 3], 0.6))
 * (equal weights; learned component locations `[K, 1]`, started apart, for a `[1]` latent, data drawn with μ = −2, 1, 3),
 * x ~ Normal(z, 0.5). At the trained μ̂ the evidence is the mixture Σₖ ⅓ N(x; μ̂ₖ, 0.6² + 0.5²) in closed form; the
 * derived guide is a single Normal, so the ELBO stays below it where the posterior is bimodal, and the
 * trained IWAE-1000 must lie below it (3 SE) and close to it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { Rng } from '../../src/distributions/rng.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { gauss, logNormal, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);

const N = 200;
const MEANS = [-2, 1, 3];
const S0 = 0.6;
const S = 0.5;

describe('MixtureSameFamily prior: known evidence', () => {
  const rng = new Rng(21);
  const xs = Float32Array.from({ length: N }, (_, i) => (MEANS[i % 3] as number) + Math.hypot(S0, S) * gauss(rng));
  const data = scalarDataset({ x: xs });
  const exactOf = (x: number, means: readonly number[]) => {
    const t = means.map((m) => Math.log(1 / 3) + logNormal(x, m, S0 * S0 + S * S));
    const top = Math.max(...t);
    return top + Math.log(t.reduce((a, b) => a + Math.exp(b - top), 0));
  };
  /** The exact mean log-evidence at the model's current component means. */
  const exact = (model: TildeModel) => {
    const w = model.namedWeights();
    const means = Array.from(Object.entries(w).find(([k]) => k.split(/[/.:]/).includes('means'))![1].dataSync());
    Object.values(w).forEach((t) => t.dispose());
    return [...xs].reduce((a, x) => a + exactOf(x, means), 0) / N;
  };
  const source = `model gmm {
    data x: Real[1];
    param means: Real[3, 1];
    z ~ MixtureSameFamily(0, Normal(means, ${S0}));
    latent z: Real[1];
    x ~ Normal(z, ${S});
  }`;
  let m: TildeModel;

  beforeAll(async () => {
    m = TildeModel.create(compileOk(source), {}, 0);
    // Equal initial means would stay equal (every component gets the same gradient): start them apart.
    const w = m.namedWeights();
    const key = Object.keys(w).find((k) => k.split(/[/.:]/).includes('means'))!;
    w[key]!.dispose();
    w[key] = tf.tensor2d([[-1], [0.5], [2]]);
    m.assignWeights(w);
    Object.values(w).forEach((t) => t.dispose());
    await m.fit(data, { epochs: 400, batchSize: N, lr: 0.03, lrSchedule: 'cosine', seed: 1 });
  });

  it('trains close to the exact evidence: IWAE-1000 ≤ exact + 3 SE and within 0.05 nats; the ELBO below', () => {
    const iw = m.logLikelihood(data, { k: 1000, seed: 2 });
    const ex = exact(m);
    expect(iw.logLikelihood).toBeLessThanOrEqual(ex + 3 * iw.standardError);
    expect(ex - iw.logLikelihood).toBeLessThan(0.05 + 3 * iw.standardError);
    // The means are learned: the trained evidence is at least that of the generating means, up to noise.
    expect(ex).toBeGreaterThan([...xs].reduce((a, x) => a + exactOf(x, MEANS), 0) / N - 0.05);
    const elbo = m.elbo(data, { seed: 3 }).elbo;
    expect(elbo).toBeLessThan(iw.logLikelihood);
  });
});
