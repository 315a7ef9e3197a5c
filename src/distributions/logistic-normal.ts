/**
 * LogisticNormal(loc, scale) on the K-simplex: the additive log-ratio transform of a Normal (Aitchison &
 * Shen 1980, "Logistic-normal distributions: some properties and uses", Biometrika 67(2)). The
 * parameters hold the K − 1 log-ratios yᵢ = log(xᵢ/x_K) on their last axis; the value is one longer.
 *
 * Sampler (reparam `transform`; Kingma & Welling 2014, §2.4): y = loc + scale · ε with ε ~ N(0, I) on
 * K − 1 coordinates, x = softmax([y, 0]) along the last axis, formed as exp(log-softmax) so that no
 * coordinate is computed as 0/0 or ∞/∞. Pathwise in `loc` and `scale`.
 *
 * Density with respect to Lebesgue measure on the first K − 1 coordinates — the base measure of
 * Dirichlet's density, so log-densities of the two may be subtracted (a Monte Carlo KL against a
 * Dirichlet prior):
 *   log p(x) = Σᵢ log N(yᵢ; locᵢ, scaleᵢ) − Σ_{k=1..K} log xₖ,   yᵢ = log xᵢ − log x_K,
 * the last sum the log-Jacobian of x ↦ y: det(∂(x₁…x_{K−1})/∂y) = Π_{k=1..K} xₖ (Aitchison & Shen, §2).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import type { Rng } from './rng.js';
import { FLOAT32_TINY, LOG_2PI } from './special.js';

/** log of the smallest normal float32: the floor of a draw's log-coordinates. */
const LOG_FLOAT32_TINY = Math.log(FLOAT32_TINY);

/**
 * The logistic-normal distribution on the simplex. It has no `mean`, `variance` or `entropy`: E[xₖ] is
 * the integral of a softmax against a Gaussian, which has no closed form (Aitchison & Shen give the
 * moments of the log-ratios, not of x), and the entropy needs E[Σ log xₖ], likewise. They are left
 * undefined rather than approximated; estimate them from samples where needed.
 */
export class LogisticNormal extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['transform'];

  /** @param params - `{loc, scale}`, the K − 1 log-ratios on the last axis */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('LogisticNormal', DISTRIBUTIONS.LogisticNormal, params);
  }

  /** The event length K (the parameters' last axis is K − 1). */
  private get k(): number {
    return this.eventShape[0] as number;
  }

  /** The masked log-density (see {@link BaseDistribution.logProb}), after checking the event length. */
  override logProb(value: tf.Tensor): tf.Tensor {
    this.checkEventLength(value);
    return super.logProb(value);
  }

  /** Σᵢ log N(log xᵢ − log x_K; locᵢ, scaleᵢ) − Σₖ log xₖ. */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    const k = this.k;
    this.checkEventLength(value);
    return tf.tidy(() => {
      const logX = tf.log(value);
      const [head, last] = tf.split(logX, [k - 1, 1], -1) as [tf.Tensor, tf.Tensor];
      const scale = this.param('scale');
      const z = tf.div(tf.sub(tf.sub(head, last), this.param('loc')), scale);
      // −Σᵢ log N(yᵢ; locᵢ, scaleᵢ) = Σᵢ (½zᵢ² + log scaleᵢ) + ½(K − 1) log 2π.
      const negLogNormal = tf.add(tf.sum(tf.add(tf.mul(0.5, tf.square(z)), tf.log(scale)), -1), 0.5 * (k - 1) * LOG_2PI);
      return tf.neg(tf.add(negLogNormal, tf.sum(logX, -1)));
    });
  }

  /**
   * A value of the parameters' length (K − 1) is the likeliest misuse, and would otherwise surface as
   * a tfjs broadcasting error.
   */
  private checkEventLength(value: tf.Tensor): void {
    const k = this.k;
    if (value.shape[value.rank - 1] !== k) {
      throw new InternalError(`LogisticNormal: a value needs ${k} entries on its last axis (the parameters have ${k - 1}); got shape ${JSON.stringify(value.shape)}`);
    }
  }

  protected override supportPoint(): tf.Tensor {
    return tf.fill([this.k], 1 / this.k);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'transform') return super.samplePathwise(kind, sampleShape, rng);
    const free = [...sampleShape, ...this.batchShape, this.k - 1];
    const y = tf.add(this.param('loc'), tf.mul(this.param('scale'), rng.normal(free)));
    const padded = tf.concat([y, tf.zeros([...free.slice(0, -1), 1])], -1);
    // Floored at the smallest normal float, so that no coordinate underflows to 0 (outside the open
    // simplex); a floored coordinate carries no gradient, as with the other samplers' clamps.
    return tf.exp(tf.maximum(tf.logSoftmax(padded), LOG_FLOAT32_TINY));
  }
}
