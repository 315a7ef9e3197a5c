/**
 * Closed-form KL(p ‖ q) for the pairs kl.ts registers. Each reads the parameters by name (the registry
 * row's names) and broadcasts p's batch against q's; vector rows sum over the event axis. Sources:
 * the standard identities as in TFP's and torch's `kl.py`; Kumaraswamy ‖ Beta from Nalisnick & Smyth
 * (2017), "Stick-breaking variational autoencoders", §3.2 and appendix; Weibull ‖ Gamma from Zhang,
 * Chen, Guo & Zhou (2018), "WHAI: Weibull hybrid autoencoding inference for deep topic modeling", §3.
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import type { Distribution } from './distribution.js';
import { binaryLogits, categoricalLogits } from './logits.js';
import { diagonal, solveLowerTriangular } from './linalg.js';
import { LowRankMultivariateNormal } from './low-rank-multivariate-normal.js';
import { digamma, EULER_GAMMA, lgamma, logBeta, logMultivariateBeta } from './special.js';
import { stopGradient } from '../common/stop-gradient.js';
import { normalKL } from '../runtime/kernels/normal-kl.js';

/** A KL formula: elementwise over the broadcast batch, summed over the event for vector rows. */
export type KLFormula = (p: Distribution, q: Distribution) => tf.Tensor;

function param(d: Distribution, name: string): tf.Tensor {
  const t = d.params[name];
  if (t === undefined) throw new InternalError(`KL: ${d.family} has no parameter '${name}'`);
  return t;
}

/** KL between Normals of (loc, scale); also LogNormal ‖ LogNormal (KL is invariant under exp). */
export const klNormalNormal: KLFormula = (p, q) =>
  // ½ (r² + δ² − 1) − log r, with r = σp/σq and δ = (μp − μq)/σq: one op with its closed-form gradient.
  normalKL(param(p, 'loc'), param(p, 'scale'), param(q, 'loc'), param(q, 'scale'));

/**
 * KL between HalfNormals: log p/q is even in x and the parents are symmetric about 0, so it equals
 * the KL of the parent Normal(0, σ)s, log(σq/σp) + σp²/(2σq²) − ½.
 */
export const klHalfNormalHalfNormal: KLFormula = (p, q) => {
  const ratio = tf.div(param(p, 'scale'), param(q, 'scale'));
  return tf.sub(tf.mul(0.5, tf.sub(tf.square(ratio), 1)), tf.log(ratio));
};

/**
 * KL between HalfCauchys: as for the HalfNormal, the KL of the parent Cauchy(0, s)s,
 * log((sp + sq)² / (4 sp sq)) (Chyzak & Nielsen 2019, "A closed-form formula for the Kullback–Leibler
 * divergence between Cauchy distributions").
 */
export const klHalfCauchyHalfCauchy: KLFormula = (p, q) => {
  const a = param(p, 'scale');
  const b = param(q, 'scale');
  return tf.sub(tf.mul(2, tf.log(tf.add(a, b))), tf.add(Math.log(4), tf.add(tf.log(a), tf.log(b))));
};

/**
 * KL between MultivariateNormals by their Cholesky factors Lp, Lq:
 * Σ log diag Lq − Σ log diag Lp + ½(‖Lq⁻¹Lp‖²_F + ‖Lq⁻¹(μq − μp)‖² − K), the standard Gaussian KL with
 * Σ = LLᵀ (tr(Σq⁻¹Σp) = ‖Lq⁻¹Lp‖²_F), both solves by forward substitution.
 */
export const klMultivariateNormalMultivariateNormal: KLFormula = (p, q) => {
  const lp = tf.linalg.bandPart(param(p, 'scale_tril'), -1, 0);
  const lq = param(q, 'scale_tril');
  const k = lp.shape[lp.rank - 1] as number;
  const m = solveLowerTriangular(lq, lp);
  const v = solveLowerTriangular(lq, tf.expandDims(tf.sub(param(q, 'loc'), param(p, 'loc')), -1));
  const quad = tf.add(tf.sum(tf.square(m), [-2, -1]), tf.sum(tf.square(v), [-2, -1]));
  const logDet = tf.sub(tf.sum(tf.log(diagonal(lq)), -1), tf.sum(tf.log(diagonal(lp)), -1));
  return tf.add(logDet, tf.mul(0.5, tf.sub(quad, k)));
};

