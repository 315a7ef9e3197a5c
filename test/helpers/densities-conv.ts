/**
 * Hand-written densities of the convolutional models (examples/vae-conv.tilde and the conv corpus files),
 * with tfjs's own `conv2d` / `conv2dTranspose` in NHWC as the reference for the runtime's channel-first
 * layers: PyTorch semantics, a transposed convolution being the full ('valid') transpose cropped by
 * `padding` on the top/left and `padding − output_padding` on the bottom/right.
 */
import * as tf from '@tensorflow/tfjs-core';
import { kl } from '../../src/distributions/kl.js';
import { cols, dist, identity, perPoint, type Act, type HandDensities, type HandInputs } from './densities.js';

const floored = (x: tf.Tensor): tf.Tensor => tf.add(tf.softplus(x), 0.0001);
const nhwc = (x: tf.Tensor): tf.Tensor4D => tf.transpose(x, [0, 2, 3, 1]) as tf.Tensor4D;
const nchw = (x: tf.Tensor): tf.Tensor4D => tf.transpose(x, [0, 3, 1, 2]) as tf.Tensor4D;

/** The hand-written layers, applied to `[B, …]` channel-first. */
type Layer = (h: HandInputs, net: string, x: tf.Tensor) => tf.Tensor;

function conv(i: number, stride: number, padding: number): Layer {
  return (h, net, x) => {
    const { W, b } = h.weights(net, i) as { W: tf.Tensor4D; b: tf.Tensor1D };
    const padded = tf.pad(nhwc(x), [[0, 0], [padding, padding], [padding, padding], [0, 0]]);
    return nchw(tf.add(tf.conv2d(padded as tf.Tensor4D, W, stride, 'valid'), b));
  };
}

function convT(i: number, stride: number, padding: number, outputPadding = 0): Layer {
  return (h, net, x) => {
    const { W, b } = h.weights(net, i) as { W: tf.Tensor4D; b: tf.Tensor1D };
    const [k, , cout] = W.shape;
    const [B, , H, Wd] = x.shape as [number, number, number, number];
    const full = [(H - 1) * stride + k, (Wd - 1) * stride + k];
    const y = tf.conv2dTranspose(nhwc(x), W, [B, full[0] as number, full[1] as number, cout], stride, 'valid');
    const size = [(full[0] as number) - 2 * padding + outputPadding, (full[1] as number) - 2 * padding + outputPadding];
    // output_padding past the full output's edge would read zeros; the corpus never needs it (padding ≥ output_padding).
    return nchw(tf.add(tf.slice(y, [0, padding, padding, 0], [B, size[0] as number, size[1] as number, cout]), b));
  };
}

function linear(i: number): Layer {
  return (h, net, x) => {
    const { W, b } = h.weights(net, i) as { W: tf.Tensor2D; b: tf.Tensor1D };
    return tf.add(tf.matMul(x as tf.Tensor2D, W), b);
  };
}

const act = (f: Act): Layer => (_h, _net, x) => f(x);
const reshape = (...shape: number[]): Layer => (_h, _net, x) => tf.reshape(x, [x.shape[0] as number, ...shape]);
const flatten: Layer = (_h, _net, x) => tf.reshape(x, [x.shape[0] as number, -1]);

function run(h: HandInputs, net: string, x: tf.Tensor, layers: readonly Layer[]): tf.Tensor {
  return layers.reduce((y, l) => l(h, net, y), x);
}

/** The MNIST conv decoder of the issue: Linear(Z -> 1568), relu, Reshape(32, 7, 7), two ConvTranspose2d(k 4, s 2, p 1). */
const MNIST_DECODER = [linear(0), act(tf.relu), reshape(32, 7, 7), convT(1, 2, 1), act(tf.relu), convT(2, 2, 1), act(tf.sigmoid)];
/** Its mirror: two Conv2d(k 4, s 2, p 1), Flatten, Linear(1568 -> 2Z). */
const MNIST_ENCODER = [conv(0, 2, 1), act(tf.relu), conv(1, 2, 1), act(tf.relu), flatten, linear(2)];

