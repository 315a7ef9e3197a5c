/**
 * The densities of the models of test/corpus/good/ that are not copies of an example, written by hand
 * from the model text and its emitted guide (`tilde compile FILE --emit guide`; for guide blocks, the
 * block's own expressions), with plain tfjs ops and the distributions library. Conventions as in
 * densities-examples.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import { kl } from '../../src/distributions/kl.js';
import { col, cols, dist, identity, net, perPoint, total, type HandDensities, type HandInputs } from './densities.js';
import { relaxedLogProb } from './densities-examples.js';

/** softplus(x) + 0.0001: a learned scale with its floor. */
const floored = (x: tf.Tensor): tf.Tensor => tf.add(tf.softplus(x), 0.0001);
/** A Weibull concentration head: it starts at 1, softplus(x + softplus⁻¹(1)) + floor (families.ts `init`). */
const flooredFromOne = (x: tf.Tensor): tf.Tensor => tf.add(tf.softplus(tf.add(x, 0.5413)), 0.0001);

/** A `[B]` vector as a `[B, 1]` column (a scalar joining a concat, or a width-1 network's input). */
const asColumn = (x: tf.Tensor): tf.Tensor2D => tf.reshape(x, [-1, 1]) as tf.Tensor2D;

/** categorical-latent.tilde: a relaxed 5-way latent with learned prior logits (a Real param: no constraint). */
export function categoricalLatent(h: HandInputs): HandDensities {
  const c = h.latent('c');
  const q = dist('Categorical', { logits: net(h, 'encoder_c', h.data('x'), [tf.relu, identity]) });
  const prior = dist('Categorical', { logits: h.raw('prior_logits') });
  const loc = net(h, 'decoder', c, [tf.relu, identity]);
  return {
    logq: { c: relaxedLogProb(q, c) },
    kl: { c: kl(q, prior) },
    logp: { c: relaxedLogProb(prior, c), x: perPoint(dist('Normal', { loc, scale: 1 }).logProb(h.data('x'))) },
  };
}

/** exponential-latent.tilde: q(rate | k) = LogNormal from `encoder_rate: Linear(4 -> 2)`; Poisson counts. */
export function exponentialLatent(h: HandInputs): HandDensities {
  const rate = h.latent('rate');
  // Count inputs enter a derived encoder through log1p (registry/domains.ts ENCODER_INPUT).
  const enc = net(h, 'encoder_rate', tf.log1p(h.data('k')), [identity]);
  const q = dist('LogNormal', { loc: col(enc, 0), scale: floored(col(enc, 1)) });
  return {
    logq: { rate: q.logProb(rate) },
    kl: {},
    logp: {
      rate: dist('Exponential', { rate: 1 }).logProb(rate),
      k: perPoint(dist('Poisson', { rate: asColumn(rate) }).logProb(h.data('k'))),
    },
  };
}

/**
 * expressions.tilde: guides q(g | t, x), q(w | t, x, g), q(z | t, x) from linear encoders on concatenated
 * inputs (t before x, as the emitted guide lists them); the model's lets written out.
 */
