/**
 * `--discrete enumerate` sums one discrete latent out of the ELBO (src/infer/estimators/enumerate.ts).
 * Against a hand-written sum Σ_y q(y | x) [log p(y) + log p(x | y) − log q(y | x)], built here from the
 * guide's logits and the model's params with no help from the runtime: the bound and its gradient in
 * every weight agree to float precision (nothing else is sampled, so there is no Monte Carlo error).
 * Fitted, with a guide family that contains the true posterior, the ELBO reaches the exact evidence.
 * Misfits under `--discrete enumerate` (a joint count above the bound, another estimator, too many
 * values, a global latent) are option errors that name the latents; the default `auto` relaxes those
 * latents instead and says why.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { estimatorMisfit } from '../../src/derive/plan.js';
import type { Dataset } from '../../src/data/dataset.js';
import { Rng } from '../../src/distributions/rng.js';
import { BatchBuilder, disposeBatch } from '../../src/infer/batches.js';
import { computeObjective } from '../../src/infer/objective.js';
import { useCpu } from '../helpers/backend.js';
import { expectSameGradients } from '../helpers/gradients.js';
import { compileOk } from '../helpers/compile.js';
import { logSumExp, mean } from '../helpers/evidence.js';
import { gauss, logNormal, scalarDataset } from '../helpers/synthetic.js';

beforeAll(useCpu);

const ENUMERATE = { discrete: 'enumerate' as const };
const N = 12;
const rng0 = new Rng(5);
const data = scalarDataset({ x: Float32Array.from({ length: N }, () => 2 * gauss(rng0)) });

/**
 * The loss and its gradients from the runtime's enumerated objective, and from `hand(model, logits, x)`
 * (the per-datapoint enumerated ELBO `[B]`, written out), at the same weights.
 */
function compareWithHand(m: TildeModel, site: string, hand: (logits: tf.Tensor, x: tf.Tensor) => tf.Tensor): void {
  const program = m.program('elbo');
  const vars = m.weights.variables();
  const batch = new BatchBuilder(data, m.dataShapes, N).range(0, N);
  const objective = () => computeObjective(program, batch, new Rng(1), { estimator: 'elbo', samples: 1, datasetSize: N }).loss;
  tf.tidy(objective); // caches the program's constants
  const before = tf.memory().numTensors;
  const ours = tf.variableGrads(objective, vars);
  const theirs = tf.variableGrads(() => {
    const g = program.runGuide(batch, { samples: 1, globalSamples: 1, rng: new Rng(1), useMeans: true });
    const logits = g.dists.get(site)?.params.logits;
    if (logits === undefined) throw new Error(`no logits for ${site}`);
    return tf.neg(tf.mean(hand(tf.reshape(logits, [N, -1]), tf.reshape(batch.data.get('x') as tf.Tensor, [N])))) as tf.Scalar;
  }, vars);
  expectSameGradients(ours, theirs, vars);
  tf.dispose([ours.value, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads)]);
  disposeBatch(batch);
  expect(tf.memory().numTensors).toBe(before - batch.data.size);
}

function setParam(m: TildeModel, name: string, value: tf.Tensor): void {
  m.weights.param(name).assign(value);
}

