/**
 * A mixture of K diagonal Gaussians over a whole event vector — TFP's and Pyro's
 * `MixtureSameFamily(Categorical(logits), Independent(Normal(loc, scale), 1))`:
 *
 *   log p(x) = logsumexp_k [ log softmax(logits)_k + Σ_i log N(x_i; loc_ik, scale_ik) ],
 *
 * with the component index summed out, so a GMM or VampPrior prior (Tomczak & Welling 2018) needs no
 * discrete latent. Parameters carry a trailing components axis K: logits `[…, K]`, loc and scale
 * `[…, D, K]` for a value `[…, D]`. Sampling picks a component by the Gumbel-max trick and draws from
 * it: exact, but with no pathwise gradient (the registry declares `reparam: 'none'`); a guide over a
 * mixture prior needs only this log-density.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { BaseDistribution } from './base.js';
import type { SamplerKind } from './distribution.js';
import { gumbelNoise } from './noise.js';
import type { Rng } from './rng.js';
import { LOG_2PI } from './special.js';
import { inDomain } from './support.js';

/** The mixture of diagonal Gaussians; see the module comment. */
export class NormalMixture extends BaseDistribution {
  readonly samplerKinds: readonly SamplerKind[] = [];
  /** K, the number of components. */
  readonly components: number;

  /** @param params - `{logits, loc, scale}`, each with a trailing components axis */
  constructor(params: Readonly<Record<string, tf.Tensor>>) {
    super('NormalMixture', DISTRIBUTIONS.NormalMixture, params);
    const ks = new Set(Object.values(params).map((p) => p.shape[p.rank - 1]).filter((k) => k !== 1));
    if (ks.size > 1 || ks.has(undefined)) throw new InternalError(`NormalMixture: components axes differ: ${JSON.stringify(Object.values(params).map((p) => p.shape))}`);
    this.components = ks.size === 1 ? ([...ks][0] as number) : 1;
  }

  /** log softmax of the logits, `[…batch, K]`. */
  private logWeights(): tf.Tensor {
    return tf.logSoftmax(tf.broadcastTo(this.param('logits'), [...this.batchShape, this.components]));
  }

  /** loc and scale broadcast to `[…batch, D, K]`. */
  private componentParams(): { loc: tf.Tensor; scale: tf.Tensor } {
    const shape = [...this.batchShape, ...this.eventShape, this.components];
    return { loc: tf.broadcastTo(this.param('loc'), shape), scale: tf.broadcastTo(this.param('scale'), shape) };
  }

  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const { loc, scale } = this.componentParams();
      const z = tf.div(tf.sub(tf.expandDims(value, -1), loc), scale);
      // Σ_i log N(x_i; loc_ik, scale_ik) per component, then logsumexp over the weighted components.
      const perComponent = tf.sum(tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), tf.log(scale)), 0.5 * LOG_2PI), -2);
      return tf.logSumExp(tf.add(perComponent, this.logWeights()), -1);
    });
  }

  /** Every coordinate finite: the event is the whole vector. */
  override inSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.all(inDomain('Real', value), -1));
  }

  protected supportPoint(): tf.Tensor {
    return tf.zeros(this.eventShape);
  }

  protected override sampleExact(sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const lead = [...sampleShape, ...this.batchShape];
    const pick = tf.argMax(tf.add(this.logWeights(), gumbelNoise([...lead, this.components], rng)), -1);
    // One-hot over K, broadcast over the event: selects one component's loc and scale per draw.
    const onehot = tf.expandDims(tf.oneHot(pick, this.components), -2);
    const { loc, scale } = this.componentParams();
    const m = tf.sum(tf.mul(onehot, loc), -1);
    const s = tf.sum(tf.mul(onehot, scale), -1);
    return tf.add(m, tf.mul(s, rng.normal([...lead, ...this.eventShape])));
  }

  /** Σ_k w_k loc_ik. */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.sum(tf.mul(tf.expandDims(tf.exp(this.logWeights()), -2), this.componentParams().loc), -1));
  }

  /** Σ_k w_k (scale_ik² + loc_ik²) − mean_i², elementwise (the law of total variance). */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const w = tf.expandDims(tf.exp(this.logWeights()), -2);
      const { loc, scale } = this.componentParams();
      const second = tf.sum(tf.mul(w, tf.add(tf.square(scale), tf.square(loc))), -1);
      return tf.relu(tf.sub(second, tf.square(tf.sum(tf.mul(w, loc), -1))));
    });
  }
}
