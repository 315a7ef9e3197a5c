/**
 * Forward + backward time of the convolutional VAE's four layers (batch 128, channel-first), through
 * the layer runtime (src/runtime/layers/, hand-written gradients) and through plain tfjs
 * (`tf.conv2d` / `tf.conv2dTranspose` with NCHW↔NHWC transposes and tfjs's registered gradients).
 *
 *   npx tsx bench/conv-layers.ts [--backend wasm|cpu] [--threads 1] [--reps 20] [--batch 128]
 *
 * Each number is the median over `reps` runs of one op (after 3 warm-up runs) of: the forward pass
 * alone; forward + backward of Σ y·r for a fixed random r, with gradients in W and b (and in x except
 * for the first encoder layer, whose input is data). Where tfjs has no kernel for a gradient on the
 * backend (Conv2DBackpropFilter on wasm) the plain column says so, and the time of its dX alone is
 * given instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '../src/runtime/backend.js';
import '../src/runtime/gradients.js';
import { conv2d } from '../src/runtime/layers/conv2d.js';
import { convTranspose2d } from '../src/runtime/layers/conv-transpose2d.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const backend = arg('backend', 'wasm') as BackendName;
const threads = Number(arg('threads', '1'));
const reps = Number(arg('reps', '20'));
const B = Number(arg('batch', '128'));

interface Layer {
  readonly name: string;
  readonly kind: 'conv' | 'convT';
  readonly cin: number;
  readonly cout: number;
  readonly size: number;
  readonly dataInput: boolean;
}

// The encoder (Conv2d 1→16→32, k4 s2 p1) and its mirror (ConvTranspose2d 32→16→1).
const LAYERS: Layer[] = [
  { name: 'Conv2d(1->16) on [1,28,28]', kind: 'conv', cin: 1, cout: 16, size: 28, dataInput: true },
  { name: 'Conv2d(16->32) on [16,14,14]', kind: 'conv', cin: 16, cout: 32, size: 14, dataInput: false },
  { name: 'ConvTranspose2d(32->16) on [32,7,7]', kind: 'convT', cin: 32, cout: 16, size: 7, dataInput: false },
  { name: 'ConvTranspose2d(16->1) on [16,14,14]', kind: 'convT', cin: 16, cout: 1, size: 14, dataInput: false },
];
const K = 4;
const S = 2;
const P = 1;

/** Median ms of `f` (its results are read back, so the time includes the backend's work). */
function median(f: () => tf.Tensor[]): number {
  const run = () => tf.tidy(() => f().forEach((t) => t.dataSync()));
  for (let i = 0; i < 3; i++) run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function timeOrReason(f: () => tf.Tensor[]): string {
  try {
    return median(f).toFixed(1);
  } catch (e) {
    return `fails (${(e as Error).message.replace(/ for backend.*/, '')})`;
  }
}

const info = await selectBackend({ backend, threads });
console.log(`backend ${tf.getBackend()} (${JSON.stringify(info)}), batch ${B}, median of ${reps}; ms per op`);
console.log('| layer | runtime fwd | runtime fwd+bwd | tfjs fwd | tfjs fwd+bwd | tfjs fwd+dX only |');
console.log('|---|---|---|---|---|---|');
for (const l of LAYERS) {
  const outSize = l.kind === 'conv' ? l.size / 2 : l.size * 2;
  const x = tf.randomNormal([B, l.cin, l.size, l.size], 0, 1, 'float32', 1);
  const w = tf.randomNormal(l.kind === 'conv' ? [K, K, l.cin, l.cout] : [K, K, l.cout, l.cin], 0, 0.1, 'float32', 2) as tf.Tensor4D;
  const b = tf.randomNormal([l.cout], 0, 0.1, 'float32', 3) as tf.Tensor1D;
  const r = tf.randomNormal([B, l.cout, outSize, outSize], 0, 1, 'float32', 4);
  const mine = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor): tf.Tensor => {
    const o = { stride: S, padding: P, inputIsConstant: l.dataInput };
    return l.kind === 'conv' ? conv2d(xx, ww as tf.Tensor4D, bb as tf.Tensor1D, o) : convTranspose2d(xx, ww as tf.Tensor4D, bb as tf.Tensor1D, o);
  };
  const plain = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor): tf.Tensor => {
    const nhwc = tf.transpose(xx, [0, 2, 3, 1]) as tf.Tensor4D;
    const y =
      l.kind === 'conv'
        ? tf.conv2d(nhwc, ww as tf.Tensor4D, S, P)
        : tf.conv2dTranspose(nhwc, ww as tf.Tensor4D, [B, outSize, outSize, l.cout], S, P);
    return tf.transpose(tf.add(y, bb), [0, 3, 1, 2]);
  };
  const lossOf = (op: typeof mine) => (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(op(xx, ww, bb), r));
  const grads = (op: typeof mine) => () =>
    l.dataInput ? tf.grads((ww: tf.Tensor, bb: tf.Tensor) => lossOf(op)(x, ww, bb))([w, b]) : tf.grads(lossOf(op))([x, w, b]);
  const row = [
    median(() => [mine(x, w, b)]).toFixed(1),
    median(grads(mine)).toFixed(1),
    timeOrReason(() => [plain(x, w, b)]),
    timeOrReason(grads(plain)),
    l.dataInput ? '—' : timeOrReason(() => [tf.grad((xx: tf.Tensor) => lossOf(plain)(xx, w, b))(x)]),
  ];
  console.log(`| ${l.name} | ${row.join(' | ')} |`);
  tf.dispose([x, w, b, r]);
}