describe('the enumerated ELBO against a hand-written sum', () => {
  it('plans the site as enumerate and says why', () => {
    const a = compileOk('model g { dim K = 3; data x: Real; latent c: Category(K); param mu: Real[K]; c ~ Categorical(logits: 0); x ~ Normal(dot(c, mu), 1); }', ENUMERATE);
    const c = a.plan.sites.find((s) => s.name === 'c');
    expect(c).toMatchObject({ sampler: 'enumerate', values: 3 });
    expect(c?.kind === 'latent' ? c.samplerReason : '').toMatch(/summed out exactly/);
    expect(estimatorMisfit(a.plan)).toBeUndefined();
  });

  it('a Categorical over 3 values: bound and gradient', () => {
    const m = TildeModel.create(compileOk('model g { dim K = 3; data x: Real; latent c: Category(K); param mu: Real[K]; c ~ Categorical(logits: 0); x ~ Normal(dot(c, mu), 1); }', ENUMERATE), ENUMERATE, 0);
    setParam(m, 'mu', tf.tensor1d([-2, 0.5, 3]));
    compareWithHand(m, 'c', (logits, x) => {
      const logq = tf.logSoftmax(logits); // [B, K]
      const mu = tf.reshape(m.weights.param('mu'), [1, 3]);
      const loglik = tf.sub(-0.5 * Math.log(2 * Math.PI), tf.mul(0.5, tf.square(tf.sub(tf.reshape(x, [N, 1]), mu))));
      return tf.sum(tf.mul(tf.exp(logq), tf.sub(tf.add(loglik, Math.log(1 / 3)), logq)), 1);
    });
    m.dispose();
  });

  it('a Bernoulli: bound and gradient', () => {
    const m = TildeModel.create(compileOk('model b { data x: Real; param s: Real; latent b: Binary; b ~ Bernoulli(probs: 0.3); x ~ Normal(s * b - 1, 1); }', ENUMERATE), ENUMERATE, 0);
    setParam(m, 's', tf.scalar(2.5));
    compareWithHand(m, 'b', (logits, x) => {
      const l = tf.reshape(logits, [N]); // log σ(l) = −softplus(−l) (tfjs's logSigmoid threw a disposed-tensor error under variableGrads here)
      const q1 = tf.sigmoid(l);
      const s = m.weights.param('s');
      const ll = (b: number) => tf.sub(-0.5 * Math.log(2 * Math.PI), tf.mul(0.5, tf.square(tf.sub(x, tf.sub(tf.mul(s, b), 1)))));
      const one = tf.mul(q1, tf.sub(tf.add(ll(1), Math.log(0.3)), tf.neg(tf.softplus(tf.neg(l)))));
      const zero = tf.mul(tf.sub(1, q1), tf.sub(tf.add(ll(0), Math.log(0.7)), tf.neg(tf.softplus(l))));
      return tf.add(one, zero);
    });
    m.dispose();
  });
});

