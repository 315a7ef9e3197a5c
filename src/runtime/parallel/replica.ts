/**
 * The unit of data-parallel training: a replica holds a full copy of the model's parameters and
 * optimizer state, computes the gradient of its share of a batch, and applies the combined gradient.
 * Every replica applies the same combined gradient with the same deterministic optimizer, so their
 * parameters stay bit-for-bit equal without ever being broadcast (see data-parallel.ts).
 *
 * A replica module is an ES module exporting `createReplica: ReplicaFactory`; the group imports it
 * in the main thread and in every worker, so a compiled model only has to say how to build itself.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FlatAdam, type FlatAdamOptions } from '../kernels/adam.js';
import { copyValues } from '../fast-copy.js';

/** One copy of a model being trained. */
export interface Replica {
  /** Number of scalar parameters (the length of flat gradients and parameter vectors). */
  readonly parameterCount: number;
  /**
   * Writes into `out` the gradient of the mean loss over `rows` examples (row-major in `batch`,
   * `rowSize` floats each), flat in parameter order, and returns that mean loss.
   */
  gradients(batch: Float32Array, rows: number, out: Float32Array): number;
  /**
   * Applies one optimizer step with the flat gradient Σᵢ wᵢ·partsᵢ: the replicas' share gradients
   * weighted by their share of the batch. Every replica receives the same parts and weights and must
   * combine them deterministically (same order, same arithmetic), so that all stay bit-identical.
   */
  apply(parts: readonly Float32Array[], weights: readonly number[]): void;
  /** A copy of the current parameters, flat. */
  getParameters(): Float32Array;
  /** Overwrites the parameters (used once, to start every replica from the main one's values). */
  setParameters(flat: Float32Array): void;
  /** Releases tensors. */
  dispose(): void;
}

/**
 * Builds a replica. Called once per thread with the group's `options` (structured-cloneable) and the
 * replica's index (0 = the main thread), e.g. to give each replica its own noise seed.
 */
export type ReplicaFactory = (options: unknown, index: number) => Replica | Promise<Replica>;

/** A tfjs model as {@link tfjsReplica} needs it. */
export interface TfjsModel {
  /** Trainable variables, in a fixed order (the flat parameter order). */
  readonly variables: readonly tf.Variable[];
  /** The mean loss of a batch `[rows, rowSize]`. */
  loss(batch: tf.Tensor2D): tf.Scalar;
  /** Releases the model's tensors. */
  dispose?(): void;
}

/**
 * A replica for a tfjs model trained with {@link FlatAdam}: gradients by `tf.variableGrads`, copied
 * out flat; updates through the fused Adam kernel.
 *
 * @param model - variables and loss
 * @param rowSize - floats per example
 * @param adam - Adam's hyper-parameters
 */
export function tfjsReplica(model: TfjsModel, rowSize: number, adam: FlatAdamOptions): Replica {
  const variables = [...model.variables];
  const opt = new FlatAdam(variables, adam);
  const offsets: number[] = [];
  let total = 0;
  for (const v of variables) {
    offsets.push(total);
    total += v.size;
  }
  return {
    parameterCount: total,
    gradients(batch: Float32Array, rows: number, out: Float32Array): number {
      const x = tf.tensor2d(batch.subarray(0, rows * rowSize), [rows, rowSize]);
      const { value, grads } = tf.variableGrads(() => model.loss(x), variables);
      variables.forEach((v, i) => {
        const g = grads[v.name];
        // No gradient: the variable does not affect the loss. Zeros still decay its Adam moments
        // (tfjs's Adam would skip it); harmless, and it keeps the flat layout fixed.
        if (g === undefined) out.fill(0, offsets[i]!, offsets[i]! + v.size);
        else copyValues(g, out, offsets[i]!);
      });
      const loss = value.dataSync()[0]!;
      tf.dispose([x, value, grads]);
      return loss;
    },
    apply(parts: readonly Float32Array[], weights: readonly number[]): void {
      opt.applyWeightedGradients(parts, weights);
    },
    getParameters: () => opt.getParameters(),
    setParameters: (flat: Float32Array) => opt.setParameters(flat),
    dispose(): void {
      if (model.dispose !== undefined) model.dispose();
      else tf.dispose(variables);
    },
  };
}
