/**
 * Bernoulli(probs | logits), computed by logits (see logits.ts): log p(x) = x·η − softplus(η).
 * The exact sampler is 1[L < η] with L standard logistic (inverse CDF); it has no gradient, and the
 * row's `relaxed` capability is {@link Bernoulli.relaxed}.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { bernoulliLogitsLogProb } from '../runtime/kernels/bernoulli-logits-log-prob.js';
import { BaseDistribution } from './base.js';
import type { Distribution, RelaxableDistribution, SamplerKind } from './distribution.js';
import { binaryLogits } from './logits.js';
import { logisticNoise } from './noise.js';
import { RelaxedBernoulli } from './relaxed-bernoulli.js';
import type { Rng } from './rng.js';

/** The coin flip in {0, 1}. */
export class Bernoulli extends BaseDistribution implements RelaxableDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['relaxed'];

  /** @param params - `{probs}` or `{logits}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Bernoulli', DISTRIBUTIONS.Bernoulli, params);
  }

  /** The log-odds η of 1 (a new tensor; call inside `tf.tidy`). */
  logits(): tf.Tensor {
    return binaryLogits(this.params);
  }

  /** x·η − softplus(η). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const eta = this.logits();
      return tf.sub(tf.mul(value, eta), tf.softplus(eta));
    });
  }

  /**
   * Σ over the last axis of x·η − softplus(η) by the fused kernel (one op, gradient x − σ(η)) when the
   * parameter is given as logits; by probabilities, the elementwise formula summed.
   */
  logProbInSupportSumLast(value: tf.Tensor): tf.Tensor {
    const logits = this.params['logits'];
    if (logits === undefined) return tf.tidy(() => tf.sum(this.logProbInSupport(value), -1));
    const shape = tf.broadcast_util.assertAndGetBroadcastShape(logits.shape, value.shape);
    return tf.tidy(() => {
      const l = tf.util.arraysEqual(logits.shape, shape) ? logits : tf.broadcastTo(logits, shape);
      const x = tf.util.arraysEqual(value.shape, shape) ? value : tf.broadcastTo(value, shape);
      return bernoulliLogitsLogProb(l, x);
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(0);
  }

  protected override sampleExact(sampleShape: readonly number[], rng: Rng): tf.Tensor {
    return tf.cast(tf.less(logisticNoise(this.drawShape(sampleShape), rng), this.logits()), 'float32');
  }

  /** The binary Concrete relaxation at `temperature` (Maddison et al. 2016; Jang et al. 2016). */
  relaxed(temperature: number | tf.Tensor): Distribution {
    return new RelaxedBernoulli(this.params, temperature);
  }

  /** σ(η). */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.sigmoid(this.logits()), this.batchShape));
  }

  /** σ(η) σ(−η). */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const eta = this.logits();
      return tf.broadcastTo(tf.mul(tf.sigmoid(eta), tf.sigmoid(tf.neg(eta))), this.batchShape);
    });
  }

  /** softplus(η) − η σ(η). */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const eta = this.logits();
      return tf.broadcastTo(tf.sub(tf.softplus(eta), tf.mul(eta, tf.sigmoid(eta))), this.batchShape);
    });
  }
}