describe('option errors under --discrete enumerate, and what --discrete auto (the default) does instead', () => {
  const THREE = 'model three { dim K = 16; data x: Real; latent a: Category(K); latent b: Category(K); latent c: Category(K); a ~ Categorical(logits: 0); b ~ Categorical(logits: 0); c ~ Categorical(logits: 0); x ~ Normal(sum(a) + sum(b) + sum(c), 1); }';
  const samplers = (a: ReturnType<typeof compileOk>) => Object.fromEntries(a.plan.sites.flatMap((s) => (s.kind === 'latent' ? [[s.name, s.sampler]] : [])));
  const why = (a: ReturnType<typeof compileOk>, name: string) => a.plan.sites.flatMap((s) => (s.kind === 'latent' && s.name === name ? [s.samplerReason] : []))[0] ?? '';

  it('a joint count above the bound is refused, naming the latents; auto relaxes the latent that would exceed it', () => {
    const strict = estimatorMisfit(compileOk(THREE, ENUMERATE).plan);
    expect(strict).toMatch(/^--discrete enumerate sums out at most 1024 joint values, but .* have 16 · 16 · 16 = 4096/);
    for (const n of ['a', 'b', 'c']) expect(strict).toContain('`' + n + '` (Categorical)');
    const auto = compileOk(THREE);
    expect(estimatorMisfit(auto.plan)).toBeUndefined();
    const s = samplers(auto);
    expect(Object.values(s).sort()).toEqual(['enumerate', 'enumerate', 'relaxed']);
    const relaxed = Object.keys(s).find((n) => s[n] === 'relaxed') as string;
    expect(why(auto, relaxed)).toMatch(/^relaxed: Category\(16\) has 16 values, and with `.`, `.` enumerated the joint count would be 4096 > 1024 — Categorical: relaxed by Gumbel-softmax/);
  });

  it('an estimator without an enumerated bound is refused; auto relaxes', () => {
    const src = 'model b { data x: Real; latent b: Binary; b ~ Bernoulli(probs: 0.5); x ~ Normal(b, 1); }';
    expect(estimatorMisfit(compileOk(src, { ...ENUMERATE, estimator: 'stl' }).plan)).toMatch(/--estimator elbo, iwae only, not stl \(`b` \(Bernoulli\) is enumerated\)/);
    const auto = compileOk(src, { estimator: 'stl' });
    expect(samplers(auto)).toEqual({ b: 'relaxed' });
    expect(why(auto, 'b')).toMatch(/^relaxed: --estimator stl does not sum latents out/);
    expect(samplers(compileOk(src, { estimator: 'iwae' }))).toEqual({ b: 'enumerate' });
  });

  it('a latent of more than 64 values is refused; auto relaxes it, and --explain says why', () => {
    const src = (n: number) => `model v { data x: Real; latent b: Binary[${n}]; b ~ Bernoulli(probs: 0.5); x ~ Normal(sum(b), 1); }`;
    expect(estimatorMisfit(compileOk(src(7), ENUMERATE).plan)).toMatch(/at most 64 values each, but `b` \(Bernoulli\) has 128/);
    expect(why(compileOk(src(6)), 'b')).toMatch(/^enumerated: Binary\[6\], 64 values ≤ 64 — /);
    expect(why(compileOk(src(784)), 'b')).toMatch(/^relaxed: Binary\[784\] has 2\^784 values > 64 — /);
  });

  it('a global discrete latent is not enumerated', () => {
    const src = 'model g { data x: Real; global b ~ Bernoulli(probs: 0.5); x ~ Normal(b, 1); }';
    expect(estimatorMisfit(compileOk(src, ENUMERATE).plan)).toMatch(/local latents only, but `b` \(Bernoulli\) is global/);
    expect(samplers(compileOk(src))).toEqual({ b: 'relaxed' });
  });

  it('--discrete relaxed and score-function still force those', () => {
    const src = 'model b { data x: Real; latent b: Binary; b ~ Bernoulli(probs: 0.5); x ~ Normal(b, 1); }';
    expect(samplers(compileOk(src, { discrete: 'relaxed' }))).toEqual({ b: 'relaxed' });
    expect(samplers(compileOk(src, { discrete: 'score-function' }))).toEqual({ b: 'score-function' });
    expect(samplers(compileOk(src))).toEqual({ b: 'enumerate' });
  });
});

/** Fits with `--discrete enumerate`, full batch, Adam with a cosine schedule, from a fixed seed. */
async function fitEnumerated(source: string, d: Dataset, epochs: number, init: Record<string, number[]> = {}): Promise<TildeModel> {
  const m = TildeModel.create(compileOk(source, ENUMERATE), ENUMERATE, 0);
  // Params start at 0: equal component means would stay equal (a symmetric saddle), so break the tie.
  for (const [name, v] of Object.entries(init)) setParam(m, name, tf.tensor1d(v));
  const r = await m.fit(d, { epochs, batchSize: d.n, lr: 0.1, lrSchedule: 'cosine', seed: 1 });
  expect(r.reports[0]?.objective).toBe('ELBO');
  return m;
}

/** The enumerated ELBO of the whole data set, mean per datapoint: exact, nothing is sampled. */
function enumeratedElbo(m: TildeModel, d: Dataset): number {
  const batch = new BatchBuilder(d, m.dataShapes, d.n).range(0, d.n);
  const v = tf.tidy(() => tf.mean(computeObjective(m.program('elbo'), batch, new Rng(0), { estimator: 'elbo', samples: 1, datasetSize: d.n }).bound).dataSync()[0] as number);
  disposeBatch(batch);
  return v;
}

/** Largest mean KL(q ‖ posterior) left after fitting (nats per datapoint): optimization error only, no Monte Carlo error. */
const GAP = 0.01;

const values = (m: TildeModel, name: string): number[] => Array.from(m.weights.param(name).dataSync());