/** A Normal latent z of width Z from an encoder's output `[B, 2Z]` (loc, then a floored softplus scale). */
function normalVae(h: HandInputs, Z: number, enc: tf.Tensor, likelihood: (z: tf.Tensor) => tf.Tensor): HandDensities {
  const z = h.latent('z');
  const q = dist('Normal', { loc: cols(enc, 0, Z), scale: floored(cols(enc, Z, 2 * Z)) });
  const prior = dist('Normal', { loc: tf.zeros([Z]), scale: tf.ones([Z]) });
  return {
    logq: { z: perPoint(q.logProb(z)) },
    kl: { z: perPoint(kl(q, prior)) },
    logp: { z: perPoint(prior.logProb(z)), x: perPoint(likelihood(z)) },
  };
}

const bernoulli = (h: HandInputs, probs: tf.Tensor) => dist('Bernoulli', { probs }).logProb(h.data('x'));

/** examples/vae-conv.tilde: the guide block's encoder, the conv decoder, Bernoulli pixels. */
export function vaeConv(h: HandInputs): HandDensities {
  return normalVae(h, 32, run(h, 'encoder', h.data('x'), MNIST_ENCODER), (z) => bernoulli(h, run(h, 'decoder', z, MNIST_DECODER)));
}

/** test/corpus/good/conv-decoder-mnist.tilde: the same decoder with its derived (mirrored) encoder. */
export function convMnist(h: HandInputs): HandDensities {
  return normalVae(h, 32, run(h, 'encoder_z', h.data('x'), MNIST_ENCODER), (z) => bernoulli(h, run(h, 'decoder', z, MNIST_DECODER)));
}

/** test/corpus/good/conv-decoder-padding.tilde: tanh, output_padding, a Normal(·, 0.1) likelihood of colour images. */
export function convPadding(h: HandInputs): HandDensities {
  const decoder = [linear(0), act(tf.tanh), reshape(32, 3, 3), convT(1, 2, 0), act(tf.tanh), convT(2, 2, 1, 1), act(identity)];
  const encoder = [conv(0, 2, 1), act(tf.tanh), conv(1, 2, 0), act(tf.tanh), flatten, linear(2)];
  return normalVae(h, 8, run(h, 'encoder_z', h.data('x'), encoder), (z) => dist('Normal', { loc: run(h, 'decoder', z, decoder), scale: tf.scalar(0.1) }).logProb(h.data('x')));
}

/** test/corpus/good/conv-decoder-mixed.tilde: a stride-1 Conv2d at the end of the decoder, a ConvTranspose2d first in its mirror. */
export function convMixed(h: HandInputs): HandDensities {
  const decoder = [linear(0), act(tf.relu), reshape(8, 7, 7), convT(1, 2, 1), act(tf.relu), conv(2, 1, 1), act(tf.sigmoid)];
  const encoder = [convT(0, 1, 1), act(tf.relu), conv(1, 2, 1), act(tf.relu), flatten, linear(2)];
  return normalVae(h, 4, run(h, 'encoder_z', h.data('x'), encoder), (z) => bernoulli(h, run(h, 'decoder', z, decoder)));
}

/** test/corpus/good/networks-issue-11.tilde, model networks: the issue's decoder and its one-conv guide encoder. */
export function issueNetworks(h: HandInputs): HandDensities {
  const encoder = [conv(0, 2, 1), act(tf.relu), flatten, linear(1)];
  return normalVae(h, 20, run(h, 'encoder', h.data('x'), encoder), (z) => bernoulli(h, run(h, 'decoder', z, MNIST_DECODER)));
}

