/**
 * Backend selection under Node (a Node adapter, exported by `tilde-ppl/node`): the platform-free choice
 * of `select-backend.ts` on a host that reads `TILDE_BACKEND` / `TILDE_THREADS` from the environment,
 * counts the machine's cores, tries the optional native packages (`@tensorflow/tfjs-node-gpu`, then
 * `@tensorflow/tfjs-node`) and starts the threaded SIMD wasm build through worker_threads
 * (`parallel/wasm-threads.ts`).
 */
import os from 'node:os';
import { nodeWasmThreadSupport, releaseWasmThreads, withNodeWasmThreads } from './parallel/wasm-threads.js';
import { selectBackendOn, type BackendHost, type BackendInfo, type SelectBackendOptions } from './select-backend.js';

export { BACKEND_NAMES, describeBackend, type BackendName, type BackendInfo, type SelectBackendOptions } from './select-backend.js';

/** Node: the process's environment and cores, native TensorFlow if installed, threads via worker_threads. */
export const NODE_HOST: BackendHost = {
  env: (name) => process.env[name],
  parallelism: () => os.availableParallelism(),
  nativePackages: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'],
  noNativeReason: '@tensorflow/tfjs-node is not installed (an optional dependency; see the README)',
  wasmThreadSupport: nodeWasmThreadSupport,
  initThreadedWasm: withNodeWasmThreads,
  afterThreadedWasm: (wasmModule) => void releaseWasmThreads(wasmModule),
};

/**
 * Chooses and activates the backend for this Node process (see `select-backend.ts` for the order of
 * preference and the overrides). Idempotent; the wasm thread count is fixed by the first wasm
 * initialization in a process.
 *
 * @throws UserError (exit code 2) if a requested backend or thread count is invalid or unavailable
 */
export function selectBackend(opts: SelectBackendOptions = {}): Promise<BackendInfo> {
  return selectBackendOn(NODE_HOST, opts);
}
