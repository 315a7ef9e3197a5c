/**
 * The documentation agrees with the implementation: docs/language.md's tables are the registries' (its
 * generated sections are a fixed point of `fillTables`), every code it names exists, and
 * docs/diagnostics.md is exactly what the catalogue generates (one entry per code, with its example, the
 * output and the fix).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES, lookupCode } from '../../src/common/codes.js';
import { DISTRIBUTION_NAMES } from '../../src/registry/distributions.js';
import { ROOT } from '../check/helpers.js';
import { diagnosticsMarkdown } from './diagnostics-doc.js';
import { fillTables } from './doc-tables.js';

const language = readFileSync(join(ROOT, 'docs', 'language.md'), 'utf8');

describe('docs/language.md', () => {
  it('has the registries’ distribution, domain, function and activation tables', () => {
    expect(fillTables(language)).toBe(language);
  });

  it('lists every distribution and names only codes that exist', () => {
    for (const d of DISTRIBUTION_NAMES) expect(language).toContain(`| \`${d}\` |`);
    const named = [...new Set(language.match(/\b[EW]0\d{3}\b/g) ?? [])];
    expect(named.filter((c) => lookupCode(c) === undefined)).toEqual([]);
    expect(named.length).toBeGreaterThan(30);
  });
});

describe('docs/diagnostics.md', () => {
  it('is generated from the catalogue, one entry per code', async () => {
    const doc = diagnosticsMarkdown();
    for (const c of CODES) expect(doc).toContain(`## ${c.code}\n`);
    await expect(doc).toMatchFileSnapshot(join(ROOT, 'docs', 'diagnostics.md'));
  });
});
