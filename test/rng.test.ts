import { describe, expect, it } from 'vitest';
import { Rng } from '../src/distributions/rng.js';

describe('Rng', () => {
  it('gives equal streams for equal seeds and resumes from its state', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    const saved = a.state;
    const next = a.nextUint32();
    expect(Rng.fromState(saved).nextUint32()).toBe(next);
    expect(new Rng(43).nextUint32()).not.toBe(new Rng(42).nextUint32());
  });

  it('permutes 0..n-1', () => {
    const p = new Rng(1).permutation(100);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
