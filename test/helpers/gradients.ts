/** Shared assertion of the gradient tests: two `tf.variableGrads` results agree value by value. */
import type * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

type Grads = { readonly value: tf.Scalar; readonly grads: tf.NamedTensorMap };

/** Expects equal values and, weight by weight, equal gradients (4 digits), with at least one nonzero. */
export function expectSameGradients(ours: Grads, theirs: Grads, vars: readonly tf.Variable[]): void {
  expect(ours.value.dataSync()[0]).toBeCloseTo(theirs.value.dataSync()[0] as number, 4);
  let compared = 0;
  for (const v of vars) {
    const a = Array.from(ours.grads[v.name]?.dataSync() ?? []);
    const b = Array.from(theirs.grads[v.name]?.dataSync() ?? []);
    expect(a.length, v.name).toBe(b.length);
    a.forEach((g, i) => expect(g, `${v.name}[${i}]`).toBeCloseTo(b[i] as number, 4));
    compared += a.filter((g) => g !== 0).length;
  }
  expect(compared).toBeGreaterThan(0);
}
