/**
 * Categorical(probs | logits) over K categories on the last axis; a value is a one-hot vector of length
 * K (the `Category` domain). Computed by logits (see logits.ts) with a log-softmax, so unnormalised
 * probabilities are normalised. The exact sampler is the Gumbel-max trick, one-hot(argmax(η + G))
 * (Gumbel 1954; Maddison, Tarlow & Minka 2014, "A* sampling"); it has no gradient, and the row's
 * `relaxed` capability is {@link Categorical.relaxed}.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { Distribution, RelaxableDistribution, SamplerKind } from './distribution.js';
import { categoricalLogits } from './logits.js';
import { gumbelNoise } from './noise.js';
import { RelaxedOneHotCategorical } from './relaxed-one-hot-categorical.js';
import type { Rng } from './rng.js';

/** The categorical distribution on one-hot vectors. */
export class Categorical extends BaseDistribution implements RelaxableDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['relaxed'];

  /** @param params - `{probs}` or `{logits}`, the categories on the last axis */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Categorical', DISTRIBUTIONS.Categorical, params);
  }

  /** Normalised log-probabilities, shape `[...batchShape, K]` up to broadcasting (call inside `tf.tidy`). */
  logProbs(): tf.Tensor {
    return tf.logSoftmax(categoricalLogits(this.params));
  }

  /** Σₖ xₖ log πₖ for a one-hot x. */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sum(tf.mul(value, this.logProbs()), -1));
  }

  protected override supportPoint(): tf.Tensor {
    const k = this.eventShape[0] as number;
    return tf.tensor1d(Array.from({ length: k }, (_, i) => (i === 0 ? 1 : 0)));
  }

  protected override sampleExact(sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const perturbed = tf.add(categoricalLogits(this.params), gumbelNoise(this.drawShape(sampleShape), rng));
    return tf.cast(tf.oneHot(tf.argMax(perturbed, -1), this.eventShape[0] as number), 'float32');
  }

  /** The Concrete / Gumbel-softmax relaxation at `temperature` (Maddison et al. 2016; Jang et al. 2016). */
  relaxed(temperature: number | tf.Tensor): Distribution {
    return new RelaxedOneHotCategorical(this.params, temperature);
  }

  /** The probabilities π (the mean of the one-hot vector). */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.exp(this.logProbs()), [...this.batchShape, ...this.eventShape]));
  }

  /** π (1 − π), elementwise. */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const p = tf.exp(this.logProbs());
      return tf.broadcastTo(tf.mul(p, tf.sub(1, p)), [...this.batchShape, ...this.eventShape]);
    });
  }

  /** −Σₖ πₖ log πₖ. */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const logP = this.logProbs();
      return tf.broadcastTo(tf.neg(tf.sum(tf.mul(tf.exp(logP), logP), -1)), this.batchShape);
    });
  }
}
