/**
 * Forward + backward time of the convolutional VAE's four layers (batch 128, channel-first), through
 * the layer runtime (src/runtime/layers/, hand-written gradients) and through plain tfjs
 * (`tf.conv2d` / `tf.conv2dTranspose` with NCHW↔NHWC transposes and tfjs's registered gradients).
 *
 *   npx tsx bench/conv-layers.ts [--backend wasm|cpu] [--threads 1] [--reps 20] [--batch 128]
 *
 * Each number is the median over `reps` interleaved runs of one op (after 3 warm-up runs) of: the forward pass
 * alone; forward + backward of Σ y·r for a fixed random r, with gradients in W and b (and in x except
 * for the first encoder layer, whose input is data). Where tfjs has no kernel for a gradient on the
 * backend (Conv2DBackpropFilter on wasm) the plain column says so, and the time of its dX alone is
 * given instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend, type BackendName } from '../src/runtime/backend.js';
import '../src/runtime/gradients.js';
import { fromNHWC, toNHWC } from '../src/runtime/layers/conv-core.js';
import { conv2d, conv2dNHWC } from '../src/runtime/layers/conv2d.js';
import { convTranspose2d, convTranspose2dNHWC } from '../src/runtime/layers/conv-transpose2d.js';
import { gru } from '../src/runtime/layers/gru.js';

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

/**
 * Median ms of each of `fs` (results are read back, so the time includes the backend's work), timed
 * in interleaved rounds (f1 f2 … f1 f2 …) so that a change of load on the shared machine affects all
 * alike. A function that throws (a kernel the backend lacks) gets its message instead.
 */
function medians(fs: readonly (() => tf.Tensor[])[]): string[] {
  const run = (f: () => tf.Tensor[]) => tf.tidy(() => f().forEach((t) => t.dataSync()));
  const failed = fs.map((f) => {
    try {
      for (let i = 0; i < 3; i++) run(f);
      return null;
    } catch (e) {
      return `fails (${(e as Error).message.replace(/ for backend.*/, '')})`;
    }
  });
  const times: number[][] = fs.map(() => []);
  for (let i = 0; i < reps; i++) {
    fs.forEach((f, j) => {
      if (failed[j] !== null) return;
      const t0 = performance.now();
      run(f);
      times[j]!.push(performance.now() - t0);
    });
  }
  return fs.map((_, j) => failed[j] ?? times[j]!.sort((a, b) => a - b)[Math.floor(reps / 2)]!.toFixed(1));
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
  const row = medians([
    () => [mine(x, w, b)],
    grads(mine),
    () => [plain(x, w, b)],
    grads(plain),
    ...(l.dataInput ? [] : [() => [tf.grad((xx: tf.Tensor) => lossOf(plain)(xx, w, b))(x)]]),
  ]);
  if (l.dataInput) row.push('—');
  console.log(`| ${l.name} | ${row.join(' | ')} |`);
  tf.dispose([x, w, b, r]);
}

// The recurrent net, GRU(2 -> 32), over T = 20 steps (gradients in x and all four weights).
{
  const T = 20;
  const x = tf.randomNormal([B, T, 2], 0, 1, 'float32', 5);
  const ws = [tf.randomUniform([2, 96], -0.18, 0.18, 'float32', 6), tf.randomUniform([32, 96], -0.18, 0.18, 'float32', 7), tf.randomUniform([96], -0.18, 0.18, 'float32', 8), tf.randomUniform([96], -0.18, 0.18, 'float32', 9)];
  const r = tf.randomNormal([B, T, 32], 0, 1, 'float32', 10);
  const run = (xx: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
    gru(xx, { wIh: a as tf.Tensor2D, wHh: b as tf.Tensor2D, bIh: c as tf.Tensor1D, bHh: d as tf.Tensor1D });
  const [fwd, both] = medians([() => [run(x, ...(ws as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor]))], () => tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(run(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!), r)))([x, ...ws])]);
  console.log(`| GRU(2->32) on [${T},2] | ${fwd} | ${both} | | | |`);
  tf.dispose([x, r, ...ws]);
}

// The four layers chained as in the VAE (ReLUs between; the Linear layers left out): one training
// step's convolution work, forward + backward, and the images/s it alone would allow.
{
  const x = tf.randomNormal([B, 1, 28, 28], 0, 1, 'float32', 11);
  const shapes: [number, number, number, number][] = [
    [K, K, 1, 16],
    [K, K, 16, 32],
    [K, K, 16, 32],
    [K, K, 1, 16],
  ];
  const ws = shapes.map((s, i) => tf.randomNormal(s, 0, 0.1, 'float32', 20 + i) as tf.Tensor4D);
  const bs = [16, 32, 16, 1].map((c, i) => tf.randomNormal([c], 0, 0.1, 'float32', 30 + i) as tf.Tensor1D);
  const r = tf.randomNormal([B, 1, 28, 28], 0, 1, 'float32', 12);
  const o = { stride: S, padding: P };
  type Params = [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
  const channelFirst = (...p: tf.Tensor[]) => {
    const [w1, w2, w3, w4, b1, b2, b3, b4] = p as Params;
    const h = tf.relu(conv2d(tf.relu(conv2d(x, w1, b1, { ...o, inputIsConstant: true })), w2, b2, o));
    const y = convTranspose2d(tf.relu(convTranspose2d(h, w3, b3, o)), w4, b4, o);
    return tf.sum(tf.mul(y, r));
  };
  // The same chain kept in NHWC between layers (what a Sequential of convs and activations can do).
  const nhwc = (...p: tf.Tensor[]) => {
    const [w1, w2, w3, w4, b1, b2, b3, b4] = p as Params;
    const h = tf.relu(conv2dNHWC(tf.relu(conv2dNHWC(toNHWC(x), w1, b1, { ...o, inputIsConstant: true })), w2, b2, o));
    const y = convTranspose2dNHWC(tf.relu(convTranspose2dNHWC(h, w3, b3, o)), w4, b4, o);
    return tf.sum(tf.mul(fromNHWC(y, [B]), r));
  };
  const [a, b] = medians([() => tf.grads(channelFirst)([...ws, ...bs]), () => tf.grads(nhwc)([...ws, ...bs])]) as [string, string];
  const ips = (ms: string) => Math.round((1000 * B) / Number(ms));
  console.log(`| all four chained (ReLUs between), channel-first | | ${a} (${ips(a)} images/s) | | | |`);
  console.log(`| all four chained, NHWC between layers | | ${b} (${ips(b)} images/s) | | | |`);
  tf.dispose([x, r, ...ws, ...bs]);
}
