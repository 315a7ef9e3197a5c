/** User guide blocks: coverage, order, typing, and the rules on what a guide may read and sample. */
import { describe, expect, it } from 'vitest';
import type { CheckedModel } from '../../src/check/checked-model.js';
import { checkBody, codes, model } from './helpers.js';

const guideOrder = (m: CheckedModel): string[] =>
  (m.guide?.order ?? []).map((o) => (o.kind === 'sample' ? o.stmt.target.name : `let ${o.stmt.name.name}`));

const MODEL = `
  data x: Real[4];
  net dec: MLP(3 -> 8 -> 4);
  latent z1: Real[3];
  z1 ~ Normal(0, I);
  z2 ~ Normal(z1, 1);
  x ~ Normal(dec(z2), 1);`;

describe('guide blocks', () => {
  it('record the latents they cover, their own names, and a dependency order', () => {
    const m = model(`${MODEL}
  guide {
    z2 ~ Normal(h[0:3] + z1, 1);
    net enc: MLP(4 -> 16 -> 6);
    let h = enc(x);
    z1 ~ Normal(h[3:6], softplus(h[0:3]));
  }`);
    expect([...(m.guide?.covered ?? [])]).toEqual(['z2', 'z1']);
    expect(guideOrder(m)).toEqual(['let h', 'z1', 'z2']);
    expect([...(m.guide?.symbols.keys() ?? [])]).toEqual(['enc', 'h']);
    expect(m.guide?.symbols.get('enc')).toMatchObject({ kind: 'net', spec: { kind: 'MLP', sizes: [4, 16, 6] } });
    const sliced = [...m.exprs].filter(([e]) => e.kind === 'index').map(([, i]) => i.shape);
    expect(sliced).toEqual([[3], [3], [3]]);
  });

  it('report guide parameters that do not fit the latent, with both shapes', () => {
    const r = checkBody(`${MODEL}
  guide {
    net enc: MLP(4 -> 16 -> 5);
    z1 ~ Normal(enc(x), 1);
  }`);
    expect(codes(r)).toEqual(['E0246']);
    expect(r.diagnostics[0]?.message).toBe('parameter `loc` of `Normal` has shape [5], which does not broadcast to the shape of `z1`, [3]');
  });

  it('may read data and dims but not model lets or params', () => {
    expect(codes(checkBody('dim K = 2; data x: Real; let s = 2; param c: Real; z ~ Normal(0, 1); x ~ Normal(z * s + c, 1); guide { z ~ Normal(x * K, s + c); }'))).toEqual([
      'E0282',
      'E0282',
    ]);
  });

  it('keep their names apart from the model and the model cannot see them', () => {
    expect(codes(checkBody('data x: Real; z ~ Normal(0, 1); x ~ Normal(z, 1); guide { let x = 1; z ~ Normal(0, 1); }'))).toEqual(['E0202']);
    const r = checkBody('data x: Real; z ~ Normal(0, 1); x ~ Normal(z + h, 1); guide { let h = 2 * x; z ~ Normal(h, 1); }');
    expect(codes(r)).toEqual(['E0201']);
    expect(r.diagnostics[0]?.help).toBe("`h` is declared in the guide; the model cannot use the guide's lets and params (only nets are shared by the model and the guide)");
  });

  it('report cycles among their own statements', () => {
    const r = checkBody(`${MODEL}
  guide {
    z1 ~ Normal(z2[0:3], 1);
    z2 ~ Normal(z1, 1);
  }`);
    expect(codes(r)).toEqual(['E0271']);
  });

  it('accept supports that differ only at the unit interval endpoints', () => {
    const m = model('data x: Unit; c ~ ContinuousBernoulli(0.5); x ~ Beta(1 + c, 1); guide { c ~ Beta(1 + x, 2); }');
    expect([...(m.guide?.covered ?? [])]).toEqual(['c']);
  });

  it('need the guide of a global to be global and independent of data', () => {
    expect(codes(checkBody('data x: Real; global m ~ Normal(0, 1); x ~ Normal(m, 1); guide { global m ~ Normal(x, 1); }'))).toEqual(['E0270']);
    expect(codes(checkBody('data x: Real; z ~ Normal(0, 1); x ~ Normal(z, 1); guide { global z ~ Normal(0, 1); }'))).toEqual(['E0286']);
  });

  it('warn about their unused declarations', () => {
    expect(codes(checkBody('data x: Real; z ~ Normal(0, 1); x ~ Normal(z, 1); guide { param p: Real; z ~ Normal(x, 1); }'))).toEqual(['W0003']);
  });
});

