/**
 * NormalMixture's components axis in the checker: K is the longest last axis among the arguments, each
 * broadcasts to `[…value, K]`, and a latent's shape is inferred from `loc` with the K axis dropped.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/check-program.js';
import { SourceFile } from '../../src/common/span.js';
import { compileOk } from '../helpers/compile.js';

const check = (body: string) => checkSource(new SourceFile('t.tilde', `model m { data x: Real[4]; net dec: Linear(2 -> 4); ${body} x ~ Normal(dec(z), 1); }`)).diagnostics;

describe('NormalMixture shapes', () => {
  it('accepts logits [K], loc [D, K] and a scalar or [D, K] scale', () => {
    expect(check('param w: Real[3]; param mu: Real[2, 3]; z ~ NormalMixture(w, mu, 1);')).toEqual([]);
    expect(check('param w: Real[3]; param mu: Real[2, 3]; param s: Positive[2, 3]; z ~ NormalMixture(w, mu, s);')).toEqual([]);
    // loc [K] alone broadcasts over the event axis: each component's mean is the same in every coordinate.
    expect(check('param w: Real[3]; param mu: Real[3]; z ~ NormalMixture(w, mu, 1);')).toEqual([]);
  });

  it('reports a loc whose components axis differs from the logits (E0246) at the argument', () => {
    const d = check('param w: Real[3]; param mu: Real[2, 4]; z ~ NormalMixture(w, mu, 1);');
    expect(d.map((x) => x.code)).toEqual(['E0246']);
  });

  it('takes K from any argument: scalar logits are equal weights', () => {
    expect(check('param mu: Real[2, 3]; z ~ NormalMixture(0, mu, 1);')).toEqual([]);
    const a = compileOk('model m { param mu: Real[2, 3]; data x: Real[2]; z ~ NormalMixture(0, mu, I); x ~ Normal(z, 1); }');
    expect(a.ir.sites['z']).toMatchObject({ shape: [2] });
  });

  it('reports logits of another length with a hint naming the shape', () => {
    const d = check('param w: Real[2]; param mu: Real[2, 3]; z ~ NormalMixture(w, mu, 1);');
    expect(d.map((x) => x.code)).toEqual(['E0246']);
    expect(d[0]?.help).toContain('components axis');
  });

  it('requires a positive scale (E0260)', () => {
    expect(check('param w: Real[3]; param mu: Real[2, 3]; param s: Real[2, 3]; z ~ NormalMixture(w, mu, s);').map((x) => x.code)).toEqual(['E0260']);
  });

  it("infers a latent's shape from loc without the components axis", () => {
    const a = compileOk('model m { param w: Real[3]; param mu: Real[5, 3]; data x: Real; z ~ NormalMixture(w, mu, 1); x ~ Normal(sum(z), 1); }');
    expect(a.ir.sites['z']).toMatchObject({ kind: 'latent', shape: [5], domain: 'Real' });
    expect(a.plan.sites.find((r) => r.name === 'z')).toMatchObject({ prior: 'NormalMixture', guide: 'Normal', kl: 'mc' });
  });
});