function lowRank(d: Distribution): LowRankMultivariateNormal {
  if (!(d instanceof LowRankMultivariateNormal)) throw new InternalError(`expected a LowRankMultivariateNormal, got ${d.family}`);
  return d;
}

/**
 * KL(LowRankMVN ‖ MultivariateNormal): the Gaussian KL ½(tr(Σq⁻¹Σp) + ‖Lq⁻¹(μq − μp)‖² − D) + Σ log diag Lq
 * − ½ log det Σp, with tr(Σq⁻¹Σp) = ‖Lq⁻¹A‖²_F for Σp = AAᵀ, A = [W, diag √d] (D + R columns, never
 * Σp itself), and log det Σp by the determinant lemma.
 */
export const klLowRankMultivariateNormal: KLFormula = (p, q) => {
  const lr = lowRank(p);
  const lq = param(q, 'scale_tril');
  const d = lq.shape[lq.rank - 1] as number;
  const m = solveLowerTriangular(lq, lr.sqrtCovariance());
  const v = solveLowerTriangular(lq, tf.expandDims(tf.sub(param(q, 'loc'), param(p, 'loc')), -1));
  const quad = tf.add(tf.sum(tf.square(m), [-2, -1]), tf.sum(tf.square(v), [-2, -1]));
  const logDet = tf.sub(tf.sum(tf.log(diagonal(lq)), -1), tf.mul(0.5, lr.logDetCovariance()));
  return tf.add(logDet, tf.mul(0.5, tf.sub(quad, d)));
};

/**
 * KL between LowRankMVNs: as above with Σq⁻¹ by Woodbury on q's side, tr(Σq⁻¹Σp) = tr(Aᵀ Σq⁻¹ A) and
 * (μq − μp)ᵀΣq⁻¹(μq − μp) both from q's capacitance; both log-determinants by the determinant lemma.
 */
export const klLowRankLowRank: KLFormula = (p, q) => {
  const lp = lowRank(p);
  const lq = lowRank(q);
  const diff = tf.expandDims(tf.sub(param(q, 'loc'), param(p, 'loc')), -1);
  const quad = tf.add(lq.quadraticTrace(lp.sqrtCovariance()), lq.quadraticTrace(diff));
  const d = lp.eventShape[0] as number;
  return tf.mul(0.5, tf.add(tf.sub(quad, d), tf.sub(lq.logDetCovariance(), lp.logDetCovariance())));
};

/**
 * KL between LogisticNormals: both are images of Normals under the same bijection y ↦ softmax([y, 0]),
 * and KL is invariant under a shared bijection, so it is the Normal ‖ Normal KL summed over the K − 1
 * log-ratio coordinates.
 */
export const klLogisticNormalLogisticNormal: KLFormula = (p, q) => tf.sum(klNormalNormal(p, q), -1);

/** log(bq/bp) + |μp − μq|/bq + (bp/bq) e^{−|μp − μq|/bp} − 1. */
export const klLaplaceLaplace: KLFormula = (p, q) => {
  const bp = param(p, 'scale');
  const bq = param(q, 'scale');
  const gap = tf.abs(tf.sub(param(p, 'loc'), param(q, 'loc')));
  const ratio = tf.div(bp, bq);
  return tf.sub(tf.add(tf.add(tf.neg(tf.log(ratio)), tf.div(gap, bq)), tf.mul(ratio, tf.exp(tf.neg(tf.div(gap, bp))))), 1);
};

/** log(λp/λq) + λq/λp − 1. */
export const klExponentialExponential: KLFormula = (p, q) => {
  const ratio = tf.div(param(q, 'rate'), param(p, 'rate'));
  return tf.sub(tf.sub(ratio, tf.log(ratio)), 1);
};

/** (αp − αq) ψ(αp) − log Γ(αp) + log Γ(αq) + αq (log βp − log βq) + αp (βq − βp)/βp. */
export const klGammaGamma: KLFormula = (p, q) => {
  const ap = param(p, 'concentration');
  const aq = param(q, 'concentration');
  const bp = param(p, 'rate');
  const bq = param(q, 'rate');
  const shapeTerms = tf.add(tf.mul(tf.sub(ap, aq), digamma(ap)), tf.sub(lgamma(aq), lgamma(ap)));
  const rateTerms = tf.add(tf.mul(aq, tf.sub(tf.log(bp), tf.log(bq))), tf.mul(ap, tf.div(tf.sub(bq, bp), bp)));
  return tf.add(shapeTerms, rateTerms);
};

