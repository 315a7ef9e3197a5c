/**
 * Fast dense layers and matrix products with hand-written gradients. The compiler emits every dense
 * layer through {@link dense} and every `@` through {@link matmul}.
 *
 * Why not `tf.matMul` and its built-in gradient: on the wasm backend a product runs through XNNPACK
 * only when neither operand is transposed (~25 GFLOP/s on one core); with `transposeA`/`transposeB`
 * it takes a scalar loop (~2 GFLOP/s). tfjs's matMul gradient uses transposed products
 * (dA = dY·Bᵀ with transposeB, dB = Aᵀ·dY with transposeA), so every backward pass took the slow
 * loop. Here the gradient transposes explicitly (`tf.transpose`, a cheap copy) and then multiplies
 * untransposed, which made a whole VAE training step ~3x faster (issue 7). On native TensorFlow
 * (tfjs-node) transposed GEMMs are as fast as plain ones, so there we keep the transpose flags and
 * save the copies.
 *
 * The forward pass of {@link dense} is one `tf.fused.matMul`: on wasm, bias and ReLU are applied
 * inside the XNNPACK kernel and sigmoid/ELU in the same native call, instead of separate Add and
 * activation kernels. The gradient of the activation is taken from the saved output y
 * (relu′ = [y > 0], sigmoid′ = y(1 − y), elu′ = y > 0 ? 1 : y + 1), so no pre-activation is kept.
 *
 * On wasm with relaxed SIMD every product (forward with bias and ReLU, both backward products with their
 * transposes) runs on Tilde's own FMA GEMM instead (kernels/gemm.ts), which packs any strides, so the
 * explicit transposes disappear too.
 *
 * Numerics equal the plain composition `act(x·W + b)` with tfjs's own gradients up to float32
 * rounding (test/runtime/dense.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { activeGemm, product as gemmProduct } from './kernels/gemm.js';

/** Activations {@link dense} fuses into the product (the subset of tfjs's fusable ones without extra parameters). */
export type DenseActivation = 'linear' | 'relu' | 'sigmoid' | 'elu';

/** Options of {@link dense}. */
export interface DenseOptions {
  /**
   * The input is data (or otherwise needs no gradient): the backward pass skips dX, saving one
   * product and one transpose. Use it for a network's first layer. Gradients with respect to `x`
   * are then not computed at all, so do not set it when `x` depends on trainable parameters.
   */
  readonly inputIsConstant?: boolean;
}

/**
 * `act(x·W + b)` for `x` [N, in], `W` [in, out], `b` [out] (or `null` for no bias), with a backward
 * pass that uses only untransposed products.
 *
 * @param x - inputs, one row per example
 * @param w - weights
 * @param b - bias, or `null`
 * @param activation - applied to the affine output; default `linear`
 * @param opts - see {@link DenseOptions}
 * @returns the layer output [N, out]
 */
export function dense(
  x: tf.Tensor2D,
  w: tf.Tensor2D,
  b: tf.Tensor1D | null,
  activation: DenseActivation = 'linear',
  opts: DenseOptions = {},
): tf.Tensor2D {
  const inputGrad = opts.inputIsConstant !== true;
  // Differentiable inputs, in order: [x]? W [b]? — x is not an input when it is constant, so tfjs
  // neither asks for nor computes its gradient (it is still kept for dW).
  const inputs: tf.Tensor[] = [...(inputGrad ? [x] : []), w, ...(b === null ? [] : [b])];
  return withGradient(
    inputs,
    inputGrad ? [x, w] : [x],
    () =>
      activation === 'linear' || activation === 'relu'
        ? gemmProduct(x, w, { bias: b, relu: activation === 'relu' })
        : (tf.fused.matMul({ a: x, b: w, ...(b === null ? {} : { bias: b }), activation }) as tf.Tensor2D),
    (dy, y, [xs, ws]) => {
      const dz = activationGrad(activation, dy, y);
      const grads: tf.Tensor[] = [];
      if (inputGrad) grads.push(rightTransposedProduct(dz, ws as tf.Tensor2D));
      grads.push(leftTransposedProduct(xs as tf.Tensor2D, dz));
      if (b !== null) grads.push(tf.sum(dz, 0));
      return grads;
    },
  );
}

/**
 * The matrix product `a·b` (the DSL's `@`) with a backward pass that uses only untransposed
 * products: dA = dY·Bᵀ and dB = Aᵀ·dY with explicit transposes. Rank-1 operands are treated as a
 * row vector (left) or a column vector (right), as in NumPy; the result then drops that axis.
 *
 * @param a - [n, k] or [k]
 * @param b - [k, m] or [k]
 * @returns [n, m], [m], [n] or a scalar-shaped [] for two vectors
 */
