/**
 * The densities of the good-corpus models with latents bounded by parameters (Uniform priors), written
 * by hand from the model text and its emitted guide. Their derived guides are Kumaraswamys stretched onto
 * the prior's interval; the KL to the Uniform prior is written here as minus the entropy of the
 * Kumaraswamy on (0, 1) (the stretch adds log(h − l) to the entropy and the Uniform's log density
 * subtracts it), not through the KL registry. Conventions as in densities-examples.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { kl } from '../../src/distributions/kl.js';
import type { Distribution } from '../../src/distributions/distribution.js';
import { col, dist, identity, net, type HandDensities, type HandInputs } from './densities.js';

/** softplus(x) + 0.0001: a learned shape with its floor. */
const floored = (x: tf.Tensor): tf.Tensor => tf.add(tf.softplus(x), 0.0001);
/** A Weibull concentration head: it starts at 1, softplus(x + softplus⁻¹(1)) + floor (families.ts `init`). */
const flooredFromOne = (x: tf.Tensor): tf.Tensor => tf.add(tf.softplus(tf.add(x, 0.5413)), 0.0001);

/** A `[B]` vector as a `[B, 1]` column. */
const asColumn = (x: tf.Tensor): tf.Tensor2D => tf.reshape(x, [-1, 1]) as tf.Tensor2D;

/** −H of the Kumaraswamy(a, b) on (0, 1): KL(stretched Kumaraswamy ‖ Uniform) on the same interval. */
function minusUnitEntropy(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const unit: Distribution = dist('Kumaraswamy', { a, b });
  return tf.neg(unit.entropy?.() ?? tf.scalar(NaN));
}

/** uniform-stretched.tilde: u ~ Uniform(−2, 3); x ~ Normal(u, 1); q(u | x) a Kumaraswamy on (−2, 3). */
export function uniformStretched(h: HandInputs): HandDensities {
  const u = h.latent('u');
  const enc = net(h, 'encoder_u', asColumn(h.data('x')), [identity]);
  const a = floored(col(enc, 0));
  const b = floored(col(enc, 1));
  const q = dist('Kumaraswamy', { a, b, low: -2, high: 3 });
  return {
    logq: { u: q.logProb(u) },
    kl: { u: minusUnitEntropy(a, b) },
    logp: { u: dist('Uniform', { low: -2, high: 3 }).logProb(u), x: dist('Normal', { loc: u, scale: 1 }).logProb(h.data('x')) },
  };
}

/**
 * uniform-latent-bound.tilde: s ~ Gamma(2, 1); u ~ Uniform(0, 3 s); x ~ Normal(u, 1). Guide: q(s | x) a
 * Weibull, then q(u | s, x) a Kumaraswamy on (0, 3 s) from an encoder of concat(s, x).
 */
export function uniformLatentBound(h: HandInputs): HandDensities {
  const s = h.latent('s');
  const u = h.latent('u');
  const x = h.data('x');
  const encS = net(h, 'encoder_s', asColumn(x), [identity]);
  const qs = dist('Weibull', { scale: floored(col(encS, 0)), concentration: flooredFromOne(col(encS, 1)) });
  const encU = net(h, 'encoder_u', tf.concat([asColumn(s), asColumn(x)], 1), [identity]);
  const a = floored(col(encU, 0));
  const b = floored(col(encU, 1));
  const high = tf.mul(3, s);
  const qu = dist('Kumaraswamy', { a, b, low: 0, high });
  const ps = dist('Gamma', { concentration: 2, rate: 1 });
  return {
    logq: { s: qs.logProb(s), u: qu.logProb(u) },
    kl: { s: kl(qs, ps), u: minusUnitEntropy(a, b) },
    logp: { s: ps.logProb(s), u: dist('Uniform', { low: 0, high }).logProb(u), x: dist('Normal', { loc: u, scale: 1 }).logProb(x) },
  };
}
