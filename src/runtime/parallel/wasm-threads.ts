/**
 * Runs the tfjs wasm backend's multi-threaded SIMD build under Node.
 *
 * `@tensorflow/tfjs-backend-wasm` ships `tfjs-backend-wasm-threaded-simd.wasm` (an Emscripten pthreads
 * build whose XNNPACK kernels use a thread pool), but refuses to use it in Node
 * (`WASM_HAS_MULTITHREAD_SUPPORT` is hard-wired to false there, tensorflow/tfjs#3830). Three things
 * stand in the way, and this module removes each for the duration of the backend's initialization only:
 *
 * 1. The pthread workers are created from a `blob:` URL (a browser idiom) that Node's `Worker` cannot
 *    load. We hand `worker_threads.Worker` a subclass that, for `blob:` URLs only, starts the same
 *    worker script (shipped as a string in `tfjs-backend-wasm-threaded-simd.worker.js`) with
 *    `eval: true`. Every other `new Worker(...)` in the process behaves as before.
 * 2. Each worker is then told to load the Emscripten glue from a `Blob`; we replace that message field
 *    with the glue's file path, which the worker script loads with `fs.readFileSync` in Node.
 * 3. The C++ side caps the pool at `emscripten_num_logical_cores() / 2` (it assumes hyper-threading),
 *    which is 1 on a 2-core machine. During initialization only, `os.cpus()` reports twice the
 *    requested thread count, so the cap becomes the requested count.
 *
 * Emscripten pre-spawns its pool (8 workers) while the module loads. It `ref()`s a worker while a
 * pthread runs on it, and XNNPACK's pool threads run for the life of the module, so a process that
 * has finished its work would never exit: {@link releaseWasmThreads} unrefs them after
 * initialization (the main thread waits for the pool synchronously, so no work is ever in flight
 * when the event loop empties). The patched globals are restored when initialization ends
 * (Emscripten keeps its own reference to the subclass for workers it spawns later).
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import workerThreads from 'node:worker_threads';
import type { ThreadSupport } from '../select-backend.js';

const require = createRequire(import.meta.url);

/** The files of the threaded build, resolved from the installed `@tensorflow/tfjs-backend-wasm`. */
interface ThreadedBuild {
  /** The Emscripten JS glue that defines `WasmBackendModuleThreadedSimd`. */
  readonly gluePath: string;
  /** The pthread worker's script, as text. */
  readonly workerSource: string;
}

export type { ThreadSupport } from '../select-backend.js';

// A 37-byte module using a shared memory and an atomic load (from wasm-feature-detect, as in tfjs).
const THREADS_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 5, 4, 1, 3, 1, 1, 10, 11, 1, 9, 0, 65, 0, 254, 16, 2, 0, 26,
  11,
]);

function locateThreadedBuild(): ThreadedBuild {
  const gluePath = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const workerModule = path.join(path.dirname(gluePath), 'tfjs-backend-wasm-threaded-simd.worker.js');
  const { wasmWorkerContents } = require(workerModule) as { wasmWorkerContents: string };
  // The script is stored in a JS template literal, which turned its "\n" escapes into real newlines
  // inside string literals; tfjs re-escapes them the same way before making its Blob.
  return { gluePath, workerSource: wasmWorkerContents.replace(/\n/g, '\\n') };
}

/** Checks, without starting anything, that this Node can run the threaded build. */
export function nodeWasmThreadSupport(): ThreadSupport {
  if (typeof SharedArrayBuffer !== 'function') return { ok: false, reason: 'SharedArrayBuffer is unavailable' };
  // The project compiles without the DOM lib, which is where TypeScript declares `WebAssembly`.
  const wasmApi = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
  if (wasmApi === undefined) return { ok: false, reason: 'WebAssembly is unavailable' };
  try {
    if (!wasmApi.validate(THREADS_PROBE)) return { ok: false, reason: 'this WebAssembly engine lacks threads' };
  } catch {
    return { ok: false, reason: 'this WebAssembly engine lacks threads' };
  }
  let build: ThreadedBuild;
  try {
    build = locateThreadedBuild();
  } catch (e) {
    return { ok: false, reason: `the threaded wasm build is not installed (${(e as Error).message.split('\n')[0]})` };
  }
  // A worker that fails to start would take the process down from Emscripten's error handler, after
  // the point where we could still fall back; so at least make sure its script compiles.
  try {
    new vm.Script(build.workerSource, { filename: 'tfjs-backend-wasm-threaded-simd.worker.js' });
  } catch (e) {
    return { ok: false, reason: `the threaded wasm worker script does not compile here (${(e as Error).message})` };
  }
  return { ok: true };
}

type WorkerCtor = typeof workerThreads.Worker;

function makePthreadWorkerClass(Base: WorkerCtor, build: ThreadedBuild): WorkerCtor {
  class PthreadWorker extends Base {
    constructor(filename: string | URL, options?: workerThreads.WorkerOptions) {
      if (typeof filename === 'string' && filename.startsWith('blob:')) {
        super(build.workerSource, { ...options, eval: true, execArgv: [] });
      } else {
        super(filename, options);
      }
    }

    override postMessage(value: unknown, transferList?: readonly workerThreads.TransferListItem[]): void {
      const msg = value as { cmd?: unknown; urlOrBlob?: unknown } | null;
      if (msg !== null && typeof msg === 'object' && msg.cmd === 'load' && typeof msg.urlOrBlob !== 'string') {
        super.postMessage({ ...msg, urlOrBlob: build.gluePath }, transferList);
        return;
      }
      super.postMessage(value, transferList);
    }
  }
  return PthreadWorker;
}

/**
 * Calls `initialize` (which must initialize the wasm backend, e.g. `tf.setBackend('wasm')`) with the
 * Node patches above in place, then restores them. The caller must already have set tfjs's
 * `WASM_HAS_MULTITHREAD_SUPPORT` flag to true and called `setThreadsCount(threads)`.
 *
 * @param threads - the thread count asked of XNNPACK (main thread included)
 * @param initialize - the initialization to run
 * @returns what `initialize` returned
 */
export async function withNodeWasmThreads<T>(threads: number, initialize: () => Promise<T>): Promise<T> {
  const build = locateThreadedBuild();
  const originalWorker = workerThreads.Worker;
  const originalCpus = os.cpus;
  (workerThreads as { Worker: WorkerCtor }).Worker = makePthreadWorkerClass(originalWorker, build);
  os.cpus = () => {
    const real = originalCpus.call(os);
    const filler: os.CpuInfo = { model: 'unknown', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } };
    return Array.from({ length: 2 * threads }, (_, i) => real[i % Math.max(real.length, 1)] ?? filler);
  };
  try {
    return await initialize();
  } finally {
    (workerThreads as { Worker: WorkerCtor }).Worker = originalWorker;
    os.cpus = originalCpus;
  }
}

/** Emscripten's pthread bookkeeping, as far as we use it. */
interface PThreadRegistry {
  readonly runningWorkers: readonly { unref(): void }[];
  readonly unusedWorkers: readonly { unref(): void }[];
}

/**
 * Lets the process exit while the threaded wasm module's pool threads idle (see the module comment).
 *
 * @param wasmModule - the Emscripten module of the wasm backend (`BackendWasm.wasm`)
 * @returns how many workers were released
 */
export function releaseWasmThreads(wasmModule: unknown): number {
  const registry = (wasmModule as { PThread?: PThreadRegistry } | undefined)?.PThread;
  if (registry === undefined) return 0;
  const workers = [...registry.runningWorkers, ...registry.unusedWorkers];
  for (const w of workers) w.unref();
  return workers.length;
}
