/**
 * Splitting one GEMM between the calling thread and helper threads (threaded wasm build only, whose memory
 * is shared): op(A) is packed once by the caller; then every thread takes blocks of BLOCK_COLS columns from a
 * shared counter, packs that block of op(B) and computes that block of C — dynamic scheduling, so a
 * descheduled helper delays the product by at most the block it holds. The helpers themselves are
 * platform code (Node: parallel/gemm-helper.ts), injected with {@link setGemmHelperFactory}.
 */

/** Columns of C per block: two panels of the micro-kernel's 8. */
export const BLOCK_COLS = 16;

/** Slots of the shared Int32Array that describes the current product. */
export const CONTROL = {
  seq: 0, done: 1, counter: 2, blocks: 3, blockCols: 4,
  b: 5, k: 6, n: 7, rsB: 8, csB: 9, bp: 10, ap: 11, c: 12, m: 13, flags: 14, bias: 15, ldc: 16, helperScratch: 17,
  size: 18,
} as const;

/** A started helper thread. */
export interface GemmHelper {
  /** The shared control block (Int32Array over a SharedArrayBuffer). */
  readonly control: Int32Array;
  /** Wakes the helper for the product described in {@link control}. */
  start(): void;
  /** Blocks until the helper has finished its share of the current product. */
  wait(): void;
}

/** Starts a helper on a shared wasm memory, running the GEMM module `bytes`; undefined if it cannot. */
export type GemmHelperFactory = (memory: object, bytes: Uint8Array) => GemmHelper | undefined;

let factory: GemmHelperFactory | undefined;

/** Installs the platform's helper threads (the Node adapter does, in runtime/backend.ts). */
export function setGemmHelperFactory(f: GemmHelperFactory | undefined): void {
  factory = f;
}

/** The installed factory, if any. */
export function gemmHelperFactory(): GemmHelperFactory | undefined {
  return factory;
}

/** The exports the block loop calls. */
export interface BlockGemm {
  pack_b(b: number, k: number, n: number, rs: number, cs: number, dst: number): void;
  gemm(ap: number, bp: number, c: number, m: number, k: number, n: number, flags: number, bias: number, scratch: number, ldc: number): void;
}

/** The calling thread's share: takes blocks until none is left (the helper runs the same loop). */
export function runBlocks(g: BlockGemm, c: Int32Array, scratch: number): void {
  const bs = c[CONTROL.blockCols]!;
  for (;;) {
    const j = Atomics.add(c, CONTROL.counter, 1);
    if (j >= c[CONTROL.blocks]!) break;
    const j0 = j * bs;
    const nb = Math.min(bs, c[CONTROL.n]! - j0);
    const k = c[CONTROL.k]!;
    g.pack_b(c[CONTROL.b]! + 4 * j0 * c[CONTROL.csB]!, k, nb, c[CONTROL.rsB]!, c[CONTROL.csB]!, c[CONTROL.bp]! + 4 * j0 * k);
    g.gemm(c[CONTROL.ap]!, c[CONTROL.bp]! + 4 * j0 * k, c[CONTROL.c]! + 4 * j0, c[CONTROL.m]!, k, nb, c[CONTROL.flags]!, c[CONTROL.bias]! + 4 * j0, scratch, c[CONTROL.ldc]!);
  }
}
