/**
 * The runtime-ops VAE trained data-parallel: one replica per thread (this one included), each on its
 * own single-threaded wasm backend, exchanging gradients through shared memory every step
 * (src/runtime/parallel/). Same model, loss, optimizer and batch size as runtime-ops-vae.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DataParallelGroup } from '../src/runtime/parallel/data-parallel.js';
import { splitKernelTimes, VAE_CONFIG, type BenchProgram, type StepProfile } from './program.js';

/** Starts the group; call after selecting this thread's backend with one thread. */
export async function createParallelVae(replicas: number, backend: string, seed = 0): Promise<BenchProgram> {
  const { data: D, batch: B } = VAE_CONFIG;
  const group = await DataParallelGroup.start({
    replicas,
    module: new URL(import.meta.url.endsWith('.ts') ? './vae-replica.ts' : './vae-replica.js', import.meta.url),
    options: { seed },
    rowSize: D,
    maxRows: B,
    backend,
  });
  return {
    label: `Tilde runtime ops, data-parallel over ${replicas} threads`,
    key: 'runtime-ops-parallel',
    handwritten: false,
    step: (batch: Float32Array) => group.step(batch, B),
    // The main thread's view: kernel times of its own share (the other replicas run the same
    // kernels at the same time), the optimizer, and the wait at the barrier as overhead.
    async profileStep(batch: Float32Array): Promise<StepProfile> {
      group.phaseTimes(true);
      const t0 = performance.now();
      const info = await tf.profile(() => {
        group.step(batch, B);
      });
      const wall = performance.now() - t0;
      const phases = group.phaseTimes(true);
      const split = splitKernelTimes(info);
      return {
        data: 0,
        matmul: split.matmul,
        elementwise: split.other,
        optimizer: phases.apply,
        overhead: Math.max(0, wall - split.matmul - split.other - phases.apply),
        kernels: split.byName,
        productFlops: split.flops,
      };
    },
    dispose: () => {
      void group.close();
    },
  };
}
