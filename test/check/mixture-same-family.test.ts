/**
 * MixtureSameFamily in the checker: the component is a distribution call checked for the value with the
 * mixture axis inserted before its event axis (`[K, D]` parameters for a `[D]` value); K is the weights'
 * last axis (or the components' when the weights are shared); located errors for a component that is not
 * a distribution (E0231), a mixture axis of another length (E0232) and the component's own constraints.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/check-program.js';
import { SourceFile } from '../../src/common/span.js';
import { compile } from '../../src/compile.js';
import { compileOk } from '../helpers/compile.js';

const check = (body: string) => checkSource(new SourceFile('t.tilde', `model m { data x: Real[4]; net dec: Linear(2 -> 4); ${body} x ~ Normal(dec(z), 1); }`)).diagnostics;

describe('MixtureSameFamily', () => {
  it('accepts logits [K] with component parameters [K, D], [D] (shared across components) or scalars', () => {
    expect(check('param w: Real[3]; param mu: Real[3, 2]; z ~ MixtureSameFamily(w, Normal(mu, 1));')).toEqual([]);
    expect(check('param w: Real[3]; param mu: Real[3, 2]; param s: Positive[3, 2]; z ~ MixtureSameFamily(logits: w, component: Laplace(mu, s));')).toEqual([]);
    expect(check('param w: Real[3]; param mu: Real[3, 2]; param s: Positive[2]; z ~ MixtureSameFamily(w, StudentT(4, mu, s));')).toEqual([]);
    expect(check('param p: Simplex[3]; param mu: Real[3, 2]; z ~ MixtureSameFamily(probs: p, component: Normal(mu, I));')).toEqual([]);
  });

  it('types a Bernoulli component: a binary latent, and its derived guide is a Bernoulli', () => {
    const a = compileOk('model m { param w: Real[2]; param l: Real[2, 3]; data x: Real[3]; z ~ MixtureSameFamily(w, Bernoulli(logits: l)); x ~ Normal(z, 1); }');
    expect(a.ir.sites['z']).toMatchObject({ kind: 'latent', shape: [3], domain: 'Binary' });
    expect(a.plan.sites.find((r) => r.name === 'z')).toMatchObject({ prior: 'MixtureSameFamily', guide: 'Bernoulli', kl: 'mc' });
  });

  it("infers the latent's shape from the component without its mixture axis, and derives a Normal guide with a Monte Carlo KL", () => {
    const a = compileOk('model m { param w: Real[3]; param mu: Real[3, 5]; data x: Real; z ~ MixtureSameFamily(w, Normal(mu, 1)); x ~ Normal(sum(z), 1); }');
    expect(a.ir.sites['z']).toMatchObject({ kind: 'latent', shape: [5], domain: 'Real' });
    const row = a.plan.sites.find((r) => r.name === 'z');
    expect(row).toMatchObject({ prior: 'MixtureSameFamily', guide: 'Normal', kl: 'mc' });
  });

  it('takes K from the component when the weights are shared (scalar logits: equal weights)', () => {
    expect(check('param mu: Real[3, 2]; z ~ MixtureSameFamily(0, Normal(mu, 1));')).toEqual([]);
  });

  it('reports component parameters whose mixture axis is not K (E0232) at the argument, naming where K comes from', () => {
    const d = check('param w: Real[2]; param mu: Real[3, 2]; z ~ MixtureSameFamily(w, Normal(mu, 1));');
    expect(d.map((x) => x.code)).toEqual(['E0232']);
    expect(d[0]?.message).toBe('`mu` (Normal\'s loc) has 3 entries on its mixture axis, but the mixture has K = 2 components (from the weights `w`)');
    const e = check('param mu: Real[3, 2]; param s: Positive[4, 2]; z ~ MixtureSameFamily(0, Normal(mu, s));');
    expect(e.map((x) => x.code)).toEqual(['E0232']);
  });

  it('reports a component that is not a distribution call (E0231), or is another mixture', () => {
    expect(check('param w: Real[3]; param mu: Real[3, 2]; latent z: Real[2]; z ~ MixtureSameFamily(w, mu);').map((x) => x.code)).toEqual(['E0231']);
    expect(check('param w: Real[3]; param mu: Real[3, 2]; latent z: Real[2]; z ~ MixtureSameFamily(w, exp(mu));').map((x) => x.code)).toEqual(['E0231']);
    const nested = check('param w: Real[3]; param mu: Real[3, 2]; latent z: Real[2]; z ~ MixtureSameFamily(w, MixtureSameFamily(w, Normal(mu, 1)));');
    expect(nested.map((x) => x.code)).toEqual(['E0231']);
    expect(nested[0]?.message).toContain('mixtures do not nest');
  });

  it("checks the component's own arguments: its constraints (E0260) and arity (E0221)", () => {
    expect(check('param w: Real[3]; param mu: Real[3, 2]; param s: Real[3, 2]; z ~ MixtureSameFamily(w, Normal(mu, s));').map((x) => x.code)).toEqual(['E0260']);
    expect(check('param w: Real[3]; param mu: Real[3, 2]; latent z: Real[2]; z ~ MixtureSameFamily(w, Normal(mu));').map((x) => x.code)).toHaveLength(1);
  });

  it('requires a vector latent (the mixture is over the last axis; E0246)', () => {
    const d = checkSource(new SourceFile('t.tilde', 'model m { param w: Real[3]; param mu: Real[3]; data x: Real; latent z: Real; z ~ MixtureSameFamily(w, Normal(mu, 1)); x ~ Normal(z, 1); }')).diagnostics;
    expect(d.map((x) => x.code)).toContain('E0246');
  });

  it('refuses to derive a guide for a mixture of components bounded by parameters (E0901), which a Normal guide would leave', () => {
    const r = compile('model m { param w: Real[2]; param a: Real[2, 1]; data x: Real[1]; z ~ MixtureSameFamily(w, Uniform(a, a + 1)); x ~ Normal(z, 1); }');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0901']);
    expect(r.diagnostics[0]?.message).toContain('Uniform components');
  });

  it('prints the component in --emit ir', () => {
    const a = compileOk('model m { param w: Real[3]; param mu: Real[3, 2]; data x: Real[2]; z ~ MixtureSameFamily(w, Normal(mu, 0.5)); x ~ Normal(z, 1); }');
    expect(a.ir.sites['z']).toMatchObject({ prior: { dist: 'MixtureSameFamily', component: { dist: 'Normal' } } });
  });
});
