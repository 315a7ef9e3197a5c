/** Selects the float32 cpu backend for a distribution test file (call in `beforeAll`). */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients; the full tfjs package imports this.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';

/** Sets the cpu backend. */
export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** A tensor of values (numbers, or event vectors stacked on axis 0). */
export function valuesTensor(values: readonly (number | readonly number[])[]): tf.Tensor {
  return tf.tensor(values as number[] | number[][]);
}

/** Runs `fn` inside `tf.tidy` and returns its (non-tensor) result; every tensor it made is disposed. */
export function tidyValue<T>(fn: () => T): T {
  let out: T | undefined;
  tf.tidy(() => {
    out = fn();
  });
  return out as T;
}
