/**
 * The loop stage's checks (issue 17), case by case: index arithmetic (`t + c`, `c + t`, `t - c`; anything
 * else refused), loop bounds (size expressions, empty ranges), piecewise definitions (defined twice,
 * never, read before defined), out-of-range reads with their arithmetic, vectorizability, and which loops
 * are plates and which sequences. Each error is checked for its code, its line:column and its wording.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/check-program.js';
import { SourceFile } from '../../src/common/span.js';

function check(body: string): { codes: string[]; at: string[]; messages: string[]; kinds?: string[] } {
  const text = `model m {\n  dim T = 5;\n  data x: Real[T];\n${body}\n}\n`;
  const file = new SourceFile('m.tilde', text);
  const r = checkSource(file);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  const kinds = r.models[0]?.loops?.loops.map((l) => l.kind);
  return {
    codes: errors.map((d) => d.code),
    at: errors.map((d) => {
      const p = file.position(d.span.start);
      return `${p.line}:${p.column}`;
    }),
    messages: errors.map((d) => d.message),
    ...(kinds ? { kinds } : {}),
  };
}

describe('loops that check', () => {
  it('a plate over data: x[t] ~ Normal(mu[t], 1) with mu a param vector', () => {
    expect(check('  param mu: Real[T];\n  for t in 0:T { x[t] ~ Normal(mu[t], 1); }')).toEqual({ codes: [], at: [], messages: [], kinds: ['plate'] });
  });
  it('index arithmetic: c + t and t - c, bounds written with dims', () => {
    const r = check('  latent z: Real[T];\n  z[0] ~ Normal(0, 1);\n  for t in 1:T - 1 + 1 { z[t] ~ Normal(z[t - 1], 1); }\n  for t in 0:T - 1 { x[1 + t] ~ Normal(z[t + 1], 1); }\n  x[0] ~ Normal(z[0], 1);');
    expect(r).toEqual({ codes: [], at: [], messages: [], kinds: ['sequence', 'plate'] });
  });
  it('rows of a matrix by W[t, :] and a network shared over iterations', () => {
    const r = check('  data y: Real[T, 3];\n  param W: Real[T, 3];\n  net f: Linear(3 -> 3);\n  for t in 0:T { y[t] ~ Normal(f(W[t, :]), 1); }\n  for t in 0:T { x[t] ~ Normal(0, 1); }');
    expect(r).toEqual({ codes: [], at: [], messages: [], kinds: ['plate', 'plate'] });
  });
  it('a carried read of another variable the loop defines makes a sequence', () => {
    const r = check('  latent z: Real[T];\n  z[0] ~ Normal(0, 1);\n  x[0] ~ Normal(0, 1);\n  for t in 1:T { z[t] ~ Normal(0, 1); x[t] ~ Normal(z[t - 1], 1); }');
    expect(r.codes).toEqual([]);
    expect(r.kinds).toEqual(['sequence']);
  });
  it('a within-iteration read keeps a plate', () => {
    const r = check('  latent z: Real[T];\n  for t in 0:T { z[t] ~ Normal(0, 1); x[t] ~ Normal(z[t], 1); }');
    expect(r.codes).toEqual([]);
    expect(r.kinds).toEqual(['plate']);
  });
});

describe('loop errors, located and explained', () => {
  it('E0303 at the first iteration: z[t - 1] reads z[-1] when t = 0', () => {
    const r = check('  latent z: Real[T];\n  z[0] ~ Normal(0, 1);\n  for t in 0:T { x[t] ~ Normal(z[t - 1], 1); }\n  for t in 1:T { z[t] ~ Normal(0, 1); }');
    expect(r.codes).toEqual(['E0303']);
    expect(r.at).toEqual(['6:32']);
    expect(r.messages[0]).toBe('`z[t - 1]` reads `z[-1]` when t = 0, but `z` has 5 elements (0 to 4)');
  });
  it('E0303 at the last iteration: z[t + 1] reads z[5] when t = 4', () => {
    const r = check('  latent z: Real[T];\n  for t in 0:T { z[t] ~ Normal(0, 1); }\n  for t in 0:T { x[t] ~ Normal(z[t + 1], 1); }');
    expect(r.messages).toEqual(['`z[t + 1]` reads `z[5]` when t = 4, but `z` has 5 elements (0 to 4)']);
  });
  it('E0300 an element defined by two loops', () => {
    const r = check('  latent z: Real[T];\n  for t in 0:3 { z[t] ~ Normal(0, 1); }\n  for t in 2:T { z[t] ~ Normal(0, 1); }\n  for t in 0:T { x[t] ~ Normal(z[t], 1); }');
    expect(r.codes).toEqual(['E0300']);
    expect(r.at).toEqual(['6:18']);
    expect(r.messages[0]).toBe('`z[2]` is defined twice: by the loop when t = 2, and by the loop when t = 2');
  });
  it('E0301 the elements no piece covers', () => {
    const r = check('  latent z: Real[T];\n  z[0] ~ Normal(0, 1);\n  for t in 1:3 { z[t] ~ Normal(z[t - 1], 1); }\n  for t in 0:T { x[t] ~ Normal(z[t], 1); }');
    expect(r.codes).toEqual(['E0301']);
    expect(r.messages[0]).toBe('`z[3:5]` are never defined: `z` has 5 elements (0 to 4), and its definitions cover 0, 1:3');
  });
  it('E0304 an iteration reading its own element', () => {
    const r = check('  latent z: Real[T];\n  for t in 0:T { z[t] ~ Normal(z[t], 1); }\n  for t in 0:T { x[t] ~ Normal(z[t], 1); }');
    expect(r.codes).toEqual(['E0304']);
    expect(r.at).toEqual(['5:32']);
  });
  it('E0304 a single element reading its own variable', () => {
    const r = check('  latent z: Real[T];\n  z[0] ~ Normal(z[1], 1);\n  for t in 1:T { z[t] ~ Normal(z[t - 1], 1); }\n  for t in 0:T { x[t] ~ Normal(z[t], 1); }');
    expect(r.codes).toEqual(['E0304']);
  });
  it('E0306 non-affine index arithmetic, and the loop variable on another axis', () => {
    expect(check('  param W: Real[T, T];\n  for t in 0:T { x[t] ~ Normal(W[2 * t, 0], 1); }').codes).toEqual(['E0306']);
    expect(check('  param W: Real[T, T];\n  for t in 0:T { x[t] ~ Normal(W[0, t], 1); }').codes).toEqual(['E0306']);
  });
  it('E0305 bounds that are not size expressions', () => {
    expect(check('  param c: Real;\n  for t in 0:c { x[t] ~ Normal(0, 1); }').codes).toEqual(['E0305']);
  });
  it('E0307 a nested loop and an unindexed statement', () => {
    expect(check('  for t in 0:T { for s in 0:T { x[s] ~ Normal(0, 1); } }').codes).toContain('E0307');
    expect(check('  for t in 0:T { x ~ Normal(0, 1); }').codes).toEqual(['E0307']);
  });
  it('E0309 a reduction inside a loop, and a whole vector where an element was meant', () => {
    expect(check('  data w: Real[T];\n  for t in 0:T { x[t] ~ Normal(sum(w[t] * I), 1); }').codes).toContain('E0309');
    expect(check('  data m: Real[T];\n  for t in 0:T { x[t] ~ Normal(m, 1); }').codes).toEqual(['E0309']);
  });
});
