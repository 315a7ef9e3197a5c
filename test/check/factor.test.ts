/**
 * The `factor` statement through the front end and the derivation: parsed with its spans, typed (a real
 * scalar, E0248 otherwise; names resolved as anywhere else), refused in a guide (E0284), lowered to an IR
 * site with its plate, printed by `--emit ir`, and coupling the latents it reads in faithful inversion.
 * The bad-corpus file of E0248 and the good-corpus factor.tilde (with hand-written densities in
 * test/derive/densities.test.ts) cover the rest; test/infer/factor.test.ts checks the bound on models
 * with a known evidence.
 */
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/check-program.js';
import { explain } from '../../src/derive/explain.js';
import { DEFAULT_PLAN_OPTIONS, derivePlan } from '../../src/derive/plan.js';
import { SourceFile } from '../../src/common/span.js';
import { printIR } from '../../src/ir/print-ir.js';
import { parseProgram } from '../../src/syntax/parse.js';
import { compileOk } from '../helpers/compile.js';

const codes = (text: string): string[] => checkSource(new SourceFile('t.tilde', text)).diagnostics.map((d) => d.code);

describe('factor: syntax', () => {
  it('parses `factor expr;` with the keyword and statement spans', () => {
    const text = 'model m { z ~ Normal(0, 1); factor -z ^ 2; }';
    const r = parseProgram(new SourceFile('t.tilde', text));
    expect(r.diagnostics).toEqual([]);
    const f = r.program.models[0]?.body.find((s) => s.kind === 'factor');
    if (f?.kind !== 'factor') throw new Error('no factor statement');
    expect(text.slice(f.keywordSpan.start, f.keywordSpan.end)).toBe('factor');
    expect(text.slice(f.span.start, f.span.end)).toBe('factor -z ^ 2;');
    expect(text.slice(f.value.span.start, f.value.span.end)).toBe('-z ^ 2');
  });

  it('reserves `factor` as a keyword but not longer names', () => {
    expect(codes('model m { data factors: Real; factors ~ Normal(0, 1); }')).toEqual([]);
    expect(codes('model m { data factor: Real; factor ~ Normal(0, 1); }')).toContain('E0105');
  });

  it('reports a missing expression or semicolon as a syntax error', () => {
    expect(codes('model m { z ~ Normal(0, 1); factor ; }').some((c) => c.startsWith('E01'))).toBe(true);
    expect(codes('model m { z ~ Normal(0, 1); factor z }')).toContain('E0103');
  });
});

describe('factor: checking', () => {
  it('accepts a real scalar reading latents, data, params and lets', () => {
    expect(codes('model m { data x: Real; param c: Real; z ~ Normal(0, 1); let d = z - x; factor -0.5 * d ^ 2 + c; x ~ Normal(z, 1); }')).toEqual([]);
  });

  it('rejects a vector (E0248) at the expression, and accepts its sum', () => {
    const text = 'model m { latent z: Real[3]; z ~ Normal(0, I); factor -0.5 * z ^ 2; }';
    const d = checkSource(new SourceFile('t.tilde', text)).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['E0248']);
    expect(text.slice(d[0]?.span.start, d[0]?.span.end)).toBe('-0.5 * z ^ 2');
    expect(codes('model m { latent z: Real[3]; z ~ Normal(0, I); factor sum(-0.5 * z ^ 2); }')).toEqual([]);
  });

  it('reports unknown names, `I` and guide names inside a factor like anywhere else', () => {
    expect(codes('model m { z ~ Normal(0, 1); factor zz; }')).toContain('E0201');
    expect(codes('model m { z ~ Normal(0, 1); factor I; }')).toContain('E0217');
    expect(codes('model m { data x: Real; z ~ Normal(0, 1); x ~ Normal(z, 1); factor h; guide { let h = x; z ~ Normal(h, 1); } }')).toContain('E0201');
  });

  it('refuses a factor inside a guide (E0284)', () => {
    expect(codes('model m { data x: Real; z ~ Normal(0, 1); x ~ Normal(z, 1); guide { z ~ Normal(x, 1); factor z; } }')).toContain('E0284');
  });

  it('counts a data variable read only by a factor as used', () => {
    expect(codes('model m { data t: Real; z ~ Normal(0, 1); factor -(z - t) ^ 2; }')).toEqual([]);
  });
});

describe('factor: IR and derivation', () => {
  const coupled = 'model m { data x: Real; a ~ Normal(0, 1); b ~ Normal(0, 1); factor -0.5 * (a - b) ^ 2; x ~ Normal(a, 1); }';

  it('lowers each factor to a site with its plate, after the other statements, and prints it', () => {
    const a = compileOk('model m { data x: Real; param c: Real; z ~ Normal(0, 1); factor -z ^ 2; factor -c ^ 2; x ~ Normal(z + c, 1); }');
    expect(a.ir.order).toEqual(['z', 'x', 'factor#1', 'factor#2']);
    expect(a.ir.sites['factor#1']).toMatchObject({ kind: 'factor', scope: 'local', parents: ['z'], shape: [] });
    expect(a.ir.sites['factor#2']).toMatchObject({ kind: 'factor', scope: 'global', parents: ['c'] });
    expect(printIR(a.ir)).toContain('  local factor factor#1 += -z ^ 2  <- z\n  global factor factor#2 += -c ^ 2  <- c\n');
    expect(a.plan.sites.filter((r) => r.kind === 'factor').map((r) => [r.name, r.scope])).toEqual([['factor#1', 'local'], ['factor#2', 'global']]);
  });

  it('couples the latents it reads in faithful inversion, like an observed child', () => {
    const inputs = (text: string) => Object.fromEntries(Object.values(compileOk(text).guide.factors).map((f) => [f.latent, f.inputs]));
    expect(inputs(coupled)).toEqual({ b: ['x'], a: ['b', 'x'] });
    // Without the factor, b is independent of x and of a.
    expect(inputs(coupled.replace('factor -0.5 * (a - b) ^ 2;', ''))).toEqual({ b: [], a: ['x'] });
  });

  it('names the factor among the terms of the latents it reads, and in their score-function downstream', () => {
    const a = compileOk(coupled.replace('b ~ Normal(0, 1)', 'b ~ Bernoulli(0.5)'));
    const plan = derivePlan(a.rewrittenIR, a.guide, a.plan.rewrites, { ...DEFAULT_PLAN_OPTIONS, discrete: 'score-function' }).plan;
    const b = plan.sites.find((r) => r.name === 'b');
    if (b?.kind !== 'latent') throw new Error('no plan for b');
    expect(b.terms).toContain('factor#1(a, b)');
    expect(b.downstream?.p).toContain('factor#1');
  });

  it('shows the factor in --explain: its plan row and why', () => {
    const a = compileOk(coupled, { fileName: 't.tilde' });
    const text = explain(a, a.source);
    expect(text).toMatch(/^ {2}factor#1 +factor +local( +—){5}$/m);
    expect(text).toContain('  factor#1: term added to log p(x, z) per datapoint, reading a, b:');
    expect(text).toContain('terms    KL(q(b | x) ‖ p(b)), factor#1(a, b)');
  });
});
