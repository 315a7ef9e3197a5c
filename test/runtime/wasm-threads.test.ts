/** The preconditions of the threaded wasm build hold on this Node, and release tolerates absent modules. */
import { describe, expect, it } from 'vitest';
import { nodeWasmThreadSupport, releaseWasmThreads } from '../../src/runtime/parallel/wasm-threads.js';

describe('wasm threads', () => {
  it('this Node can run the threaded SIMD build (SharedArrayBuffer, wasm threads, installed files, worker script compiles)', () => {
    expect(nodeWasmThreadSupport()).toEqual({ ok: true });
  });

  it('releasing the workers of a non-threaded module does nothing', () => {
    expect(releaseWasmThreads(undefined)).toBe(0);
    expect(releaseWasmThreads({})).toBe(0);
  });
});
