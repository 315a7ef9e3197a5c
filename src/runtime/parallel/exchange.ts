/**
 * The shared memory of a data-parallel group and its step protocol (one barrier per step).
 *
 * Layout (all SharedArrayBuffers, created by the main thread, passed to each worker):
 * - `control` (Int32Array): GO = the number of the step the main thread has posted; ROWS = its batch
 *   size; DONE₀, DONE₁ = how many gradients have been written into slot set 0 / 1, ever (monotonic,
 *   so nothing is reset); ERROR = 1 + index of a failed replica; STOP; CHECK = 1 + the step at
 *   whose start every replica writes a fingerprint of its parameters (to verify they agree).
 * - `batch`: the current batch, row-major, written by the main thread before it posts a step.
 * - `grads[set][k]`: replica k's gradient for steps of parity `set`; `losses[set][k]` its mean loss.
 *
 * Step s: the main thread writes the batch and posts GO = s; every replica k computes the gradient of
 * its rows into `grads[s % 2][k]`, adds 1 to DONE[s % 2] and waits until it reaches k·(⌊s/2⌋ + 1),
 * i.e. until all replicas wrote; then each takes the optimizer step itself with the same weighted
 * sum of all slots (summed in its own optimizer, see Replica.apply). Two slot sets make this one barrier enough: while a slow replica still reads set
 * s % 2, the others can only get as far as writing set (s + 1) % 2, because step s + 2 needs the slow
 * replica's step-(s + 1) gradient first.
 */

import type { Replica } from './replica.js';

/** Indices into the control array. */
export const CONTROL = { GO: 0, ROWS: 1, DONE0: 2, DONE1: 3, ERROR: 4, STOP: 5, CHECK: 6, LENGTH: 8 } as const;

/** Bytes reserved for a failed replica's error message. */
const ERROR_TEXT_BYTES = 4096;

/** The shared buffers of a group, as sent to workers. */
export interface ExchangeBuffers {
  readonly control: SharedArrayBuffer;
  readonly batch: SharedArrayBuffer;
  readonly grads: SharedArrayBuffer;
  readonly losses: SharedArrayBuffer;
  readonly errorText: SharedArrayBuffer;
  readonly parameters: SharedArrayBuffer;
  readonly fingerprints: SharedArrayBuffer;
  readonly replicas: number;
  readonly parameterCount: number;
  readonly rowSize: number;
  readonly maxRows: number;
}

/** Allocates the shared buffers of a group of `replicas` replicas. */
export function allocateExchange(replicas: number, parameterCount: number, rowSize: number, maxRows: number): ExchangeBuffers {
  return {
    control: new SharedArrayBuffer(4 * CONTROL.LENGTH),
    batch: new SharedArrayBuffer(4 * rowSize * maxRows),
    grads: new SharedArrayBuffer(4 * 2 * replicas * parameterCount),
    losses: new SharedArrayBuffer(8 * 2 * replicas),
    errorText: new SharedArrayBuffer(ERROR_TEXT_BYTES),
    parameters: new SharedArrayBuffer(4 * parameterCount),
    fingerprints: new SharedArrayBuffer(4 * replicas),
    replicas,
    parameterCount,
    rowSize,
    maxRows,
  };
}

/** Typed views of the shared buffers, and the operations of the step protocol. */
export class Exchange {
  /** The control words. */
  readonly control: Int32Array;
  /** The batch buffer. */
  readonly batch: Float32Array;
  /** The initial parameters, broadcast once at start. */
  readonly parameters: Float32Array;
  /** Replicas' parameter fingerprints, written at the start of a checked step. */
  readonly fingerprints: Uint32Array;
  private readonly grads: Float32Array;
  private readonly losses: Float64Array;
  private readonly errorBytes: Uint8Array;

  /** @param buffers - from {@link allocateExchange} */
  constructor(readonly buffers: ExchangeBuffers) {
    this.control = new Int32Array(buffers.control);
    this.batch = new Float32Array(buffers.batch);
    this.parameters = new Float32Array(buffers.parameters);
    this.fingerprints = new Uint32Array(buffers.fingerprints);
    this.grads = new Float32Array(buffers.grads);
    this.losses = new Float64Array(buffers.losses);
    this.errorBytes = new Uint8Array(buffers.errorText);
  }

  /** Replica k's gradient slot for step `step`. */
  gradSlot(step: number, k: number): Float32Array {
    const p = this.buffers.parameterCount;
    const start = ((step % 2) * this.buffers.replicas + k) * p;
    return this.grads.subarray(start, start + p);
  }

