/** Puts a test file on the float32 cpu backend (deterministic and always available). */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

/** Sets the cpu backend; call in `beforeAll`. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
