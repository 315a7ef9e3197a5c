/**
 * The densities of the good-corpus models with Simplex latents (logistic-normal guides and priors), written
 * by hand as in densities-corpus.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { kl } from '../../src/distributions/kl.js';
import { cols, dist, identity, net, type HandDensities, type HandInputs } from './densities.js';

/**
 * logistic-normal.tilde: two Simplex[4] latents with LogisticNormal priors on 3 log-ratios (`s` a Positive
 * param, floored by the rewrite; `phi`'s `loc` the constant 0 on every log-ratio), the guide block's
 * `enc(y + w)` with four heads of 3, and Categorical observations by probabilities.
 */
export function logisticNormal(h: HandInputs): HandDensities {
  const theta = h.latent('theta');
  const phi = h.latent('phi');
  const y = h.data('y');
  const w = h.data('w');
  const hh = net(h, 'enc', tf.add(y, w), [tf.relu, identity]);
  const floor3 = (x: tf.Tensor) => tf.add(tf.softplus(x), 0.001);
  const qTheta = dist('LogisticNormal', { loc: cols(hh, 0, 3), scale: floor3(cols(hh, 3, 6)) });
  const qPhi = dist('LogisticNormal', { loc: cols(hh, 6, 9), scale: floor3(cols(hh, 9, 12)) });
  const s = tf.add(tf.softplus(h.raw('s')), 0.0001);
  const pTheta = dist('LogisticNormal', { loc: h.raw('m'), scale: s });
  const pPhi = dist('LogisticNormal', { loc: tf.zeros([3]), scale: s });
  return {
    logq: { theta: qTheta.logProb(theta), phi: qPhi.logProb(phi) },
    kl: { theta: kl(qTheta, pTheta), phi: kl(qPhi, pPhi) },
    logp: {
      theta: pTheta.logProb(theta),
      phi: pPhi.logProb(phi),
      y: dist('Categorical', { probs: theta }).logProb(y), w: dist('Categorical', { probs: phi }).logProb(w),
    },
  };
}

/**
 * dirichlet-simplex.tilde: `theta ~ Dirichlet(I)` (concentration 1 on each of K = 4 categories) with a
 * derived logistic-normal guide — `encoder_theta: Linear(4 -> 6)` on the one-hot `y`, 3 log-ratio
 * locations then 3 scales through softplus + 1e-4 — and `y ~ Categorical(theta)` by probabilities.
 * No closed form for KL(LogisticNormal ‖ Dirichlet): the plan scores the prior by Monte Carlo.
 */
export function dirichletSimplex(h: HandInputs): HandDensities {
  const theta = h.latent('theta');
  const y = h.data('y');
  const e = net(h, 'encoder_theta', y, [identity]);
  const q = dist('LogisticNormal', { loc: cols(e, 0, 3), scale: tf.add(tf.softplus(cols(e, 3, 6)), 0.0001) });
  const p = dist('Dirichlet', { concentration: tf.ones([4]) });
  return {
    logq: { theta: q.logProb(theta) },
    kl: {},
    logp: { theta: p.logProb(theta), y: dist('Categorical', { probs: theta }).logProb(y) },
  };
}
