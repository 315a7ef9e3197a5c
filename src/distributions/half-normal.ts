/**
 * HalfNormal(scale): |X| for X ~ Normal(0, scale), on the positive reals. Location–scale sampler
 * scale · |ε|, ε ~ N(0, 1) (a scale family: pathwise in `scale`, Kingma & Welling 2014, §2.4), and the
 * inverse-CDF sampler −scale · Φ⁻¹((1 − u)/2), written through the lower tail so that u near 1 keeps its
 * precision. The density is the Normal's doubled on x > 0; the half families' moments, entropies and
 * KLs follow from the symmetric parent (entropy minus log 2, the same KL).
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { clampPositive, openUniform } from './noise.js';
import type { Rng } from './rng.js';
import { ndtri } from './special.js';
import { stopGradient } from '../common/stop-gradient.js';

/** ½ log(2/π), the log of the half-normal's normaliser at unit scale. */
const HALF_LOG_2_OVER_PI = 0.5 * Math.log(2 / Math.PI);

/** The half-normal distribution. */
export class HalfNormal extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['location-scale', 'inverse-cdf'];

  /** @param params - `{scale}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('HalfNormal', DISTRIBUTIONS.HalfNormal, params);
  }

  private get scale(): tf.Tensor {
    return this.param('scale');
  }

  /** ½ log(2/π) − log σ − x²/(2σ²). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sub(tf.sub(HALF_LOG_2_OVER_PI, tf.log(this.scale)), tf.mul(0.5, tf.square(tf.div(value, this.scale)))));
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(1);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const shape = this.drawShape(sampleShape);
    if (kind === 'location-scale') return clampPositive(tf.mul(this.scale, tf.abs(rng.normal(shape))));
    if (kind === 'inverse-cdf') return clampPositive(this.icdf(openUniform(shape, rng)));
    return super.samplePathwise(kind, sampleShape, rng);
  }

  /** erf(x / (σ√2)) for x > 0, else 0. */
  cdf(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.where(tf.greater(stopGradient(x), 0), tf.erf(tf.div(x, tf.mul(this.scale, Math.SQRT2))), tf.scalar(0)));
  }

  /** −σ Φ⁻¹((1 − u)/2). */
  icdf(u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(tf.neg(this.scale), ndtri(tf.mul(0.5, tf.sub(1, u)))));
  }

  /** σ √(2/π). */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(this.scale, Math.sqrt(2 / Math.PI)), this.batchShape));
  }

  /** σ² (1 − 2/π). */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.mul(tf.square(this.scale), 1 - 2 / Math.PI), this.batchShape));
  }

  /** log σ + ½ log(π/2) + ½: the Normal's entropy minus log 2. */
  entropy(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.add(tf.log(this.scale), 0.5 * Math.log(Math.PI / 2) + 0.5), this.batchShape));
  }
}
