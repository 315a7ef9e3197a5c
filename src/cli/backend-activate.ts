/**
 * Turns the `--backend` / `--threads` flags into an active backend and reports it, so every run says what
 * it ran on.
 */
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../common/diagnostic.js';
import { describeBackend, selectBackend, type BackendInfo } from '../runtime/backend.js';
import type { BackendFlags } from './backend-flags.js';
import type { CliIo } from './io.js';

/** Activates the backend the flags ask for and reports it on standard error. */
export async function activateBackend(flags: BackendFlags, io: CliIo, quiet = false): Promise<BackendInfo> {
  let threads: number | undefined;
  if (flags.threads !== undefined) {
    threads = Number(flags.threads);
    if (!Number.isInteger(threads) || threads < 1) throw new UserError(`--threads must be a positive integer, got ${flags.threads}`, 2);
  }
  // The CLI prints its own notes; tfjs's console advice (e.g. "install tfjs-node") would only add noise.
  tf.enableProdMode();
  const info = await selectBackend({ ...(flags.backend !== undefined ? { backend: flags.backend } : {}), ...(threads !== undefined ? { threads } : {}) });
  if (!quiet) io.err(`${describeBackend(info)}: ${info.reason}\n`);
  return info;
}
