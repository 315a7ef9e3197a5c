/** Shape arithmetic: broadcasting, matrix products, function rules and constant indexing. */
import { describe, expect, it } from 'vitest';
import { broadcastShapes, broadcastsTo, formatShape, functionShape, indexShape, matmulShape } from '../../src/check/shapes.js';

describe('broadcastShapes', () => {
  it('follows numpy rules', () => {
    expect(broadcastShapes([], [784])).toEqual({ ok: true, shape: [784] });
    expect(broadcastShapes([3, 1], [4])).toEqual({ ok: true, shape: [3, 4] });
    expect(broadcastShapes([1, 5], [2, 1])).toEqual({ ok: true, shape: [2, 5] });
    expect(broadcastShapes([784], [400])).toEqual({ ok: false, reason: 'cannot broadcast [784] with [400]' });
  });

  it('decides whether a parameter fits a variable', () => {
    expect(broadcastsTo([], [3, 4])).toBe(true);
    expect(broadcastsTo([4], [3, 4])).toBe(true);
    expect(broadcastsTo([3, 4], [4])).toBe(false);
    expect(broadcastsTo([3], [3, 4])).toBe(false);
  });
});

describe('matmulShape', () => {
  it('multiplies rank-1 and rank-2 operands', () => {
    expect(matmulShape([3, 4], [4])).toEqual({ ok: true, shape: [3] });
    expect(matmulShape([4], [4, 5])).toEqual({ ok: true, shape: [5] });
    expect(matmulShape([3, 4], [4, 5])).toEqual({ ok: true, shape: [3, 5] });
    expect(matmulShape([4], [4])).toEqual({ ok: true, shape: [] });
  });

  it('names both shapes when the inner sizes differ or a rank is unsupported', () => {
    expect(matmulShape([3, 4], [5])).toEqual({ ok: false, reason: 'cannot multiply [3, 4] @ [5]: inner sizes 4 and 5 differ' });
    expect(matmulShape([], [5])).toMatchObject({ ok: false });
    expect(matmulShape([2, 2, 2], [2])).toMatchObject({ ok: false });
  });
});

describe('functionShape', () => {
  it('applies each registry rule', () => {
    expect(functionShape('elementwise', 'exp', [[2, 3]])).toEqual({ ok: true, shape: [2, 3] });
    expect(functionShape('reduce', 'sum', [[2, 3]])).toEqual({ ok: true, shape: [] });
    expect(functionShape('last-axis', 'softmax', [[5]])).toEqual({ ok: true, shape: [5] });
    expect(functionShape('last-axis', 'softmax', [[]])).toMatchObject({ ok: false });
    expect(functionShape('dot', 'dot', [[3], [3]])).toEqual({ ok: true, shape: [] });
    expect(functionShape('dot', 'dot', [[3], [4]])).toMatchObject({ ok: false });
    expect(functionShape('concat', 'concat', [[2], [3], [1]])).toEqual({ ok: true, shape: [6] });
    expect(functionShape('concat', 'concat', [[4, 2], [4, 3]])).toEqual({ ok: true, shape: [4, 5] });
    expect(functionShape('concat', 'concat', [[4, 2], [3, 3]])).toMatchObject({ ok: false });
    // Scalars join vectors as length-1 vectors, but not higher-rank arrays.
    expect(functionShape('concat', 'concat', [[], [3]])).toEqual({ ok: true, shape: [4] });
    expect(functionShape('concat', 'concat', [[], []])).toEqual({ ok: true, shape: [2] });
    expect(functionShape('concat', 'concat', [[], [4, 3]])).toMatchObject({ ok: false });
  });
});

describe('indexShape', () => {
  it('drops indexed axes and keeps sliced ones', () => {
    expect(indexShape([5, 4], [{ kind: 'at', index: 0 }])).toEqual({ ok: true, shape: [4] });
    expect(indexShape([5, 4], [{ kind: 'slice', start: 1, end: 3 }, { kind: 'at', index: 3 }])).toEqual({ ok: true, shape: [2] });
  });

  it('checks bounds and validity', () => {
    expect(indexShape([3], [{ kind: 'at', index: 3 }])).toMatchObject({ ok: false, kind: 'bounds' });
    expect(indexShape([3], [{ kind: 'slice', start: 0, end: 4 }])).toMatchObject({ ok: false, kind: 'bounds' });
    expect(indexShape([3], [{ kind: 'slice', start: 2, end: 2 }])).toMatchObject({ ok: false, kind: 'invalid' });
    expect(indexShape([3], [{ kind: 'at', index: 0 }, { kind: 'at', index: 0 }])).toMatchObject({ ok: false, kind: 'invalid' });
  });
});

it('formats shapes as written', () => {
  expect(formatShape([])).toBe('[]');
  expect(formatShape([20, 3])).toBe('[20, 3]');
});
