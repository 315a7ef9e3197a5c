/**
 * Data-parallel training: any number of replicas follows the single-replica trajectory (the combined
 * gradient is the whole batch's gradient), replicas stay bit-identical, uneven and tiny batches are
 * weighed correctly, and failures surface as errors instead of hangs.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../src/runtime/backend.js';
import { DataParallelGroup } from '../../src/runtime/parallel/data-parallel.js';
import { ROW } from './fixtures/linear-replica.js';

const MODULE = new URL('./fixtures/linear-replica.ts', import.meta.url);

/** Rows [x | y] with y = x·A + c + noise, from a fixed LCG. */
function makeBatch(rows: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296) * 2 - 1;
  const out = new Float32Array(rows * ROW);
  for (let r = 0; r < rows; r++) {
    const x = [rand(), rand(), rand()];
    out.set([...x, 1.5 * x[0]! - x[2]! + 0.3 + 0.01 * rand(), 0.5 * x[1]! + 2 * x[2]! - 0.7 + 0.01 * rand()], r * ROW);
  }
  return out;
}

async function train(replicas: number, batchSizes: readonly number[], backend = 'cpu'): Promise<{ params: Float32Array; losses: number[] }> {
  const group = await DataParallelGroup.start({ replicas, module: MODULE, options: {}, rowSize: ROW, maxRows: 64, backend });
  try {
    const losses = batchSizes.map((rows, i) => group.step(makeBatch(rows, 100 + i), rows, true));
    return { params: group.local.getParameters(), losses };
  } finally {
    await group.close();
  }
}

function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1e-3 + Math.abs(b[i]!)));
  return worst;
}

describe('DataParallelGroup', () => {
  beforeAll(async () => {
    await selectBackend({ backend: 'cpu' });
  });

  it('two and three replicas follow the single-replica trajectory; replicas stay bit-identical', async () => {
    const sizes = [64, 64, 63, 7, 64, 32, 64, 64];
    const one = await train(1, sizes);
    for (const replicas of [2, 3]) {
      const many = await train(replicas, sizes); // step(..., checkSync = true) throws if replicas diverge
      // The combined gradient equals the whole-batch gradient up to float32 summation order.
      expect(worstRelative(many.losses, one.losses), `${replicas} replicas: losses`).toBeLessThan(1e-5);
      expect(worstRelative(many.params, one.params), `${replicas} replicas: parameters`).toBeLessThan(1e-5);
    }
    // Training did something (so the agreement above is not between two untouched models).
    expect(one.losses[one.losses.length - 1]!).toBeLessThan(0.9 * one.losses[0]!);
    const initial = [0.1, -0.2, 0.3, 0.05, -0.1, 0.2, 0.01, -0.02];
    expect(worstRelative(one.params, initial)).toBeGreaterThan(0.1);
  });

  it('a batch smaller than the group (empty shares) is weighed correctly', async () => {
    const one = await train(1, [1, 2, 1]);
    const three = await train(3, [1, 2, 1]);
    expect(worstRelative(three.params, one.params)).toBeLessThan(1e-6);
    expect(worstRelative(three.losses, one.losses)).toBeLessThan(1e-6);
  });

  it('runs workers on the wasm backend too', async () => {
    const sizes = [32, 32, 32];
    const one = await train(1, sizes);
    const two = await train(2, sizes, 'wasm');
    // Worker on wasm, main on cpu: different kernels, same float32 arithmetic up to rounding.
    expect(worstRelative(two.params, one.params)).toBeLessThan(1e-5);
  });

  it('a replica that throws fails the step with its message instead of hanging', async () => {
    const group = await DataParallelGroup.start({ replicas: 2, module: MODULE, options: { failReplica: 1, failAtStep: 1 }, rowSize: ROW, maxRows: 64 });
    try {
      group.step(makeBatch(8, 1), 8);
      expect(() => group.step(makeBatch(8, 2), 8)).toThrow(/replica 1 failed: replica 1 fails at step 1 as asked/);
    } finally {
      await group.close();
    }
  });

  it('a module without createReplica is rejected at start', async () => {
    await expect(DataParallelGroup.start({ replicas: 1, module: new URL('../../src/runtime/dense.ts', import.meta.url), options: {}, rowSize: ROW, maxRows: 4 })).rejects.toThrow(/does not export createReplica/);
  });

  it('leaks no tensors in the main thread over many steps', async () => {
    const group = await DataParallelGroup.start({ replicas: 2, module: MODULE, options: {}, rowSize: ROW, maxRows: 64 });
    try {
      group.step(makeBatch(16, 0), 16);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 50; i++) group.step(makeBatch(16, i), 16);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await group.close();
    }
  });
});
