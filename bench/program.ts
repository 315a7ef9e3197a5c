/**
 * The contract between the benchmark runner and the programs it times. A program owns its
 * parameters and optimizer; the runner only hands it batches of binarized MNIST and reads the loss.
 * The compiled Tilde model joins the bench by implementing {@link BenchProgram} too.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Architecture and optimizer shared by every benchmarked program (the reference configuration). */
export const VAE_CONFIG = {
  /** Pixels per image. */
  data: 784,
  /** Hidden units of the encoder and of the decoder. */
  hidden: 400,
  /** Latent dimensions. */
  latent: 20,
  /** Images per step. */
  batch: 128,
  /** Adam's learning rate. */
  learningRate: 1e-3,
} as const;

/** Where one step's time goes, in ms per step (from {@link BenchProgram.profileStep}). */
export interface StepProfile {
  /** Building the batch tensor from the JS array. */
  readonly data: number;
  /** Kernel time of products: matrix products and convolutions (forward and backward). */
  readonly matmul: number;
  /** Kernel time of every other forward/backward kernel (elementwise ops, reductions, transposes). */
  readonly elementwise: number;
  /** Time of the optimizer update (kernels, or JS for a JS optimizer). */
  readonly optimizer: number;
  /** Wall time of the step minus the above: JS dispatch, the tape, allocation. */
  readonly overhead: number;
  /** Kernel time by kernel name (forward/backward kernels only). */
  readonly kernels: Readonly<Record<string, number>>;
  /** Floating-point operations of the products per step (2 per multiply-add), from the kernels' shapes. */
  readonly productFlops?: number;
}

/** A training program the bench can time. */
export interface BenchProgram {
  /** Row label in the table. */
  readonly label: string;
  /** Short stable key used in the JSON output. */
  readonly key: string;
  /** Whether this is a plain hand-written tfjs program (the baseline the compiled model is compared to). */
  readonly handwritten: boolean;
  /**
   * One training step (forward, backward, optimizer update) on a batch given as a row-major
   * `[batch, 784]` array; returns the batch's mean negative ELBO (read back, so the step is complete).
   */
  step(batch: Float32Array): number;
  /** The same step, instrumented; used by `--profile`. */
  profileStep?(batch: Float32Array): Promise<StepProfile>;
  /** Releases parameters and optimizer state. */
  dispose(): void;
}

/** The kernels counted as products: matrix products and convolutions (forward and both backward passes). */
const PRODUCT_KERNELS = new Set(['BatchMatMul', '_FusedMatMul', 'TildeMatMul', 'Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']);

/** Whether a tfjs kernel name is a product (a matrix product or a convolution). */
export function isMatmulKernel(name: string): boolean {
  return PRODUCT_KERNELS.has(name);
}

const size = (shape: readonly number[] | undefined): number => (shape ?? []).reduce((a, b) => a * b, 1);

/**
 * Multiply-adds ×2 of one product kernel, from its shapes. A matrix product [b, M, K]·[b, K, N] → [b, M, N]
 * does b·M·N·K whatever its transposes (K = |A| / (b·M)); a convolution and both its backward passes do
 * |T|·|W| / C_out each, T being the tensor whose last axis is C_out (output, dy, dy) and W the filter.
 */
export function productFlops(name: string, inputs: readonly (readonly number[])[], outputs: readonly (readonly number[])[]): number {
  const out = outputs[0];
  if (out === undefined) return 0;
  if (name === 'BatchMatMul' || name === '_FusedMatMul' || name === 'TildeMatMul') {
    const m = out[out.length - 2] ?? 1;
    const batch = size(out.slice(0, -2));
    return (2 * size(out) * size(inputs[0])) / (batch * m);
  }
  if (name === 'Conv2D' || name === 'FusedConv2D') return (2 * size(out) * size(inputs[1])) / (inputs[1]?.[3] ?? 1);
  if (name === 'Conv2DBackpropInput') return (2 * size(inputs[0]) * size(inputs[1])) / (inputs[1]?.[3] ?? 1);
  if (name === 'Conv2DBackpropFilter') return (2 * size(inputs[1]) * size(out)) / (out[3] ?? 1);
  return 0;
}

/** Sum of profiled kernel times, split into matrix products and the rest; the products' FLOPs. */
export function splitKernelTimes(info: Awaited<ReturnType<typeof tf.profile>>): { matmul: number; other: number; byName: Record<string, number>; flops: number } {
  let flops = 0;
  let matmul = 0;
  let other = 0;
  const byName: Record<string, number> = {};
  for (const k of info.kernels) {
    // A customGrad op (ours, or tfjs's fused matMul) is reported as one "kernel" spanning its inner
    // kernels, which are reported too; count only real kernels so nothing is counted twice.
    if (tf.getKernel(k.name, tf.getBackend()) === undefined) continue;
    const raw = k.kernelTimeMs as number | { error: string };
    const ms = typeof raw === 'number' ? raw : 0;
    byName[k.name] = (byName[k.name] ?? 0) + ms;
    if (isMatmulKernel(k.name)) {
      matmul += ms;
      flops += productFlops(k.name, k.inputShapes, k.outputShapes);
    } else other += ms;
  }
  return { matmul, other, byName, flops };
}

/**
 * Profiles a step made of three phases: building the batch tensor, computing loss and gradients,
 * and applying them. The gradient phase runs twice on the same batch: once under `tf.profile` for
 * the kernel times (its gradients are discarded), once unprofiled, with the other phases, for wall
 * times. `overhead` is the unprofiled gradient phase's wall time minus its kernel time.
 */
export async function profilePhases<G>(phases: {
  makeBatch: () => tf.Tensor2D;
  gradients: (x: tf.Tensor2D) => { loss: tf.Scalar; grads: G };
  apply: (grads: G) => void;
  disposeGrads: (grads: G) => void;
}): Promise<StepProfile> {
  const probe = phases.makeBatch();
  const info = await tf.profile(() => {
    const r = phases.gradients(probe);
    r.loss.dataSync();
    phases.disposeGrads(r.grads);
    r.loss.dispose();
  });
  probe.dispose();
  const t0 = performance.now();
  const x = phases.makeBatch();
  const t1 = performance.now();
  const out = phases.gradients(x);
  out.loss.dataSync();
  const t2 = performance.now();
  phases.apply(out.grads);
  const t3 = performance.now();
  phases.disposeGrads(out.grads);
  tf.dispose([out.loss, x]);
  const split = splitKernelTimes(info);
  return {
    data: t1 - t0,
    matmul: split.matmul,
    elementwise: split.other,
    optimizer: t3 - t2,
    overhead: Math.max(0, t2 - t1 - split.matmul - split.other),
    kernels: split.byName,
    productFlops: split.flops,
  };
}
