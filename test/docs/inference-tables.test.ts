/** docs/inference.md's estimator table is the registry's and its per-example site table is the compiler's plan. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../check/helpers.js';
import { fillInferenceTables } from './inference-tables.js';

describe('docs/inference.md', () => {
  it('has the estimator table and every example’s site plan as generated', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'inference.md'), 'utf8');
    expect(fillInferenceTables(doc, ROOT)).toBe(doc);
  });
});
