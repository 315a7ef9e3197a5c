/**
 * Backend selection under Node (a Node adapter, exported by `tilde-ppl/node`): the platform-free choice
 * of `select-backend.ts` on a host that reads `TILDE_BACKEND` / `TILDE_THREADS` from the environment,
 * counts the machine's cores, tries the optional native packages (`@tensorflow/tfjs-node-gpu`, then
 * `@tensorflow/tfjs-node`) and starts the threaded SIMD wasm build through worker_threads
 * (`parallel/wasm-threads.ts`). It also turns on wasm relaxed SIMD (below).
 */
import os from 'node:os';
import v8 from 'node:v8';
import { setGemmHelperFactory } from './kernels/gemm-blocks.js';
import { nodeGemmHelper } from './parallel/gemm-helper.js';
import { nodeWasmThreadSupport, releaseWasmThreads, withNodeWasmThreads } from './parallel/wasm-threads.js';
import { selectBackendOn, type BackendHost, type BackendInfo, type SelectBackendOptions } from './select-backend.js';

export { BACKEND_NAMES, describeBackend, type BackendName, type BackendInfo, type SelectBackendOptions } from './select-backend.js';

// Node 20's V8 (11.3) has relaxed SIMD behind a flag (on by default from Node 22 and in Chrome ≥ 114). It
// applies to modules compiled after it is set, so setting it here, before any backend starts, lets the
// matrix product of kernels/gemm.ts use f32x4.relaxed_madd (a hardware FMA); the feature is still detected
// by validating a probe module, never assumed.
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
// On the threaded build the products are split with a helper thread of ours (parallel/gemm-helper.ts).
setGemmHelperFactory(nodeGemmHelper);

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
