/**
 * The runtime-ops VAE trained data-parallel: one replica per thread (this one included), each on its
 * own single-threaded wasm backend, exchanging gradients through shared memory every step
 * (src/runtime/parallel/). Same model, loss, optimizer and batch size as runtime-ops-vae.ts.
 */
import { DataParallelGroup } from '../src/runtime/parallel/data-parallel.js';
import { VAE_CONFIG, type BenchProgram } from './program.js';

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
    dispose: () => {
      void group.close();
    },
  };
}
