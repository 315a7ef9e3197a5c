/**
 * A normalizing flow as a distribution (Rezende & Mohamed 2015, §3; TFP's `TransformedDistribution`):
 * y = f_K ∘ … ∘ f_1(x₀) with x₀ drawn from a base distribution, and
 *   log q(y) = log q₀(x₀) − Σₖ log|det ∂fₖ/∂xₖ₋₁|.
 * It implements the distribution contract over the whole latent: the event is the latent's shape
 * (flattened to D values for the bijectors), the batch is the lead axes.
 *
 * Its own draws are scored without an inverse: {@link sample} keeps (y, log q(y)) and
 * {@link logProbInSupport} of that very tensor returns it — IAF's inverse takes D sequential passes
 * (Kingma et al. 2016, §4), and the estimators only ever score the guide's own draws. Any other value
 * goes through the bijectors' inverses (an internal error if one has none: the plan refuses that case).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { stopGradient } from '../common/stop-gradient.js';
import type { Distribution, DistributionFamily, SamplerKind } from '../distributions/distribution.js';
import type { Rng } from '../distributions/rng.js';
import type { DistributionSpec } from '../registry/distributions.js';
import type { Bijector, BijectorParams } from './bijector.js';

/** One step of a flow: a bijector and what it reads. */
export interface FlowStep {
  readonly bijector: Bijector;
  readonly params: BijectorParams;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The same step with every weight and input stopped (sticking the landing stops all of q's parameters). */
export function stopStep(step: FlowStep): FlowStep {
  const stop = (r: Readonly<Record<string, tf.Tensor>>) => Object.fromEntries(Object.entries(r).map(([k, t]) => [k, stopGradient(t)]));
  return { bijector: step.bijector, params: { weights: stop(step.params.weights), inputs: stop(step.params.inputs), options: step.params.options } };
}

/** A base distribution followed by bijectors, over a latent of shape `valueShape`. */
export class TransformedDistribution implements Distribution {
  readonly family: DistributionFamily = 'TransformedDistribution';
  readonly spec: DistributionSpec;
  readonly params: Readonly<Record<string, tf.Tensor>>;
  readonly batchShape: number[];
  readonly eventShape: number[];
  readonly samplerKinds: readonly SamplerKind[] = ['transform'];
  /** The last draw and its log q, so that scoring it needs no inverse. */
  private cache: { y: tf.Tensor; logq: tf.Tensor } | undefined;

  /**
   * @param base - the base distribution; its batch and event shapes end in `valueShape`
   * @param steps - the bijectors, applied in order
   * @param valueShape - the latent's shape (the flow's event)
   */
  constructor(
    readonly base: Distribution,
    readonly steps: readonly FlowStep[],
    valueShape: readonly number[],
  ) {
    const full = [...base.batchShape, ...base.eventShape];
    const lead = full.length - valueShape.length;
    if (lead < 0 || full.slice(lead).join(',') !== valueShape.join(',')) {
      throw new InternalError(`flow: base shape ${JSON.stringify(full)} does not end in the latent's shape ${JSON.stringify(valueShape)}`);
    }
    if (base.spec.support !== 'Real') throw new InternalError(`flow: the base must have support Real, not ${base.spec.support}`);
    this.batchShape = full.slice(0, lead);
    this.eventShape = [...valueShape];
    this.params = base.params;
    this.spec = { ...base.spec, event: 'vector', support: 'Real', reparam: 'transform', samplers: ['transform'], summary: `a flow of ${steps.length} steps on ${base.spec.name}` };
  }

  /** The base's log-density summed over the latent's axes. */
  private baseLogProb(x: tf.Tensor): tf.Tensor {
    const lp = this.base.logProbInSupport(x);
    const extra = lp.rank - this.batchShape.length - (x.rank - this.batchShape.length - this.eventShape.length);
    return extra > 0 ? tf.sum(lp, Array.from({ length: extra }, (_, i) => lp.rank - extra + i)) : lp;
  }

  private flat(t: tf.Tensor): tf.Tensor {
    return tf.reshape(t, [...t.shape.slice(0, t.rank - this.eventShape.length), size(this.eventShape)]);
  }

  private unflat(t: tf.Tensor): tf.Tensor {
    return tf.reshape(t, [...t.shape.slice(0, t.rank - 1), ...this.eventShape]);
  }

  /** Pushes base draws `x₀` through the steps: y and Σ log|det J|. */
  forward(x0: tf.Tensor): { y: tf.Tensor; logDetJ: tf.Tensor } {
    const [y, ld] = tf.tidy(() => {
      let x = this.flat(x0);
      let total: tf.Tensor = tf.zeros(x.shape.slice(0, -1));
      for (const s of this.steps) {
        const r = s.bijector.forward(x, s.params);
        x = r.y;
        total = tf.add(total, r.logDetJ);
      }
      return [this.unflat(x), total];
    });
    return { y: y as tf.Tensor, logDetJ: ld as tf.Tensor };
  }

  sample(sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const [y, logq] = tf.tidy(() => {
      const x0 = this.base.sample(sampleShape, rng);
      const { y, logDetJ } = this.forward(x0);
      return [y, tf.sub(this.baseLogProb(x0), logDetJ)];
    });
    this.cache = { y: y as tf.Tensor, logq: logq as tf.Tensor };
    return y as tf.Tensor;
  }

  sampleWith(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (kind !== 'transform') throw new InternalError(`a flow has no ${kind} sampler`);
    return this.sample(sampleShape, rng);
  }

  logProbInSupport(value: tf.Tensor): tf.Tensor {
    const c = this.cache;
    if (c !== undefined && c.y === value && !c.y.isDisposed && !c.logq.isDisposed) return tf.clone(c.logq);
    return tf.tidy(() => {
      // x₀ = f₁⁻¹ ∘ … ∘ f_K⁻¹(y); each step's log-determinant at its own input, from a forward pass there.
      let x = this.flat(value);
      let total: tf.Tensor = tf.zeros(x.shape.slice(0, -1));
      for (const s of [...this.steps].reverse()) {
        if (s.bijector.inverse === undefined) {
          throw new InternalError(`flow: ${s.bijector.spec.name} has no inverse, so log q is only available at the flow's own draws`);
        }
        x = s.bijector.inverse(x, s.params);
        total = tf.add(total, s.bijector.forward(x, s.params).logDetJ);
      }
      return tf.sub(this.baseLogProb(this.unflat(x)), total);
    });
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      // Support Real: every finite value; a non-finite one is evaluated at 0 and masked to −∞.
      const finite = tf.all(tf.isFinite(this.flat(value)), -1);
      const safe = tf.where(tf.expandDims(finite, -1), this.flat(value), tf.zerosLike(this.flat(value)));
      return tf.where(finite, this.logProbInSupport(this.unflat(safe)), tf.scalar(-Infinity));
    });
  }

  /**
   * The image of the base's mean under the flow — not the flow's mean, which has no closed form: the
   * point a deterministic encoding (`useMeans`) plugs in.
   */
  pointEstimate(): tf.Tensor {
    return tf.tidy(() => {
      if (this.base.mean === undefined) throw new InternalError(`${this.base.family} has no mean`);
      return this.forward(this.base.mean()).y;
    });
  }
}

/** Whether `d` is a flow. */
export function isTransformed(d: Distribution): d is TransformedDistribution {
  return d instanceof TransformedDistribution;
}
