/**
 * Message quality found in a new-user tryout (issue 10): each diagnostic names the real cause and its
 * fix, and one mistake yields one diagnostic.
 */
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/common/render.js';
import { check, codes } from './helpers.js';

describe('messages say what went wrong', () => {
  it('a latent used only through concat(z, y), inferred as a scalar: the error says so and suggests `latent z: Real[Z]`', () => {
    const r = check(`model cvae {
  dim Z = 4;
  data y: Real[10];
  data x: Binary[20];
  net decoder: MLP(Z + 10 -> 32 -> 20, hidden = relu, out = sigmoid);
  z ~ Normal(0, 1);
  x ~ Bernoulli(decoder(concat(z, y)));
}
`);
    expect(codes(r)).toEqual(['E0240']);
    const [d] = r.diagnostics;
    expect(d?.message).toBe('shape mismatch: network `decoder` expects input of shape [14], found [11]: `z` was inferred as a scalar (Real), as nothing declares its shape');
    expect(d?.help).toBe('declare its shape: `latent z: Real[Z];`');
    expect(d?.notes?.map((n) => [r.file.slice(n.span), n.message])).toEqual([['z ~ Normal(0, 1);', '`z` inferred as a scalar from this statement']]);
    // Without a dim of the right value the width is written as a number; with the declaration it checks.
    const fixed = check(`model m {\n  data y: Real[10];\n  data x: Binary[20];\n  net d: MLP(14 -> 32 -> 20, out = sigmoid);\n  z ~ Normal(0, I);\n  latent z: Real[4];\n  x ~ Bernoulli(d(concat(z, y)));\n}\n`);
    expect(renderDiagnostics(fixed.diagnostics, fixed.file)).toBe('');
    const numeric = check(`model m {\n  data y: Real[10];\n  data x: Binary[20];\n  net d: MLP(14 -> 32 -> 20, out = sigmoid);\n  z ~ Normal(0, 1);\n  x ~ Bernoulli(d(concat(z, y)));\n}\n`);
    expect(numeric.diagnostics[0]?.help).toBe('declare its shape: `latent z: Real[4];`');
  });

  it('a declared latent of the wrong width keeps the plain shape message', () => {
    const r = check(`model m {\n  data y: Real[10];\n  data x: Binary[20];\n  latent z: Real[2];\n  net d: MLP(14 -> 32 -> 20, out = sigmoid);\n  z ~ Normal(0, I);\n  x ~ Bernoulli(d(concat(z, y)));\n}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([['E0240', 'shape mismatch: network `d` expects input of shape [14], found [12]', undefined]]);
  });

  it('a net declared in the guide and called in the model checks clean: nets are shared (test/check/shared-nets.test.ts)', () => {
    const r = check(`model m {
  data x: Real[10];
  latent z: Real[10];
  z ~ Normal(0, I);
  x ~ Normal(enc(z), 1);
  guide {
    net enc: MLP(10 -> 16 -> 10);
    z ~ Normal(enc(x), 1);
  }
}
`);
    expect(r.diagnostics).toEqual([]);
  });

  it('and vice versa: a model net called in the guide checks clean', () => {
    const r = check(`model m {\n  data x: Real[10];\n  net dec: MLP(10 -> 16 -> 10);\n  latent z: Real[10];\n  z ~ Normal(0, I);\n  x ~ Normal(dec(z), 1);\n  guide {\n    z ~ Normal(dec(x), 1);\n  }\n}\n`);
    expect(r.diagnostics).toEqual([]);
  });

  it('one stray `=` in a guide line yields exactly one E0105', () => {
    const r = check(`model m {\n  data x: Real;\n  z ~ Normal(0, 1);\n  x ~ Normal(z, 1);\n  guide {\n    z ~ Normal(= 0, 1);\n  }\n}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['E0105', 'expected `,` or `)`, found `=`']]);
  });

  it('a stray `=` for `:` or `~` in a guide line yields one E0105 (not one per later token), with the fix', () => {
    const named = check(`model m {
  data x: Real[10];
  z ~ Normal(0, 1);
  x ~ Normal(z, 1);
  guide {
    net enc: MLP(10 -> 16 -> 2);
    let h = enc(x);
    z ~ Normal(loc = h[0], scale: softplus(h[1]));
  }
}
`);
    expect(named.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([['E0105', 'expected `,` or `)`, found `=`', 'a named argument is written with `:`: `loc: …`']]);
    const assign = check(`model m {\n  data x: Real;\n  z ~ Normal(0, 1);\n  x ~ Normal(z, 1);\n  guide {\n    z = Normal(0, 1);\n  }\n}\n`);
    expect(assign.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([['E0105', 'expected `~`, found `=`', 'write `z ~ …` to sample it, or `let z = …` to name a value']]);
    // Slips in two statements are two errors.
    const two = check(`model m {\n  data x: Real;\n  z = Normal(0, 1);\n  x = Normal(z, 1);\n}\n`);
    expect(codes(two)).toEqual(['E0105', 'E0105']);
  });

  it('a let used only in the guide is not warned "never used"', () => {
    const r = check(`model m {\n  data x: Real[10];\n  z ~ Normal(0, 1);\n  x ~ Normal(z, 1);\n  guide {\n    let h = 2 * x;\n    net enc: MLP(10 -> 16 -> 1);\n    z ~ Normal(enc(h)[0], 1);\n  }\n}\n`);
    expect(r.diagnostics).toEqual([]);
    // A guide let that nothing reads is still warned.
    const unused = check(`model m {\n  data x: Real[10];\n  z ~ Normal(0, 1);\n  x ~ Normal(z, 1);\n  guide {\n    let h = 2 * x;\n    z ~ Normal(0, 1);\n  }\n}\n`);
    expect(codes(unused)).toEqual(['W0003']);
  });
});