const errors = (r: Parameters<typeof codes>[0]) => codes(r).filter((c) => c.startsWith('E'));

describe('a user guide stays inside its prior’s support (E0287)', () => {
  // Errors only: the guide params `a`, `b` go unused in some cases (W0003).
  const bounded = (prior: string, guide: string, extra = '') => errors(checkBody(`
  data x: Real;
  s ~ Gamma(2, 1);${extra}
  u ~ ${prior};
  x ~ Normal(u + s, 1);
  guide {
    param a: Positive;
    param b: Positive;
    s ~ Weibull(softplus(x) + 1, 2);
    u ~ ${guide};
  }`));

  it('accepts a guide on the same interval, or one provably inside it', () => {
    expect(bounded('Uniform(0, 5)', 'Kumaraswamy(a, b, low: 0, high: 5)')).toEqual([]);
    expect(bounded('Uniform(0, 5)', 'Uniform(1, 2)')).toEqual([]);
    expect(bounded('Uniform(-1, 1)', 'Kumaraswamy(a, b, low: -1, high: 1)')).toEqual([]);
    // Latent-dependent bounds: the same expression, with the model's lets expanded.
    expect(bounded('Uniform(0, s)', 'Kumaraswamy(a, b, low: 0, high: s)')).toEqual([]);
    expect(bounded('Uniform(0, h)', 'Kumaraswamy(a, b, low: 0, high: 3 * s)', '\n  let h = 3 * s;')).toEqual([]);
    // Unbounded priors take any guide on their domain; a Beta prior takes the Kumaraswamy on (0, 1).
    expect(bounded('Normal(0, 1)', 'Uniform(-3, 3)')).toEqual([]);
    expect(bounded('Beta(2, 2)', 'Kumaraswamy(a, b)')).toEqual([]);
  });

  it('reports a guide that can leave the interval, at the guide’s distribution, with the prior’s interval as the fix', () => {
    expect(bounded('Uniform(0, 5)', 'LogNormal(x, 1)')).toEqual(['E0287']);
    expect(bounded('Uniform(-1, 1)', 'Normal(x, 1)')).toEqual(['E0287']);
    expect(bounded('Uniform(0, 5)', 'Uniform(1, 6)')).toEqual(['E0287']);
    expect(bounded('Uniform(0, s)', 'Kumaraswamy(a, b, low: 0, high: s + 1)')).toEqual(['E0287']);
    expect(bounded('Uniform(0, s)', 'Weibull(a, b)')).toEqual(['E0287']);
    const r = checkBody(`
  data x: Real;
  s ~ Gamma(2, 1);
  u ~ Uniform(0, s);
  x ~ Normal(u, 1);
  guide {
    s ~ Weibull(2, 2);
    u ~ LogNormal(x, 1);
  }`);
    const d = r.diagnostics.find((x) => x.code === 'E0287');
    expect(d?.message).toBe('the guide for `u` must stay inside the support (0, s) of its prior `Uniform(0, s)`, but `LogNormal` draws values in (0, ∞): its upper end ∞ is not known to be ≤ s');
    expect(d?.help).toContain('`u ~ Kumaraswamy(a, b, low: 0, high: s)`');
  });
});
