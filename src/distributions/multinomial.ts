/**
 * Multinomial(total_count n, probs | logits) over K categories on the last axis: the counts of each
 * category in n independent Categorical trials, a Count vector summing to n (the likelihood of ProdLDA's
 * bag of words, Srivastava & Sutton 2017). `total_count` has event rank 0 in the registry (one value per
 * event) and must be a positive integer; `probs` are normalised on the fly and everything is computed by
 * log-softmax of the logits (see logits.ts). Exact sampler only (reparam `none`): n categorical draws per
 * event by inversion on the JS side, O(n·K) per event (Devroye 1986, §III.2) — meant for moderate n.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { categoricalLogits } from './logits.js';
import type { Rng } from './rng.js';
import { lgamma } from './special.js';
import { inDomain } from './support.js';
import { stopGradient } from '../common/stop-gradient.js';

/** The multinomial distribution. */
export class Multinomial extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = [];

  /** @param params - `{total_count, probs}` or `{total_count, logits}`, the categories on the last axis */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Multinomial', DISTRIBUTIONS.Multinomial, params);
  }

  private get k(): number {
    return this.eventShape[0] as number;
  }

  private logProbs(): tf.Tensor {
    return tf.logSoftmax(categoricalLogits(this.params));
  }

  /** log n! − Σₖ log xₖ! + Σₖ xₖ log πₖ (a zero count contributes 0 whatever πₖ). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const n = this.param('total_count');
      const logP = this.logProbs();
      const zero = tf.equal(stopGradient(value), 0);
      const terms = tf.where(zero, tf.zerosLike(value), tf.mul(value, tf.where(zero, tf.zerosLike(logP), logP)));
      return tf.add(tf.sub(lgamma(tf.add(n, 1)), tf.sum(lgamma(tf.add(value, 1)), -1)), tf.sum(terms, -1));
    });
  }

  /** Non-negative integer counts on each category that sum to total_count. */
  override inSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const counts = tf.all(inDomain('Count', value), -1);
      const n = stopGradient(this.param('total_count'));
      return tf.logicalAnd(counts, tf.equal(tf.sum(stopGradient(value), -1), n));
    });
  }

  /** All n trials in the first category, for each batch member. */
  protected override supportPoint(): tf.Tensor {
    const n = tf.broadcastTo(this.param('total_count'), this.batchShape);
    return tf.concat([tf.expandDims(n, -1), tf.zeros([...this.batchShape, this.k - 1])], -1);
  }

  protected override sampleExact(sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const shape = this.drawShape(sampleShape);
    const k = this.k;
    const probs = tf.tidy(() => tf.broadcastTo(tf.exp(this.logProbs()), shape).dataSync());
    const totals = this.paramValues('total_count', shape.slice(0, -1));
    const out = new Float32Array(probs.length);
    const cdf = new Float64Array(k);
    for (let e = 0; e < totals.length; e++) {
      let acc = 0;
      for (let j = 0; j < k; j++) {
        acc += probs[e * k + j] as number;
        cdf[j] = acc;
      }
      const n = Math.round(totals[e] as number);
      for (let t = 0; t < n; t++) {
        const u = rng.nextFloat() * acc;
        let j = 0;
        while (j < k - 1 && u >= (cdf[j] as number)) j++;
        out[e * k + j] = (out[e * k + j] as number) + 1;
      }
    }
    return tf.tensor(out, shape);
  }

  /** n πₖ. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(tf.expandDims(this.param('total_count'), -1), tf.exp(this.logProbs())), [...this.batchShape, this.k]));
  }

  /** n πₖ (1 − πₖ). */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const p = tf.exp(this.logProbs());
      return tf.broadcastTo(tf.mul(tf.expandDims(this.param('total_count'), -1), tf.mul(p, tf.sub(1, p))), [...this.batchShape, this.k]);
    });
  }
}
