/**
 * The estimator table is the only place an estimator is named: every row has its formula (a split-loss
 * row its guide objective too), and no source file outside the table compares a value with a name.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESTIMATOR_NAMES, ESTIMATORS, drawsOf, estimatorChoices, isEstimatorName } from '../../src/registry/estimators.js';
import { FORMULAS, guideObjectiveOf, scoreSurrogateOf } from '../../src/infer/estimators/index.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('the estimator table', () => {
  it('has a formula per row, a guide objective exactly for split-loss rows, a score surrogate exactly for leave-one-out rows', () => {
    expect(Object.keys(FORMULAS).sort()).toEqual([...ESTIMATOR_NAMES].sort());
    for (const n of ESTIMATOR_NAMES) {
      expect(guideObjectiveOf(n) !== undefined).toBe(ESTIMATORS[n].loss === 'split');
      expect(scoreSurrogateOf(n) !== undefined).toBe(ESTIMATORS[n].scoreFunction === 'leave-one-out');
    }
  });

  it('answers names, choices and draws from the rows', () => {
    expect(isEstimatorName('dreg')).toBe(true);
    expect(isEstimatorName('toString')).toBe(false);
    expect(estimatorChoices()).toBe(`${ESTIMATOR_NAMES.slice(0, -1).join(', ')} or ${ESTIMATOR_NAMES.at(-1)}`);
    for (const n of ESTIMATOR_NAMES) expect(drawsOf(n, { samples: 3, k: 7 })).toBe(ESTIMATORS[n].draws === 'k' ? 7 : 3);
  });

  it('is the only place in src/ that tests an estimator name', () => {
    const names = ESTIMATOR_NAMES.join('|');
    const comparison = new RegExp(`(===|!==)\\s*'(${names})'|'(${names})'\\s*(===|!==)|\\[[^\\]]*'(${names})'[^\\]]*\\]\\.includes`);
    const offenders = sources('src').filter((f) => !f.endsWith(join('registry', 'estimators.ts')) && comparison.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
