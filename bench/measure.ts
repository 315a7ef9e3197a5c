/**
 * Timing of benchmark programs. Programs that are compared are timed in interleaved rounds (A B C
 * A B C …) so that a change in machine load during the run (the bench machines are shared) affects
 * them alike; the reported step time is the median over all timed steps, and images/s is computed
 * from it (the mean is reported too).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BatchCursor } from './mnist.js';
import type { BenchProgram, StepProfile } from './program.js';

/** Timing of one program. */
export interface ProgramTiming {
  /** The program's key. */
  readonly key: string;
  /** The program's label. */
  readonly label: string;
  /** Whether it is a plain hand-written tfjs baseline. */
  readonly handwritten: boolean;
  /** Timed steps (after warm-up). */
  readonly steps: number;
  /** Median wall time of one step, ms. */
  readonly medianMs: number;
  /** Mean wall time of one step, ms. */
  readonly meanMs: number;
  /** Images per second at the median step time. */
  readonly imagesPerSecond: number;
  /** Loss of the first and last timed step (a sanity check that training runs). */
  readonly firstLoss: number;
  /** See {@link ProgramTiming.firstLoss}. */
  readonly lastLoss: number;
  /** Largest change of `tf.memory().numTensors` over a run of this program's steps (0 = no leak). */
  readonly tensorLeak: number;
  /** Mean step breakdown, when profiled. */
  readonly profile?: StepProfile;
}

/** Options of {@link timePrograms}. */
export interface TimingOptions {
  /** Untimed steps per program before timing. */
  readonly warmup: number;
  /** Timed steps per program. */
  readonly steps: number;
  /** Number of interleaved rounds the timed steps are split into. */
  readonly rounds: number;
  /** Steps to profile per program (0: none). */
  readonly profileSteps: number;
  /** Images per batch. */
  readonly batch: number;
}

/** Times every program on batches from `cursor` (each program sees the same sequence of batches). */
export async function timePrograms(programs: readonly BenchProgram[], cursor: () => BatchCursor, opts: TimingOptions): Promise<ProgramTiming[]> {
  const cursors = programs.map(() => cursor());
  const times: number[][] = programs.map(() => []);
  const losses: number[][] = programs.map(() => []);
  const leaks: number[] = programs.map(() => 0);
  programs.forEach((p, i) => {
    for (let s = 0; s < opts.warmup; s++) p.step(cursors[i]!.nextBatch());
  });
  const perRound = Math.ceil(opts.steps / opts.rounds);
  for (let r = 0; r < opts.rounds; r++) {
    programs.forEach((p, i) => {
      const n = Math.min(perRound, opts.steps - times[i]!.length);
      const tensorsBefore = tf.memory().numTensors;
      for (let s = 0; s < n; s++) {
        const batch = cursors[i]!.nextBatch();
        const t0 = performance.now();
        const loss = p.step(batch);
        times[i]!.push(performance.now() - t0);
        losses[i]!.push(loss);
      }
      leaks[i] = Math.max(leaks[i]!, Math.abs(tf.memory().numTensors - tensorsBefore));
    });
  }
  const out: ProgramTiming[] = [];
  for (let i = 0; i < programs.length; i++) {
    const p = programs[i]!;
    const sorted = [...times[i]!].sort((a, b) => a - b);
    const medianMs = sorted[sorted.length >> 1]!;
    const meanMs = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    let profile: StepProfile | undefined;
    if (opts.profileSteps > 0 && p.profileStep !== undefined) profile = await averageProfile(p, cursors[i]!, opts.profileSteps);
    out.push({
      key: p.key,
      label: p.label,
      handwritten: p.handwritten,
      steps: sorted.length,
      medianMs,
      meanMs,
      imagesPerSecond: (1000 * opts.batch) / medianMs,
      firstLoss: losses[i]![0]!,
      lastLoss: losses[i]![losses[i]!.length - 1]!,
      tensorLeak: leaks[i]!,
      ...(profile === undefined ? {} : { profile }),
    });
  }
  return out;
}

async function averageProfile(p: BenchProgram, cursor: BatchCursor, steps: number): Promise<StepProfile> {
  const acc = { data: 0, matmul: 0, elementwise: 0, optimizer: 0, overhead: 0, flops: 0 };
  const kernels: Record<string, number> = {};
  for (let s = 0; s < steps; s++) {
    const prof = await p.profileStep!(cursor.nextBatch());
    acc.data += prof.data;
    acc.matmul += prof.matmul;
    acc.elementwise += prof.elementwise;
    acc.optimizer += prof.optimizer;
    acc.overhead += prof.overhead;
    acc.flops += prof.productFlops ?? 0;
    for (const [k, v] of Object.entries(prof.kernels)) kernels[k] = (kernels[k] ?? 0) + v;
  }
  for (const k of Object.keys(kernels)) kernels[k] = kernels[k]! / steps;
  return {
    data: acc.data / steps,
    matmul: acc.matmul / steps,
    elementwise: acc.elementwise / steps,
    optimizer: acc.optimizer / steps,
    overhead: acc.overhead / steps,
    kernels,
    productFlops: acc.flops / steps,
  };
}
