/**
 * The densities of every model in examples/, written by hand from the model text and its emitted guide
 * (`tilde compile FILE --emit guide`), with plain tfjs ops and the distributions library. Each function
 * returns log q of every latent, log p of every latent (its prior, relaxed for relaxed discrete latents) and
 * observed site, and the analytic KL(q ‖ p) of the latents whose KL the default (ELBO) plan takes in closed
 * form. The `+ 0.0001` terms are the guide's scale floors and the safe-numerics rewrite's floor on learned
 * model scales.
 */
import * as tf from '@tensorflow/tfjs-core';
import { isRelaxable, type Distribution } from '../../src/distributions/distribution.js';
import { kl } from '../../src/distributions/kl.js';
import { cols, dist, identity, net, perPoint, total, type HandDensities, type HandInputs } from './densities.js';

/** The temperature of the Gumbel-softmax / Concrete relaxation in the default plan. */
export const TEMPERATURE = 0.5;

/** softplus(x) + 0.0001: a learned scale with its floor. */
const floored = (x: tf.Tensor): tf.Tensor => tf.add(tf.softplus(x), 0.0001);

/**
 * The guide of a 784-pixel VAE with a Normal latent of width Z:
 * `encoder_z: MLP(784 -> 400 -> 2Z, hidden = relu)`, `z ~ Normal(enc_z[0:Z], softplus(enc_z[Z:2Z]) + 0.0001)`.
 */
function normalEncoder784(h: HandInputs, Z: number) {
  const enc = net(h, 'encoder_z', h.data('x'), [tf.relu, identity]);
  return dist('Normal', { loc: cols(enc, 0, Z), scale: floored(cols(enc, Z, 2 * Z)) });
}

/** examples/vae.tilde: Bernoulli pixels with probabilities from a sigmoid decoder (as written, before the logits rewrite). */
export function vae(h: HandInputs): HandDensities {
  const z = h.latent('z');
  const q = normalEncoder784(h, 20);
  const prior = dist('Normal', { loc: tf.zeros([20]), scale: tf.ones([20]) });
  const probs = net(h, 'decoder', z, [tf.relu, tf.sigmoid]);
  return {
    logq: { z: perPoint(q.logProb(z)) },
    kl: { z: perPoint(kl(q, prior)) },
    logp: { z: perPoint(prior.logProb(z)), x: perPoint(dist('Bernoulli', { probs }).logProb(h.data('x'))) },
  };
}

/** examples/vae-2d.tilde: the same with a 2-dimensional latent. */
export function vae2d(h: HandInputs): HandDensities {
  const z = h.latent('z');
  const q = normalEncoder784(h, 2);
  const prior = dist('Normal', { loc: tf.zeros([2]), scale: tf.ones([2]) });
  const probs = net(h, 'decoder', z, [tf.relu, tf.sigmoid]);
  return {
    logq: { z: perPoint(q.logProb(z)) },
    kl: { z: perPoint(kl(q, prior)) },
    logp: { z: perPoint(prior.logProb(z)), x: perPoint(dist('Bernoulli', { probs }).logProb(h.data('x'))) },
  };
}

/**
 * examples/vae-categorical.tilde: `c` is a point of the 10-simplex; log q is the Concrete density of the
 * guide's relaxation at the plan's temperature, the KL is between the discrete Categoricals.
 */
export function vaeCategorical(h: HandInputs): HandDensities {
  const c = h.latent('c');
  const q = dist('Categorical', { logits: net(h, 'encoder_c', h.data('x'), [tf.relu, identity]) });
  const prior = dist('Categorical', { logits: tf.zeros([10]) });
  const logits = net(h, 'decoder', c, [tf.relu, identity]);
  return {
    logq: { c: relaxedLogProb(q, c) },
    kl: { c: kl(q, prior) },
    logp: { c: relaxedLogProb(prior, c), x: perPoint(dist('Bernoulli', { logits }).logProb(h.data('x'))) },
  };
}

/** log density of `value` under the Concrete relaxation of a Bernoulli or Categorical, summed per datapoint. */
export function relaxedLogProb(d: Distribution, value: tf.Tensor): tf.Tensor {
  if (!isRelaxable(d)) throw new Error(`${d.family} has no relaxation`);
  return perPoint(d.relaxed(TEMPERATURE).logProb(value));
}

/** examples/vae-cb.tilde: continuous-Bernoulli grey levels by logits. */
export function vaeCb(h: HandInputs): HandDensities {
  const z = h.latent('z');
  const q = normalEncoder784(h, 20);
  const prior = dist('Normal', { loc: tf.zeros([20]), scale: tf.ones([20]) });
  const logits = net(h, 'decoder', z, [tf.relu, identity]);
  return {
    logq: { z: perPoint(q.logProb(z)) },
    kl: { z: perPoint(kl(q, prior)) },
    logp: { z: perPoint(prior.logProb(z)), x: perPoint(dist('ContinuousBernoulli', { logits }).logProb(h.data('x'))) },
  };
}

