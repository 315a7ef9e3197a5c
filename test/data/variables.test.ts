import { describe, expect, it } from 'vitest';
import type { CheckedModel } from '../../src/check/checked-model.js';
import { columnNames, dataVariablesOf } from '../../src/data/dataset.js';
import { describeDeclaration, fileWidth, rowWidth } from '../../src/data/variables.js';

describe('data variable layout', () => {
  it('names file columns row-major and stores categories one-hot', () => {
    expect(columnNames({ name: 'y', shape: [], domain: 'Real' })).toEqual(['y']);
    expect(columnNames({ name: 'x', shape: [3], domain: 'Real' })).toEqual(['x.0', 'x.1', 'x.2']);
    expect(columnNames({ name: 'm', shape: [2, 3], domain: 'Real' })).toEqual(['m.0.0', 'm.0.1', 'm.0.2', 'm.1.0', 'm.1.1', 'm.1.2']);
    const c = { name: 'c', shape: [2, 4], domain: 'Category', categories: 4 } as const;
    expect(columnNames(c)).toEqual(['c.0', 'c.1']);
    expect([fileWidth(c), rowWidth(c), describeDeclaration(c)]).toEqual([2, 8, 'c: Category(4)[2]']);
    expect(describeDeclaration({ name: 'y', shape: [10], domain: 'Category', categories: 10 })).toBe('y: Category(10)');
  });

  it('reads the data symbols of a checked model in declaration order', () => {
    const span = { start: 0, end: 0 };
    const symbols = new Map<string, unknown>([
      ['Z', { kind: 'dim', name: 'Z', value: 2, span }],
      ['x', { kind: 'data', name: 'x', shape: [784], domain: 'Binary', role: 'observed', span }],
      ['y', { kind: 'data', name: 'y', shape: [10], domain: 'Category', categories: 10, role: 'covariate', span }],
    ]);
    const model = { symbols } as unknown as CheckedModel;
    expect(dataVariablesOf(model)).toEqual([
      { name: 'x', shape: [784], domain: 'Binary' },
      { name: 'y', shape: [10], domain: 'Category', categories: 10 },
    ]);
  });
});
