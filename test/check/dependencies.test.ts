/** The dependency graph (cycles, topological order) and "did you mean" suggestions, on hand-built inputs. */
import { describe, expect, it } from 'vitest';
import { type DepNode, findCycles, orderTopologically } from '../../src/check/dependencies.js';
import { suggest } from '../../src/check/scope.js';

const node = (name: string, ...uses: string[]): DepNode => ({
  name,
  span: { start: 0, end: 0 },
  uses: uses.map((u, i) => ({ name: u, span: { start: i, end: i + 1 } })),
});

describe('orderTopologically', () => {
  it('puts dependencies first and keeps source order among independent statements', () => {
    const nodes = [node('x', 'h'), node('h', 'a', 'b'), node('b', 'a'), node('a'), node('c'), node('d', 'data')];
    expect(orderTopologically(nodes).map((i) => nodes[i]?.name)).toEqual(['a', 'b', 'h', 'x', 'c', 'd']);
  });

  it('leaves out nodes on or behind a cycle', () => {
    const nodes = [node('a', 'b'), node('b', 'a'), node('c', 'a'), node('d')];
    expect(orderTopologically(nodes).map((i) => nodes[i]?.name)).toEqual(['d']);
  });
});

describe('findCycles', () => {
  it('reports each cycle once, from its earliest node, with a note per edge', () => {
    const nodes = [node('q'), node('a', 'c'), node('b', 'a'), node('c', 'b'), node('s', 's')];
    const cycles = findCycles(nodes);
    expect(cycles.map((c) => c.names)).toEqual([['a', 'c', 'b', 'a'], ['s', 's']]);
    expect(cycles[0]?.notes.map((n) => n.message)).toEqual(['`a` depends on `c` here', '`c` depends on `b` here', '`b` depends on `a` here']);
  });

  it('finds nothing in an acyclic graph and handles long chains without recursion limits', () => {
    const chain = Array.from({ length: 20000 }, (_, i) => node(`v${i}`, ...(i > 0 ? [`v${i - 1}`] : [])));
    expect(findCycles(chain)).toEqual([]);
    expect(orderTopologically(chain).length).toBe(20000);
  });
});

describe('suggest', () => {
  it('finds a close name in the namespace, case-insensitively first', () => {
    expect(suggest('Nromal', ['Normal', 'Laplace'])).toBe('Normal');
    expect(suggest('normal', ['Normal', 'Gamma'])).toBe('Normal');
    expect(suggest('softpuls', ['softplus', 'sigmoid'])).toBe('softplus');
    expect(suggest('zz', ['z', 'x'])).toBe('z');
  });

  it('suggests nothing when no candidate is close', () => {
    expect(suggest('decoder', ['z', 'x', 'Normal'])).toBeUndefined();
    expect(suggest('q', [])).toBeUndefined();
  });
});
