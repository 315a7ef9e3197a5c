/**
 * Loops compile to vectorized densities (issue 17): the linear-Gaussian state-space model of the issue
 * scores exactly log N(z0; 0, 1) + Σ_{t≥1} log N(z_t; 0.9 z_{t−1}, 0.5) + Σ_t log N(x_t; z_t, 0.3),
 * computed here by hand in double precision; a plate written as a loop has the same log joint as the
 * same model unrolled by hand into scalars; and prior draws of a sequence follow its recursion.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { useCpu } from '../helpers/backend.js';
import { compileOk } from '../helpers/compile.js';
import { type FixedPoint, type FixedSite, programDensities } from '../helpers/densities.js';
import { Rng } from '../../src/distributions/rng.js';

beforeAll(useCpu);

const logN = (x: number, m: number, s: number): number => -0.5 * Math.log(2 * Math.PI) - Math.log(s) - (0.5 * (x - m) ** 2) / s ** 2;

const LGSSM = (T: number): string => `model lgssm {
  dim T = ${T};
  data x: Real[T];
  latent z: Real[T];
  z[0] ~ Normal(0, 1);
  for t in 1:T { z[t] ~ Normal(0.9 * z[t - 1], 0.5); }
  for t in 0:T { x[t] ~ Normal(z[t], 0.3); }
}
`;

function local(shape: number[], rows: number[][]): FixedSite {
  return { shape, scope: 'local', values: Float32Array.from(rows.flat()) };
}

function randomRows(rng: Rng, B: number, n: number): number[][] {
  return Array.from({ length: B }, () => Array.from({ length: n }, () => 2 * rng.nextFloat() - 1));
}

/** Sum of every site's log p per datapoint. */
function logJoint(model: TildeModel, point: FixedPoint): number[] {
  const d = programDensities(model, point, 'elbo');
  const out = new Array<number>(point.batch).fill(0);
  for (const v of d.logp.values()) v.forEach((x, i) => (out[i] = (out[i] ?? 0) + x));
  return out;
}

describe('the LGSSM of issue 17', () => {
  const T = 6;
  const B = 3;
  const model = TildeModel.create(compileOk(LGSSM(T), { fileName: 'lgssm.tilde' }), {}, 1);
  const rng = new Rng(5);
  const z = randomRows(rng, B, T);
  const x = randomRows(rng, B, T);
  const point: FixedPoint = { batch: B, data: new Map([['x', local([T], x)]]), latents: new Map([['z', local([T], z)]]) };

  it('is a sequence (z) and a plate (x), with z in two pieces', () => {
    const ir = model.artifacts.ir;
    expect(ir.loops?.map((l) => l.kind)).toEqual(['sequence', 'plate']);
    expect(ir.loops?.[0]?.carried.map((c) => [c.name, c.lag])).toEqual([['z', 1]]);
    const site = ir.sites.z;
    expect(site?.kind === 'latent' ? [site.pieces?.map((p) => [p.start, p.end]), site.selfLags, site.parents] : undefined).toEqual([[[0, 1], [1, T]], [1], []]);
  });

  it('scores log p(z) and log p(x | z) as the hand-written sums', () => {
    const d = programDensities(model, point, 'elbo');
    for (let b = 0; b < B; b++) {
      const zb = z[b] as number[];
      const xb = x[b] as number[];
      let pz = logN(zb[0] as number, 0, 1);
      for (let t = 1; t < T; t++) pz += logN(zb[t] as number, 0.9 * (zb[t - 1] as number), 0.5);
      let px = 0;
      for (let t = 0; t < T; t++) px += logN(xb[t] as number, zb[t] as number, 0.3);
      expect(d.logp.get('z')?.[b]).toBeCloseTo(pz, 3);
      expect(d.logp.get('x')?.[b]).toBeCloseTo(px, 3);
    }
  });

  it('draws z from the prior in order: z[t] − 0.9 z[t−1] has sd 0.5', () => {
    const n = 400;
    const draws = tf.tidy(() => model.program().sampleModel(n, new Rng(3)).values.get('z')?.arraySync() as number[][][]);
    const inc: number[] = [];
    const first: number[] = [];
    for (const row of draws) {
      const zr = row[0] as number[];
      first.push(zr[0] as number);
      for (let t = 1; t < T; t++) inc.push((zr[t] as number) - 0.9 * (zr[t - 1] as number));
    }
    const sd = (xs: number[]): number => Math.sqrt(xs.reduce((a, v) => a + v * v, 0) / xs.length);
    // SE of a sample sd ≈ σ / sqrt(2n): 5 SE bounds.
    expect(Math.abs(sd(inc) - 0.5)).toBeLessThan((5 * 0.5) / Math.sqrt(2 * inc.length));
    expect(Math.abs(sd(first) - 1)).toBeLessThan(5 / Math.sqrt(2 * first.length));
  });
});

