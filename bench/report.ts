/**
 * Formatting of the bench's results: the table, the profile breakdown, and the final JSON line.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type { BackendInfo } from '../src/runtime/backend.js';
import type { ProgramTiming } from './measure.js';
import type { PytorchTiming } from './pytorch.js';
import type { BenchConfig } from './programs.js';

/** What one child process reports. */
export interface ConfigResult {
  /** The configuration it ran. */
  readonly config: BenchConfig;
  /** The backend it got. */
  readonly backend: BackendInfo;
  /** One timing per program. */
  readonly timings: readonly ProgramTiming[];
}

/** The reference figures of ../shared/reference (other runs on this kind of machine), when present. */
export interface ReferenceFigures {
  /** PyTorch 1.13, one thread, mean images/s over its epochs. */
  readonly pytorch1Thread?: number;
  /** The reference hand-written tfjs (explicit) on wasm, mean images/s. */
  readonly tfjsWasmExplicit?: number;
}

/** Reads the reference JSON files next to the repository, if they exist. */
export function readReferenceFigures(dir: URL): ReferenceFigures {
  const meanRate = (file: string): number | undefined => {
    try {
      const json = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { epochs: { samples_per_s: number }[] };
      return json.epochs.reduce((a, e) => a + e.samples_per_s, 0) / json.epochs.length;
    } catch {
      return undefined;
    }
  };
  const pytorch1Thread = meanRate('pytorch-vae-1thread.json');
  const tfjsWasmExplicit = meanRate('tfjs-wasm-explicit-10ep.json');
  return { ...(pytorch1Thread === undefined ? {} : { pytorch1Thread }), ...(tfjsWasmExplicit === undefined ? {} : { tfjsWasmExplicit }) };
}

/** Describes how a configuration uses the cores. */
export function describeConfig(c: BenchConfig): string {
  if (c.mode === 'threaded') return `${c.backend}, ${c.threads} threads (threaded SIMD build)`;
  if (c.mode === 'data-parallel') return `${c.backend}, data-parallel ×${c.threads}`;
  return `${c.backend}, 1 thread`;
}

/** The best hand-written images/s on a backend, over all its configurations. */
export function bestHandwritten(results: readonly ConfigResult[], backend: string): number | undefined {
  let best: number | undefined;
  for (const r of results) {
    if (r.config.backend !== backend) continue;
    for (const t of r.timings) if (t.handwritten && (best === undefined || t.imagesPerSecond > best)) best = t.imagesPerSecond;
  }
  return best;
}

/** The results table, one row per (configuration, program). */
export function formatTable(results: readonly ConfigResult[], pytorch: ReadonlyMap<number, PytorchTiming> = new Map()): string {
  const rows: string[][] = [['configuration', 'program', 'ms/step', 'images/s', '÷ best hand-written', 'loss first→last', 'leak']];
  const shown = new Set<number>();
  for (const r of results) {
    const t = pytorch.get(r.config.threads);
    if (t !== undefined && r.config.backend === 'wasm' && r.config.mode !== 'data-parallel' && !shown.has(r.config.threads)) {
      shown.add(r.config.threads);
      rows.push([`PyTorch ${t.torch}, ${t.threads} thread${t.threads === 1 ? '' : 's'}`, `reference/vae_torch_steps.py (${t.blas} BLAS)`, t.medianMs.toFixed(2), t.imagesPerSecond.toFixed(0), '', `${t.firstLoss.toFixed(1)}→${t.lastLoss.toFixed(1)}`, '']);
    }
    const best = bestHandwritten(results, r.config.backend);
    for (const t of r.timings) {
      rows.push([
        describeConfig(r.config),
        t.label,
        t.medianMs.toFixed(2),
        t.imagesPerSecond.toFixed(0),
        best === undefined ? '' : `${(t.imagesPerSecond / best).toFixed(2)}x`,
        `${t.firstLoss.toFixed(1)}→${t.lastLoss.toFixed(1)}`,
        String(t.tensorLeak),
      ]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c >= 2 && c <= 4 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/**
 * The machine's peak f32 rate per core, estimated as clock × FLOPs per cycle: 32 with AVX2 and FMA (two
 * 256-bit FMA pipes: 2 × 8 lanes × 2, what OpenBLAS reaches; Zen 4 runs AVX-512 as two 256-bit halves, so no
 * more there), 16 with SSE/128-bit only. The clock is the nominal one the kernel reports (os.cpus()[0].speed),
 * so turbo can push a measured rate slightly above 100 %. wasm SIMD is 128-bit: half the AVX2 peak at best.
 */
export function peakGflopsPerCore(): { gflops: number; how: string } {
  let mhz = os.cpus()[0]?.speed ?? 0;
  let flags = '';
  try {
    const lines = readFileSync('/proc/cpuinfo', 'utf8').split('\n');
    flags = lines.find((l) => l.startsWith('flags')) ?? '';
    // Some VMs report speed 0 to os.cpus(); /proc/cpuinfo still has the clock.
    if (!(mhz > 0)) mhz = Number(lines.find((l) => l.startsWith('cpu MHz'))?.split(':')[1] ?? 0);
  } catch {
    // not Linux: assume AVX2/FMA (any x86-64 of the last decade)
  }
  const avx2 = flags === '' || (/\bavx2\b/.test(flags) && /\bfma\b/.test(flags));
  const perCycle = avx2 ? 32 : 16;
  return { gflops: (mhz / 1000) * perCycle, how: `${(mhz / 1000).toFixed(2)} GHz × ${perCycle} flop/cycle (${avx2 ? 'AVX2: two 256-bit FMA' : '128-bit SIMD'}) per core` };
}

/** The step-time breakdown of every profiled program. */
export function formatProfiles(results: readonly ConfigResult[]): string {
  const out: string[] = [];
  const peak = peakGflopsPerCore();
  out.push(`peak estimate: ${peak.how} = ${peak.gflops.toFixed(1)} GFLOP/s per core (wasm's 128-bit SIMD: half of it at best)`);
  for (const r of results) {
    const cores = r.config.mode === 'threaded' ? r.config.threads : 1;
    for (const t of r.timings) {
      const p = t.profile;
      if (p === undefined) continue;
      const total = p.data + p.matmul + p.elementwise + p.optimizer + p.overhead;
      const pct = (x: number) => `${x.toFixed(2)} ms (${((100 * x) / total).toFixed(0)}%)`;
      out.push(`${describeConfig(r.config)} — ${t.label}`);
      out.push(`  products (matmul, conv) ${pct(p.matmul)}, elementwise ${pct(p.elementwise)}, optimizer ${pct(p.optimizer)}, data ${pct(p.data)}, JS/other ${pct(p.overhead)}; sum ${total.toFixed(2)} ms`);
      const top = Object.entries(p.kernels).sort((a, b) => b[1] - a[1]).slice(0, 10);
      if (p.productFlops !== undefined && p.productFlops > 0 && p.matmul > 0) {
        const rate = p.productFlops / (p.matmul * 1e6);
        const share = peak.gflops > 0 ? ` = ${((100 * rate) / (cores * peak.gflops)).toFixed(0)} % of the ${cores}-core peak` : '';
        out.push(`  products: ${(p.productFlops / 1e9).toFixed(3)} GFLOP/step at ${rate.toFixed(1)} GFLOP/s${share}`);
      }
      out.push(`  kernels: ${top.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
    }
  }
  return out.join('\n');
}
