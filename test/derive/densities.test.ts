/**
 * For every model of examples/ and test/corpus/good/: log q(z | x) per latent, log p per observed site and
 * per Monte Carlo latent, and the analytic KLs, evaluated by the compiled program at a fixed point (fixed
 * data, fixed latent values, seeded weights with every param moved off its initial value), equal the same
 * quantities written by hand for that model (test/helpers/densities-examples.ts, densities-corpus.ts,
 * densities-simplex.ts) with plain tfjs ops and the distributions library, within float32 tolerance —
 * under the default ELBO plan (analytic KL where valid) and under the IWAE plan (every latent's log p by
 * Monte Carlo, so every prior density is checked too). A model without a hand-written function fails
 * here, so a new example cannot slip through.
 */
import * as conv from '../helpers/densities-conv.js';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { compile } from '../../src/compile.js';
import type { EstimatorName } from '../../src/derive/plan.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { corpusModels } from '../helpers/corpus.js';
import {
  densityMismatches, elboTerms, fixedPoint, handDensities, iwaeTerms, perturbParams, programDensities,
  type DensityValues, type FixedPoint, type HandWritten,
} from '../helpers/densities.js';
import * as corpus from '../helpers/densities-corpus.js';
import * as examples from '../helpers/densities-examples.js';
import * as simplex from '../helpers/densities-simplex.js';
import * as bounded from '../helpers/densities-bounded.js';

beforeAll(useCpu);

/** The hand-written densities of each model, keyed `file#model` (the corpus keeps copies of the examples). */
const HAND_WRITTEN: Readonly<Record<string, HandWritten>> = {
  'examples/regression.tilde#regression': examples.regression,
  'examples/vae-2d.tilde#vae_2d': examples.vae2d,
  'examples/vae-categorical.tilde#vae_categorical': examples.vaeCategorical,
  'examples/vae-cb.tilde#vae_cb': examples.vaeCb,
  'examples/vae-gaussian.tilde#vae_gaussian': examples.vaeGaussian,
  'examples/vae-kumaraswamy.tilde#vae_kumaraswamy': examples.vaeKumaraswamy,
  'examples/vae-two-layer.tilde#vae_two_layer': examples.vaeTwoLayer,
  'examples/vae.tilde#vae': examples.vae,
  'test/corpus/good/example-regression.tilde#regression': examples.regression,
  'test/corpus/good/example-vae-2d.tilde#vae_2d': examples.vae2d,
  'test/corpus/good/example-vae-categorical.tilde#vae_categorical': examples.vaeCategorical,
  'test/corpus/good/example-vae-cb.tilde#vae_cb': examples.vaeCb,
  'test/corpus/good/example-vae-gaussian.tilde#vae_gaussian': examples.vaeGaussian,
  'test/corpus/good/example-vae-kumaraswamy.tilde#vae_kumaraswamy': examples.vaeKumaraswamy,
  'test/corpus/good/example-vae-two-layer.tilde#vae_two_layer': examples.vaeTwoLayer,
  'test/corpus/good/example-vae.tilde#vae': examples.vae,
  'test/corpus/good/categorical-latent.tilde#categorical_latent': corpus.categoricalLatent,
  'test/corpus/good/exponential-latent.tilde#exponential_latent': corpus.exponentialLatent,
  'test/corpus/good/eight-schools.tilde#eight_schools': corpus.eightSchools,
  'test/corpus/good/expressions.tilde#expressions': corpus.expressions,
  'test/corpus/good/factor.tilde#factors': corpus.factors,
  'test/corpus/good/gaussian-learned-variance.tilde#gaussian_learned_variance': corpus.gaussianLearnedVariance,
  'test/corpus/good/guide-global.tilde#guide_global': corpus.guideGlobal,
  'test/corpus/good/guide-partial.tilde#guide_partial': corpus.guidePartial,
  'test/corpus/good/kumaraswamy-latent.tilde#kumaraswamy_latent': corpus.kumaraswamyLatent,
  'test/corpus/good/logistic-normal.tilde#logistic_normal': simplex.logisticNormal,
  'test/corpus/good/low-rank-guide.tilde#low_rank_guide': corpus.lowRankGuide,
  'test/corpus/good/dirichlet-simplex.tilde#dirichlet_simplex': simplex.dirichletSimplex,
  'test/corpus/good/multi-model.tilde#small': corpus.small,
  'test/corpus/good/gmm-prior.tilde#gmm_prior': corpus.gmmPrior,
  'test/corpus/good/mixture-likelihood.tilde#bernoulli_mixture': corpus.bernoulliMixture,
  'test/corpus/good/multi-model.tilde#heavy_tailed': corpus.heavyTailed,
  'test/corpus/good/prior-only.tilde#prior_only': corpus.priorOnly,
  'test/corpus/good/regression-inferred.tilde#regression_inferred': corpus.regressionInferred,
  'test/corpus/good/relaxed-bernoulli-latent.tilde#relaxed_bernoulli_latent': corpus.relaxedBernoulliLatent,
  'test/corpus/good/two-stochastic-layers.tilde#two_layers': corpus.twoLayers,
  'test/corpus/good/uniform-bounded.tilde#uniform_bounded': corpus.uniformBounded,
  'test/corpus/good/uniform-stretched.tilde#uniform_stretched': bounded.uniformStretched,
  'test/corpus/good/uniform-latent-bound.tilde#uniform_latent_bound': bounded.uniformLatentBound,
  'examples/vae-conv.tilde#vae_conv': conv.vaeConv,
  'test/corpus/good/example-vae-conv.tilde#vae_conv': conv.vaeConv,
  'test/corpus/good/conv-decoder-mnist.tilde#conv_mnist': conv.convMnist,
  'test/corpus/good/conv-decoder-padding.tilde#conv_padding': conv.convPadding,
  'test/corpus/good/conv-decoder-mixed.tilde#conv_mixed': conv.convMixed,
  'test/corpus/good/networks-issue-11.tilde#networks': conv.issueNetworks,
  'test/corpus/good/networks-issue-11.tilde#sequence': conv.issueSequence,
  'test/corpus/good/mapped-net.tilde#mapped': conv.mappedNet,
  'test/corpus/good/bayesian-pca.tilde#bpca': conv.bayesianPca,
};