export function matmul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank > 2 || b.rank > 2 || a.rank === 0 || b.rank === 0) {
    throw new Error(`matmul: expected rank-1 or rank-2 operands, got shapes [${a.shape}] and [${b.shape}]`);
  }
  const a2: tf.Tensor2D = a.rank === 1 ? tf.reshape(a, [1, a.shape[0]!]) : (a as tf.Tensor2D);
  const b2: tf.Tensor2D = b.rank === 1 ? tf.reshape(b, [b.shape[0]!, 1]) : (b as tf.Tensor2D);
  const product = withGradient(
    [a2, b2],
    [a2, b2],
    () => gemmProduct(a2, b2),
    (dy, _y, [as, bs]) => [rightTransposedProduct(dy, bs as tf.Tensor2D), leftTransposedProduct(as as tf.Tensor2D, dy)],
  );
  if (a.rank === 2 && b.rank === 2) return product;
  const shape = [...(a.rank === 2 ? [a.shape[0]!] : []), ...(b.rank === 2 ? [b.shape[1]!] : [])];
  return tf.reshape(product, shape);
}

/**
 * A rank-2 op with a hand-written gradient, via `tf.customGrad`: `forward` computes the value Y, of
 * which `inputs` are the differentiable arguments; `backward` gets dY, Y and the tensors in `keep`
 * (in order) and returns one gradient per input. Everything the backward pass reads must be in
 * `keep`: tfjs disposes the intermediates of a gradient computation's forward pass, so a captured
 * tensor that was computed inside it would be gone by then.
 */
function withGradient(
  inputs: tf.Tensor[],
  keep: tf.Tensor[],
  forward: () => tf.Tensor2D,
  backward: (dy: tf.Tensor2D, y: tf.Tensor2D, kept: tf.Tensor[]) => tf.Tensor[],
): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const value = forward();
    save([value, ...keep]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => backward(dy as tf.Tensor2D, saved[0] as tf.Tensor2D, saved.slice(1)),
    };
  });
  return op(...inputs) as tf.Tensor2D;
}

/** Whether transposed GEMMs are as fast as plain ones on the active backend (native TensorFlow). */
function nativeTransposes(): boolean {
  return tf.getBackend() === 'tensorflow';
}

/**
 * `p·qᵀ` (dX = dZ·Wᵀ). XNNPACK copies ("packs") the right operand of every product whose right
 * operand is new, so a product costs, besides its arithmetic, the elements it transposes and packs:
 * `p·(qᵀ)` transposes and packs q; `(q·pᵀ)ᵀ` transposes and packs p and transposes the result. For a
 * wide layer with a small batch (the VAE's 400→784 output layer: |W| = 313k, |dZ| = 100k) the second
 * moves half as much; the arithmetic is the same products summed in another order.
 */
function rightTransposedProduct(p: tf.Tensor2D, q: tf.Tensor2D): tf.Tensor2D {
  // kernels/gemm.ts reads any strides when it packs: a transpose costs nothing there.
  if (activeGemm() !== undefined) return gemmProduct(p, q, { transposeB: true });
  if (nativeTransposes()) return tf.matMul(p, q, false, true);
  const [n, k] = p.shape;
  const m = q.shape[0];
  const viaQ = 2 * m * k; // transpose q, pack qᵀ
  const viaP = 2 * n * k + n * m; // transpose p, pack pᵀ, transpose the [m, n] result
  return viaP < viaQ ? (tf.transpose(tf.matMul(q, tf.transpose(p))) as tf.Tensor2D) : tf.matMul(p, tf.transpose(q));
}

/** `pᵀ·q`. */
function leftTransposedProduct(p: tf.Tensor2D, q: tf.Tensor2D): tf.Tensor2D {
  if (activeGemm() !== undefined) return gemmProduct(p, q, { transposeA: true });
  return nativeTransposes() ? tf.matMul(p, q, true, false) : tf.matMul(tf.transpose(p), q);
}

/** dL/dz for y = act(z), from dL/dy and y. */
function activationGrad(activation: DenseActivation, dy: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  switch (activation) {
    case 'linear':
      return dy;
    case 'relu':
      return tf.mul(dy, tf.step(y));
    case 'sigmoid':
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case 'elu':
      // The same kernel tfjs's own elu gradient runs (dy where y > 0, else dy·(y + 1)).
      return tf.engine().runKernel('EluGrad', { dy, y }) as tf.Tensor2D;
  }
}
