/**
 * `npx tsx bench/relaxed-simd.ts [--rounds R]`: does wasm relaxed SIMD (`f32x4.relaxed_madd`, a hardware FMA)
 * work in this Node and would it help the products? Issue 13's first lever, measured before building on it.
 *
 * It sets `--experimental-wasm-relaxed-simd` with `v8.setFlagsFromString` (before any wasm compiles; Node 20's
 * V8 11.3 has relaxed SIMD behind that flag, Node ≥ 22 and Chrome ≥ 114 by default), then times, in
 * interleaved rounds (best round each, the machines being shared):
 * - register-blocked GEMM micro-kernels (an MR × NR block of C in registers, K = 400 rank-1 updates from
 *   packed panels in L1: the inner loop of any BLAS, Goto & van de Geijn 2008), each with
 *   `f32x4.mul` + `f32x4.add` and with `f32x4.relaxed_madd` — an upper bound of what a whole GEMM built on
 *   them reaches;
 * - XNNPACK's whole product (tf.matMul on the wasm backend, one thread) at the flagship's shapes, packing
 *   included: what such a GEMM would have to beat.
 */
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import wabtInit from 'wabt';

v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' } } });
const rounds = Number(values.rounds);

/** The WAT of an MR × 4·NV micro-kernel: c[r][v] += splat(a[k·MR + r]) · b[k·NR + 4v …]. */
function microKernel(mr: number, nv: number, fma: boolean): string {
  const nr = 4 * nv;
  const acc = (r: number, v: number) => `$c${r}_${v}`;
  let locals = '(local $a v128)';
  for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) locals += ` (local ${acc(r, v)} v128)`;
  for (let v = 0; v < nv; v++) locals += ` (local $b${v} v128)`;
  let body = '';
  for (let v = 0; v < nv; v++) body += `(local.set $b${v} (v128.load offset=${16 * v} (local.get $pb)))\n`;
  for (let r = 0; r < mr; r++) {
    body += `(local.set $a (v128.load32_splat offset=${4 * r} (local.get $pa)))\n`;
    for (let v = 0; v < nv; v++) {
      const c = `(local.get ${acc(r, v)})`;
      body += fma
        ? `(local.set ${acc(r, v)} (f32x4.relaxed_madd (local.get $a) (local.get $b${v}) ${c}))\n`
        : `(local.set ${acc(r, v)} (f32x4.add ${c} (f32x4.mul (local.get $a) (local.get $b${v}))))\n`;
    }
  }
  let store = '';
  for (let r = 0; r < mr; r++) for (let v = 0; v < nv; v++) store += `(v128.store offset=${16 * (r * nv + v)} (local.get $c) (local.get ${acc(r, v)}))\n`;
  return `(module (memory (export "memory") 16)
  (func (export "kernel") (param $pa i32) (param $pb i32) (param $c i32) (param $k i32) ${locals}
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $k)))
      ${body}
      (local.set $pa (i32.add (local.get $pa) (i32.const ${4 * mr})))
      (local.set $pb (i32.add (local.get $pb) (i32.const ${4 * nr})))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br $l)))
    ${store}))`;
}

interface Variant {
  readonly label: string;
  readonly flopsPerCall: number;
  readonly run: (calls: number) => void;
  best: number;
}

/** The project compiles without the DOM lib, where TypeScript declares `WebAssembly`. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const wabt = await wabtInit();
const K = 400;
const variants: Variant[] = [];
let relaxedWorks = true;
for (const [mr, nv] of [[4, 2], [6, 2], [4, 3], [8, 1]] as const) {
  for (const fma of [false, true]) {
    const module = wabt.parseWat('kernel.wat', microKernel(mr, nv, fma), { simd: true, relaxed_simd: true });
    const bytes = module.toBinary({}).buffer;
    module.destroy();
    let instance: { exports: Record<string, unknown> };
    try {
      instance = new wasm.Instance(new wasm.Module(bytes), {});
    } catch (e) {
      relaxedWorks = false;
      console.log(`MR=${mr} NR=${4 * nv} ${fma ? 'relaxed_madd' : 'mul+add'}: does not compile (${(e as Error).message})`);
      continue;
    }
    const nr = 4 * nv;
    const mem = new Float32Array((instance.exports['memory'] as { buffer: ArrayBuffer }).buffer);
    for (let i = 0; i < K * (mr + nr); i++) mem[i] = Math.random();
    const kernel = instance.exports['kernel'] as (pa: number, pb: number, c: number, k: number) => void;
    const pb = 4 * K * mr;
    const pc = pb + 4 * K * nr;
    variants.push({ label: `micro-kernel ${mr}×${nr}, ${fma ? 'relaxed_madd' : 'mul + add'}`, flopsPerCall: 2 * mr * nr * K, run: (n) => { for (let i = 0; i < n; i++) kernel(0, pb, pc, K); }, best: 0 });
  }
}

// XNNPACK through tfjs (wasm, one thread) at the flagship's products.
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-backend-wasm');
const wasmBackend = await import('@tensorflow/tfjs-backend-wasm');
wasmBackend.setThreadsCount(1);
await tf.setBackend('wasm');
for (const [m, k, n, tb] of [[128, 784, 400, false], [128, 400, 784, false], [784, 128, 400, false], [128, 784, 400, true]] as const) {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal(tb ? [n, k] : [k, n]);
  variants.push({
    label: `XNNPACK tf.matMul [${m}×${k}]·[${k}×${n}]${tb ? ' (B transposed)' : ''}`,
    flopsPerCall: 2 * m * n * k,
    run: (calls) => { for (let i = 0; i < calls; i++) tf.matMul(a, b, false, tb).dispose(); },
    best: 0,
  });
}

for (const v of variants) v.run(Math.ceil(2e8 / v.flopsPerCall)); // warm-up (tier-up to TurboFan)
for (let r = 0; r < rounds; r++) {
  for (const v of variants) {
    const calls = Math.ceil(4e8 / v.flopsPerCall);
    const t0 = performance.now();
    v.run(calls);
    const rate = (calls * v.flopsPerCall) / ((performance.now() - t0) * 1e6);
    v.best = Math.max(v.best, rate);
  }
}
console.log(`relaxed SIMD (--experimental-wasm-relaxed-simd) ${relaxedWorks ? 'compiles and runs' : 'does NOT work'} in Node ${process.version} (V8 ${process.versions.v8})`);
for (const v of variants) console.log(`${v.label.padEnd(56)} ${v.best.toFixed(1).padStart(6)} GFLOP/s`);
