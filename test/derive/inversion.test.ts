import { describe, expect, it } from 'vitest';
import { compileOk } from '../helpers/compile.js';

/** The plan row of a latent. */
function row(text: string, name: string) {
  const a = compileOk(text);
  const r = a.plan.sites.find((s) => s.name === name);
  if (r === undefined || r.kind !== 'latent') throw new Error(`no latent ${name}`);
  return r;
}

describe('guide inputs follow the inverted dependency graph', () => {
  const twoLayer = `model m {
    data x: Real[4];
    net f: MLP(3 -> 8 -> 5, hidden = tanh);
    net g: MLP(5 -> 8 -> 4, hidden = tanh);
    latent z1: Real[3];
    z1 ~ Normal(0, I);
    z2 ~ Normal(f(z1), 1);
    x ~ Normal(g(z2), 1);
  }`;

  it('draws z2 from x, then z1 from z2 alone (x is independent of z1 given z2)', () => {
    const a = compileOk(twoLayer);
    expect(a.guide.order).toEqual(['z2', 'z1']);
    expect(row(twoLayer, 'z2').inputs).toEqual(['x']);
    expect(row(twoLayer, 'z1').inputs).toEqual(['z2']);
    expect(a.guide.factors['z1']?.dropped).toEqual(['x']);
  });

  it('makes the KL of z2 Monte Carlo (its prior depends on z1, drawn given z2) and keeps z1 analytic', () => {
    expect(row(twoLayer, 'z2').kl).toBe('mc');
    expect(row(twoLayer, 'z2').klReason).toContain('`z1`');
    expect(row(twoLayer, 'z1').kl).toBe('analytic');
  });

  it('conditions a local latent on a covariate that shares a child with it', () => {
    const text = `model m {
      data c: Real[2];
      data y: Real;
      z ~ Normal(0, 1);
      y ~ Normal(z * sum(c), 1);
    }`;
    expect(row(text, 'z').inputs).toEqual(['c', 'y']);
  });

  it('gives global latents a non-amortized guide and lets locals condition on them', () => {
    const text = `model m {
      data x: Real[3];
      global w ~ Normal(0, 1);
      z ~ Normal(0, I);
      latent z: Real[3];
      x ~ Normal(w * z, 1);
    }`;
    const a = compileOk(text);
    expect(a.guide.order).toEqual(['w', 'z']);
    expect(row(text, 'w').inputs).toEqual([]);
    expect(a.guide.factors['w']?.amortized).toBe(false);
    expect(Object.keys(a.guide.params).sort()).toEqual(['w_loc', 'w_scale']);
    expect(row(text, 'z').inputs).toEqual(['w', 'x']);
  });

  it('leaves out data a latent cannot reach', () => {
    const text = `model m {
      data x: Real;
      data y: Real;
      a ~ Normal(0, 1);
      b ~ Normal(0, 1);
      x ~ Normal(a, 1);
      y ~ Normal(b, 1);
    }`;
    expect(row(text, 'a').inputs).toEqual(['x']);
    expect(row(text, 'b').inputs).toEqual(['y']);
  });

  it('conditions on the co-parent of a shared child (explaining away)', () => {
    const text = `model m {
      data x: Real;
      a ~ Normal(0, 1);
      b ~ Normal(0, 1);
      x ~ Normal(a + b, 1);
    }`;
    // b is drawn first (reverse order) from x; a then needs x and b.
    expect(row(text, 'b').inputs).toEqual(['x']);
    expect(row(text, 'a').inputs).toEqual(['b', 'x']); // inputs are listed in model order
  });

  it('breaks the tie between two independent latents by source order: the one written later is drawn first', () => {
    // docs/compiler.md (faithful inversion): the model's dependency order keeps source order between
    // latents with no path between them, and the guide draws local latents in its reverse.
    const model = (first: string, second: string) => `model m {
      data x: Real[4];
      latent a: Real[2];
      latent b: Real[2];
      net dec: MLP(4 -> 8 -> 4);
      ${first} ~ Normal(0, I);
      ${second} ~ Normal(0, I);
      x ~ Normal(dec(concat(a, b)), 1);
    }`;
    const ab = compileOk(model('a', 'b'));
    const ba = compileOk(model('b', 'a'));
    expect(ab.guide.order).toEqual(['b', 'a']);
    expect(ab.guide.factors['b']?.inputs).toEqual(['x']);
    expect(ab.guide.factors['a']?.inputs).toEqual(['b', 'x']);
    expect(ba.guide.order).toEqual(['a', 'b']);
    expect(ba.guide.factors['a']?.inputs).toEqual(['x']);
    expect(ba.guide.factors['b']?.inputs).toEqual(['a', 'x']);
  });
});