/**
 * Models that do not compile yet, with the code they fail with; the test asserts they still fail. When one
 * starts compiling, this fails: write its densities by hand and move it to {@link HAND_WRITTEN}.
 */
const EXPECTED_COMPILE_FAILURES: ReadonlyMap<string, string> = new Map([]);

/** Per plan, a check that the mismatch is still exactly the one a known bug produces. */
type KnownMismatch = Partial<Record<EstimatorName, (program: DensityValues, hand: DensityValues, point: FixedPoint) => void>>;

/**
 * Disagreements traced to a bug in src/ (reported to the lead), per model and plan. Once the bug is fixed
 * the check fails: delete the entry, and the plain comparison applies.
 */
const KNOWN_MISMATCHES: ReadonlyMap<string, KnownMismatch> = new Map([]);

/**
 * Models the program cannot evaluate yet, with the error it throws; the test asserts it still throws that.
 * Once it runs, this fails: delete the entry, and the hand-written densities are compared.
 */
const KNOWN_RUNTIME_ERRORS: ReadonlyMap<string, string> = new Map([]);

const MODELS = corpusModels().map((m) => ({ ...m, key: `${m.file}#${m.model}` }));

describe('every model has hand-written densities', () => {
  it('or is an expected compile failure', () => {
    const missing = MODELS.filter((m) => HAND_WRITTEN[m.key] === undefined && !EXPECTED_COMPILE_FAILURES.has(m.key)).map((m) => m.key);
    expect(missing).toEqual([]);
  });

  it('and no entry names a model that does not exist', () => {
    const keys = new Set(MODELS.map((m) => m.key));
    const stale = [...Object.keys(HAND_WRITTEN), ...EXPECTED_COMPILE_FAILURES.keys(), ...KNOWN_MISMATCHES.keys(), ...KNOWN_RUNTIME_ERRORS.keys()].filter((k) => !keys.has(k));
    expect(stale).toEqual([]);
  });
});

describe.each(MODELS)('$file model $model', ({ file, model, text, key }) => {
  const expectedFailure = EXPECTED_COMPILE_FAILURES.get(key);
  if (expectedFailure !== undefined) {
    it(`still fails to compile with ${expectedFailure}`, () => {
      const r = compile(text, { fileName: file, model });
      expect(r.ok).toBe(false);
      expect(r.diagnostics.map((d) => d.code)).toContain(expectedFailure);
    });
    return;
  }

  /** The program's densities under `estimator`'s plan and the hand-written ones, at the same fixed point. */
  function evaluate(estimator: EstimatorName): { program: DensityValues; hand: DensityValues; point: FixedPoint } {
    const hand = HAND_WRITTEN[key];
    if (hand === undefined) throw new Error(`no hand-written densities for ${key}`);
    // Discrete latents relaxed, as the hand-written densities are: the enumerated plan's discrete densities
    // are checked against hand-written sums in test/infer/enumerate*.test.ts.
    const m = TildeModel.create(compileOk(text, { fileName: file, model, discrete: 'relaxed' }), { model, discrete: 'relaxed' }, 11);
    try {
      perturbParams(m, 12);
      const point = fixedPoint(m, 13);
      return { program: programDensities(m, point, estimator), hand: handDensities(m, point, hand), point };
    } finally {
      m.dispose();
    }
  }

  it.each([
    ['elbo', 'log q, log p and the analytic KLs of the ELBO plan', elboTerms],
    ['iwae', 'log q and log p of every site under the IWAE plan (every KL by Monte Carlo)', iwaeTerms],
  ] as const)('%s: %s equal the hand-written densities', (estimator, _what, terms) => {
    const before = tf.memory().numTensors;
    const crash = KNOWN_RUNTIME_ERRORS.get(key);
    if (crash !== undefined) {
      expect(() => evaluate(estimator)).toThrow(crash);
      expect(tf.memory().numTensors).toBe(before);
      return;
    }
    const { program, hand, point } = evaluate(estimator);
    const known = KNOWN_MISMATCHES.get(key)?.[estimator];
    if (known !== undefined) known(program, terms(hand), point);
    else expect(densityMismatches(program, terms(hand))).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the comparison is sensitive', () => {
  it('a changed encoder weight shows in log q and KL of `small`, not in log p', () => {
    const text = MODELS.find((m) => m.key === 'test/corpus/good/multi-model.tilde#small')?.text ?? '';
    const m = TildeModel.create(compileOk(text, { model: 'small' }), { model: 'small' }, 11);
    const point = fixedPoint(m, 13);
    const fromProgram = programDensities(m, point, 'elbo');
    const bias = m.weights.net('encoder_m').b[0] as tf.Variable;
    const moved = tf.tidy(() => tf.add(bias, 0.05));
    bias.assign(moved);
    moved.dispose();
    const mismatches = densityMismatches(fromProgram, elboTerms(handDensities(m, point, corpus.small)));
    m.dispose();
    expect(mismatches.map((s) => s.split('[')[0])).toEqual(['logq.m', 'logq.m', 'logq.m', 'kl.m', 'kl.m', 'kl.m']);
  });
});
