/**
 * The body of a data-parallel worker thread: its own tfjs (one wasm instance, one thread), one
 * replica built by the group's replica module, and the step loop of exchange.ts. Started by
 * data-parallel.ts; not imported by anything else.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../backend.js';
import { CONTROL, Exchange, type ExchangeBuffers } from './exchange.js';
import type { ReplicaFactory } from './replica.js';

/** What the main thread passes to a worker. */
export interface WorkerInit {
  /** The group's shared memory. */
  readonly buffers: ExchangeBuffers;
  /** URL of the replica module (exports `createReplica`). */
  readonly moduleUrl: string;
  /** Options for `createReplica`. */
  readonly options: unknown;
  /** This replica's index (≥ 1; 0 is the main thread). */
  readonly index: number;
  /** The tfjs backend to use in this thread. */
  readonly backend: string;
  /** Longest wait for the other replicas in one step, ms. */
  readonly stepTimeoutMs: number;
}

async function main(init: WorkerInit): Promise<void> {
  const ex = new Exchange(init.buffers);
  try {
    // One thread per replica: the replicas are the parallelism.
    await selectBackend({ backend: init.backend, threads: 1 });
    const mod = (await import(init.moduleUrl)) as { createReplica?: ReplicaFactory };
    if (typeof mod.createReplica !== 'function') throw new Error(`${init.moduleUrl} does not export createReplica`);
    const replica = await mod.createReplica(init.options, init.index);
    if (replica.parameterCount !== init.buffers.parameterCount) {
      throw new Error(`replica ${init.index} has ${replica.parameterCount} parameters, the main one ${init.buffers.parameterCount}`);
    }
    replica.setParameters(ex.parameters.slice());
    parentPort!.postMessage({ type: 'ready' });

    let posted = 0;
    for (;;) {
      Atomics.wait(ex.control, CONTROL.GO, posted);
      if (Atomics.load(ex.control, CONTROL.STOP) !== 0 || Atomics.load(ex.control, CONTROL.ERROR) !== 0) break;
      posted = Atomics.load(ex.control, CONTROL.GO);
      const step = posted - 1;
      const rows = ex.computeShare(replica, step, init.index);
      const status = ex.awaitAll(step, init.stepTimeoutMs);
      if (status !== 'ok') break;
      const { parts, weights } = ex.parts(step, rows);
      replica.apply(parts, weights);
    }
    replica.dispose();
  } catch (e) {
    ex.fail(init.index, e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e));
  }
}

await main(workerData as WorkerInit);