describe('fitted with a guide family that contains the true posterior, the ELBO reaches the exact evidence', () => {
  it('a two-component mixture of Normals: the posterior logits are linear in x', async () => {
    const rng = new Rng(13);
    const xs = Float32Array.from({ length: 120 }, () => (rng.nextFloat() < 0.5 ? -2 : 2) + 0.5 * gauss(rng));
    const d = scalarDataset({ x: xs });
    const m = await fitEnumerated(`model gmm {
      dim K = 2; data x: Real; latent c: Category(K); param mu: Real[K];
      c ~ Categorical(logits: 0); x ~ Normal(dot(c, mu), 0.5);
      guide { param ga: Real[K]; param gb: Real[K]; c ~ Categorical(logits: ga * x + gb); }
    }`, d, 600, { mu: [-0.5, 0.5] });
    const mu = values(m, 'mu');
    const exact = mean(Array.from(xs, (x) => logSumExp(mu.map((c) => Math.log(1 / 2) + logNormal(x, c, 0.25)))));
    const elbo = enumeratedElbo(m, d);
    expect(elbo, `ELBO ${elbo}, exact ${exact}, mu ${mu}`).toBeLessThanOrEqual(exact + 1e-4);
    expect(exact - elbo, `ELBO ${elbo}, exact ${exact}, mu ${mu}`).toBeLessThan(GAP);
    m.dispose();
  });

  it('a mixture of experts: the posterior logits are quadratic in (x, y)', async () => {
    const rng = new Rng(17);
    const n = 120;
    const xs = Float32Array.from({ length: n }, () => 2 * gauss(rng));
    const ys = Float32Array.from(xs, (x) => (x + 0.5 * gauss(rng) > 0 ? 2 * x + 1 + 0.3 * gauss(rng) : -x - 1 + 0.5 * gauss(rng)));
    const d = scalarDataset({ x: xs, y: ys });
    const m = await fitEnumerated(`model moe {
      dim K = 2; data x: Real; data y: Real; latent c: Category(K);
      param gw: Real[K]; param gb: Real[K]; param slope: Real[K]; param icept: Real[K]; param sy: Positive[K];
      c ~ Categorical(logits: gw * x + gb);
      y ~ Normal(dot(c, slope * x + icept), dot(c, sy) + 0.001);
      guide {
        param g0: Real[K]; param g1: Real[K]; param g2: Real[K]; param g3: Real[K]; param g4: Real[K]; param g5: Real[K];
        c ~ Categorical(logits: g0 + g1 * x + g2 * y + g3 * x * x + g4 * x * y + g5 * y * y);
      }
    }`, d, 1500, { slope: [0.5, -0.5], gw: [0.5, -0.5] });
    const [gw, gb, slope, icept] = ['gw', 'gb', 'slope', 'icept'].map((p) => values(m, p)) as [number[], number[], number[], number[]];
    const sy = values(m, 'sy').map((r) => Math.log1p(Math.exp(r)) + 0.001);
    const exact = mean(Array.from(xs, (x, i) => {
      const logits = gw.map((w, k) => w * x + (gb[k] as number));
      const norm = logSumExp(logits);
      return logSumExp(logits.map((l, k) => l - norm + logNormal(ys[i] as number, (slope[k] as number) * x + (icept[k] as number), (sy[k] as number) ** 2)));
    }));
    const elbo = enumeratedElbo(m, d);
    // Two experts left identical (the all-zero saddle) would make the guide exact trivially: the fit must
    // have separated them (the data's slopes are 2 and −1).
    expect(Math.abs((slope[0] as number) - (slope[1] as number)), `slopes ${slope.join(', ')}`).toBeGreaterThan(1);
    expect(elbo, `ELBO ${elbo}, exact ${exact}`).toBeLessThanOrEqual(exact + 1e-4);
    expect(exact - elbo, `ELBO ${elbo}, exact ${exact}`).toBeLessThan(GAP);
    m.dispose();
  });
});
