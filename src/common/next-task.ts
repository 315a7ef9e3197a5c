/**
 * Yielding to the event loop between training steps, on any platform, so that signal handlers, timers
 * and (in a worker) incoming messages such as "stop" run. Node has `setImmediate`; browsers and workers
 * do not, and their `setTimeout(…, 0)` is clamped to 4 ms once nested, so there a message posted on a
 * {@link MessageChannel} — a macrotask without the clamp — wakes the caller.
 */
const host = globalThis as { setImmediate?: (callback: () => void) => unknown };

/** The two ends of a channel, as browsers type them (Node's ports, never used here, differ). */
interface Ports {
  readonly port1: { onmessage: (() => void) | null };
  readonly port2: { postMessage(message: unknown): void };
}

let channel: Ports | undefined;
const waiting: (() => void)[] = [];

/** Resolves on a later macrotask (after pending I/O, timers and messages have had their turn). */
export function nextTask(): Promise<void> {
  const immediate = host.setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => immediate(resolve));
  if (channel === undefined) {
    channel = new MessageChannel() as unknown as Ports;
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(0);
  });
}
