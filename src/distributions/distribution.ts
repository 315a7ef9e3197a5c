/**
 * The contract every runtime distribution satisfies, after TFP's `Distribution` (public `log_prob` /
 * `sample` with declared `reparameterization_type`) and torch.distributions (`has_rsample`): the engine
 * reads what a distribution can do from its registry row ({@link Distribution.spec}), never by trying.
 *
 * Shapes: parameters broadcast to a batch shape; scalar rows have an empty event shape, vector rows
 * (Categorical, Dirichlet, LogisticNormal) an event of length K on the last axis. A sample of shape
 * `sampleShape` has shape `[...sampleShape, ...batchShape, ...eventShape]`.
 *
 * Ownership: a distribution holds references to the parameter tensors it was given and never disposes
 * them; every method builds its result inside `tf.tidy`, so the only tensor a call leaves behind is the
 * one it returns.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { DistributionName, DistributionSpec, ReparamKind } from '../registry/distributions.js';
import type { Rng } from './rng.js';

/** A pathwise sampler kind: every {@link ReparamKind} but `none`. */
export type SamplerKind = Exclude<ReparamKind, 'none'>;

/**
 * Which implementation a distribution object is: a registry row, or one of the two continuous
 * relaxations that {@link RelaxableDistribution.relaxed} returns, or a normalizing flow
 * (src/flows/transformed.ts, no closed-form KL). The KL registry dispatches on it.
 */
export type DistributionFamily = DistributionName | 'RelaxedBernoulli' | 'RelaxedOneHotCategorical' | 'TransformedDistribution';

/** A batch of independent distributions of one family. */
export interface Distribution {
  /**
   * The registry row (name, support, reparam, samplers, …). For a relaxation it is a row derived from
   * the discrete parent's (same name and parameters, support `Unit` or `Simplex`, reparam `transform`).
   */
  readonly spec: DistributionSpec;
  /** Which implementation this is (equals `spec.name` except for relaxations). */
  readonly family: DistributionFamily;
  /** The parameter tensors as given, keyed by the names of one parameterization of the row. */
  readonly params: Readonly<Record<string, tf.Tensor>>;
  /** Broadcast of the parameters' shapes (without the event axis for vector rows). */
  readonly batchShape: number[];
  /**
   * `[]` for scalar rows, `[K]` for vector rows: the parameters' last axis plus the row's `eventOffset`
   * (LogisticNormal's parameters have K − 1 entries on it).
   */
  readonly eventShape: number[];
  /** The pathwise samplers this implementation provides; a test checks they equal `spec.samplers`. */
  readonly samplerKinds: readonly SamplerKind[];
  /**
   * Log-density (log-mass for discrete rows) of `value`, elementwise over the broadcast of the value and
   * the batch for scalar rows, summed over the event axis for vector rows. −∞ outside the support, never
   * NaN for values in or outside it.
   */
  logProb(value: tf.Tensor): tf.Tensor;
  /**
   * The same kernel without the support mask, for values the caller guarantees lie in the support
   * (validated data, the distribution's own samples). The hot path in training.
   */
  logProbInSupport(value: tf.Tensor): tf.Tensor;
  /**
   * {@link logProbInSupport} summed over the value's last axis (scalar rows; `value` of rank ≥ 1), for a
   * family that has a fused kernel for it (src/runtime/kernels/): one op with a closed-form gradient on the
   * training hot path (observed data). Absent: the caller sums {@link logProbInSupport} itself.
   */
  logProbInSupportSumLast?(value: tf.Tensor): tf.Tensor;
  /**
   * Draws of shape `[...sampleShape, ...batchShape, ...eventShape]`. Pathwise-differentiable with
   * respect to the parameters (those in `spec.pathwiseParams`, or all) when `spec.reparam` is
   * `location-scale`, `inverse-cdf` or `transform`; otherwise the result carries no gradient.
   */
  sample(sampleShape: readonly number[], rng: Rng): tf.Tensor;
  /** Draws with an explicitly chosen pathwise sampler among {@link samplerKinds}. */
  sampleWith?(kind: SamplerKind, sampleShape: readonly number[], rng: Rng): tf.Tensor;
  /** The mean, of shape `[...batchShape, ...eventShape]` (NaN where undefined, as TFP). */
  mean?(): tf.Tensor;
  /** The variance, elementwise (NaN where undefined, +∞ where infinite). */
  variance?(): tf.Tensor;
  /** The differential (or Shannon, for discrete rows) entropy, of shape `batchShape`. */
  entropy?(): tf.Tensor;
  /** The cumulative distribution function at `x` (scalar rows only). */
  cdf?(x: tf.Tensor): tf.Tensor;
  /** The quantile function at `u` in (0, 1) (scalar rows only). */
  icdf?(u: tf.Tensor): tf.Tensor;
}

/**
 * A discrete distribution with a continuous relaxation (Bernoulli, Categorical; spec.reparam
 * `relaxed`): the Concrete / Gumbel-softmax distribution at a temperature (Maddison, Mnih & Teh 2016;
 * Jang, Gu & Poole 2016), whose `sample` is pathwise.
 */
export interface RelaxableDistribution extends Distribution {
  /** The relaxation at `temperature` (> 0; a number or a tensor broadcasting with the batch). */
  relaxed(temperature: number | tf.Tensor): Distribution;
}

/** Whether `d` has a continuous relaxation. */
export function isRelaxable(d: Distribution): d is RelaxableDistribution {
  return typeof (d as Partial<RelaxableDistribution>).relaxed === 'function';
}