  /** Rows [start, end) of an `rows`-row batch that replica k computes (shares differ by at most one row). */
  share(rows: number, k: number): { start: number; end: number } {
    const n = this.buffers.replicas;
    return { start: Math.floor((k * rows) / n), end: Math.floor(((k + 1) * rows) / n) };
  }

  /**
   * Replica k's part of `step`: the gradient of its rows of the posted batch into its slot, then
   * {@link Exchange.publish}. A replica with no rows (batch smaller than the group) publishes zeros,
   * which {@link Exchange.parts} leaves out.
   *
   * @returns the step's batch size (read now: by the time this replica combines, the main thread
   *   may already have posted the next step, with another size)
   */
  computeShare(replica: Replica, step: number, k: number): number {
    if (Atomics.load(this.control, CONTROL.CHECK) === step + 1) this.fingerprints[k] = fingerprint(replica.getParameters());
    const rows = Atomics.load(this.control, CONTROL.ROWS);
    const { start, end } = this.share(rows, k);
    const slot = this.gradSlot(step, k);
    const { rowSize } = this.buffers;
    let loss = 0;
    if (end > start) loss = replica.gradients(this.batch.subarray(start * rowSize, end * rowSize), end - start, slot);
    else slot.fill(0);
    this.publish(step, k, loss);
    return rows;
  }

  /** Publishes replica k's gradient and loss for `step` (its gradient must already be in its slot). */
  publish(step: number, k: number, loss: number): void {
    this.losses[(step % 2) * this.buffers.replicas + k] = loss;
    const done = step % 2 === 0 ? CONTROL.DONE0 : CONTROL.DONE1;
    Atomics.add(this.control, done, 1);
    Atomics.notify(this.control, done);
  }

  /**
   * Blocks until every replica has published `step` (or one failed, or `timeoutMs` passed).
   *
   * @returns `ok`, or why it stopped waiting
   */
  awaitAll(step: number, timeoutMs: number): 'ok' | 'error' | 'timeout' {
    const done = step % 2 === 0 ? CONTROL.DONE0 : CONTROL.DONE1;
    const target = this.buffers.replicas * (Math.floor(step / 2) + 1);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = Atomics.load(this.control, done);
      if (seen >= target) return 'ok';
      if (Atomics.load(this.control, CONTROL.ERROR) !== 0) return 'error';
      const left = deadline - Date.now();
      if (left <= 0) return 'timeout';
      // Wake at least every 100 ms to notice an error flag set without a notify on this word.
      Atomics.wait(this.control, done, seen, Math.min(left, 100));
    }
  }

  /**
   * The parts of `step`'s combined gradient: replica k's mean-loss gradient over its nₖ of the N rows,
   * weighted nₖ/N, so that Σₖ (nₖ/N)·gₖ is the gradient of the mean loss over the whole batch. Empty
   * shares are left out. Every replica gets the same list, in replica order.
   *
   * @returns the parts, their weights, and the batch's mean loss Σₖ (nₖ/N)·lossₖ
   */
  parts(step: number, rows: number): { parts: Float32Array[]; weights: number[]; loss: number } {
    const n = this.buffers.replicas;
    const parts: Float32Array[] = [];
    const weights: number[] = [];
    let loss = 0;
    for (let k = 0; k < n; k++) {
      const { start, end } = this.share(rows, k);
      if (end === start) continue;
      const w = (end - start) / rows;
      parts.push(this.gradSlot(step, k));
      weights.push(w);
      loss += w * this.losses[(step % 2) * n + k]!;
    }
    return { parts, weights, loss };
  }

  /** Records that replica k failed, with its message, and wakes everyone. */
  fail(k: number, message: string): void {
    const bytes = new TextEncoder().encode(message).subarray(0, this.errorBytes.length - 1);
    this.errorBytes.fill(0);
    this.errorBytes.set(bytes);
    Atomics.store(this.control, CONTROL.ERROR, k + 1);
    for (const word of [CONTROL.GO, CONTROL.DONE0, CONTROL.DONE1]) Atomics.notify(this.control, word);
  }

  /** The failed replica's index and message, if any failed. */
  failure(): { replica: number; message: string } | undefined {
    const code = Atomics.load(this.control, CONTROL.ERROR);
    if (code === 0) return undefined;
    const end = this.errorBytes.indexOf(0);
    // TextDecoder rejects views of shared memory: copy first.
    const text = new TextDecoder().decode(this.errorBytes.slice(0, end < 0 ? this.errorBytes.length : end));
    return { replica: code - 1, message: text };
  }
}

/** FNV-1a over the bits of a float array: equal iff (with overwhelming probability) the bits are equal. */
export function fingerprint(values: Float32Array): number {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  let h = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) h = Math.imul(h ^ words[i]!, 0x01000193) >>> 0;
  return h;
}