export function expressions(h: HandInputs): HandDensities {
  const x = h.data('x');
  const t = h.data('t');
  const z = h.latent('z');
  const w = h.latent('w');
  const g = h.latent('g');
  const encG = net(h, 'encoder_g', tf.concat([t, x], 1), [identity]);
  const qg = dist('Normal', { loc: col(encG, 0), scale: floored(col(encG, 1)) });
  const encW = net(h, 'encoder_w', tf.concat([t, x, asColumn(g)], 1), [identity]);
  const qw = dist('Normal', { loc: col(encW, 0), scale: floored(col(encW, 1)) });
  const encZ = net(h, 'encoder_z', tf.concat([t, x], 1), [identity]);
  const qz = dist('Normal', { loc: cols(encZ, 0, 3), scale: floored(cols(encZ, 3, 6)) });
  const pz = dist('Normal', { loc: tf.zeros([3]), scale: tf.ones([3]) });

  const features = tf.concat([z, t, cols(z, 0, 1)], 1); // concat(z, t, z[0:1])
  const loc = tf.add(tf.matMul(z as tf.Tensor2D, h.raw('W') as tf.Tensor2D, false, true), h.raw('bias')); // W @ z + bias
  const spread = tf.add(tf.sqrt(tf.mean(tf.square(features), -1)), 1);
  const N = 6;
  const wLoc = tf.sub(col(x, 0), col(x, N - 1));
  const wScale = tf.div(1, tf.add(1, tf.abs(tf.sum(t, -1))));
  return {
    logq: { g: qg.logProb(g), w: qw.logProb(w), z: perPoint(qz.logProb(z)) },
    kl: { z: perPoint(kl(qz, pz)) },
    logp: {
      z: perPoint(pz.logProb(z)),
      x: perPoint(dist('Normal', { loc, scale: tf.mul(asColumn(spread), tf.ones([N])) }).logProb(x)),
      w: dist('Logistic', { loc: wLoc, scale: wScale }).logProb(w),
      g: dist('Gumbel', { loc: tf.log1p(tf.abs(w)), scale: 1 }).logProb(g),
    },
  };
}

/** gaussian-learned-variance.tilde: x ~ Normal(loc(z), scale(z) + 0.001), two tanh networks. */
export function gaussianLearnedVariance(h: HandInputs): HandDensities {
  const z = h.latent('z');
  const enc = net(h, 'encoder_z', h.data('x'), [tf.tanh, identity]);
  const q = dist('Normal', { loc: cols(enc, 0, 10), scale: floored(cols(enc, 10, 20)) });
  const loc = net(h, 'loc', z, [tf.tanh, identity]);
  const scale = tf.add(net(h, 'scale', z, [tf.tanh, tf.softplus]), 0.001);
  const prior = dist('Normal', { loc: tf.zeros([10]), scale: tf.ones([10]) });
  return {
    logq: { z: perPoint(q.logProb(z)) },
    kl: { z: perPoint(kl(q, prior)) },
    logp: { z: perPoint(prior.logProb(z)), x: perPoint(dist('Normal', { loc, scale }).logProb(h.data('x'))) },
  };
}

/**
 * guide-global.tilde, guide block: `global mu ~ Normal(m, s)` with `param s: Positive` (softplus of its
 * raw value) and the scale floor, `z ~ Normal(enc(x) + mu, 0.5)`. Both KLs are analytic.
 */
export function guideGlobal(h: HandInputs): HandDensities {
  const mu = h.latent('mu');
  const z = h.latent('z');
  const qmu = dist('Normal', { loc: h.raw('m'), scale: tf.add(tf.softplus(h.raw('s')), 0.0001) });
  const qz = dist('Normal', { loc: tf.add(net(h, 'enc', h.data('x'), [identity]), mu), scale: 0.5 });
  const pmu = dist('Normal', { loc: 0, scale: 10 });
  const pz = dist('Normal', { loc: tf.mul(mu, tf.ones([2])), scale: tf.ones([2]) });
  return {
    logq: { mu: total(qmu.logProb(mu)), z: perPoint(qz.logProb(z)) },
    kl: { mu: total(kl(qmu, pmu)), z: perPoint(kl(qz, pz)) },
    logp: {
      mu: total(pmu.logProb(mu)),
      z: perPoint(pz.logProb(z)),
      x: perPoint(dist('Normal', { loc: z, scale: 0.5 }).logProb(h.data('x'))),
    },
  };
}

/**
 * guide-partial.tilde: z1's guide from the block (`h = enc(x)`, `Normal(h[0:2], softplus(h[2:4]))`, floored
 * by the rewrite), z2's derived; both KLs analytic, z2's against p(z2 | z1) = Normal(mid(z1), 1).
 */
