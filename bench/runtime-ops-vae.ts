/**
 * The reference VAE (same architecture, initialization and loss as handwritten-vae.ts) written with
 * Tilde's fast runtime ops, as the compiler is meant to emit it: `dense` (fused bias + ReLU, untransposed
 * gradients, no dX for the data layer), `bernoulliLogitsLogProb` (closed-form gradient) and `FlatAdam`
 * (one fused pass). It shows what the compiled model can reach with these ops on each backend; it is
 * not a plain tfjs program, so it is not the baseline of the compiled/hand-written ratio.
 */
import * as tf from '@tensorflow/tfjs-core';
import { dense } from '../src/runtime/dense.js';
import { FlatAdam } from '../src/runtime/kernels/adam.js';
import { bernoulliLogitsLogProb } from '../src/runtime/kernels/bernoulli-logits-log-prob.js';
import { lcg, linearInit } from './handwritten-vae.js';
import { profilePhases, VAE_CONFIG, type BenchProgram, type StepProfile } from './program.js';

/** The trainable state and loss of the VAE, shared by the single-process and data-parallel programs. */
export interface VaeModel {
  /** Trainable variables, in a fixed order. */
  readonly variables: tf.Variable[];
  /** Mean negative ELBO of a batch (one reparameterized sample, analytic KL). */
  loss(x: tf.Tensor2D): tf.Scalar;
  /** Releases the variables and constants. */
  dispose(): void;
}

/**
 * Builds the VAE's variables (PyTorch-style init from `seed`) and its loss written with the runtime
 * ops; the reparameterization noise is seeded from `noiseSeed` (default: from `seed`).
 */
export function createVaeModel(seed = 0, noiseSeed = seed): VaeModel {
  const { data: D, hidden: H, latent: Z } = VAE_CONFIG;
  const rand = lcg(seed);
  const layer = (fanIn: number, fanOut: number): [tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R1>] => {
    const { w, b } = linearInit(rand, fanIn, fanOut);
    return [tf.variable(tf.tensor2d(w, [fanIn, fanOut])), tf.variable(tf.tensor1d(b))];
  };
  const [w1, b1] = layer(D, H);
  const [w2, b2] = layer(H, 2 * Z);
  const [w3, b3] = layer(Z, H);
  const [w4, b4] = layer(H, D);
  const half = tf.keep(tf.scalar(0.5));
  let epsSeed = noiseSeed * 7919 + 1;
  return {
    variables: [w1, b1, w2, b2, w3, b3, w4, b4],
    loss(x: tf.Tensor2D): tf.Scalar {
      const h = dense(x, w1, b1, 'relu', { inputIsConstant: true });
      const [mu, logvar] = tf.split(dense(h, w2, b2), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
      const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', epsSeed++);
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, half)), eps)) as tf.Tensor2D;
      const logits = dense(dense(z, w3, b3, 'relu'), w4, b4);
      const logLik = bernoulliLogitsLogProb(logits, x);
      // KL(N(μ, σ²) ‖ N(0, 1)) = ½ Σ (μ² + σ² − log σ² − 1)   (Kingma & Welling 2014, appendix B)
      const kl = tf.mul(tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logvar)), tf.add(logvar, 1)), 1), half);
      return tf.mean(tf.sub(kl, logLik));
    },
    dispose(): void {
      tf.dispose([w1, b1, w2, b2, w3, b3, w4, b4, half]);
    },
  };
}

/** The VAE trained with the runtime ops on the current backend, in this process. */
export function createRuntimeOpsVae(seed = 0): BenchProgram {
  const { data: D, batch: B, learningRate } = VAE_CONFIG;
  const model = createVaeModel(seed);
  const opt = new FlatAdam(model.variables, { learningRate });
  const makeBatch = (batch: Float32Array): tf.Tensor2D => tf.tensor2d(batch, [B, D]);
  const gradients = (x: tf.Tensor2D) => {
    const { value, grads } = tf.variableGrads(() => model.loss(x), model.variables);
    return { loss: value, grads };
  };
  return {
    label: 'Tilde runtime ops (dense, bernoulliLogitsLogProb, FlatAdam), one thread of JS',
    key: 'runtime-ops',
    handwritten: false,
    step(batch: Float32Array): number {
      const x = makeBatch(batch);
      const { loss, grads } = gradients(x);
      opt.applyGradients(grads);
      const v = loss.dataSync()[0]!;
      tf.dispose([loss, x, grads]);
      return v;
    },
    profileStep(batch: Float32Array): Promise<StepProfile> {
      return profilePhases({
        makeBatch: () => makeBatch(batch),
        gradients,
        apply: (g: tf.NamedTensorMap) => opt.applyGradients(g),
        disposeGrads: (g: tf.NamedTensorMap) => tf.dispose(g),
      });
    },
    dispose(): void {
      model.dispose();
    },
  };
}
