/**
 * Data with several axes (`data x: Binary[1, 28, 28]`, channel-first images) train and evaluate exactly
 * as the same data declared flat: the loader delivers the same row-major values, batches carry
 * `[B, 1, 28, 28]`, and parameters broadcast over the extra axes (rank-5 `[S, B, 1, 28, 28]` values,
 * whose `Tile` gradient tfjs lacks: src/runtime/tile-gradient.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { loadDataset, sliceRows } from '../../src/data/dataset.js';
import { dataVariablesOf } from '../../src/data/variables.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';

beforeAll(useCpu);

/** Per-pixel global logits w plus a shared offset g: both reach x only through a broadcast. */
const model = (shape: string) => `model pixels {
  data x: Binary[${shape}];
  latent w: Real[${shape}];
  global w ~ Normal(0, 1);
  global g ~ Normal(0, 1);
  x ~ Bernoulli(sigmoid(w + g));
}`;

interface Trained {
  bounds: number[];
  elbo: number;
  batchShape: readonly number[] | undefined;
  recon: { shape: readonly number[]; values: Float32Array } | undefined;
}

async function trainOn(shape: string): Promise<Trained> {
  const artifacts = compileOk(model(shape));
  const m = TildeModel.create(artifacts, {}, 0);
  const data = await loadDataset('mnist:test', dataVariablesOf(artifacts.checked), { limit: 96 });
  const { reports } = await m.fit(data, { epochs: 2, batchSize: 32, seed: 3, lr: 0.05 });
  const elbo = m.elbo(data, { seed: 1, samples: 2 }).elbo;
  const batchShape = m.dataShapes.get('x');
  const recon = m.reconstruct(sliceRows(data, 0, 4)).get('x');
  m.dispose();
  return { bounds: reports.map((r) => r.trainBound), elbo, batchShape, recon };
}

describe('data with several axes', () => {
  it('x: Binary[1, 28, 28] trains and evaluates as x: Binary[784] does, step for step', async () => {
    const image = await trainOn('1, 28, 28');
    const flat = await trainOn('784');
    expect([image.batchShape, flat.batchShape]).toEqual([[1, 28, 28], [784]]);
    expect(image.bounds.every(Number.isFinite)).toBe(true);
    // Training moved: the second epoch's bound is well above the first (lr 0.05 on 785 logits).
    expect((image.bounds[1] as number) - (image.bounds[0] as number)).toBeGreaterThan(10);
    // The same values, seeds and weights in another shape: equal up to float32 summation order.
    for (let e = 0; e < 2; e++) expect(Math.abs((image.bounds[e] as number) - (flat.bounds[e] as number))).toBeLessThan(1e-3);
    expect(Math.abs(image.elbo - flat.elbo)).toBeLessThan(1e-3);
    // Reconstructions (the pictures) come in the site's shape, the same numbers either way.
    expect([image.recon?.shape, image.recon?.values.length]).toEqual([[1, 28, 28], 4 * 784]);
    expect(image.recon?.values).toEqual(flat.recon?.values);
  });

  it('a mean that does not vary over the pixels is broadcast to the image in reconstructions', async () => {
    const artifacts = compileOk('model flat { data x: Binary[1, 28, 28]; global g ~ Normal(0, 1); x ~ Bernoulli(sigmoid(g)); }');
    const m = TildeModel.create(artifacts, {}, 0);
    const data = await loadDataset('mnist:test', dataVariablesOf(artifacts.checked), { limit: 3 });
    const recon = m.reconstruct(data).get('x');
    m.dispose();
    expect([recon?.shape, recon?.values.length]).toEqual([[1, 28, 28], 3 * 784]);
    expect(new Set(recon?.values).size).toBe(1);
  });
});
