/**
 * A helper thread for kernels/gemm.ts under Node (worker_threads): on the threaded wasm build, whose memory
 * is shared, it instantiates the same GEMM module on the same memory and takes column blocks of each product
 * from a shared counter, as the calling thread does — so the two cores split a product without a fixed
 * partition, and a helper descheduled by other load costs the caller at most the block it holds, never half
 * the product (the "both cores without collapse").
 */
import { Worker } from 'node:worker_threads';
import { CONTROL, type GemmHelper, type GemmHelperFactory } from '../kernels/gemm-blocks.js';

// The helper's loop, the same block loop as gemm-blocks.ts's runBlocks, as CommonJS for an eval worker.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, bytes, control } = workerData;
const g = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
const c = new Int32Array(control);
const C = ${JSON.stringify(CONTROL)};
let seq = 0;
for (;;) {
  Atomics.wait(c, C.seq, seq);
  seq = Atomics.load(c, C.seq);
  if (seq < 0) break;
  const bs = c[C.blockCols];
  for (;;) {
    const j = Atomics.add(c, C.counter, 1);
    if (j >= c[C.blocks]) break;
    const j0 = j * bs, nb = Math.min(bs, c[C.n] - j0);
    g.pack_b(c[C.b] + 4 * j0 * c[C.csB], c[C.k], nb, c[C.rsB], c[C.csB], c[C.bp] + 4 * j0 * c[C.k]);
    g.gemm(c[C.ap], c[C.bp] + 4 * j0 * c[C.k], c[C.c] + 4 * j0, c[C.m], c[C.k], nb, c[C.flags], c[C.bias] + 4 * j0, c[C.helperScratch], c[C.ldc]);
  }
  Atomics.store(c, C.done, seq);
  Atomics.notify(c, C.done);
}
`;

/** Starts one helper thread on `memory` (shared) running the module `bytes`. */
export const nodeGemmHelper: GemmHelperFactory = (memory, bytes) => {
  const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL.size));
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { memory, bytes, control: control.buffer } });
  // The helper never keeps the process alive: it only ever waits for work.
  worker.unref();
  const helper: GemmHelper = {
    control,
    start(): void {
      Atomics.add(control, CONTROL.seq, 1);
      Atomics.notify(control, CONTROL.seq);
    },
    wait(): void {
      const seq = Atomics.load(control, CONTROL.seq);
      for (let done = Atomics.load(control, CONTROL.done); done !== seq; done = Atomics.load(control, CONTROL.done)) Atomics.wait(control, CONTROL.done, done);
    },
  };
  return helper;
};
