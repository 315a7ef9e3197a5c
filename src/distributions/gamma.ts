/**
 * Gamma(concentration α, rate β). Sampled exactly by Marsaglia & Tsang (2000), "A simple method for
 * generating gamma variables", on the JS side, with implicit reparameterization gradients (Figurnov,
 * Mohamed & Mnih 2018) for α (implicit-gamma.ts); z = G / β carries the gradient for β.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import type { Rng } from './rng.js';
import { implicitLogGamma } from './implicit-gamma.js';
import { digamma, FLOAT32_TINY, lgamma } from './special.js';

/** The largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** The Gamma distribution, shape/rate parameterization. */
export class Gamma extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = ['implicit'];

  /** @param params - `{concentration, rate}` */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('Gamma', DISTRIBUTIONS.Gamma, params);
  }

  /** α log β + (α − 1) log x − βx − log Γ(α). */
  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const alpha = this.param('concentration');
      const beta = this.param('rate');
      const normaliser = tf.sub(tf.mul(alpha, tf.log(beta)), lgamma(alpha));
      return tf.add(normaliser, tf.sub(tf.mul(tf.sub(alpha, 1), tf.log(value)), tf.mul(beta, value)));
    });
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(1);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'implicit') return super.samplePathwise(kind, sampleShape, rng);
    const shape = this.drawShape(sampleShape);
    const logG = implicitLogGamma(tf.broadcastTo(this.param('concentration'), shape), rng);
    // exp(log G − log β), kept inside the positive float32 range (the clamp passes no gradient).
    return tf.clipByValue(tf.exp(tf.sub(logG, tf.log(this.param('rate')))), FLOAT32_TINY, FLOAT32_MAX);
  }

  /** α / β. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.param('concentration'), this.param('rate')), this.batchShape));
  }

  /** α / β². */
  variance(): tf.Tensor {
    return tf.tidy(() => tf.broadcastTo(tf.div(this.param('concentration'), tf.square(this.param('rate'))), this.batchShape));
  }

  /** α − log β + log Γ(α) + (1 − α) ψ(α). */
  entropy(): tf.Tensor {
    return tf.tidy(() => {
      const alpha = this.param('concentration');
      const h = tf.add(tf.sub(alpha, tf.log(this.param('rate'))), tf.add(lgamma(alpha), tf.mul(tf.sub(1, alpha), digamma(alpha))));
      return tf.broadcastTo(h, this.batchShape);
    });
  }
}
