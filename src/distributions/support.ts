/**
 * Membership of values in the language's value domains (src/registry/domains.ts), as boolean tensors.
 * A distribution's support mask is derived from its registry row's `support` (and `boundedBy`), so
 * the checker's notion of a support and the runtime's cannot drift apart.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ValueDomain } from '../registry/domains.js';
import { stopGradient } from '../common/stop-gradient.js';

/**
 * How far the sum of a Simplex value may be from 1, per entry of the event: float32 rounding of K
 * entries each within 2⁻²⁴ relative gives a sum within about K · 6e-8, so this is generous.
 */
export const SIMPLEX_TOLERANCE_PER_ENTRY = 1e-6;

/**
 * Whether each value lies in `domain`. Scalar domains give a mask of the value's shape; the vector
 * domains (`Category`, `Simplex`) are checked over the last axis and give a mask without it.
 * NaN and ±∞ lie in no domain.
 */
export function inDomain(domain: ValueDomain, value: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    // Conditions carry no gradient (and comparisons have none in tfjs).
    value = stopGradient(value);
    const finite = tf.isFinite(value);
    switch (domain) {
      case 'Real':
        return finite;
      case 'Positive':
        return tf.logicalAnd(finite, tf.greater(value, 0));
      case 'NonNegative':
        return tf.logicalAnd(finite, tf.greaterEqual(value, 0));
      case 'Unit':
        return tf.logicalAnd(tf.greater(value, 0), tf.less(value, 1));
      case 'UnitInterval':
        return tf.logicalAnd(tf.greaterEqual(value, 0), tf.lessEqual(value, 1));
      case 'Binary':
        return isBinary(value);
      case 'Count':
        return tf.logicalAnd(tf.logicalAnd(finite, tf.greaterEqual(value, 0)), tf.equal(value, tf.floor(value)));
      case 'Category': {
        const allBinary = tf.all(isBinary(value), -1);
        return tf.logicalAnd(allBinary, tf.equal(tf.sum(value, -1), 1));
      }
      case 'Simplex': {
        const k = value.shape[value.shape.length - 1] ?? 1;
        const allPositive = tf.all(tf.logicalAnd(tf.greater(value, 0), tf.lessEqual(value, 1)), -1);
        const sumOk = tf.lessEqual(tf.abs(tf.sub(tf.sum(value, -1), 1)), SIMPLEX_TOLERANCE_PER_ENTRY * Math.max(k, 1));
        return tf.logicalAnd(allPositive, sumOk);
      }
    }
  });
}

function isBinary(value: tf.Tensor): tf.Tensor {
  return tf.logicalOr(tf.equal(value, 0), tf.equal(value, 1));
}
