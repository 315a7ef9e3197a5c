/**
 * The location–scale families (Normal, Laplace, Logistic, Cauchy, Gumbel): x = loc + scale · ε with ε
 * from a fixed standard distribution, so log p(x) = log p₀((x − loc)/scale) − log scale, and the
 * location–scale sampler is pathwise in both parameters (Kingma & Welling 2014, §2.4, "location-scale
 * family"). The inverse-CDF sampler, where a row declares one, is x = loc + scale · F₀⁻¹(u).
 * Each family draws its location–scale noise by a construction other than its inverse CDF, so the test
 * that both samplers give the same distribution compares two different code paths.
 */
import * as tf from '@tensorflow/tfjs-core';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { openUniform } from './noise.js';
import type { Rng } from './rng.js';

/** A row whose parameters are exactly `loc` and `scale`. */
export type LocationScaleName = 'Normal' | 'Laplace' | 'Logistic' | 'Cauchy' | 'Gumbel';

/** Base of the location–scale families; a family supplies its standard density, noise and CDF. */
export abstract class LocationScaleDistribution extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[];

  /**
   * @param name - the registry row
   * @param params - `{loc, scale}`
   * @param samplerKinds - the samplers the family implements
   */
  protected constructor(name: LocationScaleName, params: Readonly<Record<string, tf.Tensor>>, samplerKinds: readonly SamplerKind[]) {
    super(name, DISTRIBUTIONS[name], params);
    this.samplerKinds = samplerKinds;
  }

  /** The location parameter. */
  get loc(): tf.Tensor {
    return this.param('loc');
  }

  /** The scale parameter (> 0). */
  get scale(): tf.Tensor {
    return this.param('scale');
  }

  /** log p₀(z) of the standard member (loc 0, scale 1). */
  protected abstract standardLogProb(z: tf.Tensor): tf.Tensor;
  /** Draws of the standard member, for the location–scale sampler. */
  protected abstract standardNoise(shape: readonly number[], rng: Rng): tf.Tensor;
  /** F₀(z) of the standard member. */
  protected abstract standardCdf(z: tf.Tensor): tf.Tensor;
  /** F₀⁻¹(u) of the standard member, u in (0, 1). */
  protected abstract standardIcdf(u: tf.Tensor): tf.Tensor;

  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sub(this.standardLogProb(tf.div(tf.sub(value, this.loc), this.scale)), tf.log(this.scale)));
  }

  /** F₀((x − loc)/scale). */
  cdf(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.standardCdf(tf.div(tf.sub(x, this.loc), this.scale)));
  }

  /** loc + scale · F₀⁻¹(u). */
  icdf(u: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(this.loc, tf.mul(this.scale, this.standardIcdf(u))));
  }

  protected override supportPoint(): tf.Tensor {
    return tf.scalar(0);
  }

  protected override samplePathwise(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const shape = this.drawShape(sampleShape);
    if (kind === 'inverse-cdf') return this.icdf(openUniform(shape, rng));
    if (kind === 'location-scale') return tf.add(this.loc, tf.mul(this.scale, this.standardNoise(shape, rng)));
    return super.samplePathwise(kind, sampleShape, rng);
  }

  /** The location broadcast to the batch shape (the mean or median of several families). */
  protected locOverBatch(): tf.Tensor {
    return tf.broadcastTo(this.loc, this.batchShape);
  }

  /** log scale broadcast to the batch shape (the entropy's scale term). */
  protected logScaleOverBatch(): tf.Tensor {
    return tf.broadcastTo(tf.log(this.scale), this.batchShape);
  }
}
