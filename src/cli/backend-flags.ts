/**
 * The `--backend` / `--threads` options of the commands that run tensors, and the one place they are
 * turned into an active backend (printed, so every run says what it ran on).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { UserError } from '../common/diagnostic.js';
import { describeBackend, selectBackend, type BackendInfo } from '../runtime/backend.js';
import type { CliIo } from './io.js';

/** Parsed backend flags. */
export interface BackendFlags {
  backend?: string;
  threads?: string;
}

/** Declares `--backend` and `--threads`. */
export function addBackendOptions(cmd: Command): Command {
  return cmd
    .option('--backend <name>', 'tensorflow (tfjs-node), wasm or cpu; default: the fastest available (also TILDE_BACKEND)')
    .option('--threads <n>', 'threads for the wasm backend (default: the machine\'s cores; also TILDE_THREADS)');
}

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