/** examples/vae-gaussian.tilde: `x ~ Normal(decoder(z), c)`, c = softplus(raw c) (Positive param) + 0.0001 (scale floor). */
export function vaeGaussian(h: HandInputs): HandDensities {
  const z = h.latent('z');
  const q = normalEncoder784(h, 20);
  const prior = dist('Normal', { loc: tf.zeros([20]), scale: tf.ones([20]) });
  const c = tf.add(tf.softplus(h.raw('c')), 0.0001);
  const loc = net(h, 'decoder', z, [tf.relu, identity]);
  return {
    logq: { z: perPoint(q.logProb(z)) },
    kl: { z: perPoint(kl(q, prior)) },
    logp: { z: perPoint(prior.logProb(z)), x: perPoint(dist('Normal', { loc, scale: c }).logProb(h.data('x'))) },
  };
}

/** examples/vae-kumaraswamy.tilde: a Kumaraswamy guide, a Beta(1, 1) prior, the KL in closed form. */
export function vaeKumaraswamy(h: HandInputs): HandDensities {
  const z = h.latent('z');
  const enc = net(h, 'encoder_z', h.data('x'), [tf.relu, identity]);
  const q = dist('Kumaraswamy', { a: floored(cols(enc, 0, 20)), b: floored(cols(enc, 20, 40)) });
  const prior = dist('Beta', { a: tf.ones([20]), b: tf.ones([20]) });
  const logits = net(h, 'decoder', z, [tf.relu, identity]);
  return {
    logq: { z: perPoint(q.logProb(z)) },
    kl: { z: perPoint(kl(q, prior)) },
    logp: { z: perPoint(prior.logProb(z)), x: perPoint(dist('Bernoulli', { logits }).logProb(h.data('x'))) },
  };
}

/**
 * examples/vae-two-layer.tilde: q(z2 | x) q(z1 | z2) with tanh encoders; z1's KL to N(0, I) is analytic,
 * z2 is scored under p(z2 | z1) = Normal(loc2(z1), scale2(z1) + 0.0001) by Monte Carlo.
 */
export function vaeTwoLayer(h: HandInputs): HandDensities {
  const z1 = h.latent('z1');
  const z2 = h.latent('z2');
  const enc2 = net(h, 'encoder_z2', h.data('x'), [tf.tanh, tf.tanh, identity]);
  const q2 = dist('Normal', { loc: cols(enc2, 0, 100), scale: floored(cols(enc2, 100, 200)) });
  const enc1 = net(h, 'encoder_z1', z2, [tf.tanh, tf.tanh, identity]);
  const q1 = dist('Normal', { loc: cols(enc1, 0, 50), scale: floored(cols(enc1, 50, 100)) });
  const p1 = dist('Normal', { loc: tf.zeros([50]), scale: tf.ones([50]) });
  const loc2 = net(h, 'loc2', z1, [tf.tanh, tf.tanh, identity]);
  const scale2 = tf.add(net(h, 'scale2', z1, [tf.tanh, tf.tanh, tf.softplus]), 0.0001);
  const logits = net(h, 'decoder', z2, [tf.tanh, tf.tanh, identity]);
  return {
    logq: { z2: perPoint(q2.logProb(z2)), z1: perPoint(q1.logProb(z1)) },
    kl: { z1: perPoint(kl(q1, p1)) },
    logp: {
      z1: perPoint(p1.logProb(z1)),
      z2: perPoint(dist('Normal', { loc: loc2, scale: scale2 }).logProb(z2)),
      x: perPoint(dist('Bernoulli', { logits }).logProb(h.data('x'))),
    },
  };
}

/**
 * examples/regression.tilde: mean-field guides on the globals (free parameters, scales through
 * softplus + 0.0001), analytic KLs, and y ~ Normal(dot(w, x) + b, sigma) per datapoint.
 */
export function regression(h: HandInputs): HandDensities {
  const w = h.latent('w');
  const b = h.latent('b');
  const sigma = h.latent('sigma');
  const qw = dist('Normal', { loc: h.raw('w_loc'), scale: floored(h.raw('w_scale')) });
  const qb = dist('Normal', { loc: h.raw('b_loc'), scale: floored(h.raw('b_scale')) });
  const qs = dist('LogNormal', { loc: h.raw('sigma_loc'), scale: floored(h.raw('sigma_scale')) });
  const pw = dist('Normal', { loc: tf.zeros([3]), scale: tf.ones([3]) });
  const pb = dist('Normal', { loc: 0, scale: 10 });
  const ps = dist('LogNormal', { loc: 0, scale: 1 });
  const mean = tf.add(tf.sum(tf.mul(h.data('x'), w), -1), b);
  return {
    logq: { w: total(qw.logProb(w)), b: total(qb.logProb(b)), sigma: total(qs.logProb(sigma)) },
    kl: { w: total(kl(qw, pw)), b: total(kl(qb, pb)), sigma: total(kl(qs, ps)) },
    logp: {
      w: total(pw.logProb(w)),
      b: total(pb.logProb(b)),
      sigma: total(ps.logProb(sigma)),
      y: dist('Normal', { loc: mean, scale: sigma }).logProb(h.data('y')),
    },
  };
}
