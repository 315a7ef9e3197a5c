/**
 * `npx tsx bench/gemm.ts [--threads N] [--rounds R]`: the flagship's six products through kernels/gemm.ts
 * (relaxed SIMD; on the threaded build split with the helper thread, and not) and through tfjs's own
 * (XNNPACK) on the wasm backend, in interleaved rounds (best round each: the machines are shared).
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/runtime/backend.js';
import { product, setGemmHelpers, setGemmMode } from '../src/runtime/kernels/gemm.js';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '1' }, rounds: { type: 'string', default: '9' } } });
tf.enableProdMode();
const info = await selectBackend({ backend: 'wasm', threads: Number(values.threads) });
// The flagship's products: forward x·W (with bias, ReLU), dW = xᵀ·dy, dx = dy·Wᵀ, for 784→400 and 400→784.
const shapes = [
  [128, 784, 400, false, false],
  [784, 128, 400, true, false],
  [128, 400, 784, false, false],
  [400, 128, 784, true, false],
  [128, 784, 400, false, true],
] as const;
const ops = shapes.map(([m, k, n, ta, tb]) => {
  const a = tf.randomNormal<tf.Rank.R2>(ta ? [k, m] : [m, k]);
  const b = tf.randomNormal<tf.Rank.R2>(tb ? [n, k] : [k, n]);
  return {
    flops: 2 * m * n * k,
    run: () => product(a, b, { transposeA: ta, transposeB: tb }).dispose(),
    // dense.ts's route without the own GEMM: transpose explicitly, multiply untransposed (XNNPACK's fast path).
    runTfjs: () => tf.tidy(() => void tf.matMul(ta ? tf.transpose(a) : a, tb ? tf.transpose(b) : b)),
  };
});
const total = ops.reduce((s, o) => s + o.flops, 0);
const variants: [string, () => void][] = [
  ['own GEMM, relaxed SIMD', () => { setGemmMode('relaxed'); setGemmHelpers(true); }],
  ['own GEMM, relaxed SIMD, no helper thread', () => { setGemmMode('relaxed'); setGemmHelpers(false); }],
  ['own GEMM, plain SIMD', () => { setGemmMode('plain'); setGemmHelpers(true); }],
  ['tfjs (XNNPACK; explicit transposes as dense.ts does)', () => setGemmMode('off')],
];
const runAll = (mode: () => void, tfjs: boolean) => {
  mode();
  for (const o of ops) (tfjs ? o.runTfjs : o.run)();
  tf.tidy(() => tf.zeros([1]).dataSync());
};
const best = variants.map(() => Infinity);
for (const [label, m] of variants) for (let i = 0; i < 5; i++) runAll(m, label.startsWith('tfjs'));
for (let r = 0; r < Number(values.rounds); r++) {
  variants.forEach(([label, m], i) => {
    const t0 = performance.now();
    for (let k = 0; k < 5; k++) runAll(m, label.startsWith('tfjs'));
    best[i] = Math.min(best[i]!, (performance.now() - t0) / 5);
  });
}
setGemmMode(undefined);
console.log(`wasm, ${info.threads} thread(s): the flagship's 5 product shapes (${(total / 1e9).toFixed(3)} GFLOP)`);
variants.forEach(([label], i) => console.log(`${label.padEnd(56)} ${best[i]!.toFixed(2).padStart(7)} ms  ${(total / (best[i]! * 1e6)).toFixed(1).padStart(5)} GFLOP/s`));
