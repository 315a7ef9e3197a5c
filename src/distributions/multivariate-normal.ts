/**
 * MultivariateNormal(loc, scale_tril): a Gaussian on R^K with mean `loc` `[..., K]` and covariance
 * LLᵀ for the lower-triangular `scale_tril` L `[..., K, K]` with a positive diagonal (entries above the
 * diagonal are ignored; TFP's `MultivariateNormalTriL`). The registry gives the two parameters different
 * event ranks (1 and 2). Location–scale sampler z = loc + L ε, ε ~ N(0, I_K) (Kingma & Welling 2014,
 * §2.4), pathwise in both; log p = −½‖L⁻¹(x − loc)‖² − Σᵢ log Lᵢᵢ − (K/2) log 2π, by forward substitution.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { diagonal, lowerTriangle, solveLowerTriangular } from './linalg.js';
import type { Rng } from './rng.js';
import { LOG_2PI } from './special.js';
import { inDomain } from './support.js';

/** The multivariate normal distribution by its Cholesky factor. */
export class MultivariateNormal extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['location-scale'];

  /** @param params - `{loc, scale_tril}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('MultivariateNormal', DISTRIBUTIONS.MultivariateNormal, params);
  }

  private get k(): number {
    return this.eventShape[0] as number;
  }

  /** L with the entries above the diagonal zeroed. */
  scaleTril(): tf.Tensor {
    return lowerTriangle(this.param('scale_tril'));
  }

  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const diff = tf.sub(value, this.param('loc'));
      const z = solveLowerTriangular(this.param('scale_tril'), tf.expandDims(diff, -1));
      const maha = tf.sum(tf.square(z), [-2, -1]);
      const logDet = tf.sum(tf.log(diagonal(this.param('scale_tril'))), -1);
      return tf.sub(tf.mul(-0.5, tf.add(maha, this.k * LOG_2PI)), logDet);
    });
  }

  /** Every coordinate finite (the support's domain applies to the whole event). */
  override inSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.all(inDomain('Real', value), -1));
  }

  protected override supportPoint(): tf.Tensor {
    return tf.zeros([this.k]);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'location-scale') return super.samplePathwise(kind, sampleShape, rng);
    const eps = rng.normal(this.drawShape(sampleShape));
    // (L ε)ᵢ = Σⱼ Lᵢⱼ εⱼ, broadcasting L's batch against the draws'.
    const scaled = tf.sum(tf.mul(this.scaleTril(), tf.expandDims(eps, -2)), -1);
    return tf.add(this.param('loc'), scaled);
  }

  /** loc. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.param('loc'), [...this.batchShape, this.k]));
  }

  /** The diagonal of LLᵀ: Σⱼ Lᵢⱼ². */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.sum(tf.square(this.scaleTril()), -1), [...this.batchShape, this.k]));
  }

  /** (K/2)(1 + log 2π) + Σᵢ log Lᵢᵢ. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.sum(tf.log(diagonal(this.param('scale_tril'))), -1), 0.5 * this.k * (1 + LOG_2PI)), this.batchShape));
  }
}
