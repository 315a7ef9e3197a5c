/**
 * The shared skeleton of every distribution (TFP's public `log_prob` / `sample` around private
 * `_log_prob` / `_sample_n`): shape bookkeeping, the support mask derived from the registry row, the
 * choice of sampler from the row's declared `reparam`, and `tf.tidy` around every public call.
 * A family implements {@link BaseDistribution.logProbInSupport}, {@link BaseDistribution.supportPoint}
 * and its samplers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { boundsOf, type DistributionSpec, type ParamSpec } from '../registry/distributions.js';
import type { Distribution, DistributionFamily, SamplerKind } from './distribution.js';
import type { Rng } from './rng.js';
import { stopGradient } from '../common/stop-gradient.js';
import { inDomain } from './support.js';

/** Base class of the runtime distributions; see {@link Distribution} for the contract. */
export abstract class BaseDistribution implements Distribution {
  readonly batchShape: number[];
  readonly eventShape: number[];
  abstract readonly samplerKinds: readonly SamplerKind[];

  /**
   * @param family - which implementation this is
   * @param spec - the registry row (or a relaxation's derived row)
   * @param params - the parameter tensors of one parameterization, not owned
   * @param extraBatchShapes - shapes of other inputs that broadcast with the batch (a relaxation's temperature)
   */
  protected constructor(
    readonly family: DistributionFamily,
    readonly spec: DistributionSpec,
    readonly params: Readonly<Record<string, tf.Tensor>>,
    extraBatchShapes: readonly (readonly number[])[] = [],
  ) {
    // A free trailing axis (a mixture's components, a factor's rank: ParamSpec.freeAxis) is neither batch nor event.
    const shapes = Object.entries(params).map(([k, p]) => (freeAxisOf(spec, k) ? p.shape.slice(0, -1) : p.shape));
    if (spec.event === 'vector') {
      // Each parameter's trailing `eventRank` axes belong to one event (1 by default; 0 for Multinomial's
      // total_count, 2 for MultivariateNormal's scale_tril); the event lengths they carry broadcast like
      // any other axis (LogisticNormal(0, s): loc [1], scale [K − 1]).
      const ranks = Object.keys(params).map((k) => eventRankOf(spec, k));
      const lasts = shapes.flatMap((s, i) => (ranks[i] === 0 ? [] : [s[s.length - 1]]));
      const full = new Set(lasts.filter((l) => l !== 1));
      const k = full.size === 1 ? ([...full][0] as number) : 1;
      if (lasts.length === 0 || lasts.includes(undefined) || full.size > 1 || shapes.some((s, i) => s.length < (ranks[i] as number))) {
        throw new InternalError(`${family}: parameters need their event axes, equal or 1 across them; got shapes ${JSON.stringify(shapes)}`);
      }
      // A row with an event offset (LogisticNormal) draws values one (or more) longer than its parameters.
      this.eventShape = [k + (spec.eventOffset ?? 0)];
      this.batchShape = broadcastShapes([...shapes.map((s, i) => s.slice(0, s.length - (ranks[i] as number))), ...extraBatchShapes]);
    } else {
      this.eventShape = [];
      this.batchShape = broadcastShapes([...shapes, ...extraBatchShapes]);
    }
  }

