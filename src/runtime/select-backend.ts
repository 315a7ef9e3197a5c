/**
 * Backend selection, on any platform: which TensorFlow.js backend runs the tensors, with how many
 * threads, and why. What differs between Node and a browser (environment variables, the number of
 * cores, whether and how the threaded wasm build can start, native TensorFlow) is a {@link BackendHost};
 * {@link selectBackend} here uses the browser's ({@link WEB_HOST}), `src/runtime/backend.ts` Node's.
 *
 * Order of preference when nothing is requested (fastest first):
 * 1. `tensorflow` — native TensorFlow through `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node`.
 *    Both are optional: their installers download libtensorflow, which fails without internet, so we
 *    probe them with a dynamic `import()` and fall through when they are absent.
 * 2. `wasm` — the embedded default, XNNPACK compiled to WebAssembly with SIMD. With more than one
 *    thread it runs the package's threaded SIMD build (in Node through worker_threads, see
 *    `parallel/wasm-threads.ts`; in a browser only when the page is cross-origin isolated); if that
 *    cannot run here it falls back to one thread.
 * 3. `cpu` — plain JavaScript kernels, ~30x slower; used only if wasm cannot initialize (e.g. a
 *    runtime without WebAssembly).
 *
 * `opts.backend` (the CLI's `--backend`) wins over the `TILDE_BACKEND` environment variable, which wins
 * over the automatic choice; likewise `opts.threads` over `TILDE_THREADS` over the machine's
 * parallelism. A requested backend that is unknown or cannot load is a {@link UserError} (exit 2):
 * silently training on another backend would make timings and results hard to trust.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
// Gradients are registered once, in one place, for every program that selects a backend (see gradients.ts).
import './gradients.js';
import { UserError } from '../common/diagnostic.js';

/** Whether the threaded wasm build can run here, and if not, why (shown as the backend's `reason`). */
export type ThreadSupport =
  | {
      /** The threaded build can run. */
      readonly ok: true;
    }
  | {
      /** The threaded build cannot run. */
      readonly ok: false;
      /** Why not, in words for the backend's reason. */
      readonly reason: string;
    };

/** What backend selection needs from the platform it runs on. */
export interface BackendHost {
  /** An environment variable (`TILDE_BACKEND`, `TILDE_THREADS`), or undefined where there are none. */
  env(name: string): string | undefined;
  /** Cores available to this process (or page). */
  parallelism(): number;
  /** Packages that register a native `tensorflow` backend, tried in order (none in a browser). */
  readonly nativePackages: readonly string[];
  /** Why there is no native backend when none of {@link nativePackages} is installed. */
  readonly noNativeReason: string;
  /** Whether the threaded SIMD wasm build can run here, without starting anything. */
  wasmThreadSupport(): ThreadSupport;
  /** Runs the wasm backend's initialization so that its pthread workers can start here. */
  initThreadedWasm(threads: number, initialize: () => Promise<boolean>): Promise<boolean>;
  /** Called once the threaded build is up, with the backend's Emscripten module. */
  afterThreadedWasm(wasmModule: unknown): void;
}

/**
 * A browser page or Web Worker: no environment variables, `navigator.hardwareConcurrency` cores, and the
 * threaded build only when the page is cross-origin isolated (served with COOP/COEP headers), which is
 * what lets it share memory with the pthread workers tfjs starts itself.
 */
export const WEB_HOST: BackendHost = {
  env: () => undefined,
  parallelism: () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
  nativePackages: [],
  noNativeReason: 'native TensorFlow does not run in a browser',
  wasmThreadSupport: () =>
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer === 'function'
      ? { ok: true }
      : { ok: false, reason: 'the page is not cross-origin isolated (serve it with COOP/COEP headers to share memory with threads)' },
  initThreadedWasm: withLogicalCores,
  afterThreadedWasm: () => undefined,
};

/**
 * Runs the wasm initialization with `navigator.hardwareConcurrency` reading twice `threads`: XNNPACK's
 * pool takes half the logical cores Emscripten reports (it assumes hyper-threading), which would be one
 * thread on a two-core machine; Node's shim does the same with `os.cpus()` (parallel/wasm-threads.ts).
 */
