/**
 * Robustness of the whole front end (parse + check): thousands of mutants of the good corpus — tokens
 * deleted, inserted, swapped or replaced by names, distributions, functions and numbers (so that many
 * still parse and reach the checker), truncations, random bytes, very long lines, deep nesting — must
 * each come back from `checkSource` with catalogued, in-bounds diagnostics, never an exception or a hang.
 * A mutant without errors must give checked models with a type for every expression. Fixed fast-check
 * seeds make every run identical.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/check-program.js';
import { lookupCode } from '../../src/common/codes.js';
import { renderDiagnostics } from '../../src/common/render.js';
import { SourceFile, type Span } from '../../src/common/span.js';
import { DISTRIBUTION_NAMES } from '../../src/registry/distributions.js';
import { FUNCTION_NAMES } from '../../src/registry/functions.js';
import { tildeLexer } from '../../src/syntax/tokens.js';
import { allExpressions, ROOT } from './helpers.js';

const goodDir = join(ROOT, 'test', 'corpus', 'good');
const SEEDS = readdirSync(goodDir)
  .filter((f) => f.endsWith('.tilde'))
  .sort()
  .map((f) => readFileSync(join(goodDir, f), 'utf8'));
const SEED_TOKENS = SEEDS.map((s) => tildeLexer.tokenize(s).tokens.map((t) => t.image));
const NAMES = [...new Set(SEED_TOKENS.flat().filter((t) => /^[a-z_][A-Za-z0-9_]*$/.test(t)))];
const VOCAB = [
  ...NAMES, ...DISTRIBUTION_NAMES, ...FUNCTION_NAMES, 'I', '0', '1', '2', '0.5', '-1', '784', 'Real', 'Positive', 'Unit', 'Binary',
  'Count', 'Category', 'Simplex', 'MLP', 'Linear', 'global', 'latent', 'data', 'param', 'let', 'net', 'dim', 'guide',
  '+', '-', '*', '/', '^', '@', '~', '=', ':', ',', ';', '(', ')', '[', ']', '{', '}', '->',
];

/** Words that can stand where a name or number stands, so a renamed program often still parses. */
const RENAMES = [...NAMES, ...DISTRIBUTION_NAMES, ...FUNCTION_NAMES, 'I', '0', '1', '2', '0.5', '784', 'Z', 'K'];
const isWord = (t: string | undefined): boolean => t !== undefined && /^([A-Za-z_][A-Za-z0-9_]*|[0-9.]+)$/.test(t);

const inBounds = (s: Span, n: number): boolean => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= n;

let slowest = 0;
let reachedChecker = 0;
let clean = 0;

/** Checks one input and its invariants (throws on a violation). */
function run(text: string): void {
  const file = new SourceFile('fuzz.tilde', text);
  const t0 = performance.now();
  const r = checkSource(file);
  renderDiagnostics(r.diagnostics, file);
  slowest = Math.max(slowest, performance.now() - t0);
  for (const d of r.diagnostics) {
    if (lookupCode(d.code) === undefined) throw new Error(`uncatalogued code ${d.code}`);
    if (!inBounds(d.span, text.length) || !(d.notes ?? []).every((n) => inBounds(n.span, text.length))) throw new Error(`span out of bounds in ${d.code}`);
  }
  if (!r.diagnostics.some((d) => d.code.startsWith('E01'))) reachedChecker++;
  if (r.diagnostics.every((d) => d.severity !== 'error')) {
    clean++;
    for (const m of r.models) {
      const missing = allExpressions(m.decl).filter((e) => !m.exprs.has(e));
      if (missing.length > 0) throw new Error(`untyped expressions in a clean model: ${missing.map((e) => file.slice(e.span)).join(', ')}`);
    }
  }
}

/** A mutation of a seed's token list, joined back with spaces or newlines. */
const tokenMutant = fc
  .record({
    seed: fc.nat({ max: SEEDS.length - 1 }),
    edits: fc.array(
      fc.record({
        kind: fc.constantFrom('rename', 'rename', 'rename', 'rename', 'delete', 'insert', 'swap', 'replace'),
        at: fc.nat(),
        word: fc.constantFrom(...VOCAB),
        name: fc.constantFrom(...RENAMES),
        other: fc.nat(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ seed, edits }) => {
    const toks = [...(SEED_TOKENS[seed] as string[])];
    for (const e of edits) {
      const i = toks.length === 0 ? 0 : e.at % toks.length;
      if (e.kind === 'rename') {
        // Replace the first name or number at or after `i` (words keep the statement's syntax).
        const j = toks.findIndex((t, k) => k >= i && isWord(t));
        if (j >= 0) toks[j] = e.name;
      } else if (e.kind === 'delete') toks.splice(i, 1);
      else if (e.kind === 'insert') toks.splice(i, 0, e.word);
      else if (e.kind === 'replace') toks[i] = e.word;
      else if (toks.length > 0) {
        const j = e.other % toks.length;
        [toks[i], toks[j]] = [toks[j] as string, toks[i] as string];
      }
    }
    return toks.map((t) => (t === ';' || t === '{' ? `${t}\n` : `${t} `)).join('');
  });

describe('parse + check never throws', () => {
  it('on token mutants of the good corpus', () => {
    fc.assert(fc.property(tokenMutant, (t) => run(t)), { seed: 20261121, numRuns: 5000 });
    // The mutants must exercise the checker, not only the parser.
    // (With this seed: 1202 of 5000 reach the checker, 108 have no error.)
    expect(reachedChecker).toBeGreaterThan(1000);
    expect(clean).toBeGreaterThan(50);
  });

  it('on truncations and random bytes', () => {
    const truncated = fc.record({ seed: fc.nat({ max: SEEDS.length - 1 }), cut: fc.nat() }).map(({ seed, cut }) => {
      const s = SEEDS[seed] as string;
      return s.slice(0, cut % (s.length + 1));
    });
    fc.assert(fc.property(truncated, (t) => run(t)), { seed: 7, numRuns: 600 });
    const noisy = fc.record({ seed: fc.nat({ max: SEEDS.length - 1 }), at: fc.nat(), bytes: fc.string({ unit: 'binary', maxLength: 8 }) }).map(
      ({ seed, at, bytes }) => {
        const s = SEEDS[seed] as string;
        const i = at % (s.length + 1);
        return s.slice(0, i) + bytes + s.slice(i);
      },
    );
    fc.assert(fc.property(noisy, (t) => run(t)), { seed: 11, numRuns: 600 });
  });

  it('on very long lines and deep nesting', () => {
    run(`model m { data x: Real; x ~ Normal(${'1 + '.repeat(20000)}1, 1); }`);
    run(`model m { let a = ${'a'.repeat(100000)}; }`);
    for (const depth of [50, 150, 199, 400, 5000]) {
      run(`model m { data x: Real; x ~ Normal(${'('.repeat(depth)}0${')'.repeat(depth)}, 1); }`);
      run(`model m { data x: Real; x ~ Normal(${'exp('.repeat(depth)}0${')'.repeat(depth)}, 1); }`);
      run(`model m { data x: Real; x ~ Normal(${'-'.repeat(depth)}1, 1); }`);
      run(`${'model m { '.repeat(depth)}${'}'.repeat(depth)}`);
      run(`model m { guide { ${'guide { '.repeat(depth)}${'}'.repeat(depth)} } }`);
    }
    const lets = Array.from({ length: 300 }, (_, i) => `let v${i} = v${(i + 1) % 300} + 1;`).join('\n');
    run(`model m {\n${lets}\n}`);
    expect(slowest).toBeLessThan(5000);
  });
});
