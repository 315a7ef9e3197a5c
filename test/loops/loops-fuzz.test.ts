/**
 * Fuzzing the loop stage (issue 17): generated models with loops — random ranges, target offsets, read
 * offsets, pieces outside loops, plate and sequence bodies — run through the whole front end
 * (`checkSource`). None may throw; every diagnostic is coded and located inside the text; a model that
 * checks clean has loops whose kinds match the reads (a sequence exactly when a body reads its own
 * variable at a negative offset). Fixed fast-check seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/check-program.js';
import { renderDiagnostics } from '../../src/common/render.js';
import { SourceFile } from '../../src/common/span.js';

const off = (k: number): string => (k === 0 ? 't' : k > 0 ? `t + ${k}` : `t - ${-k}`);

const program = fc.record({
  T: fc.integer({ min: 1, max: 6 }),
  first: fc.option(fc.constantFrom(-1, 0, 0, 0, 1), { nil: undefined }),
  start: fc.constantFrom(-1, 0, 1, 1, 1, 2),
  end: fc.constantFrom(-1, 0, 0, 0, 1),
  target: fc.constantFrom(0, 0, 0, 1, -1),
  read: fc.constantFrom(-1, -1, -1, -2, 0, 1),
  readX: fc.constantFrom(0, 0, 0, 1, -1),
  misuse: fc.constantFrom('', '', '', '', 'x', 'value', 'decl'),
});

function source(p: typeof program extends fc.Arbitrary<infer R> ? R : never): string {
  const firstLine = p.first === undefined ? '' : `  z[${p.first}] ~ Normal(0, 1);\n`;
  const extra = p.misuse === 'value' ? ' + t' : p.misuse === 'x' ? ' * w' : '';
  const decl = p.misuse === 'decl' ? ' param s: Positive;' : '';
  return `model m {
  dim T = ${p.T};
  data x: Real[T];
  data w: Real[T];
  latent z: Real[T];
${firstLine}  for t in ${p.start}:${p.T + p.end} {${decl} z[${off(p.target)}] ~ Normal(0.9 * z[${off(p.read)}]${extra}, 0.5); }
  for t in 0:T { x[t] ~ Normal(z[${off(p.readX)}] + w[t], 0.3); }
}
`;
}

describe('the loop stage under generated models (fuzz)', () => {
  it('never throws, locates every diagnostic, and classifies clean loops by their reads', () => {
    let clean = 0;
    fc.assert(
      fc.property(program, (p) => {
        const text = source(p);
        const file = new SourceFile('fuzz.tilde', text);
        const r = checkSource(file);
        renderDiagnostics(r.diagnostics, file);
        for (const d of r.diagnostics) {
          expect(d.code).toMatch(/^[EW]\d{4}$/);
          expect(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end).toBe(true);
        }
        const m = r.models[0];
        if (m?.loops !== undefined && r.diagnostics.every((d) => d.severity !== 'error')) {
          clean++;
          const kind = m.loops.loops[0]?.kind;
          expect(kind).toBe(p.read < p.target ? 'sequence' : 'plate');
        }
      }),
      { seed: 20261206, numRuns: 1000 },
    );
    expect(clean).toBeGreaterThan(0);
  });
});
