import { describe, expect, it } from 'vitest';
import { BUILTIN_KL_PAIRS, analyticKLPairs, hasAnalyticKL } from '../../src/registry/kl-pairs.js';
import { implementedKLPairs } from '../../src/distributions/kl.js';
import { DISTRIBUTION_NAMES } from '../../src/registry/distributions.js';

const names = (pairs: readonly (readonly [string, string])[]) => pairs.map(([p, q]) => `${p}‖${q}`).sort();

describe('the analytic-KL table (src/registry/kl-pairs.ts) and its formulas (src/distributions/kl.ts)', () => {
  it('kl.ts implements exactly the pairs the table declares', () => {
    expect(names(implementedKLPairs())).toEqual(names(BUILTIN_KL_PAIRS));
    expect(names(analyticKLPairs())).toEqual(names(BUILTIN_KL_PAIRS));
  });

  it('declares each pair once, over families the distribution table knows', () => {
    expect(new Set(names(BUILTIN_KL_PAIRS)).size).toBe(BUILTIN_KL_PAIRS.length);
    for (const [p, q] of BUILTIN_KL_PAIRS) {
      expect(DISTRIBUTION_NAMES).toContain(p);
      expect(DISTRIBUTION_NAMES).toContain(q);
      expect(hasAnalyticKL(p, q)).toBe(true);
    }
    expect(hasAnalyticKL('Normal', 'Laplace')).toBe(false);
  });
});
