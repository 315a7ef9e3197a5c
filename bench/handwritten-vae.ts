/**
 * The hand-written TensorFlow.js VAE of the reference architecture (Kingma & Welling 2014, "Auto-
 * Encoding Variational Bayes"): encoder 784→400 ReLU→(μ, log σ²) of 20 dims, decoder 20→400 ReLU→784
 * Bernoulli logits, one reparameterized sample, analytic KL, mean per-datapoint negative ELBO,
 * Adam 1e-3 (tfjs's `tf.train.adam`), batch 128. A port of ../shared/reference/vae_tfjs.js, written
 * plainly as a tfjs user would, in two variants:
 *
 * - `default`: dense = `matMul(x, W) + b`, gradients from tfjs's built-in matMul gradient (which uses
 *   transposed products, the slow path on wasm);
 * - `explicit`: the same dense layer under `tf.customGrad`, whose gradient transposes explicitly and
 *   multiplies untransposed (the first layer skips dX), exactly as the reference's `--variant explicit`.
 *
 * Nothing from src/ is used here: this is the baseline Tilde's compiled model is compared to.
 */
import * as tf from '@tensorflow/tfjs-core';
import { profilePhases, VAE_CONFIG, type BenchProgram, type StepProfile } from './program.js';

/** Which gradient the hand-written dense layers use. */
export type HandwrittenVariant = 'default' | 'explicit';

type Dense = (x: tf.Tensor2D, w: tf.Variable, b: tf.Variable) => tf.Tensor2D;

const denseDefault: Dense = (x, w, b) => tf.add(tf.matMul(x, w), b);

// tf.customGrad's callback type takes a rest parameter of tensors and the save function.
type CustomGradArgs = (tf.Tensor | tf.GradSaveFunc)[];

const denseExplicit = tf.customGrad((...args: CustomGradArgs) => {
  const [x, w, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b),
    gradFunc: (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) => [
      tf.matMul(dy as tf.Tensor2D, tf.transpose(ws as tf.Tensor2D)),
      tf.matMul(tf.transpose(xs as tf.Tensor2D), dy as tf.Tensor2D),
      tf.sum(dy, 0),
    ],
  };
}) as unknown as Dense;

// First layer: the input is data, so dX is not needed (zeros, as in the reference).
const denseExplicitNoDx = tf.customGrad((...args: CustomGradArgs) => {
  const [x, w, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x]);
  return {
    value: tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), b),
    gradFunc: (dy: tf.Tensor, [xs]: tf.Tensor[]) => [
      tf.zerosLike(xs!),
      tf.matMul(tf.transpose(xs as tf.Tensor2D), dy as tf.Tensor2D),
      tf.sum(dy, 0),
    ],
  };
}) as unknown as Dense;

/** A seeded LCG, as in the reference, for initialization. */
export function lcg(seed: number): () => number {
  let s = (seed + 12345) >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** PyTorch's `nn.Linear` default initialization: W, b ~ U(−1/√fan_in, 1/√fan_in). */
export function linearInit(rand: () => number, fanIn: number, fanOut: number): { w: Float32Array; b: Float32Array } {
  const bound = 1 / Math.sqrt(fanIn);
  const w = new Float32Array(fanIn * fanOut).map(() => (2 * rand() - 1) * bound);
  const b = new Float32Array(fanOut).map(() => (2 * rand() - 1) * bound);
  return { w, b };
}

/** Creates the hand-written VAE; call on the backend it should run on. */
export function createHandwrittenVae(variant: HandwrittenVariant, seed = 0): BenchProgram {
  const { data: D, hidden: H, latent: Z, batch: B, learningRate } = VAE_CONFIG;
  const rand = lcg(seed);
  const layer = (fanIn: number, fanOut: number): [tf.Variable, tf.Variable] => {
    const { w, b } = linearInit(rand, fanIn, fanOut);
    return [tf.variable(tf.tensor2d(w, [fanIn, fanOut])), tf.variable(tf.tensor1d(b))];
  };
  const [w1, b1] = layer(D, H);
  const [w2, b2] = layer(H, 2 * Z);
  const [w3, b3] = layer(Z, H);
  const [w4, b4] = layer(H, D);
  const vars = [w1, b1, w2, b2, w3, b3, w4, b4];
  const d1 = variant === 'explicit' ? denseExplicitNoDx : denseDefault;
  const dn = variant === 'explicit' ? denseExplicit : denseDefault;
  const opt = tf.train.adam(learningRate);
  let epsSeed = seed * 7919 + 1;

  // Mean over the batch of the per-datapoint negative ELBO.
  const loss = (x: tf.Tensor2D): tf.Scalar => {
    const h = tf.relu(d1(x, w1, b1));
    const [mu, logvar] = tf.split(dn(h, w2, b2), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', epsSeed++);
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps)) as tf.Tensor2D;
    const logits = dn(tf.relu(dn(z, w3, b3)), w4, b4);
    const rec = tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1); // BCE with logits
    const kl = tf.mul(tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), tf.add(logvar, 1)), 1), 0.5);
    return tf.mean(tf.add(rec, kl));
  };
  const makeBatch = (batch: Float32Array): tf.Tensor2D => tf.tensor2d(batch, [B, D]);
  const gradients = (x: tf.Tensor2D) => {
    const { value, grads } = tf.variableGrads(() => loss(x), vars);
    return { loss: value, grads };
  };

  return {
    label: `hand-written tfjs, ${variant === 'explicit' ? 'explicit-transpose gradients' : 'default gradients'}`,
    key: `handwritten-${variant}`,
    handwritten: true,
    step(batch: Float32Array): number {
      const x = makeBatch(batch);
      const l = opt.minimize(() => loss(x), true, vars)!;
      const v = l.dataSync()[0]!;
      tf.dispose([l, x]);
      return v;
    },
    profileStep(batch: Float32Array): Promise<StepProfile> {
      return profilePhases({
        makeBatch: () => makeBatch(batch),
        gradients,
        apply: (g: tf.NamedTensorMap) => opt.applyGradients(g as Parameters<typeof opt.applyGradients>[0]),
        disposeGrads: (g: tf.NamedTensorMap) => tf.dispose(g),
      });
    },
    dispose(): void {
      opt.dispose();
      tf.dispose(vars);
    },
  };
}
