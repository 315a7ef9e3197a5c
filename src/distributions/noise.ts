/**
 * Standard noise for the samplers: uniforms clamped into the open interval, so that inverse CDFs and
 * logs of them stay finite, and the Gumbel and logistic noises built from them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from './rng.js';
import { FLOAT32_ONE_BELOW, FLOAT32_TINY } from './special.js';

/**
 * U(0, 1) draws clamped to [2⁻¹²⁶, 1 − 2⁻²⁴]: tfjs draws in [0, 1) in float64 and rounds to float32, so
 * both 0 and 1 can occur; the clamp keeps log u, log(1 − u) and every inverse CDF finite.
 */
export function openUniform(shape: readonly number[], rng: Rng): tf.Tensor {
  return tf.tidy(() => tf.clipByValue(rng.uniform(shape), FLOAT32_TINY, FLOAT32_ONE_BELOW));
}

/** Standard Gumbel draws −log(−log u) (inverse CDF; Gumbel 1954). */
export function gumbelNoise(shape: readonly number[], rng: Rng): tf.Tensor {
  return tf.tidy(() => tf.neg(tf.log(tf.neg(tf.log(openUniform(shape, rng))))));
}

/** Standard logistic draws log u − log(1 − u) (inverse CDF). */
export function logisticNoise(shape: readonly number[], rng: Rng): tf.Tensor {
  return tf.tidy(() => {
    const u = openUniform(shape, rng);
    return tf.sub(tf.log(u), tf.log1p(tf.neg(u)));
  });
}

/**
 * Draws clamped to [2⁻¹²⁶, ∞): a positive draw that underflows float32 (e.g. a Weibull draw with a
 * small shape) would otherwise be 0, outside the open support.
 */
export function clampPositive(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.maximum(x, FLOAT32_TINY));
}

/**
 * Draws clamped to [2⁻¹²⁶, 1 − 2⁻²⁴], the float32 values of the open unit interval: a draw that rounds
 * to 0 or 1 (a saturated sigmoid, a Kumaraswamy draw with a large shape) would otherwise leave the support.
 */
export function clampUnit(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.clipByValue(x, FLOAT32_TINY, FLOAT32_ONE_BELOW));
}

/**
 * Draws clamped strictly inside (low, high), by at least one float32 step from each bound: low + w · u
 * rounds to a bound when u is within a float32 step of 0 or 1, and |b| · 2⁻²³ is at least one step at b.
 */
export function clampBetween(x: tf.Tensor, low: tf.Tensor, high: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const step = (b: tf.Tensor): tf.Tensor => tf.maximum(tf.mul(tf.abs(b), 2 ** -23), FLOAT32_TINY);
    // Bounds broadcast explicitly: tfjs's Maximum/Minimum gradients do not reduce over broadcast axes.
    const lo = tf.broadcastTo(low, x.shape);
    const hi = tf.broadcastTo(high, x.shape);
    return tf.minimum(tf.maximum(x, tf.add(lo, step(lo))), tf.sub(hi, step(hi)));
  });
}