/** A GRU written out (PyTorch's equations, gates r, z, n; h₀ = 0): every hidden state of `[B, T, in]`. */
function gruByHand(h: HandInputs, net: string, i: number, x: tf.Tensor): tf.Tensor {
  const { wIh, wHh, bIh, bHh } = h.weights(net, i) as Record<string, tf.Tensor2D>;
  const H = (wHh as tf.Tensor2D).shape[0];
  const [B, T] = x.shape as [number, number, number];
  const gate = (t: tf.Tensor, g: number) => tf.slice(t, [0, g * H], [-1, H]);
  let state: tf.Tensor = tf.zeros([B, H]);
  const states: tf.Tensor[] = [];
  for (let t = 0; t < T; t++) {
    const xt = tf.reshape(tf.slice(x, [0, t, 0], [-1, 1, -1]), [B, -1]);
    const gi = tf.add(tf.matMul(xt as tf.Tensor2D, wIh as tf.Tensor2D), bIh as tf.Tensor);
    const gh = tf.add(tf.matMul(state as tf.Tensor2D, wHh as tf.Tensor2D), bHh as tf.Tensor);
    const r = tf.sigmoid(tf.add(gate(gi, 0), gate(gh, 0)));
    const z = tf.sigmoid(tf.add(gate(gi, 1), gate(gh, 1)));
    const n = tf.tanh(tf.add(gate(gi, 2), tf.mul(r, gate(gh, 2))));
    state = tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, state));
    states.push(state);
  }
  return tf.stack(states, 1);
}

/** test/corpus/good/networks-issue-11.tilde, model sequence: `y ~ Normal(rnn(u), s)`, s = softplus(raw s) + 0.0001. */
export function issueSequence(h: HandInputs): HandDensities {
  const s = tf.add(tf.softplus(h.raw('s')), 0.0001);
  return { logq: {}, kl: {}, logp: { y: perPoint(dist('Normal', { loc: gruByHand(h, 'rnn', 0, h.data('u')), scale: s }).logProb(h.data('y'))) } };
}

/** test/corpus/good/mapped-net.tilde: `f(u)` applies the same Linear layer to each of u's 3 rows. */
export function mappedNet(h: HandInputs): HandDensities {
  const { W, b } = h.layer('f', 0);
  const u = h.data('u');
  const rows = tf.stack([0, 1, 2].map((i) => tf.add(tf.matMul(tf.reshape(tf.slice(u, [0, i, 0], [-1, 1, -1]), [h.B, 4]) as tf.Tensor2D, W), b)), 1);
  const s = tf.add(tf.softplus(h.raw('s')), 0.0001);
  return { logq: {}, kl: {}, logp: { y: perPoint(dist('Normal', { loc: rows, scale: s }).logProb(h.data('y'))) } };
}

/** test/corpus/good/bayesian-pca.tilde: q(W) mean field; q(z | W, x) from Linear(30 -> 4) on [flatten(W), x]. */
export function bayesianPca(h: HandInputs): HandDensities {
  const W = h.latent('W');
  const z = h.latent('z');
  const x = h.data('x');
  const qW = dist('Normal', { loc: h.raw('W_loc'), scale: floored(h.raw('W_scale')) });
  const flat = tf.tile(tf.reshape(W, [1, 20]), [h.B, 1]);
  const { W: E, b } = h.layer('encoder_z', 0);
  const enc = tf.add(tf.matMul(tf.concat([flat, x], 1) as tf.Tensor2D, E), b);
  const qz = dist('Normal', { loc: cols(enc, 0, 2), scale: floored(cols(enc, 2, 4)) });
  const pW = dist('Normal', { loc: tf.zeros([10, 2]), scale: tf.ones([10, 2]) });
  const pz = dist('Normal', { loc: tf.zeros([2]), scale: tf.ones([2]) });
  const loc = tf.matMul(z as tf.Tensor2D, W as tf.Tensor2D, false, true);
  return {
    logq: { W: tf.sum(qW.logProb(W)), z: perPoint(qz.logProb(z)) },
    kl: { W: tf.sum(kl(qW, pW)), z: perPoint(kl(qz, pz)) },
    logp: { W: tf.sum(pW.logProb(W)), z: perPoint(pz.logProb(z)), x: perPoint(dist('Normal', { loc, scale: tf.scalar(0.5) }).logProb(x)) },
  };
}
