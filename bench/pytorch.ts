/**
 * The PyTorch reference of the flagship, timed in the bench's own run: `reference/vae_torch_steps.py` (the
 * model of `reference/vae_torch.py`, a fixed number of steps after a warm-up, median step time) run as a
 * child process with a given thread count, right after the Tilde configuration with the same threads, so
 * that `tildeOverPytorch` compares figures measured back to back under the same machine load.
 *
 * The interpreter is the first of `$TILDE_PYTHON`, `/usr/bin/python3` (Debian's `python3-torch` lives
 * there, not in a pyenv or venv interpreter that may come first on PATH) and `python3` that imports torch.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One timed PyTorch run (the JSON line of vae_torch_steps.py). */
export interface PytorchTiming {
  /** torch.__version__. */
  readonly torch: string;
  /** Threads PyTorch used. */
  readonly threads: number;
  /** The BLAS library the process loaded: `openblas`, `mkl`, `reference` (Debian's slow default) or `unknown`. */
  readonly blas: string;
  /** Timed steps. */
  readonly steps: number;
  /** Median wall time of one step, ms. */
  readonly medianMs: number;
  /** Mean wall time of one step, ms. */
  readonly meanMs: number;
  /** Images per second at the median step time. */
  readonly imagesPerSecond: number;
  /** Loss of the first and last timed step. */
  readonly firstLoss: number;
  /** See {@link PytorchTiming.firstLoss}. */
  readonly lastLoss: number;
}

const SCRIPT = fileURLToPath(new URL('./reference/vae_torch_steps.py', import.meta.url));

/** The Python interpreter that imports torch, or the reason there is none. */
export function findTorchPython(): { python: string } | { missing: string } {
  const candidates = [process.env['TILDE_PYTHON'], '/usr/bin/python3', 'python3'].filter((c): c is string => c !== undefined && c !== '');
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    if (r.status === 0) return { python };
  }
  return { missing: `no Python with torch (tried ${candidates.join(', ')}): apt-get install python3-torch libopenblas0-pthread (docs/benchmarks.md)` };
}

/** Runs the PyTorch reference for `steps` timed steps on `threads` threads. */
export function timePytorch(python: string, threads: number, steps: number, warmup: number): Promise<PytorchTiming> {
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  const args = [SCRIPT, '--threads', String(threads), '--steps', String(steps), '--warmup', String(warmup)];
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || line === undefined) reject(new Error(`PyTorch reference failed (exit code ${code})\n${out}`));
      else resolve(JSON.parse(line) as PytorchTiming);
    });
  });
}
