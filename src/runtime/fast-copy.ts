/**
 * Reading a tensor's values into a buffer of our own without the allocation `dataSync()` makes.
 */
import * as tf from '@tensorflow/tfjs-core';

/** What {@link copyValues} reads of the wasm backend (tfjs-backend-wasm's own fields). */
interface WasmBackendView {
  readonly dataIdMap?: { get(dataId: object): { memoryOffset?: number } | undefined };
  readonly wasm?: { readonly HEAPU8?: Uint8Array };
}

/**
 * Copies a tensor's values (as float32) into `dst` at `offset`. On the wasm backend, straight from the
 * backend's heap, as its own `readSync` reads it, without the intermediate array `dataSync()`
 * allocates (1.25 MB for the VAE's largest gradient, every step); elsewhere through `dataSync()`.
 */
export function copyValues(t: tf.Tensor, dst: Float32Array, offset: number): void {
  if (t.dtype === 'float32' && tf.getBackend() === 'wasm') {
    const backend = tf.backend() as unknown as WasmBackendView;
    const memoryOffset = backend.dataIdMap?.get(t.dataId)?.memoryOffset;
    const heap = backend.wasm?.HEAPU8;
    if (memoryOffset !== undefined && heap !== undefined && memoryOffset + 4 * t.size <= heap.byteLength) {
      dst.set(new Float32Array(heap.buffer, heap.byteOffset + memoryOffset, t.size), offset);
      return;
    }
  }
  dst.set(t.dataSync() as Float32Array, offset);
}
