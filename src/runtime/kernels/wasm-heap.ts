/**
 * Running Tilde's own wasm modules on the tfjs wasm backend's memory: each module imports that memory
 * (`env.memory`; shared in the threaded build, so every module comes in two assembled variants) and works
 * on tensors in place, at the byte offsets the backend keeps for them — no copies in or out. Used by the
 * kernels registered for the `wasm` backend (gemm.ts, bernoulli-logits-log-prob.ts).
 */
import type * as tf from '@tensorflow/tfjs-core';

/** The parts of tfjs-backend-wasm's BackendWasm that kernels use. */
export interface WasmBackendLike {
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  wasm: { _malloc(bytes: number): number; _free(ptr: number): void; wasmMemory?: { buffer: ArrayBufferLike }; asm?: { memory?: { buffer: ArrayBufferLike } } };
}

/** `WebAssembly`, typed here: the project compiles without the DOM lib that declares it. */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** The engine's WebAssembly, if any. */
export const wasmApi = (): WasmApi | undefined => (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** Bytes of a base64 string. */
export const decodeBase64 = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

const instances = new WeakMap<object, Map<string, unknown>>();

/** The backend's memory, and whether it is shared (the threaded build). */
export function heapMemory(backend: WasmBackendLike): { memory: object; shared: boolean } {
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (memory === undefined) throw new Error('the wasm backend exposes no memory');
  return { memory, shared: typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer };
}

/**
 * The module `key` instantiated on this backend's memory (once per backend), from the variant of
 * `bytes` that matches the memory: `shared` for the threaded build's SharedArrayBuffer, else `plain`.
 */
export function heapModule<T>(backend: WasmBackendLike, key: string, bytes: (shared: boolean) => string): T {
  let mods = instances.get(backend);
  if (mods === undefined) instances.set(backend, (mods = new Map()));
  const existing = mods.get(key);
  if (existing !== undefined) return existing as T;
  const { memory, shared } = heapMemory(backend);
  const api = wasmApi()!;
  const made = new api.Instance(new api.Module(decodeBase64(bytes(shared))), { env: { memory } }).exports as T;
  mods.set(key, made);
  return made;
}

/** Byte offset of a tensor's data in the backend's memory. */
export function offsetOf(backend: WasmBackendLike, t: tf.TensorInfo): number {
  const d = backend.dataIdMap.get(t.dataId);
  if (d === undefined) throw new Error('tensor data not on the wasm backend');
  return d.memoryOffset;
}