/** log B(aq, bq) − log B(ap, bp) + (ap − aq) ψ(ap) + (bp − bq) ψ(bp) + (aq − ap + bq − bp) ψ(ap + bp). */
export const klBetaBeta: KLFormula = (p, q) => {
  const ap = param(p, 'a');
  const bp = param(p, 'b');
  const aq = param(q, 'a');
  const bq = param(q, 'b');
  const normalisers = tf.sub(logBeta(aq, bq), logBeta(ap, bp));
  const digammas = tf.add(
    tf.add(tf.mul(tf.sub(ap, aq), digamma(ap)), tf.mul(tf.sub(bp, bq), digamma(bp))),
    tf.mul(tf.sub(tf.add(aq, bq), tf.add(ap, bp)), digamma(tf.add(ap, bp))),
  );
  return tf.add(normalisers, digammas);
};

/** σ(ηp) [softplus(−ηq) − softplus(−ηp)] + σ(−ηp) [softplus(ηq) − softplus(ηp)], by logits. */
export const klBernoulliBernoulli: KLFormula = (p, q) => {
  const ep = binaryLogits(p.params);
  const eq = binaryLogits(q.params);
  const ones = tf.mul(tf.sigmoid(ep), tf.sub(tf.softplus(tf.neg(eq)), tf.softplus(tf.neg(ep))));
  const zeros = tf.mul(tf.sigmoid(tf.neg(ep)), tf.sub(tf.softplus(eq), tf.softplus(ep)));
  return tf.add(ones, zeros);
};

/** Σₖ πpₖ (log πpₖ − log πqₖ), with log-softmax logits. */
export const klCategoricalCategorical: KLFormula = (p, q) => {
  const logP = tf.logSoftmax(categoricalLogits(p.params));
  const logQ = tf.logSoftmax(categoricalLogits(q.params));
  return tf.sum(tf.mul(tf.exp(logP), tf.sub(logP, logQ)), -1);
};

/** log((hq − lq)/(hp − lp)) when [lp, hp] ⊆ [lq, hq], +∞ otherwise. */
export const klUniformUniform: KLFormula = (p, q) => {
  const lp = param(p, 'low');
  const hp = param(p, 'high');
  const lq = param(q, 'low');
  const hq = param(q, 'high');
  const inside = tf.logicalAnd(tf.lessEqual(stopGradient(lq), stopGradient(lp)), tf.lessEqual(stopGradient(hp), stopGradient(hq)));
  const value = tf.sub(tf.log(tf.sub(hq, lq)), tf.log(tf.sub(hp, lp)));
  return tf.where(inside, value, tf.scalar(Infinity));
};

/**
 * KL(Kumaraswamy ‖ Uniform(lq, hq)) = log(hq − lq) − H(p) when p's interval (lp, hp) — (0, 1) without
 * bounds — lies inside [lq, hq], +∞ otherwise: on its support the Uniform's log density is the constant
 * −log(hq − lq). H(p) includes the stretch's log(hp − lp), so with equal intervals the KL is minus the
 * entropy of the Kumaraswamy on (0, 1).
 */
export const klKumaraswamyUniform: KLFormula = (p, q) => {
  const lp = p.params['low'] ?? tf.scalar(0);
  const hp = p.params['high'] ?? tf.scalar(1);
  const lq = param(q, 'low');
  const hq = param(q, 'high');
  if (p.entropy === undefined) throw new InternalError(`KL: ${p.family} has no entropy`);
  const inside = tf.logicalAnd(tf.lessEqual(stopGradient(lq), stopGradient(lp)), tf.lessEqual(stopGradient(hp), stopGradient(hq)));
  return tf.where(inside, tf.sub(tf.log(tf.sub(hq, lq)), p.entropy()), tf.scalar(Infinity));
};

/** log B(αq) − log B(αp) + Σₖ (αpₖ − αqₖ)(ψ(αpₖ) − ψ(α₀p)). */
export const klDirichletDirichlet: KLFormula = (p, q) => {
  const ap = param(p, 'concentration');
  const aq = param(q, 'concentration');
  const centred = tf.sub(digamma(ap), digamma(tf.sum(ap, -1, true)));
  return tf.add(tf.sub(logMultivariateBeta(aq), logMultivariateBeta(ap)), tf.sum(tf.mul(tf.sub(ap, aq), centred), -1));
};