  logProb(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const ok = this.inSupport(value);
      const okPerEntry = this.spec.event === 'vector' ? tf.expandDims(ok, -1) : ok;
      // Out-of-support entries are evaluated at a point inside the support, so that neither the value
      // nor its gradient can become NaN, then masked to −∞.
      const safe = tf.where(okPerEntry, value, this.supportPoint());
      const lp = this.logProbInSupport(safe);
      return tf.where(ok, lp, tf.scalar(-Infinity));
    });
  }

  abstract logProbInSupport(value: tf.Tensor): tf.Tensor;

  /**
   * Whether each value lies in the support: the row's domain, or for a bounded parameterization (the
   * row's `boundedBy` parameters given: Uniform, a stretched Kumaraswamy) a finite value strictly between
   * the two bounds. Event-reduced for vector rows.
   */
  inSupport(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const bounds = this.bounds();
      if (bounds === undefined) return inDomain(this.spec.support, value);
      const v = stopGradient(value);
      const within = tf.logicalAnd(tf.greater(v, stopGradient(bounds.low)), tf.less(v, stopGradient(bounds.high)));
      return tf.logicalAnd(inDomain('Real', value), within);
    });
  }

  /** The bound parameters' tensors when this is a bounded parameterization (see {@link boundsOf}). */
  protected bounds(): { low: tf.Tensor; high: tf.Tensor } | undefined {
    const names = boundsOf(this.spec, Object.keys(this.params));
    return names === undefined ? undefined : { low: this.param(names[0]), high: this.param(names[1]) };
  }

  /** A value inside the support (broadcastable to any value), substituted for values outside it. */
  protected abstract supportPoint(): tf.Tensor;

  sample(sampleShape: readonly number[], rng: Rng): tf.Tensor {
    const kind = this.spec.reparam;
    if (kind === 'none' || kind === 'relaxed') {
      return tf.tidy(() => stopGradient(this.sampleExact(sampleShape, rng)));
    }
    return this.sampleWith(kind, sampleShape, rng);
  }

  sampleWith(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor {
    if (!this.samplerKinds.includes(kind)) {
      throw new InternalError(`${this.family} has no ${kind} sampler (it has: ${this.samplerKinds.join(', ') || 'none'})`);
    }
    return tf.tidy(() => this.samplePathwise(kind, sampleShape, rng));
  }

  /** Draws with the pathwise sampler `kind` (one of {@link samplerKinds}); called inside `tf.tidy`. */
  protected samplePathwise(kind: SamplerKind, _sampleShape: readonly number[], _rng: Rng): tf.Tensor {
    throw new InternalError(`${this.family}: samplePathwise('${kind}') is not implemented`);
  }

  /**
   * Exact draws for rows whose `reparam` is `none` or `relaxed`; called inside `tf.tidy`, and the
   * caller stops the gradient.
   */
  protected sampleExact(_sampleShape: readonly number[], _rng: Rng): tf.Tensor {
    throw new InternalError(`${this.family}: sampleExact is not implemented`);
  }

  /** The shape of a draw: `[...sampleShape, ...batchShape, ...eventShape]`. */
  protected drawShape(sampleShape: readonly number[]): number[] {
    return [...sampleShape, ...this.batchShape, ...this.eventShape];
  }

  /** The parameter called `name`; an internal error if this parameterization lacks it. */
  protected param(name: string): tf.Tensor {
    const p = this.params[name];
    if (p === undefined) throw new InternalError(`${this.family}: no parameter '${name}' (have ${Object.keys(this.params).join(', ')})`);
    return p;
  }

  /** The values of parameter `name` broadcast to `shape`, read to the JS side (for the JS samplers). */
  protected paramValues(name: string, shape: readonly number[]): ArrayLike<number> {
    return tf.tidy(() => tf.broadcastTo(this.param(name), [...shape]).dataSync());
  }
}

/** Whether a parameter ends in an axis of free length (its registry {@link ParamSpec.freeAxis}). */
function freeAxisOf(spec: DistributionSpec, name: string): boolean {
  for (const ps of spec.parameterizations) for (const p of ps) if (p.name === name) return p.freeAxis === true;
  return false;
}

/** A parameter's event rank in a vector row (its registry {@link ParamSpec.eventRank}, default 1). */
function eventRankOf(spec: DistributionSpec, name: string): number {
  for (const ps of spec.parameterizations) for (const p of ps) if (p.name === name) return p.eventRank ?? 1;
  return 1;
}

/** The numpy broadcast of several shapes; an internal error when they do not broadcast. */
export function broadcastShapes(shapes: readonly (readonly number[])[]): number[] {
  let out: number[] = [];
  for (const s of shapes) out = tf.broadcast_util.assertAndGetBroadcastShape(out, [...s]);
  return out;
}