describe('a sequence whose carried read goes through a let', () => {
  const T = 5;
  const B = 2;
  const viaLet = `model lgssm {
  dim T = ${T};
  data x: Real[T];
  latent z: Real[T];
  let m[0] = 0;
  z[0] ~ Normal(m[0], 1);
  for t in 1:T { let m[t] = 0.9 * z[t - 1]; z[t] ~ Normal(m[t], 0.5); }
  for t in 0:T { x[t] ~ Normal(z[t], 0.3); }
}
`;
  const a = TildeModel.create(compileOk(viaLet, { fileName: 'let.tilde' }), {}, 1);
  const b = TildeModel.create(compileOk(LGSSM(T), { fileName: 'lgssm.tilde' }), {}, 1);

  it('is a sequence with no dependency cycle: m does not list the whole z as a parent', () => {
    const ir = a.artifacts.ir;
    expect(ir.loops?.map((l) => l.kind)).toEqual(['sequence', 'plate']);
    expect(ir.sites.m?.parents).toEqual([]);
    expect(ir.sites.z?.kind === 'latent' ? ir.sites.z.selfLags : undefined).toEqual([1]);
  });

  it('scores and draws exactly as the direct LGSSM', () => {
    const rng = new Rng(2);
    const z = randomRows(rng, B, T);
    const x = randomRows(rng, B, T);
    const point: FixedPoint = { batch: B, data: new Map([['x', local([T], x)]]), latents: new Map([['z', local([T], z)]]) };
    const la = logJoint(a, point);
    const lb = logJoint(b, point);
    for (let i = 0; i < B; i++) expect(la[i]).toBeCloseTo(lb[i] as number, 4);
    const draw = (m: TildeModel): number[] => tf.tidy(() => Array.from(m.program().sampleModel(3, new Rng(4)).values.get('z')?.dataSync() ?? []));
    expect(draw(a)).toEqual(draw(b));
  });
});

describe('a plate equals its hand-unrolled model', () => {
  const T = 4;
  const B = 2;
  const loop = `model p {
  dim T = ${T};
  data x: Real[T];
  data w: Real[T];
  latent z: Real[T];
  for t in 0:T { z[t] ~ Normal(0, 1); }
  for t in 0:T { x[t] ~ Normal(2 * z[t] + w[t], 0.3); }
}
`;
  const idx = [...Array(T).keys()];
  const unrolled = `model p {
${idx.map((t) => `  data x${t}: Real;\n  data w${t}: Real;\n  z${t} ~ Normal(0, 1);\n  x${t} ~ Normal(2 * z${t} + w${t}, 0.3);`).join('\n')}
}
`;
  const rng = new Rng(9);
  const [z, x, w] = [randomRows(rng, B, T), randomRows(rng, B, T), randomRows(rng, B, T)];
  const col = (rows: number[][], t: number): FixedSite => local([], rows.map((r) => [r[t] as number]));

  it('is a plate, vectorized without unrolling', () => {
    const ir = compileOk(loop, { fileName: 'p.tilde' }).ir;
    expect(ir.loops?.map((l) => l.kind)).toEqual(['plate', 'plate']);
    expect(Object.keys(ir.sites).sort()).toEqual(['w', 'x', 'z']);
  });

  it('has the same log joint at the same values', () => {
    const a = TildeModel.create(compileOk(loop, { fileName: 'p.tilde' }), {}, 1);
    const b = TildeModel.create(compileOk(unrolled, { fileName: 'u.tilde' }), {}, 1);
    const pa: FixedPoint = { batch: B, data: new Map([['x', local([T], x)], ['w', local([T], w)]]), latents: new Map([['z', local([T], z)]]) };
    const pb: FixedPoint = {
      batch: B,
      data: new Map(idx.flatMap((t) => [[`x${t}`, col(x, t)] as const, [`w${t}`, col(w, t)] as const])),
      latents: new Map(idx.map((t) => [`z${t}`, col(z, t)] as const)),
    };
    const la = logJoint(a, pa);
    const lb = logJoint(b, pb);
    for (let i = 0; i < B; i++) expect(la[i]).toBeCloseTo(lb[i] as number, 3);
  });
});
