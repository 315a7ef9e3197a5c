/**
 * The Bernoulli log-likelihood of data given logits, summed over the last axis, as one op with a
 * hand-written gradient:
 *
 *   log p(x | ℓ) = Σⱼ xⱼ ℓⱼ − softplus(ℓⱼ),     ∂/∂ℓⱼ = xⱼ − σ(ℓⱼ).
 *
 * Why: written with tfjs ops and autodiff, the backward pass of `sum(x·ℓ − softplus(ℓ))` runs ~15
 * kernels over the [batch, 784] logits (reshapes, identities, a Neg, a Sigmoid, several Multiply, an
 * Add of the two paths); the closed-form gradient needs three (Sigmoid, Sub, Multiply). On wasm this
 * saves ~0.6 ms of a ~30 ms VAE step (forward + backward over a [128, 784] batch: 2.8 → 2.2 ms, wasm,
 * one thread). Softplus is the numerically stable kernel of the backend (linear for large ℓ, exp for
 * very negative ℓ).
 *
 * On the wasm backend the forward pass is one SIMD pass of our own (bernoulli-logits-wat.ts, kernel
 * `TildeBernoulliLogits`), which writes x·ℓ − softplus(ℓ) and σ(ℓ) from one exponential; σ is saved for
 * the backward pass, which is then one Sub and one Multiply. tfjs's wasm Softplus is scalar (~1.7 ms for a
 * [128, 784] batch). Elsewhere (cpu, native TensorFlow) the same formulas run as tfjs ops.
 *
 * The data `x` is treated as a constant: no gradient flows into it (it is observed).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BERNOULLI_LOGITS_WASM_BASE64 } from './bernoulli-logits-bytes.js';
import { heapModule, offsetOf, wasmApi, type WasmBackendLike } from './wasm-heap.js';

const KERNEL_NAME = 'TildeBernoulliLogits';
let registered = false;

/** Registers the wasm kernel: inputs ℓ, x (same shape, float32, ≥ 4 elements); outputs v = x·ℓ − softplus(ℓ), s = σ(ℓ). */
function ensureRegistered(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({
    kernelName: KERNEL_NAME,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const be = backend as unknown as WasmBackendLike;
      const { logits, x } = inputs as { logits: tf.TensorInfo; x: tf.TensorInfo };
      const n = logits.shape.reduce((a, b) => a * b, 1);
      const v = be.makeOutput([...logits.shape], 'float32');
      const s = be.makeOutput([...logits.shape], 'float32');
      const mod = heapModule<{ bernoulli_logits(l: number, x: number, v: number, s: number, n: number): void }>(be, 'bernoulli-logits', (shared) => BERNOULLI_LOGITS_WASM_BASE64[shared ? 'shared' : 'plain']);
      mod.bernoulli_logits(offsetOf(be, logits), offsetOf(be, x), offsetOf(be, v), offsetOf(be, s), n);
      return [v, s];
    },
  });
}

/** x·ℓ − softplus(ℓ) and σ(ℓ), elementwise: one wasm pass where it can run, else tfjs ops. */
function valueAndSigmoid(l: tf.Tensor, x: tf.Tensor): [tf.Tensor, tf.Tensor] {
  if (tf.getBackend() === 'wasm' && wasmApi() !== undefined && l.size >= 4 && l.dtype === 'float32' && x.dtype === 'float32') {
    ensureRegistered();
    return tf.engine().runKernel(KERNEL_NAME, { logits: l, x }) as unknown as [tf.Tensor, tf.Tensor];
  }
  return [tf.sub(tf.mul(x, l), tf.softplus(l)), tf.sigmoid(l)];
}

/**
 * Σ over the last axis of `x·ℓ − softplus(ℓ)`: the log-probability of `x` under independent
 * Bernoullis with logits `ℓ`, one value per leading index.
 *
 * @param logits - ℓ, any shape [..., d]
 * @param x - observations in [0, 1] (0/1 for binary data), same shape; receives no gradient
 * @returns shape [...]: the logits' shape without its last axis
 */
export function bernoulliLogitsLogProb(logits: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (logits.rank === 0) throw new Error('bernoulliLogitsLogProb: logits must have at least one axis');
  if (!tf.util.arraysEqual(logits.shape, x.shape)) {
    throw new Error(`bernoulliLogitsLogProb: logits [${logits.shape}] and data [${x.shape}] differ in shape`);
  }
  const last = logits.rank - 1;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [l, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const [v, sigma] = valueAndSigmoid(l, x);
    // Keep x too: if it was computed inside the differentiated function, tfjs would dispose it
    // before the backward pass.
    save([sigma, x]);
    return {
      value: tf.sum(v, last),
      gradFunc: (dy: tf.Tensor, [s, xs]: tf.Tensor[]) => [tf.mul(tf.sub(xs!, s!), tf.expandDims(dy, last))],
    };
  });
  return op(logits);
}
