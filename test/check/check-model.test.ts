/** The checker on hand-written models: shape inference, domains, binding, order, globals and roles. */
import { describe, expect, it } from 'vitest';
import type { CheckedModel, LatentSymbol } from '../../src/check/checked-model.js';
import { checkProgram } from '../../src/check/check-program.js';
import { SourceFile } from '../../src/common/span.js';
import { parseProgram } from '../../src/syntax/parse.js';
import { checkBody, codes, codesAt, model } from './helpers.js';

const latent = (m: CheckedModel, name: string): LatentSymbol => {
  const s = m.symbols.get(name);
  if (s?.kind !== 'latent') throw new Error(`${name} is not a latent`);
  return s;
};
const order = (m: CheckedModel): string[] => m.order.map((o) => (o.kind === 'sample' ? o.stmt.target.name : `let ${o.stmt.name.name}`));

describe('latent shape inference', () => {
  it('takes a declaration first', () => {
    expect(latent(model('latent z: Real[4, 2]; z ~ Normal(0, 1);'), 'z').shape).toEqual([4, 2]);
  });

  it('takes the input size of the network that reads it', () => {
    const m = model('data x: Real[5]; net f: MLP(7 -> 5); z ~ Normal(0, I); x ~ Normal(f(z), 1);');
    expect(latent(m, 'z').shape).toEqual([7]);
  });

  it('takes the matching vector of a matrix product and of dot', () => {
    const m = model('data y: Real[3]; param W: Real[3, 4]; z ~ Normal(0, I); u ~ Normal(0, 1); v ~ Normal(0, I); y ~ Normal(W @ z + dot(v, z), 1);');
    expect(latent(m, 'z').shape).toEqual([4]);
    expect(latent(m, 'v').shape).toEqual([4]);
    expect(latent(m, 'u').shape).toEqual([]);
  });

  it('falls back to the broadcast of the parameters, without I', () => {
    const m = model('param mu: Real[6]; z ~ Normal(mu, I); s ~ Normal(0, I);');
    expect(latent(m, 'z').shape).toEqual([6]);
    expect(latent(m, 's').shape).toEqual([]);
  });

  it('reaches a fixpoint through chains written in any order', () => {
    const m = model('net f: MLP(3 -> 8); net g: MLP(8 -> 2); c ~ Normal(g(b), 1); b ~ Normal(f(a), 1); a ~ Normal(0, I);');
    expect([latent(m, 'a').shape, latent(m, 'b').shape, latent(m, 'c').shape]).toEqual([[3], [8], [2]]);
  });

  it('gives I the shape of the sampled variable', () => {
    const r = checkBody('latent z: Real[3, 2]; z ~ Normal(0, I);');
    const m = r.models[0] as CheckedModel;
    const info = [...m.exprs].find(([e]) => e.kind === 'identity')?.[1];
    expect(info).toEqual({ shape: [3, 2], domain: 'Positive', perDatapoint: false, constant: 1 });
  });

  it('reports a second use that wants another shape, naming both', () => {
    const r = checkBody('data x: Real[5]; net f: MLP(7 -> 5); net g: MLP(4 -> 5); z ~ Normal(0, I); x ~ Normal(f(z) + g(z), 1);');
    expect(codes(r)).toEqual(['E0240']);
    expect(r.diagnostics[0]?.message).toBe('shape mismatch: network `g` expects input of shape [4], found [7]');
  });

  it('gives a Category latent its number of categories', () => {
    const m = model('data x: Real[3]; net f: MLP(6 -> 3); c ~ Categorical(logits: 0); x ~ Normal(f(c), 1);');
    expect(latent(m, 'c')).toMatchObject({ shape: [6], domain: 'Category', categories: 6 });
  });
});

describe('declarations', () => {
  it('evaluates dims in any order, and Category(K) shapes end in K', () => {
    const m = model('dim H = 2 * Z + 1; dim Z = 3; data y: Category(Z)[H]; y ~ Categorical(logits: 0);');
    expect(m.symbols.get('H')).toMatchObject({ kind: 'dim', value: 7 });
    expect(m.symbols.get('y')).toMatchObject({ kind: 'data', shape: [7, 3], domain: 'Category', categories: 3, role: 'observed' });
  });

  it('reports a cycle among dims', () => {
    const r = checkBody('dim A = B + 1; dim B = A; data x: Real[A]; x ~ Normal(0, 1);');
    expect(codes(r)).toContain('E0271');
    expect(r.diagnostics.find((d) => d.code === 'E0271')?.message).toBe('dependency cycle: `A -> B -> A`');
  });

  it('resolves networks with defaults', () => {
    const m = model('data x: Real[2]; net f: MLP(3 -> 4 -> 2); net g: Linear(2 -> 3, out = exp); z ~ Normal(0, I); x ~ Normal(f(g(z)), 1);');
    expect(m.symbols.get('f')).toMatchObject({ spec: { kind: 'MLP', sizes: [3, 4, 2], options: { hidden: 'relu', out: 'identity' } } });
    expect(m.symbols.get('g')).toMatchObject({ spec: { kind: 'Linear', sizes: [2, 3], options: { out: 'exp' } } });
  });

  it('marks data as observed or covariate', () => {
    const m = model('data x: Real[2]; data y: Real; w ~ Normal(0, I); y ~ Normal(dot(w, x), 1);');
    expect(m.symbols.get('x')).toMatchObject({ role: 'covariate' });
    expect(m.symbols.get('y')).toMatchObject({ role: 'observed' });
  });
});