export function guidePartial(h: HandInputs): HandDensities {
  const z1 = h.latent('z1');
  const z2 = h.latent('z2');
  const x = h.data('x');
  const encZ2 = net(h, 'encoder_z2', x, [tf.relu, identity]);
  const q2 = dist('Normal', { loc: cols(encZ2, 0, 4), scale: floored(cols(encZ2, 4, 8)) });
  const hh = net(h, 'enc', x, [tf.relu, identity]);
  const q1 = dist('Normal', { loc: cols(hh, 0, 2), scale: floored(cols(hh, 2, 4)) });
  const p1 = dist('Normal', { loc: tf.zeros([2]), scale: tf.ones([2]) });
  const p2 = dist('Normal', { loc: net(h, 'mid', z1, [tf.relu, identity]), scale: tf.ones([4]) });
  return {
    logq: { z2: perPoint(q2.logProb(z2)), z1: perPoint(q1.logProb(z1)) },
    kl: { z1: perPoint(kl(q1, p1)), z2: perPoint(kl(q2, p2)) },
    logp: { z1: perPoint(p1.logProb(z1)), z2: perPoint(p2.logProb(z2)), x: perPoint(dist('Normal', { loc: net(h, 'decoder', z2, [tf.relu, identity]), scale: 0.1 }).logProb(x)) },
  };
}

/** kumaraswamy-latent.tilde: a Kumaraswamy(2, 3) prior scored by Monte Carlo under a Kumaraswamy guide. */
export function kumaraswamyLatent(h: HandInputs): HandDensities {
  const u = h.latent('u');
  const enc = net(h, 'encoder_u', h.data('x'), [tf.relu, identity]);
  const q = dist('Kumaraswamy', { a: floored(cols(enc, 0, 3)), b: floored(cols(enc, 3, 6)) });
  const logits = net(h, 'decoder', u, [tf.relu, identity]);
  return {
    logq: { u: perPoint(q.logProb(u)) },
    kl: {},
    logp: {
      u: perPoint(dist('Kumaraswamy', { a: 2, b: 3 }).logProb(u)),
      x: perPoint(dist('Bernoulli', { logits }).logProb(h.data('x'))),
    },
  };
}

/** multi-model.tilde, model `small`: a scalar Normal–Normal model with a Linear(1 -> 2) encoder. */
export function small(h: HandInputs): HandDensities {
  const m = h.latent('m');
  const x = h.data('x');
  const enc = net(h, 'encoder_m', asColumn(x), [identity]);
  const q = dist('Normal', { loc: col(enc, 0), scale: floored(col(enc, 1)) });
  const prior = dist('Normal', { loc: 0, scale: 1 });
  return {
    logq: { m: q.logProb(m) },
    kl: { m: kl(q, prior) },
    logp: { m: prior.logProb(m), x: dist('Normal', { loc: m, scale: 1 }).logProb(x) },
  };
}

/** multi-model.tilde, model `heavy_tailed`: Cauchy and Weibull priors, a Laplace likelihood, all by Monte Carlo. */
export function heavyTailed(h: HandInputs): HandDensities {
  const m = h.latent('m');
  const s = h.latent('s');
  const x = h.data('x');
  const encS = net(h, 'encoder_s', asColumn(x), [identity]);
  const qs = dist('LogNormal', { loc: col(encS, 0), scale: floored(col(encS, 1)) });
  const encM = net(h, 'encoder_m', tf.concat([asColumn(s), asColumn(x)], 1), [identity]);
  const qm = dist('Normal', { loc: col(encM, 0), scale: floored(col(encM, 1)) });
  return {
    logq: { s: qs.logProb(s), m: qm.logProb(m) },
    kl: {},
    logp: {
      m: dist('Cauchy', { loc: 0, scale: 1 }).logProb(m),
      s: dist('Weibull', { scale: 1, concentration: 1.5 }).logProb(s),
      x: dist('Laplace', { loc: m, scale: s }).logProb(x),
    },
  };
}

/**
 * prior-only.tilde: no data. q(v) has free parameters (local, one value per datapoint row), then
 * q(c | v), q(b | c), q(a | b, c) from linear encoders; only a's KL is analytic.
 */
