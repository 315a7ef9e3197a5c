/** Comparison helpers shared by the layer tests. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { netOutputShape, type LayerSpec } from '../../../src/registry/networks.js';
import type { Arr } from './reference.js';

/**
 * Float32 tolerance, scaled by (1 + |expected|): the values compared are sums of at most ~300
 * products of O(1) float32 numbers (unit roundoff u = 6e-8), whose rounding error is typically
 * √K·u·Σ|terms| ≲ 1e-5 and bounded by K·u·Σ|terms|; 1e-4 allows that while an indexing or padding
 * mistake changes values by O(0.1–1).
 */
export const TOL = 1e-4;

/** A float32 tensor holding the (float32-rounded) values of `a`, reshaped to `shape` (default: a's). */
export function toTensor(a: Arr, shape: readonly number[] = a.shape): tf.Tensor {
  return tf.tensor(Float32Array.from(a.data), [...shape]);
}

/** The worst |actual − expected| / (1 + |expected|) is below {@link TOL}. */
export function expectCloseTo(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
  expect(worst, `${what}: worst scaled difference`).toBeLessThan(TOL);
}

/**
 * The network registry's shape rule for one layer on an input with leading axes: the whole output shape
 * (lead axes kept), or the registry's reason. The layer tests compare it with the float64 references'
 * shapes, so the checker's rule and the runtime cannot drift apart.
 */
export function registryShape(spec: LayerSpec, input: readonly number[]): readonly number[] | string {
  const r = netOutputShape(spec, input);
  return 'error' in r ? r.error : [...r.lead, ...r.shape];
}