async function withLogicalCores(threads: number, initialize: () => Promise<boolean>): Promise<boolean> {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav === undefined) return initialize();
  Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await initialize();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** The backends Tilde knows, fastest first. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;

/** A backend Tilde can train on. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** What {@link selectBackend} chose; printed at the start of training and recorded in the run directory. */
export interface BackendInfo {
  /** The tfjs backend now active. */
  readonly name: BackendName;
  /** Threads the backend computes with (the main thread included). */
  readonly threads: number;
  /** Whether the kernels use SIMD instructions (always true for native TensorFlow). */
  readonly simd: boolean;
  /** Why this backend and thread count were chosen, in one sentence. */
  readonly reason: string;
}

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** A backend name (`tensorflow`, `wasm`, `cpu`); overrides `TILDE_BACKEND`. */
  readonly backend?: string;
  /** Threads for the wasm backend (≥ 1); overrides `TILDE_THREADS`. Default: the machine's parallelism. */
  readonly threads?: number;
}

// The threaded wasm build pre-spawns 8 pthread workers; more threads than that would spawn lazily.
const MAX_WASM_THREADS = 8;

let pending: { key: string; info: Promise<BackendInfo> } | undefined;

/**
 * Chooses and activates the backend on `host`, initializing it if needed. Idempotent: a second call
 * with the same request returns the same answer without re-initializing; a call with another backend
 * switches to it (tfjs keeps every initialized backend). The wasm thread count is fixed by the first
 * wasm initialization in a process.
 *
 * @throws UserError (exit code 2) if a requested backend or thread count is invalid or unavailable
 */
export async function selectBackendOn(host: BackendHost, opts: SelectBackendOptions = {}): Promise<BackendInfo> {
  const request = resolveRequest(host, opts);
  const key = `${request.backend ?? 'auto'}/${request.threads}`;
  if (pending?.key === key) {
    const info = await pending.info;
    if (tf.getBackend() === info.name) return info;
  }
  const info = activate(host, request);
  pending = { key, info };
  try {
    return await info;
  } catch (e) {
    pending = undefined;
    throw e;
  }
}

/** {@link selectBackendOn} a browser page or worker ({@link WEB_HOST}); Node programs use `tilde-ppl/node`'s. */
export function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendInfo> {
  return selectBackendOn(WEB_HOST, opts);
}

/** One line for the console and the run directory, e.g. `backend wasm (SIMD, 2 threads)`. */
export function describeBackend(info: BackendInfo): string {
  const features = [info.simd ? 'SIMD' : 'no SIMD', `${info.threads} thread${info.threads === 1 ? '' : 's'}`];
  return `backend ${info.name} (${features.join(', ')})`;
}

interface Request {
  readonly backend: BackendName | undefined;
  readonly backendSource: string;
  readonly threads: number;
  readonly threadsSource: string;
}

function resolveRequest(host: BackendHost, opts: SelectBackendOptions): Request {
  const envBackend = host.env('TILDE_BACKEND')?.trim();
  const rawBackend = opts.backend ?? (envBackend === '' ? undefined : envBackend);
  const backendSource = opts.backend !== undefined ? '--backend' : 'TILDE_BACKEND';
  if (rawBackend !== undefined && !(BACKEND_NAMES as readonly string[]).includes(rawBackend)) {
    throw new UserError(`unknown backend '${rawBackend}' (from ${backendSource}); expected one of: ${BACKEND_NAMES.join(', ')}`, 2);
  }
  const envThreads = host.env('TILDE_THREADS')?.trim();
  let threads = Math.max(1, Math.min(MAX_WASM_THREADS, host.parallelism()));
  let threadsSource = `the machine's parallelism (${threads})`;
  if (opts.threads !== undefined || (envThreads !== undefined && envThreads !== '')) {
    const src = opts.threads !== undefined ? '--threads' : 'TILDE_THREADS';
    const n = opts.threads ?? Number(envThreads);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`invalid thread count '${opts.threads ?? envThreads}' (from ${src}); expected an integer ≥ 1`, 2);
    threads = n;
    threadsSource = src;
  }
  return { backend: rawBackend as BackendName | undefined, backendSource, threads, threadsSource };
}

