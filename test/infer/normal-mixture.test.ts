/**
 * A Gaussian-mixture prior written without a component index: z ~ NormalMixture(0, [−2, 1, 3], 0.6) (equal
 * weights), x ~ Normal(z, 0.5). The evidence is the mixture Σₖ ⅓ N(x; μₖ, 0.6² + 0.5²) in closed form; the
 * derived guide is a single Normal, so the ELBO stays below it where the posterior is bimodal, and the
 * trained IWAE-1000 must lie below it (3 SE) and close to it.
 */
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

describe('NormalMixture prior: known evidence', () => {
  const rng = new Rng(21);
  const xs = Float32Array.from({ length: N }, (_, i) => (MEANS[i % 3] as number) + Math.hypot(S0, S) * gauss(rng));
  const data = scalarDataset({ x: xs });
  const exactOf = (x: number) => {
    const t = MEANS.map((m) => Math.log(1 / 3) + logNormal(x, m, S0 * S0 + S * S));
    const top = Math.max(...t);
    return top + Math.log(t.reduce((a, b) => a + Math.exp(b - top), 0));
  };
  const exact = [...xs].reduce((a, x) => a + exactOf(x), 0) / N;
  const source = `model gmm {
    data x: Real[1];
    let means = concat(-2, 1, 3);
    z ~ NormalMixture(0, means, ${S0});
    latent z: Real[1];
    x ~ Normal(z, ${S});
  }`;
  let m: TildeModel;

  beforeAll(async () => {
    m = TildeModel.create(compileOk(source), {}, 0);
    await m.fit(data, { epochs: 400, batchSize: N, lr: 0.03, lrSchedule: 'cosine', seed: 1 });
  });

  it('trains close to the exact evidence: IWAE-1000 ≤ exact + 3 SE and within 0.05 nats; the ELBO below', () => {
    const iw = m.logLikelihood(data, { k: 1000, seed: 2 });
    expect(iw.logLikelihood).toBeLessThanOrEqual(exact + 3 * iw.standardError);
    expect(exact - iw.logLikelihood).toBeLessThan(0.05 + 3 * iw.standardError);
    const elbo = m.elbo(data, { seed: 3 }).elbo;
    expect(elbo).toBeLessThan(iw.logLikelihood);
  });
});
