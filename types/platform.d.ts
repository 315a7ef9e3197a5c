/**
 * The globals the core (src/index.ts and what it imports) may use: those that Node ≥ 20, browsers and
 * Web Workers all have. tsconfig.core.json type-checks the core with these and ES2022 only — no Node
 * types, no DOM — so a use of `process`, `Buffer`, `setImmediate` or `document` in the core fails to
 * compile. (The regular tsconfig.json uses Node's types, which declare all of these too.)
 */

/** A signal that an operation should stop (`AbortController.signal`). */
declare interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { readonly once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
declare const AbortSignal: { prototype: AbortSignal };

/** Decodes UTF-8 (and other encodings) bytes to text. */
declare class TextDecoder {
  constructor(label?: string, options?: { readonly fatal?: boolean; readonly ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { readonly stream?: boolean }): string;
}

/** Encodes text as UTF-8 bytes. */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}

/** High-resolution time in milliseconds. */
declare const performance: { now(): number };

declare function setTimeout(handler: () => void, timeout?: number): unknown;
declare function clearTimeout(id: unknown): void;
declare function queueMicrotask(callback: () => void): void;

/** Decodes base64 to a binary string (one character per byte). */
declare function atob(data: string): string;

/** A port of a {@link MessageChannel}. */
declare interface MessagePort {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}
/** Two entangled ports: a message posted on one is a macrotask on the other. */
declare class MessageChannel {
  readonly port1: MessagePort;
  readonly port2: MessagePort;
}
