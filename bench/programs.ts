/**
 * What the bench runs, and where. A configuration is a backend with a way of using the cores; each
 * runs in its own child process (tfjs backends are process-global, and the wasm thread count is fixed
 * when wasm first initializes). A program spec says which configurations it runs in.
 *
 * To add the compiled Tilde model, append a spec with `compiled: true` (one for the single-process
 * configurations, and one built on a replica module for the data-parallel one).
 */
import type { BackendName } from '../src/runtime/backend.js';
import { createCompiledVae } from './compiled-vae.js';
import { createHandwrittenVae } from './handwritten-vae.js';
import { createParallelVae } from './parallel-vae.js';
import type { BenchProgram } from './program.js';
import { createRuntimeOpsVae } from './runtime-ops-vae.js';

/** How a configuration uses the machine's cores. */
export type CoreMode = 'single' | 'threaded' | 'data-parallel';

/** A backend and a way of using the cores, run in one child process. */
export interface BenchConfig {
  /** Stable id, e.g. `wasm-parallel-2`. */
  readonly id: string;
  /** The tfjs backend. */
  readonly backend: BackendName;
  /** How the cores are used. */
  readonly mode: CoreMode;
  /** Threads of the wasm backend (threaded mode) or replicas (data-parallel mode); 1 otherwise. */
  readonly threads: number;
  /** Untimed steps per program. */
  readonly warmup: number;
  /** Timed steps per program. */
  readonly steps: number;
}

/** A benchmarked program and the configurations it runs in. */
export interface ProgramSpec {
  /** Key of the program (as in {@link BenchProgram.key}). */
  readonly key: string;
  /** Whether it is the compiled Tilde model (the subject of the ratio and of `imagesPerSecond`). */
  readonly compiled: boolean;
  /** Whether it runs in a configuration. */
  runsIn(config: BenchConfig): boolean;
  /** Builds it on the configuration's (already selected) backend. */
  create(config: BenchConfig): Promise<BenchProgram>;
}

const singleProcess = (c: BenchConfig): boolean => c.mode !== 'data-parallel';

/** Every program of the bench. */
export const PROGRAMS: readonly ProgramSpec[] = [
  { key: 'compiled', compiled: true, runsIn: singleProcess, create: async () => createCompiledVae() },
  // The same with tfjs's products (XNNPACK on wasm) instead of kernels/gemm.ts, where that GEMM runs.
  { key: 'compiled-tfjs-products', compiled: false, runsIn: (c) => c.backend === 'wasm' && singleProcess(c), create: async () => createCompiledVae(0, 'examples/vae.tilde', 'off') },
  { key: 'handwritten-default', compiled: false, runsIn: singleProcess, create: async () => createHandwrittenVae('default') },
  { key: 'handwritten-explicit', compiled: false, runsIn: singleProcess, create: async () => createHandwrittenVae('explicit') },
  { key: 'runtime-ops', compiled: false, runsIn: singleProcess, create: async () => createRuntimeOpsVae() },
  {
    key: 'runtime-ops-parallel',
    compiled: false,
    runsIn: (c) => c.mode === 'data-parallel',
    create: (c) => createParallelVae(c.threads, c.backend),
  },
];
