/**
 * Logits from either parameterization of the discrete rows (Bernoulli, ContinuousBernoulli,
 * Categorical) and their relaxations, which all compute by logits for stability. Probabilities are
 * clamped away from 0 (and, for binary rows, from 1) first, as torch's `clamp_probs`, so that p = 0 or
 * 1 give large finite logits instead of ±∞. Call inside `tf.tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { clampUnit } from './noise.js';
import { FLOAT32_TINY, logit } from './special.js';

/** The log-odds η of a `{probs}` or `{logits}` parameterization. */
export function binaryLogits(params: Readonly<Record<string, tf.Tensor>>): tf.Tensor {
  const logits = params['logits'];
  if (logits !== undefined) return logits;
  return logit(clampUnit(params['probs'] as tf.Tensor));
}

/**
 * Unnormalised log-probabilities over the last axis of a `{probs}` or `{logits}` parameterization.
 * Logits of −∞ are raised to −3e38 so that a zero entry of a one-hot value times them is 0, not NaN.
 */
export function categoricalLogits(params: Readonly<Record<string, tf.Tensor>>): tf.Tensor {
  const logits = params['logits'];
  if (logits !== undefined) return tf.maximum(logits, -3e38);
  return tf.log(tf.maximum(params['probs'] as tf.Tensor, FLOAT32_TINY));
}
