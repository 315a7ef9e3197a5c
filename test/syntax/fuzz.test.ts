/**
 * Robustness of the front end's syntax stage: thousands of mutated programs (tokens deleted, inserted,
 * swapped; truncation; random bytes; very long lines; deep nesting) must each come back from
 * `parseProgram` with in-bounds diagnostics — never an exception, never a hang — and render.
 * Seeds: the examples and the good corpus when present, plus the inline programs below. Fixed fast-check
 * seeds make every run identical.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDiagnostics } from '../../src/common/render.js';
import { SourceFile, type Span } from '../../src/common/span.js';
import { parseProgram } from '../../src/syntax/parse.js';
import { tildeLexer } from '../../src/syntax/tokens.js';

const INLINE_SEEDS = [
  `model vae {
  dim Z = 20;
  data x: Binary[784];
  net decoder: MLP(Z -> 400 -> 784, hidden = relu, out = sigmoid);
  z ~ Normal(0, I);
  x ~ Bernoulli(decoder(z));
}`,
  `// Bayesian linear regression
model blr {
  dim D = 3;
  data x: Real[D];
  data y: Real;
  global w ~ Normal(0, 1);
  global s ~ Exponential(1);
  let mu = dot(w, x) + -2 ^ -1.5e-3;
  y ~ Normal(mu, s);
  guide { w ~ Normal(m[0:3], softplus(v[:, 1])); }
}
model prior { z ~ Kumaraswamy(2, 3); }`,
  `model m2 { dim H = 2 * 8; data x: Real[4]; param c: Positive; latent k: Category(10)[2];
  net enc: Linear(4 -> H); /* block
  comment */ z ~ Categorical(logits: enc(x) @ W[0, 1:3]); x ~ Normal(concat(z, z), c); }`,
  `model lgssm { dim T = 20; data x: Real[T]; latent z: Real[T]; z[0] ~ Normal(0, 1);
  for t in 1:T { z[t] ~ Normal(0.9 * z[t - 1], 0.5); } for t in 0:T { x[t] ~ Normal(z[t], 0.3); } }`,
];

function readSeeds(): string[] {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const dirs = [join(root, 'examples'), join(root, 'test', 'corpus', 'good')];
  const found: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('.tilde')) found.push(readFileSync(join(d, f), 'utf8'));
  }
  return [...INLINE_SEEDS, ...found];
}

const SEEDS = readSeeds();
const SEED_TOKENS = SEEDS.map((s) => tildeLexer.tokenize(s).tokens.map((t) => t.image));
const VOCAB = ['model', 'dim', 'data', 'param', 'latent', 'net', 'global', 'let', 'guide', 'for', 'in', 'I', 'x', 'Normal', '0', '1e-3', '.5',
  '->', '~', '=', ';', ':', ',', '(', ')', '{', '}', '[', ']', '+', '-', '*', '/', '@', '^', '/*', '*/', '//', '#', '"', '\n', '\t'];

/** Every span lies inside the text and is not reversed. */
function inBounds(s: Span, length: number): boolean {
  return Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= length;
}

let slowest = 0;

/** Parses and renders one input, checking the invariants; returns nothing, throws on a violation. */
function check(text: string): void {
  const file = new SourceFile('fuzz.tilde', text);
  const t0 = performance.now();
  const r = parseProgram(file);
  renderDiagnostics(r.diagnostics, file);
  slowest = Math.max(slowest, performance.now() - t0);
  expect(Array.isArray(r.diagnostics)).toBe(true);
  for (const d of r.diagnostics) {
    expect(d.code).toMatch(/^E01\d\d$/);
    expect(inBounds(d.span, text.length)).toBe(true);
    for (const n of d.notes ?? []) expect(inBounds(n.span, text.length)).toBe(true);
  }
  for (const m of r.program.models) {
    expect(inBounds(m.span, text.length)).toBe(true);
    for (const s of m.body) expect(inBounds(s.span, text.length)).toBe(true);
  }
  // A clean parse always yields at least one model.
  if (r.diagnostics.length === 0) expect(r.program.models.length).toBeGreaterThan(0);
}

const seedIndex = fc.nat({ max: SEED_TOKENS.length - 1 });
const token = fc.oneof(fc.constantFrom(...VOCAB), fc.string({ maxLength: 4 }));

/** One token-level edit of a token list. */
type Edit = { op: 'delete'; at: number } | { op: 'insert'; at: number; tok: string } | { op: 'swap'; at: number; to: number };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), tok: token }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), to: fc.nat() }),
);

function applyEdits(tokens: readonly string[], edits: readonly Edit[]): string[] {
  const out = [...tokens];
  for (const e of edits) {
    const i = out.length === 0 ? 0 : e.at % out.length;
    if (e.op === 'delete') out.splice(i, 1);
    else if (e.op === 'insert') out.splice(i, 0, e.tok);
    else {
      const j = out.length === 0 ? 0 : e.to % out.length;
      const a = out[i];
      out[i] = out[j] ?? '';
      out[j] = a ?? '';
    }
  }
  return out;
}

const RUNS = { seed: 20240611, numRuns: 1500 } as const;

describe('parseProgram under mutation (fuzz)', () => {
  it('survives token deletions, insertions and swaps', () => {
    fc.assert(
      fc.property(seedIndex, fc.array(edit, { minLength: 1, maxLength: 6 }), fc.constantFrom(' ', '\n', ''), (k, edits, sep) => {
        check(applyEdits(SEED_TOKENS[k] ?? [], edits).join(sep));
      }),
      RUNS,
    );
  });

  it('survives truncation and random bytes spliced into the text', () => {
    fc.assert(
      fc.property(seedIndex, fc.nat(), fc.string({ unit: 'binary', maxLength: 30 }), fc.boolean(), (k, at, junk, truncate) => {
        const s = SEEDS[k] ?? '';
        const i = at % (s.length + 1);
        check(truncate ? s.slice(0, i) + junk : s.slice(0, i) + junk + s.slice(i));
      }),
      RUNS,
    );
  });

  it('survives whole files of random characters', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fc.constantFrom(...VOCAB), { maxLength: 200 }).map((a) => a.join(' '))), check),
      { seed: 7, numRuns: 1000 },
    );
  });

  it('survives very long lines and deep nesting', () => {
    const shapes = fc.constantFrom('(', '[', '{', 'guide {', '-', 'x ^ ', 'f(', 'x[');
    fc.assert(
      fc.property(seedIndex, fc.nat(), shapes, fc.integer({ min: 1, max: 4000 }), fc.boolean(), (k, at, open, depth, close) => {
        const s = SEEDS[k] ?? '';
        const i = at % (s.length + 1);
        const closer = open.includes('(') ? ')' : open.includes('[') ? ']' : open.includes('{') ? '}' : '';
        check(`${s.slice(0, i)}${open.repeat(depth)}1${close ? closer.repeat(depth) : ''}${s.slice(i)}`);
      }),
      { seed: 11, numRuns: 150 },
    );
    check(`model m { let a = ${'x + '.repeat(20_000)}1; }`);
    check(`model m { ${'x ~ Normal(0, 1); '.repeat(5000)}}`);
    check('model m { let a = 1; }'.repeat(2000));
  });

  it('took at most a second on any single case', () => {
    expect(slowest).toBeLessThan(1000);
  });
});
