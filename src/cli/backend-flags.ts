/**
 * The `--backend` / `--threads` options of the commands that run tensors. Declaring them costs nothing;
 * activating the backend (backend-activate.ts) loads TensorFlow.js, so it happens only when a command runs.
 */
import type { Command } from 'commander';

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
