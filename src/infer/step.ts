/**
 * One stochastic-gradient step (Kingma & Welling 2014, Algorithm 1, the body of the loop): estimate the
 * objective on a minibatch, differentiate it with respect to the model's θ and the guide's φ — jointly for
 * a single-loss estimator, or θ through the model loss and φ through the guide loss for a split-loss one
 * (the estimator table's `loss`) — check that loss and gradients are finite, optionally clip the gradients' global norm, and apply Adam.
 * Everything the step reports comes back in a single read from the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { Rng } from '../distributions/rng.js';
import { ESTIMATORS } from '../registry/estimators.js';
import type { Batch, Program } from '../runtime/program.js';
import type { Adam } from './adam.js';
import { computeObjective, type ObjectiveConfig, type ObjectiveResult } from './objective.js';

/**
 * The gradients of the estimator's loss with respect to `vars` (call outside `tf.tidy`; the caller
 * disposes `value` and `grads`). `observe` sees the objective's tensors of the (first) evaluation.
 * A split-loss estimator is evaluated twice on the same random draws — its model loss differentiated
 * with respect to the model's variables among `vars`, its guide loss with respect to the guide's — and
 * `value` is the model loss; `rng` ends where one evaluation leaves it either way.
 */
export function lossGradients(
  program: Program, batch: Batch, rng: Rng, cfg: ObjectiveConfig, vars: readonly tf.Variable[], observe: (r: ObjectiveResult) => void = () => {},
): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  if (ESTIMATORS[cfg.estimator].loss === 'single') {
    return tf.variableGrads(() => {
      const r = computeObjective(program, batch, rng, cfg);
      observe(r);
      return r.loss;
    }, [...vars]);
  }
  const guideNames = new Set(program.weights.variables('guide').map((v) => v.name));
  const theta = vars.filter((v) => !guideNames.has(v.name));
  const phi = vars.filter((v) => guideNames.has(v.name));
  const start = rng.state;
  const modelLoss = (): tf.Scalar => {
    const r = computeObjective(program, batch, rng, cfg);
    observe(r);
    return r.loss;
  };
  // A model without nets or params has no θ: the model loss is then only evaluated, for its value.
  const first = theta.length > 0 ? tf.variableGrads(modelLoss, theta) : { value: tf.tidy(modelLoss), grads: {} };
  if (phi.length === 0) return first;
  const replay = Rng.fromState(start);
  const second = tf.variableGrads(() => {
    const r = computeObjective(program, batch, replay, cfg);
    if (r.guideLoss === undefined) throw new InternalError(`estimator ${cfg.estimator} declares split losses but gave no guide loss`);
    return r.guideLoss;
  }, phi);
  second.value.dispose();
  return { value: first.value, grads: { ...first.grads, ...second.grads } };
}

/** What a step measured. */
export interface StepResult {
  /** Whether loss and gradients were finite (and the update was applied). */
  readonly finite: boolean;
  /** The training loss (negative objective) of the batch. */
  readonly loss: number;
  /** Sum over the batch of the per-datapoint bound. */
  readonly boundSum: number;
  /** Batch-mean KL estimate per latent. */
  readonly kl: Readonly<Record<string, number>>;
  /** Mean downstream cost per score-function site. */
  readonly costs: ReadonlyMap<string, number>;
}

/** Runs one step; `lr` is the learning rate to use; `clipNorm` (if > 0) bounds the gradients' global norm. */
export function trainStep(program: Program, adam: Adam, batch: Batch, rng: Rng, cfg: ObjectiveConfig, lr: number, clipNorm = 0): StepResult {
  const vars = adam.variables as tf.Variable[];
  let side: tf.Tensor | undefined;
  let klNames: string[] = [];
  let costNames: string[] = [];
  const { value, grads } = lossGradients(program, batch, rng, cfg, vars, (r) => {
    klNames = [...r.kl.keys()];
    costNames = [...r.costs.keys()];
    side = tf.keep(tf.stack([tf.sum(r.bound), ...r.kl.values(), ...r.costs.values()]));
  });
  const gradList = vars.map((v) => grads[v.name] ?? tf.zerosLike(v));
  // A NaN or ±∞ anywhere in a gradient makes the sum of all gradient entries non-finite.
  const checks = tf.tidy(() => {
    const gsum = tf.addN(gradList.map((g) => tf.sum(g)));
    const norm = clipNorm > 0 ? tf.sqrt(tf.addN(gradList.map((g) => tf.sum(tf.square(g))))) : tf.scalar(0);
    return tf.concat([tf.stack([value, gsum, norm]), side as tf.Tensor]);
  });
  const read = checks.dataSync();
  checks.dispose();
  side?.dispose();
  const [loss = NaN, gsum = NaN, norm = 0, boundSum = NaN] = read;
  const finite = Number.isFinite(loss) && Number.isFinite(gsum) && Number.isFinite(norm);
  // Clipping scales the gradients inside the optimizer's pass rather than materializing scaled copies.
  if (finite) adam.apply(gradList, lr, clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1);
  tf.dispose([value, ...Object.values(grads), ...gradList]);
  const kl: Record<string, number> = {};
  klNames.forEach((n, i) => (kl[n] = read[4 + i] ?? NaN));
  const costs = new Map(costNames.map((n, i) => [n, read[4 + klNames.length + i] ?? NaN]));
  return { finite, loss, boundSum, kl, costs };
}
