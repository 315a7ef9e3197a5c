/**
 * The golden corpus, through every stage `tilde check` runs (front end, then IR, derive and plan:
 * `checkThroughPlan`). Good files (test/corpus/good, including a copy of every example) must check with
 * no diagnostic at all and a type for every expression node. Bad files (test/corpus/bad) are the
 * catalogue's examples, one per code: each must report its code at the documented line and column, and
 * its rendered output must equal the `.expected` file next to it (update with `vitest run -u` after
 * reviewing the change).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES, exampleStem, UNDOCUMENTED_CODES } from '../../src/common/codes.js';
import { renderDiagnostics } from '../../src/common/render.js';
import { SourceFile } from '../../src/common/span.js';
import { checkThroughPlan } from '../../src/compile.js';
import { allExpressions, ROOT } from './helpers.js';

const goodDir = join(ROOT, 'test', 'corpus', 'good');
const badDir = join(ROOT, 'test', 'corpus', 'bad');
const tildeFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tilde')).sort();

describe('good corpus', () => {
  const files = tildeFiles(goodDir);

  it('holds the required kinds of model', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it('holds an identical copy of every example', () => {
    for (const f of tildeFiles(join(ROOT, 'examples'))) {
      expect(readFileSync(join(goodDir, `example-${f}`), 'utf8'), f).toBe(readFileSync(join(ROOT, 'examples', f), 'utf8'));
    }
  });

  for (const f of files) {
    it(`${f} checks clean, with a type for every expression`, () => {
      const file = new SourceFile(`test/corpus/good/${f}`, readFileSync(join(goodDir, f), 'utf8'));
      const r = checkThroughPlan(file);
      expect(renderDiagnostics(r.diagnostics, file)).toBe('');
      expect(r.models.length).toBeGreaterThan(0);
      expect(r.compiled.size).toBe(r.models.length);
      for (const m of r.models) {
        const missing = allExpressions(m.decl).filter((e) => !m.exprs.has(e));
        expect(missing.map((e) => file.slice(e.span))).toEqual([]);
      }
    });
  }
});

describe('bad corpus', () => {
  it('documents every code', () => {
    expect(UNDOCUMENTED_CODES).toEqual([]);
    expect(CODES.length).toBeGreaterThanOrEqual(25);
  });

  it('holds exactly one file per code', () => {
    const expected = CODES.map((c) => `${exampleStem(c)}.tilde`).sort();
    expect(tildeFiles(badDir)).toEqual(expected);
  });

  for (const entry of CODES) {
    const stem = exampleStem(entry);
    it(`${stem} reports ${entry.code} at ${entry.at.line}:${entry.at.column}`, async () => {
      await expect(entry.example).toMatchFileSnapshot(join(badDir, `${stem}.tilde`));
      const file = new SourceFile(`test/corpus/bad/${stem}.tilde`, entry.example);
      const r = checkThroughPlan(file, entry.options ?? {});
      const at = r.diagnostics.filter((d) => d.code === entry.code).map((d) => file.position(d.span.start));
      expect(at).toContainEqual(entry.at);
      expect(r.diagnostics.find((d) => d.code === entry.code)?.severity).toBe(entry.severity);
      await expect(renderDiagnostics(r.diagnostics, file)).toMatchFileSnapshot(join(badDir, `${stem}.expected`));
    });
  }
});
