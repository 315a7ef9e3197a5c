/**
 * Rows with an `eventOffset` (LogisticNormal: K − 1 log-ratio parameters for a value on the K-simplex):
 * the broadcast check of check-site.ts and the shape inference of latent-shapes.ts both relate the
 * parameters' last axis to the variable's through the offset, in the model and in a guide block.
 */
import { describe, expect, it } from 'vitest';
import type { CheckedModel } from '../../src/check/checked-model.js';
import { DISTRIBUTIONS, parameterShapeOf, valueShapeOf } from '../../src/registry/distributions.js';
import { checkBody, codes, codesAt, model } from './helpers.js';

const shapeOf = (m: CheckedModel, name: string): readonly number[] | undefined => {
  const s = m.symbols.get(name);
  return s?.kind === 'latent' ? s.shape : undefined;
};

const OBSERVE = 'data y: Category(4); y ~ Categorical(p);';

describe('LogisticNormal parameters against the variable', () => {
  it('checks clean with [K − 1] parameters for a declared Simplex[K] latent', () => {
    const r = checkBody(`param m: Real[3]; param s: Positive[3]; latent p: Simplex[4]; p ~ LogisticNormal(m, s); ${OBSERVE}`);
    expect(r.diagnostics).toEqual([]);
  });

  it('reports [K] parameters as a shape mismatch, with a help naming the shape they need', () => {
    const r = checkBody(`param m: Real[4]; param s: Positive[4]; latent p: Simplex[4];\np ~ LogisticNormal(m, s); ${OBSERVE}`);
    expect(codesAt(r)).toEqual(['E0246@3:20', 'E0246@3:23']);
    expect(r.diagnostics[0]?.message).toBe('parameter `loc` of `LogisticNormal` has shape [4], which does not broadcast to the shape of `p`, [4]');
    expect(r.diagnostics[0]?.help).toBe('the parameters of `LogisticNormal` have 1 fewer entry on their last axis than its value: for `p` of shape [4] give them shape [3]');
  });

  it('broadcasts scalars and leading axes as for any vector row', () => {
    expect(checkBody(`param s: Positive[3]; latent p: Simplex[4]; p ~ LogisticNormal(0, s); ${OBSERVE}`).diagnostics).toEqual([]);
    expect(codes(checkBody('param m: Real[2, 3]; latent p: Simplex[5, 4]; p ~ LogisticNormal(m, 1); data y: Category(4)[5]; y ~ Categorical(p);'))).toEqual(['E0246']);
    expect(checkBody('param m: Real[3]; latent p: Simplex[5, 4]; p ~ LogisticNormal(m, 1); data y: Category(4)[5]; y ~ Categorical(p);').diagnostics).toEqual([]);
  });

  it('gives I the parameters’ shape, not the variable’s', () => {
    const m = model(`latent p: Simplex[4]; p ~ LogisticNormal(0, I); ${OBSERVE}`);
    const info = [...m.exprs].find(([e]) => e.kind === 'identity')?.[1];
    expect(info?.shape).toEqual([3]);
  });

  it('leaves a scalar variable to the missing-event-axis diagnostic', () => {
    const r = checkBody('latent p: Positive; p ~ LogisticNormal(0, 1); data y: Real; y ~ Normal(p, 1);');
    expect(r.diagnostics.map((d) => d.message)).toContain('`LogisticNormal` draws vectors, but `p` has shape [], which has no last axis for the event');
  });
});

describe('LogisticNormal latent shapes from the parameters', () => {
  it('gives an undeclared latent shape [K] from [K − 1] parameters, with domain Simplex', () => {
    const m = model('param m: Real[3]; p ~ LogisticNormal(m, I); data y: Category(4); y ~ Categorical(p);');
    expect(shapeOf(m, 'p')).toEqual([4]);
    expect(m.symbols.get('p')).toMatchObject({ kind: 'latent', domain: 'Simplex' });
  });

  it('lengthens only the last axis of a broadcast', () => {
    const m = model('param m: Real[2, 1]; param s: Positive[5]; p ~ LogisticNormal(m, s); data y: Category(6)[2]; y ~ Categorical(p);');
    expect(shapeOf(m, 'p')).toEqual([2, 6]);
  });

  it('cannot tell K from scalar parameters alone (E0247), as for Dirichlet', () => {
    expect(codes(checkBody('p ~ LogisticNormal(0, 1); data y: Real; y ~ Normal(sum(p), 1);'))).toEqual(['E0247']);
  });

  it('reports an undetermined Dirichlet(I) latent (E0247) instead of making it a scalar', () => {
    expect(codes(checkBody('p ~ Dirichlet(I);'))).toEqual(['E0247']);
    expect(codes(checkBody('data y: Category(3); p ~ Dirichlet(I); y ~ Categorical(p);'))).toEqual([]);
  });

  it('takes K from a use as a vector-event parameter: y ~ Categorical(p) with y: Category(4) makes p [4]', () => {
    const m = checkBody('p ~ LogisticNormal(0, 1); data y: Category(4); y ~ Categorical(p);');
    expect(codes(m)).toEqual([]);
  });

  it('a network input fixes the shape first, and the parameters are then checked against it', () => {
    const r = checkBody('param m: Real[3]; net f: MLP(5 -> 2); data x: Real[2]; p ~ LogisticNormal(m, 1); x ~ Normal(f(p), 1);');
    expect(codes(r)).toEqual(['E0246']);
  });
});

describe('LogisticNormal in a guide block', () => {
  const MODEL = `
  data y: Category(4);
  latent p: Simplex[4];
  p ~ Dirichlet(I);
  y ~ Categorical(p);`;

  it('checks a guide with K − 1 heads clean', () => {
    const r = checkBody(`${MODEL}
  guide {
    net enc: MLP(4 -> 16 -> 6);
    let h = enc(y);
    p ~ LogisticNormal(h[0:3], softplus(h[3:6]));
  }`);
    expect(r.diagnostics).toEqual([]);
  });

  it('reports K heads with the event-offset help', () => {
    const r = checkBody(`${MODEL}
  guide {
    net enc: MLP(4 -> 16 -> 8);
    let h = enc(y);
    p ~ LogisticNormal(h[0:4], softplus(h[4:8]));
  }`);
    expect(codes(r)).toEqual(['E0246', 'E0246']);
    expect(r.diagnostics[0]?.help).toContain('give them shape [3]');
  });
});

describe('the registry’s shape helpers', () => {
  const ln = DISTRIBUTIONS.LogisticNormal;
  const dirichlet = DISTRIBUTIONS.Dirichlet;

  it('shorten and lengthen the last axis by the offset, and are the identity without one', () => {
    expect(parameterShapeOf(ln, [5, 4])).toEqual([5, 3]);
    expect(valueShapeOf(ln, [5, 3])).toEqual([5, 4]);
    expect(parameterShapeOf(ln, [])).toEqual([]);
    expect(parameterShapeOf(dirichlet, [5, 4])).toEqual([5, 4]);
    expect(valueShapeOf(dirichlet, [4])).toEqual([4]);
  });
});
