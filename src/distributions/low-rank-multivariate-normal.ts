/**
 * LowRankMultivariateNormal(loc, cov_factor, cov_diag): a Gaussian on R^D with covariance
 * Σ = W Wᵀ + diag(d) for a factor W `[..., D, R]` and a positive diagonal d `[..., D]` (Pyro's and
 * PyTorch's parameterization; TFP's `MultivariateNormalDiagPlusLowRankCovariance`). Everything goes
 * through the R × R capacitance matrix C = I + Wᵀ diag(d)⁻¹ W, never a D × D one:
 * - Woodbury: Σ⁻¹ = D⁻¹ − D⁻¹ W C⁻¹ Wᵀ D⁻¹, so rᵀΣ⁻¹r = Σᵢ rᵢ²/dᵢ − ‖L_C⁻¹ Wᵀ D⁻¹ r‖²;
 * - the matrix determinant lemma: log det Σ = log det C + Σᵢ log dᵢ (L_C the Cholesky factor of C).
 * Location–scale sampler z = loc + W ε + √d ⊙ η, ε ~ N(0, I_R), η ~ N(0, I_D), pathwise in all three
 * parameters (Kingma & Welling 2014, §2.4).
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { choleskySmall, diagonal, solveLowerTriangular } from './linalg.js';
import type { Rng } from './rng.js';
import { LOG_2PI } from './special.js';
import { inDomain } from './support.js';

/** The multivariate normal with a low-rank-plus-diagonal covariance. */
export class LowRankMultivariateNormal extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['location-scale'];

  /** @param params - `{loc, cov_factor, cov_diag}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('LowRankMultivariateNormal', DISTRIBUTIONS.LowRankMultivariateNormal, params);
  }

  private get d(): number {
    return this.eventShape[0] as number;
  }

  /** R, the rank of the factor. */
  get rank(): number {
    const w = this.param('cov_factor');
    return w.shape[w.rank - 1] as number;
  }

  /** W broadcast to `[...batch, D, R]`. */
  private factor(): tf.Tensor {
    return tf.broadcastTo(this.param('cov_factor'), [...this.batchShape, this.d, this.rank]);
  }

  /** The Cholesky factor of the capacitance C = I_R + Wᵀ diag(d)⁻¹ W, `[...batch, R, R]`. */
  capacitanceTril(): tf.Tensor {
    return tf.tidy(() => {
      const w = this.factor();
      const wOverD = tf.div(w, tf.expandDims(this.param('cov_diag'), -1));
      // (Wᵀ D⁻¹ W)_rs = Σᵢ Wᵢᵣ Wᵢₛ / dᵢ, by broadcasting ([..., D, R, 1] · [..., D, 1, R] summed over D).
      const gram = tf.sum(tf.mul(tf.expandDims(wOverD, -1), tf.expandDims(w, -2)), -3);
      return choleskySmall(tf.add(gram, tf.eye(this.rank)));
    });
  }

  /** log det Σ = 2 Σ log diag L_C + Σ log d, `[...batch]`. */
  logDetCovariance(): tf.Tensor {
    return tf.tidy(() => {
      const logD = tf.sum(tf.broadcastTo(tf.log(this.param('cov_diag')), [...this.batchShape, this.d]), -1);
      return tf.add(tf.mul(2, tf.sum(tf.log(diagonal(this.capacitanceTril())), -1)), logD);
    });
  }

  /**
   * tr(Bᵀ Σ⁻¹ B) for B `[..., D, M]` by Woodbury: Σᵢⱼ Bᵢⱼ²/dᵢ − ‖L_C⁻¹ Wᵀ D⁻¹ B‖²_F (M = 1: the
   * Mahalanobis term rᵀΣ⁻¹r).
   */
  quadraticTrace(b: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const bOverD = tf.div(b, tf.expandDims(this.param('cov_diag'), -1));
      // Wᵀ D⁻¹ B, `[..., R, M]`: [..., D, R, 1] · [..., D, 1, M] summed over D.
      const proj = tf.sum(tf.mul(tf.expandDims(this.factor(), -1), tf.expandDims(bOverD, -2)), -3);
      const y = solveLowerTriangular(this.capacitanceTril(), proj);
      return tf.sub(tf.sum(tf.mul(b, bOverD), [-2, -1]), tf.sum(tf.square(y), [-2, -1]));
    });
  }

  /** A square root A of Σ = AAᵀ: the columns of W beside diag(√d), `[...batch, D, R + D]`. */
  sqrtCovariance(): tf.Tensor {
    return tf.tidy(() => {
      const sd = tf.broadcastTo(tf.sqrt(this.param('cov_diag')), [...this.batchShape, this.d]);
      return tf.concat([this.factor(), tf.mul(tf.eye(this.d), tf.expandDims(sd, -2))], -1);
    });
  }

  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const maha = this.quadraticTrace(tf.expandDims(tf.sub(value, this.param('loc')), -1));
      return tf.mul(-0.5, tf.add(tf.add(maha, this.logDetCovariance()), this.d * LOG_2PI));
    });
  }

  /** Every coordinate finite (the support's domain applies to the whole event). */
  override inSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.all(inDomain('Real', value), -1));
  }

  protected override supportPoint(): tf.Tensor {
    return tf.zeros([this.d]);
  }

  protected override samplePathwise(_kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const lead = [...sampleShape, ...this.batchShape];
    const eps = rng.normal([...lead, this.rank]);
    const eta = rng.normal([...lead, this.d]);
    const we = tf.sum(tf.mul(this.param('cov_factor'), tf.expandDims(eps, -2)), -1);
    return tf.add(tf.add(this.param('loc'), we), tf.mul(tf.sqrt(this.param('cov_diag')), eta));
  }

  /** loc. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(this.param('loc'), [...this.batchShape, this.d]));
  }

  /** diag Σ = Σᵣ Wᵢᵣ² + dᵢ. */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.sum(tf.square(this.param('cov_factor')), -1), this.param('cov_diag')), [...this.batchShape, this.d]));
  }

  /** ½ (D (1 + log 2π) + log det Σ). */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.mul(0.5, tf.add(this.logDetCovariance(), this.d * (1 + LOG_2PI))));
  }
}