describe('distribution binding', () => {
  it('binds positional and named arguments to the parameterization they select', () => {
    const m = model('data x: Binary; data y: Real; x ~ Bernoulli(logits: 0.3); y ~ Normal(scale: 2, loc: 1);');
    const [bx, by] = m.order.map((o) => (o.kind === 'sample' ? o.dist : undefined));
    expect(bx?.parameterization).toBe(1);
    expect(bx?.args.map((a) => a.param.name)).toEqual(['logits']);
    expect(by?.args.map((a) => [a.param.name, a.value.kind === 'number' ? a.value.value : undefined])).toEqual([
      ['loc', 1],
      ['scale', 2],
    ]);
  });

  it('reports a constrained parameter it cannot prove, and accepts provable ones', () => {
    expect(codes(checkBody('data x: Real; s ~ Normal(0, 1); x ~ Normal(0, s);'))).toEqual(['E0260']);
    expect(codes(checkBody('data x: Real; s ~ Normal(0, 1); x ~ Normal(0, exp(s) + 2 * softplus(s));'))).toEqual([]);
    expect(codes(checkBody('data x: Binary; s ~ Normal(0, 1); x ~ Bernoulli(probs: s);'))).toEqual(['E0260']);
    expect(checkBody('data x: Binary; s ~ Normal(0, 1); x ~ Bernoulli(probs: s);').diagnostics[0]?.help).toBe(
      'map it into the constraint, e.g. `sigmoid(s)`, or pass unconstrained values as `Bernoulli(logits: s)`',
    );
  });
});

describe('dependency order', () => {
  it('sorts statements topologically, ties in source order', () => {
    const m = model('data x: Real; x ~ Normal(h, 1); let h = a + b; b ~ Normal(a, 1); a ~ Normal(0, 1); c ~ Normal(0, 1);');
    expect(order(m)).toEqual(['a', 'b', 'let h', 'x', 'c']);
  });

  it('names a cycle through a let', () => {
    const r = checkBody('let h = a + 1; a ~ Normal(h, 1);');
    expect(codesAt(r)).toEqual(['E0271@2:5']);
    expect(r.diagnostics[0]?.message).toBe('dependency cycle: `h -> a -> h`');
    expect(r.diagnostics[0]?.notes?.map((n) => n.message)).toEqual(['`h` depends on `a` here', '`a` depends on `h` here']);
  });
});

describe('global latents', () => {
  it('are not per-datapoint, and neither is what depends only on them', () => {
    const m = model('data x: Real; global mu ~ Normal(0, 1); let s = exp(mu); x ~ Normal(mu, s);');
    expect(latent(m, 'mu').scope).toBe('global');
    const let_ = [...m.exprs].filter(([e]) => e.kind === 'call' && e.callee.name === 'exp').map(([, i]) => i.perDatapoint);
    expect(let_).toEqual([false]);
  });

  it('may not depend on data through lets, named in the message', () => {
    const r = checkBody('data c: Real; data x: Real; let h = 2 * c; global w ~ Normal(h, 1); x ~ Normal(w, 1);');
    expect(codes(r)).toEqual(['E0270']);
    expect(r.diagnostics[0]?.message).toBe('global latent `w` cannot depend on data `c` (through `h`), which differs between datapoints');
  });

  it('may not depend on local latents', () => {
    expect(codes(checkBody('z ~ Normal(0, 1); global w ~ Normal(z, 1);'))).toEqual(['E0270']);
  });
});

describe('several errors at once', () => {
  it('reports each independent mistake once, in source order', () => {
    const r = checkBody('data x: Real[3];\n  z ~ Nromal(0, 1);\n  x ~ Normal(q, softpuls(1));\n  let u = 1;');
    expect(codesAt(r)).toEqual(['E0203@3:7', 'E0201@4:14', 'E0204@4:17', 'W0003@5:7']);
  });
});

describe('checkProgram', () => {
  it('checks every model and rejects duplicate model names', () => {
    const file = new SourceFile('<t>', 'model a { x ~ Normal(0, 1); }\nmodel b { y ~ Normal(0, 1); }\nmodel a { z ~ Normal(0, 1); }\n');
    const r = checkProgram(parseProgram(file).program);
    expect(r.models.map((m) => m.name)).toEqual(['a', 'b']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['E0215']);
  });

  it('accepts a model with no statements', () => {
    expect(model('').symbols.size).toBe(0);
  });
});
