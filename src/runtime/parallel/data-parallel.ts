/**
 * Synchronous data-parallel training across worker threads, one replica per thread (the main thread
 * is replica 0), each with its own single-threaded wasm backend.
 *
 * Each step splits the batch into near-equal shares; every replica computes the gradient of its
 * share's mean loss; the shares' gradients are combined weighted by their sizes, which is exactly the
 * gradient of the whole batch's mean loss (Σₖ nₖ/N · ∇ meanₖ = ∇ mean); and every replica applies that
 * same gradient with the same deterministic optimizer, so parameters stay identical across replicas
 * without being broadcast. The only difference from single-thread training is that each replica
 * draws its own noise (reparameterization samples) from its own seed: the same distribution, so the
 * gradient is the same in expectation (and its variance is that of the full batch).
 *
 * When to use it: the threaded wasm build (the default, see backend.ts) parallelizes XNNPACK's
 * products but not the rest of a step (tfjs's JavaScript, elementwise kernels, the optimizer); replicas
 * parallelize everything but repeat per-step fixed costs (packing each new weight matrix, kernel
 * dispatch, the optimizer) in every replica. On the flagship VAE (2 cores, bench/README.md) the two
 * came out even on a quiet machine (~20–21 ms per 128-image step) and the threaded build ahead on a
 * busy one, so it is the default; this group is for models with less of their time in products.
 *
 * Synchronization is one barrier per step over SharedArrayBuffers (exchange.ts). The main thread
 * blocks in `Atomics.wait` while it waits, which Node allows; `step` is therefore synchronous.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InternalError, UserError } from '../../common/diagnostic.js';
import { allocateExchange, CONTROL, Exchange } from './exchange.js';
import type { Replica, ReplicaFactory } from './replica.js';
import type { WorkerInit } from './worker-entry.js';

/** Options of {@link DataParallelGroup.start}. */
export interface DataParallelOptions {
  /** Replicas in total, this thread included (1 = no workers). */
  readonly replicas: number;
  /** The replica module (an ES module exporting `createReplica`), as a file URL or path. */
  readonly module: string | URL;
  /** Structured-cloneable options passed to `createReplica` in every thread. */
  readonly options: unknown;
  /** Floats per example (784 for MNIST). */
  readonly rowSize: number;
  /** Largest batch that will be given to {@link DataParallelGroup.step}. */
  readonly maxRows: number;
  /** Backend of the worker threads (default `wasm`; they always use one thread each). */
  readonly backend?: string;
  /** Longest wait for the other replicas in one step, ms (default 120 000). */
  readonly stepTimeoutMs?: number;
  /** Node flags for the workers (default: this process's when built; none when running from TypeScript sources). */
  readonly execArgv?: readonly string[];
}

/** Where the main thread's time went, ms per step on average (see {@link DataParallelGroup.phaseTimes}). */
export interface PhaseTimes {
  /** Its own share: forward, backward, copying the gradient out. */
  readonly gradients: number;
  /** Waiting for the other replicas at the barrier. */
  readonly wait: number;
  /** Summing the replicas' gradients and the optimizer step. */
  readonly apply: number;
}

/** A running group of replicas. */
export class DataParallelGroup {
  private step_ = 0;
  private readonly phases = { gradients: 0, wait: 0, apply: 0 };
  private closed = false;

  private constructor(
    /** The main thread's replica (e.g. for evaluation or checkpoints; its parameters are everyone's). */
    readonly local: Replica,
    private readonly exchange: Exchange,
    private readonly workers: readonly Worker[],
    private readonly stepTimeoutMs: number,
  ) {
    // A worker that dies mid-training (uncaught error, out of memory) must not leave the main thread
    // waiting for the step timeout: flag it at once.
    workers.forEach((w, i) => {
      w.on('error', (e: Error) => exchange.fail(i + 1, e.message));
      w.on('exit', (code) => {
        if (!this.closed) exchange.fail(i + 1, `worker exited with code ${code}`);
      });
    });
  }

