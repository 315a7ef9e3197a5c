/**
 * A mixture of K components of one family — TFP's and Pyro's `MixtureSameFamily(Categorical(logits),
 * component)` with the component made `Independent` over the value's last axis when its family is scalar:
 *
 *   log p(x) = logsumexp_k [ log w_k + log p_k(x) ],   log p_k(x) = Σ_i log p(x_i; θ_ik) (scalar family),
 *
 * the component index summed out, so a GMM or VampPrior prior (Tomczak & Welling 2018) needs no discrete
 * latent. As in TFP the component's rightmost batch axis is the mixture axis: for a value `[…, D]` the
 * component's parameters are `[…, K, D]` (a scalar family: K × D independent draws; a vector family such as
 * Categorical or MultivariateNormal: K events of length D), the weights `[…, K]`. A value is scored by
 * every component at once by inserting that axis (`[…, 1, D]`). Sampling picks a component by the
 * Gumbel-max trick and draws from it: exact, but with no pathwise gradient (the registry declares
 * `reparam: 'none'`); a guide over a mixture prior needs only this log-density.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { stopGradient } from '../common/stop-gradient.js';
import { DISTRIBUTIONS } from '../registry/distributions.js';
import { broadcastShapes } from './base.js';
import type { Distribution, SamplerKind } from './distribution.js';
import { gumbelNoise } from './noise.js';
import type { Rng } from './rng.js';

/** The mixture; see the module comment. */
export class MixtureSameFamily implements Distribution {
  readonly spec = DISTRIBUTIONS.MixtureSameFamily;
  readonly family = 'MixtureSameFamily' as const;
  readonly samplerKinds: readonly SamplerKind[] = [];
  readonly batchShape: number[];
  readonly eventShape: number[];
  /** K, the number of components. */
  readonly components: number;
  /** Whether the component family is scalar (then it is made independent over the value's last axis). */
  private readonly scalarComponent: boolean;

  /**
   * @param params - `{logits}` or `{probs}`, each `[…, K]`, not owned
   * @param component - the component distribution, batch `[…, K, D]` (scalar family) or `[…, K]` with event `[D]`
   */
  constructor(
    readonly params: Readonly<Record<string, tf.Tensor>>,
    readonly component: Distribution,
  ) {
    const w = params['logits'] ?? params['probs'];
    if (w === undefined || Object.keys(params).length !== 1 || w.rank < 1) throw new InternalError(`MixtureSameFamily takes {logits} or {probs} with a components axis; got ${JSON.stringify(Object.fromEntries(Object.entries(params).map(([k, t]) => [k, t.shape])))}`);
    this.scalarComponent = component.eventShape.length === 0;
    const cb = component.batchShape;
    const reinterpreted = this.scalarComponent ? 1 : 0;
    if (cb.length < 1 + reinterpreted) throw new InternalError(`MixtureSameFamily: the component's batch ${JSON.stringify(cb)} lacks the mixture axis`);
    const kw = w.shape[w.rank - 1] as number;
    const kc = cb[cb.length - 1 - reinterpreted] as number;
    if (kw !== kc && kw !== 1 && kc !== 1) throw new InternalError(`MixtureSameFamily: ${kw} weights for ${kc} components`);
    this.components = Math.max(kw, kc);
    this.eventShape = this.scalarComponent ? [cb[cb.length - 1] as number] : [...component.eventShape];
    this.batchShape = broadcastShapes([w.shape.slice(0, -1), cb.slice(0, cb.length - 1 - reinterpreted)]);
  }

  /** log w, `[…batch, K]`: log softmax of the logits, or the log of the normalized probabilities. */
  private logWeights(): tf.Tensor {
    const shape = [...this.batchShape, this.components];
    const l = this.params['logits'];
    if (l !== undefined) return tf.logSoftmax(tf.broadcastTo(l, shape));
    const p = this.params['probs'] as tf.Tensor;
    return tf.broadcastTo(tf.sub(tf.log(p), tf.log(tf.sum(p, -1, true))), shape);
  }

  /** Per-component log-densities `[…, K]` of a value `[…, D]` by `score` (logProb or logProbInSupport). */
  private perComponent(value: tf.Tensor, score: (v: tf.Tensor) => tf.Tensor): tf.Tensor {
    const lp = score(tf.expandDims(value, -2));
    return this.scalarComponent ? tf.sum(lp, -1) : lp;
  }

  logProbInSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.logSumExp(tf.add(this.logWeights(), this.perComponent(value, (v) => this.component.logProbInSupport(v))), -1));
  }

  /**
   * The component's own masked density per component. Where every component gives −∞ (a value outside
   * the support) the log-sum-exp runs on zeros and is then masked to −∞, so neither it nor its gradient is NaN.
   */
  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const a = tf.add(this.logWeights(), this.perComponent(value, (v) => this.component.logProb(v)));
      const out = tf.logicalNot(tf.any(tf.isFinite(stopGradient(a)), -1, true));
      const lse = tf.logSumExp(tf.where(out, tf.zerosLike(a), a), -1);
      return tf.where(tf.squeeze(out, [-1]), tf.fill(lse.shape, -Infinity), lse);
    });
  }

  sample(sampleShape: readonly number[], rng: Rng): tf.Tensor {
    return tf.tidy(() => {
      const lead = [...sampleShape, ...this.batchShape];
      const pick = tf.argMax(tf.add(this.logWeights(), gumbelNoise([...lead, this.components], rng)), -1);
      // Every component draws; the one-hot pick over the mixture axis keeps one per draw.
      const draws = tf.broadcastTo(this.component.sample(sampleShape, rng), [...lead, this.components, ...this.eventShape]);
      const onehot = tf.expandDims(tf.oneHot(pick, this.components), -1);
      return stopGradient(tf.sum(tf.mul(onehot, draws), -2));
    });
  }

  /** Σ_k w_k mean_k (NaN where a component's mean is undefined). */
  mean(): tf.Tensor {
    return tf.tidy(() => tf.sum(tf.mul(this.weightsPerEntry(), this.componentMoment('mean')), -2));
  }

  /** Σ_k w_k (var_k + mean_k²) − mean², elementwise (the law of total variance). */
  variance(): tf.Tensor {
    return tf.tidy(() => {
      const w = this.weightsPerEntry();
      const m = this.componentMoment('mean');
      const second = tf.sum(tf.mul(w, tf.add(this.componentMoment('variance'), tf.square(m))), -2);
      return tf.relu(tf.sub(second, tf.square(tf.sum(tf.mul(w, m), -2))));
    });
  }

  /** The weights `[…, K, 1]`, broadcasting over the event axis. */
  private weightsPerEntry(): tf.Tensor {
    return tf.expandDims(tf.exp(this.logWeights()), -1);
  }

  /** The component's mean or variance, `[…, K, D]`. */
  private componentMoment(which: 'mean' | 'variance'): tf.Tensor {
    const f = this.component[which];
    if (f === undefined) throw new InternalError(`MixtureSameFamily: the ${this.component.family} component has no ${which}`);
    return tf.broadcastTo(f.call(this.component), [...this.batchShape, this.components, ...this.eventShape]);
  }

  /** Within the support of at least one component (every coordinate, for a scalar family). */
  inSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const ok = (this.component as Partial<{ inSupport(v: tf.Tensor): tf.Tensor }>).inSupport?.(tf.expandDims(value, -2));
      if (ok === undefined) throw new InternalError(`MixtureSameFamily: the ${this.component.family} component has no support test`);
      return tf.any(this.scalarComponent ? tf.all(ok, -1) : ok, -1);
    });
  }
}
