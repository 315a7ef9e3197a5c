/**
 * `npx tsx bench/kernels.ts [--threads N] [--rounds R]`: each fused op of the kernel registry
 * (src/runtime/kernels/registry.ts) against its plain tfjs reference, forward and backward, at the flagship's
 * shape ([128, 784]) on the wasm backend, timed in interleaved rounds (best round each: the machines are
 * shared) — the measurement behind "fused where measurably faster".
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../src/runtime/backend.js';
import { KERNELS, type InputDomain } from '../src/runtime/kernels/registry.js';

const { values } = parseArgs({ options: { threads: { type: 'string', default: '1' }, rounds: { type: 'string', default: '9' } } });
tf.enableProdMode();
await selectBackend({ backend: 'wasm', threads: Number(values.threads) });
const shape = [128, 784];
const draw = (d: InputDomain, seed: number) =>
  d === 'real' ? tf.randomNormal(shape, 0, 4, 'float32', seed) : d === 'unit' ? tf.randomUniform(shape, 0, 1, 'float32', seed) : tf.cast(tf.greater(tf.randomUniform(shape, 0, 1, 'float32', seed), 0.5), 'float32');

for (const row of KERNELS) {
  const inputs = row.inputs.map((inp, i) => draw(inp.domain, i + 1));
  const which = row.inputs.flatMap((inp, i) => (inp.differentiable ? [i] : []));
  const step = (f: (...xs: tf.Tensor[]) => tf.Tensor) => () =>
    tf.tidy(() => {
      const g = tf.grads((...ds: tf.Tensor[]) => tf.sum(f(...inputs.map((x, i) => (which.includes(i) ? ds[which.indexOf(i)]! : x)))))(which.map((i) => inputs[i]!));
      g[0]!.dataSync();
    });
  const variants = [['fused', step(row.op)], ['tfjs reference', step(row.reference)]] as const;
  const best = variants.map(() => Infinity);
  for (const [, f] of variants) for (let i = 0; i < 20; i++) f();
  for (let r = 0; r < Number(values.rounds); r++) {
    variants.forEach(([, f], i) => {
      const t0 = performance.now();
      for (let k = 0; k < 20; k++) f();
      best[i] = Math.min(best[i]!, (performance.now() - t0) / 20);
    });
  }
  console.log(`${row.name} [${shape}], forward + backward, wasm ${values.threads} thread(s): fused ${best[0]!.toFixed(3)} ms, tfjs reference ${best[1]!.toFixed(3)} ms (${(best[1]! / best[0]!).toFixed(2)}x)`);
  tf.dispose(inputs);
}