export function priorOnly(h: HandInputs): HandDensities {
  const a = h.latent('a');
  const b = h.latent('b');
  const c = h.latent('c');
  const v = h.latent('v');
  const qv = dist('Normal', { loc: h.raw('v_loc'), scale: floored(h.raw('v_scale')) });
  const encC = net(h, 'encoder_c', v, [identity]);
  const qc = dist('Normal', { loc: col(encC, 0), scale: floored(col(encC, 1)) });
  const encB = net(h, 'encoder_b', asColumn(c), [identity]);
  const qb = dist('LogNormal', { loc: col(encB, 0), scale: floored(col(encB, 1)) });
  const encA = net(h, 'encoder_a', tf.concat([asColumn(b), asColumn(c)], 1), [identity]);
  const qa = dist('Normal', { loc: col(encA, 0), scale: floored(col(encA, 1)) });
  const pa = dist('Normal', { loc: 0, scale: 1 });
  return {
    logq: { v: perPoint(qv.logProb(v)), c: qc.logProb(c), b: qb.logProb(b), a: qa.logProb(a) },
    kl: { a: kl(qa, pa) },
    logp: {
      a: pa.logProb(a),
      b: dist('LogNormal', { loc: a, scale: 0.5 }).logProb(b),
      c: dist('Normal', { loc: a, scale: b }).logProb(c),
      v: perPoint(dist('StudentT', { df: 3, loc: asColumn(c), scale: tf.mul(tf.ones([3]), 2) }).logProb(v)),
    },
  };
}

/** regression-inferred.tilde: as the regression example, with a Gamma(2, 2) noise prior and its Weibull guide. */
export function regressionInferred(h: HandInputs): HandDensities {
  const w = h.latent('w');
  const b = h.latent('b');
  const noise = h.latent('noise');
  const qw = dist('Normal', { loc: h.raw('w_loc'), scale: floored(h.raw('w_scale')) });
  const qb = dist('Normal', { loc: h.raw('b_loc'), scale: floored(h.raw('b_scale')) });
  const qn = dist('Weibull', { scale: floored(h.raw('noise_scale')), concentration: flooredFromOne(h.raw('noise_concentration')) });
  const pw = dist('Normal', { loc: tf.zeros([5]), scale: tf.ones([5]) });
  const pb = dist('Normal', { loc: 0, scale: 10 });
  const pn = dist('Gamma', { concentration: 2, rate: 2 });
  const expected = tf.add(tf.sum(tf.mul(w, h.data('x')), -1), b);
  return {
    logq: { w: total(qw.logProb(w)), b: total(qb.logProb(b)), noise: total(qn.logProb(noise)) },
    kl: { w: total(kl(qw, pw)), b: total(kl(qb, pb)), noise: total(kl(qn, pn)) },
    logp: {
      w: total(pw.logProb(w)),
      b: total(pb.logProb(b)),
      noise: total(pn.logProb(noise)),
      y: dist('Normal', { loc: expected, scale: noise }).logProb(h.data('y')),
    },
  };
}

/** relaxed-bernoulli-latent.tilde: b in (0, 1)^8 under the binary Concrete relaxation of q; analytic Bernoulli KL. */
export function relaxedBernoulliLatent(h: HandInputs): HandDensities {
  const b = h.latent('b');
  const q = dist('Bernoulli', { logits: net(h, 'encoder_b', h.data('x'), [tf.relu, identity]) });
  const prior = dist('Bernoulli', { probs: tf.fill([8], 0.5) });
  const logits = net(h, 'decoder', b, [tf.relu, identity]);
  return {
    logq: { b: relaxedLogProb(q, b) },
    kl: { b: perPoint(kl(q, prior)) },
    logp: { b: relaxedLogProb(prior, b), x: perPoint(dist('ContinuousBernoulli', { logits }).logProb(h.data('x'))) },
  };
}

/**
 * two-stochastic-layers.tilde: z2 ~ Normal(h, exp(0.5 h) + 0.0001) with h = up(z1) (the scale floor is the
 * rewrite's), x ~ Bernoulli(probs: sigmoid decoder) as written; guide q(z2 | x) q(z1 | z2).
 */