async function activate(host: BackendHost, req: Request): Promise<BackendInfo> {
  if (req.backend !== undefined) {
    const why = `requested by ${req.backendSource}`;
    if (req.backend === 'tensorflow') {
      const loaded = await loadNative(host);
      if (!loaded.ok) throw new UserError(`backend 'tensorflow' (${why}) is unavailable: ${loaded.reason}`, 2);
      return activateNative(host, loaded.pkg, why);
    }
    if (req.backend === 'wasm') return activateWasm(host, req, why);
    return activateCpu(why);
  }
  const loaded = await loadNative(host);
  if (loaded.ok) return activateNative(host, loaded.pkg, `${loaded.pkg} is installed; native TensorFlow is the fastest backend tfjs has`);
  try {
    return await activateWasm(host, req, `${loaded.reason}, so the embedded wasm backend (XNNPACK) is used`);
  } catch (e) {
    return activateCpu(`the wasm backend failed to initialize (${(e as Error).message}); plain-JS kernels are ~30x slower`);
  }
}

type NativeLoad = { readonly ok: true; readonly pkg: string } | { readonly ok: false; readonly reason: string };

async function loadNative(host: BackendHost): Promise<NativeLoad> {
  const failures: string[] = [];
  for (const pkg of host.nativePackages) {
    try {
      // A variable specifier keeps TypeScript from requiring the optional package's types.
      const specifier: string = pkg;
      await import(specifier);
      if (tf.findBackendFactory('tensorflow') != null) return { ok: true, pkg };
      failures.push(`${pkg} loaded but registered no 'tensorflow' backend`);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') continue;
      failures.push(`${pkg} failed to load (${(e as Error).message.split('\n')[0]})`);
    }
  }
  if (failures.length > 0) return { ok: false, reason: failures.join('; ') };
  return { ok: false, reason: host.noNativeReason };
}

async function activateNative(host: BackendHost, pkg: string, why: string): Promise<BackendInfo> {
  if (!(await tf.setBackend('tensorflow'))) throw new UserError(`backend 'tensorflow' from ${pkg} failed to initialize`, 2);
  await tf.ready();
  // TensorFlow sizes its own intra-op pool to the machine; Tilde does not override it.
  return { name: 'tensorflow', threads: host.parallelism(), simd: true, reason: why };
}

async function activateCpu(why: string): Promise<BackendInfo> {
  if (!(await tf.setBackend('cpu'))) throw new UserError(`backend 'cpu' failed to initialize`, 2);
  await tf.ready();
  return { name: 'cpu', threads: 1, simd: false, reason: why };
}

async function activateWasm(host: BackendHost, req: Request, why: string): Promise<BackendInfo> {
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  if (tf.findBackend('wasm') !== null) {
    // Already initialized in this process: the thread count cannot change any more.
    await tf.setBackend('wasm');
    const threads = tfwasm.getThreadsCount();
    const fixed = threads === req.threads ? '' : ' (the thread count is fixed when wasm is first initialized)';
    return { name: 'wasm', threads, simd, reason: `${why}${fixed}` };
  }
  let threadNote = `${req.threads} threads from ${req.threadsSource}`;
  if (req.threads > 1) {
    const support = simd ? host.wasmThreadSupport() : { ok: false as const, reason: 'the threaded build needs SIMD' };
    if (support.ok) {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
      tfwasm.setThreadsCount(req.threads);
      const ok = await host.initThreadedWasm(req.threads, () => tf.setBackend('wasm'));
      if (ok) {
        await tf.ready();
        host.afterThreadedWasm((tf.backend() as unknown as { wasm?: unknown }).wasm);
        const threads = tfwasm.getThreadsCount();
        return { name: 'wasm', threads, simd, reason: `${why}; ${threads} thread${threads === 1 ? '' : 's'} (threaded SIMD build) from ${req.threadsSource}` };
      }
      threadNote = 'the threaded SIMD build failed to initialize, so 1 thread';
    } else {
      threadNote = `1 thread: ${support.reason}`;
    }
  } else {
    threadNote = `1 thread from ${req.threadsSource}`;
  }
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  tfwasm.setThreadsCount(1);
  if (!(await tf.setBackend('wasm'))) throw new UserError(`backend 'wasm' failed to initialize`, 2);
  await tf.ready();
  return { name: 'wasm', threads: tfwasm.getThreadsCount(), simd, reason: `${why}; ${threadNote}` };
}