  /**
   * Builds the local replica, starts `replicas − 1` workers that build theirs from the same module and
   * options, and makes every replica start from the local replica's parameters. Call after selecting
   * the main thread's backend (with one thread: the replicas are the parallelism).
   */
  static async start(opts: DataParallelOptions): Promise<DataParallelGroup> {
    if (!Number.isInteger(opts.replicas) || opts.replicas < 1) throw new UserError(`replicas must be an integer ≥ 1, got ${opts.replicas}`, 2);
    const moduleUrl = typeof opts.module === 'string' && !opts.module.startsWith('file:') ? pathToFileURL(opts.module).href : String(opts.module);
    const mod = (await import(moduleUrl)) as { createReplica?: ReplicaFactory };
    if (typeof mod.createReplica !== 'function') throw new InternalError(`${moduleUrl} does not export createReplica`);
    const local = await mod.createReplica(opts.options, 0);
    const exchange = new Exchange(allocateExchange(opts.replicas, local.parameterCount, opts.rowSize, opts.maxRows));
    exchange.parameters.set(local.getParameters());
    const stepTimeoutMs = opts.stepTimeoutMs ?? 120_000;
    const workers: Worker[] = [];
    const ready: Promise<void>[] = [];
    for (let index = 1; index < opts.replicas; index++) {
      const init: WorkerInit = { buffers: exchange.buffers, moduleUrl, options: opts.options, index, backend: opts.backend ?? 'wasm', stepTimeoutMs };
      const worker = spawnWorker(init, opts.execArgv);
      workers.push(worker);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
          worker.once('exit', (code) => {
            const failure = exchange.failure();
            reject(new InternalError(`data-parallel worker ${index} exited (code ${code}) before it was ready${failure ? `: ${failure.message}` : ''}`));
          });
        }),
      );
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      local.dispose();
      throw e;
    }
    for (const w of workers) w.removeAllListeners('exit');
    return new DataParallelGroup(local, exchange, workers, stepTimeoutMs);
  }

  /** Replicas in the group, this thread included. */
  get replicas(): number {
    return this.exchange.buffers.replicas;
  }

  /** Steps taken. */
  get steps(): number {
    return this.step_;
  }

  /**
   * One synchronous training step on `rows` examples (row-major in `batch`): every replica computes
   * its share's gradient, and every replica applies the combined one.
   *
   * @param checkSync - first verify that all replicas hold bit-identical parameters (costs a hash of
   *   the parameters in every replica; for tests and occasional checks)
   * @returns the mean loss over the batch
   * @throws InternalError if a worker failed, did not answer within the step timeout, or (with
   *   `checkSync`) held different parameters
   */
  step(batch: Float32Array, rows: number, checkSync = false): number {
    if (this.closed) throw new InternalError('DataParallelGroup.step after close()');
    const { rowSize, maxRows } = this.exchange.buffers;
    if (!Number.isInteger(rows) || rows < 1 || rows > maxRows) throw new InternalError(`step: ${rows} rows, expected 1…${maxRows}`);
    if (batch.length < rows * rowSize) throw new InternalError(`step: batch has ${batch.length} floats, ${rows} rows need ${rows * rowSize}`);
    const ex = this.exchange;
    const s = this.step_++;
    ex.batch.set(batch.subarray(0, rows * rowSize));
    Atomics.store(ex.control, CONTROL.ROWS, rows);
    if (checkSync) Atomics.store(ex.control, CONTROL.CHECK, s + 1);
    Atomics.store(ex.control, CONTROL.GO, s + 1);
    Atomics.notify(ex.control, CONTROL.GO);
    const t0 = performance.now();
    ex.computeShare(this.local, s, 0);
    const t1 = performance.now();
    const status = ex.awaitAll(s, this.stepTimeoutMs);
    const t2 = performance.now();
    if (status !== 'ok') {
      const failure = ex.failure();
      throw new InternalError(
        failure ? `data-parallel replica ${failure.replica} failed: ${failure.message}` : `data-parallel step ${s}: no answer from the workers within ${this.stepTimeoutMs} ms`,
      );
    }
    if (checkSync) {
      const prints = Array.from(ex.fingerprints);
      if (prints.some((p) => p !== prints[0])) throw new InternalError(`data-parallel replicas diverged before step ${s}: parameter fingerprints ${prints.join(', ')}`);
    }
    const { parts, weights, loss } = ex.parts(s, rows);
    this.local.apply(parts, weights);
    const t4 = performance.now();
    this.phases.gradients += t1 - t0;
    this.phases.wait += t2 - t1;
    this.phases.apply += t4 - t2;
    return loss;
  }

  /** The main thread's mean time per step in each phase, since the start or the last reset. */
  phaseTimes(reset = false): PhaseTimes {
    const n = Math.max(1, this.step_ - this.phaseStart);
    const out = { gradients: this.phases.gradients / n, wait: this.phases.wait / n, apply: this.phases.apply / n };
    if (reset) {
      this.phases.gradients = this.phases.wait = this.phases.apply = 0;
      this.phaseStart = this.step_;
    }
    return out;
  }

  private phaseStart = 0;

  /** Stops the workers and releases the local replica. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.exchange.control, CONTROL.STOP, 1);
    Atomics.notify(this.exchange.control, CONTROL.GO);
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.local.dispose();
  }
}

/**
 * Starts worker-entry next to this file. Built, that is plain JavaScript. From TypeScript sources (tests,
 * `tsx` scripts) it is a .ts file, which Node 20 cannot load in a worker even with a loader in
 * `execArgv` (nodejs/node#47747): the worker then starts from a JavaScript bootstrap that registers
 * tsx's loader through its API first (tsx is a devDependency, present whenever sources run).
 */
function spawnWorker(init: WorkerInit, execArgv: readonly string[] | undefined): Worker {
  const fromSources = fileURLToPath(import.meta.url).endsWith('.ts');
  if (!fromSources) return new Worker(new URL('./worker-entry.js', import.meta.url), { workerData: init, ...(execArgv ? { execArgv: [...execArgv] } : {}) });
  const entry = new URL('./worker-entry.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: init, execArgv: [...(execArgv ?? [])] });
}