export function twoLayers(h: HandInputs): HandDensities {
  const z1 = h.latent('z1');
  const z2 = h.latent('z2');
  const enc2 = net(h, 'encoder_z2', h.data('x'), [tf.relu, identity]);
  const q2 = dist('Normal', { loc: cols(enc2, 0, 16), scale: floored(cols(enc2, 16, 32)) });
  const enc1 = net(h, 'encoder_z1', z2, [tf.relu, identity]);
  const q1 = dist('Normal', { loc: cols(enc1, 0, 4), scale: floored(cols(enc1, 4, 8)) });
  const p1 = dist('Normal', { loc: tf.zeros([4]), scale: tf.ones([4]) });
  const up = net(h, 'up', z1, [tf.relu, identity]);
  const p2 = dist('Normal', { loc: up, scale: tf.add(tf.exp(tf.mul(0.5, up)), 0.0001) });
  const probs = net(h, 'decoder', z2, [tf.relu, tf.sigmoid]);
  return {
    logq: { z2: perPoint(q2.logProb(z2)), z1: perPoint(q1.logProb(z1)) },
    kl: { z1: perPoint(kl(q1, p1)) },
    logp: { z1: perPoint(p1.logProb(z1)), z2: perPoint(p2.logProb(z2)), x: perPoint(dist('Bernoulli', { probs }).logProb(h.data('x'))) },
  };
}

/**
 * uniform-bounded.tilde: u ~ Uniform(0, 1) (log p = 0 inside), flips ~ Bernoulli(u), a Kumaraswamy guide;
 * KL(q ‖ Uniform(0, 1)) = −H(q).
 */
export function uniformBounded(h: HandInputs): HandDensities {
  const u = h.latent('u');
  const enc = net(h, 'encoder_u', h.data('flips'), [identity]);
  const q = dist('Kumaraswamy', { a: floored(col(enc, 0)), b: floored(col(enc, 1)) });
  return {
    logq: { u: q.logProb(u) },
    kl: { u: tf.neg(q.entropy?.() ?? tf.scalar(NaN)) },
    logp: {
      u: dist('Uniform', { low: 0, high: 1 }).logProb(u),
      flips: perPoint(dist('Bernoulli', { probs: asColumn(u) }).logProb(h.data('flips'))),
    },
  };
}

/**
 * eight-schools.tilde: q(mu) Normal and q(tau) LogNormal with free parameters, q(eta | sigma, mu, tau, y)
 * from `encoder_eta: Linear(4 -> 2)`; KL analytic for mu and eta, Monte Carlo for tau (no closed form
 * for LogNormal ‖ HalfCauchy).
 */
export function eightSchools(h: HandInputs): HandDensities {
  const [mu, tau, eta] = [h.latent('mu'), h.latent('tau'), h.latent('eta')];
  const [y, sigma] = [h.data('y'), h.data('sigma')];
  const ones = tf.ones([h.B]);
  const qmu = dist('Normal', { loc: h.raw('mu_loc'), scale: floored(h.raw('mu_scale')) });
  const qtau = dist('LogNormal', { loc: h.raw('tau_loc'), scale: floored(h.raw('tau_scale')) });
  const enc = net(h, 'encoder_eta', tf.stack([sigma, tf.mul(mu, ones), tf.mul(tau, ones), y], 1), [identity]);
  const qeta = dist('Normal', { loc: col(enc, 0), scale: floored(col(enc, 1)) });
  const pmu = dist('Normal', { loc: 0, scale: 5 });
  const ptau = dist('HalfCauchy', { scale: 5 });
  const peta = dist('Normal', { loc: 0, scale: 1 });
  return {
    logq: { mu: total(qmu.logProb(mu)), tau: total(qtau.logProb(tau)), eta: qeta.logProb(eta) },
    kl: { mu: total(kl(qmu, pmu)), eta: kl(qeta, peta) },
    logp: {
      mu: total(pmu.logProb(mu)),
      tau: total(ptau.logProb(tau)),
      eta: peta.logProb(eta),
      y: dist('Normal', { loc: tf.add(mu, tf.mul(tau, eta)), scale: sigma }).logProb(y),
    },
  };
}

/**
 * factor.tilde: q(b | x) and q(a | b, x) (b before x, as the emitted guide lists them) from linear
 * encoders — the factor coupling a and b is why b's guide reads x. factor#1 = −0.5 (a − b)² / 0.1 per
 * datapoint; factor#2 = −0.01 c² once (c is a Real param: its raw value).
 */