/**
 * Terms of the series Σₘ B(m/a, b)/(m + ab) summed exactly before the tail estimate. With the tail
 * below, the series' relative error is below 1e-4 for a ≤ 3 and below 0.6% for a ≤ 20, over b in
 * [0.1, 20] (measured against quadrature in float64; see test/distributions/kl.test.ts).
 */
export const KUMARASWAMY_BETA_SERIES_TERMS = 30;

/**
 * KL(Kumaraswamy(a, b) ‖ Beta(α, β)), Nalisnick & Smyth (2017), appendix:
 *   (a − α)/a · (−γ − ψ(b) − 1/b) + log(ab) + log B(α, β) − (b − 1)/b + (β − 1) b S,
 *   S = Σ_{m≥1} B(m/a, b) / (m + ab)   (= −E[log(1 − x)] / b).
 * S is summed to M = {@link KUMARASWAMY_BETA_SERIES_TERMS} terms plus an integral tail estimate: for
 * large m the term is ≈ Γ(b) aᵇ (m + ab/2)^{−b−1} (Γ(x)/Γ(x + b) ≈ (x + (b − 1)/2)^{−b}), whose sum
 * beyond M is ≈ Γ(b) aᵇ (M + ½ + ab/2)^{−b} / b. Nalisnick & Smyth truncate at 10 terms without a
 * tail, which is off by up to ~10% of S when b < 1 (the terms decay like m^{−b−1}).
 */
export const klKumaraswamyBeta: KLFormula = (p, q) => {
  const a = param(p, 'a');
  const b = param(p, 'b');
  const alpha = param(q, 'a');
  const beta = param(q, 'b');
  const m = tf.range(1, KUMARASWAMY_BETA_SERIES_TERMS + 1);
  const a1 = tf.expandDims(a, -1);
  const b1 = tf.expandDims(b, -1);
  const ab1 = tf.mul(a1, b1);
  const terms = tf.div(tf.exp(logBeta(tf.div(m, a1), b1)), tf.add(m, ab1));
  const head = tf.sum(terms, -1);
  const ab = tf.mul(a, b);
  const tailBase = tf.add(KUMARASWAMY_BETA_SERIES_TERMS + 0.5, tf.mul(0.5, ab));
  const tail = tf.div(tf.exp(tf.add(lgamma(b), tf.mul(b, tf.sub(tf.log(a), tf.log(tailBase))))), b);
  const series = tf.add(head, tail);

  const first = tf.mul(tf.div(tf.sub(a, alpha), a), tf.sub(tf.sub(-EULER_GAMMA, digamma(b)), tf.reciprocal(b)));
  const middle = tf.sub(tf.add(tf.log(ab), logBeta(alpha, beta)), tf.div(tf.sub(b, 1), b));
  const last = tf.mul(tf.mul(tf.sub(beta, 1), b), series);
  return tf.add(tf.add(first, middle), last);
};

/**
 * KL(Weibull(λ, k) ‖ Gamma(α, β)), β a rate (Zhang, Chen, Guo & Zhou 2018, "WHAI", §3):
 *   γα/k − α log λ + log k + βλ Γ(1 + 1/k) − γ − 1 − α log β + log Γ(α).
 * It is −H(p) − E_p[log q] with the Weibull's entropy γ(1 − 1/k) + log(λ/k) + 1, E_p[log x] = log λ − γ/k
 * and E_p[x] = λ Γ(1 + 1/k); βλ Γ(1 + 1/k) is formed in log space.
 */
export const klWeibullGamma: KLFormula = (p, q) => {
  const k = param(p, 'concentration');
  const alpha = param(q, 'concentration');
  const logScale = tf.log(param(p, 'scale'));
  const logRate = tf.log(param(q, 'rate'));
  const shapeTerms = tf.add(tf.sub(tf.mul(EULER_GAMMA, tf.div(alpha, k)), tf.mul(alpha, tf.add(logScale, logRate))), tf.add(tf.log(k), lgamma(alpha)));
  const meanTerm = tf.exp(tf.add(tf.add(logRate, logScale), lgamma(tf.add(1, tf.reciprocal(k)))));
  return tf.sub(tf.add(shapeTerms, meanTerm), EULER_GAMMA + 1);
};