export function factors(h: HandInputs): HandDensities {
  const [x, a, b, c] = [h.data('x'), h.latent('a'), h.latent('b'), h.raw('c')];
  const encB = net(h, 'encoder_b', asColumn(x), [identity]);
  const qb = dist('Normal', { loc: col(encB, 0), scale: floored(col(encB, 1)) });
  const encA = net(h, 'encoder_a', tf.stack([b, x], 1), [identity]);
  const qa = dist('Normal', { loc: col(encA, 0), scale: floored(col(encA, 1)) });
  const prior = dist('Normal', { loc: 0, scale: 1 });
  return {
    logq: { a: qa.logProb(a), b: qb.logProb(b) },
    kl: { a: kl(qa, prior), b: kl(qb, prior) },
    logp: {
      a: prior.logProb(a),
      b: prior.logProb(b),
      x: dist('Normal', { loc: tf.add(a, c), scale: 1 }).logProb(x),
      'factor#1': tf.div(tf.mul(-0.5, tf.square(tf.sub(a, b))), 0.1),
      'factor#2': tf.mul(-0.01, tf.square(c)),
    },
  };
}

/**
 * gmm-prior.tilde: q(z | x) = Normal from a linear encoder (loc columns 0–1, scale 2–3); the prior
 * is the K = 3 mixture of diagonal Normals with means `means` [K, 2] and scale 0.5, written out here as
 * logsumexp_k (log softmax(mix)_k + Σ_i log N(z_i; means_ki, 0.5)).
 */
export function gmmPrior(h: HandInputs): HandDensities {
  const [x, z] = [h.data('x'), h.latent('z')];
  const enc = net(h, 'encoder_z', x, [identity]);
  const q = dist('Normal', { loc: cols(enc, 0, 2), scale: floored(cols(enc, 2, 4)) });
  const means = h.raw('means');
  const perComponent = tf.sum(dist('Normal', { loc: means, scale: 0.5 }).logProb(tf.expandDims(z, -2)), -1);
  const prior = tf.logSumExp(tf.add(perComponent, tf.logSoftmax(h.raw('mix'))), -1);
  const loc = net(h, 'dec', z, [identity]);
  return {
    logq: { z: perPoint(q.logProb(z)) },
    kl: {},
    logp: { z: prior, x: perPoint(dist('Normal', { loc, scale: 1 }).logProb(x)) },
  };
}

/**
 * mixture-likelihood.tilde: no latent; log p(x) = logsumexp_k (log softmax(w)_k + Σ_i log Bernoulli(x_i; l_ki)).
 */
export function bernoulliMixture(h: HandInputs): HandDensities {
  const x = h.data('x');
  const perComponent = tf.sum(dist('Bernoulli', { logits: h.raw('l') }).logProb(tf.expandDims(x, -2)), -1);
  return { logq: {}, kl: {}, logp: { x: tf.logSumExp(tf.add(perComponent, tf.logSoftmax(h.raw('w'))), -1) } };
}

/**
 * low-rank-guide.tilde, guide block: q(z | x) = LowRankMultivariateNormal(enc(x), w, 0.5) with `w` a
 * Real [3, 1] param (its raw value); the prior MultivariateNormal(0, scale_tril: softplus(L)), so the
 * KL is the LowRank ‖ MVN closed form.
 */
export function lowRankGuide(h: HandInputs): HandDensities {
  const [x, z] = [h.data('x'), h.latent('z')];
  const q = dist('LowRankMultivariateNormal', { loc: net(h, 'enc', x, [identity]), cov_factor: h.raw('w'), cov_diag: tf.fill([3], 0.5) });
  const prior = dist('MultivariateNormal', { loc: tf.zeros([3]), scale_tril: tf.softplus(h.raw('L')) });
  return {
    logq: { z: q.logProb(z) },
    kl: { z: kl(q, prior) },
    logp: { z: prior.logProb(z), x: perPoint(dist('Normal', { loc: z, scale: 1 }).logProb(x)) },
  };
}
