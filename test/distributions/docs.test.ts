/**
 * docs/distributions.md lists every registry row, with the row's parameters, support, event, reparam and
 * samplers, the closed forms the class actually has, and every registered KL pair.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyticKLPairs } from '../../src/distributions/kl.js';
import { DISTRIBUTION_NAMES, DISTRIBUTIONS } from '../../src/registry/distributions.js';
import { useCpuBackend } from './backend.js';
import { batchParams, FIXTURES, fixtureDistribution } from './fixtures.js';

beforeAll(useCpuBackend);

const doc = readFileSync(new URL('../../docs/distributions.md', import.meta.url), 'utf8');

/** The body rows of the first table after `heading`, as trimmed cells (escaped pipes kept). */
function tableRows(heading: string): string[][] {
  const section = doc.slice(doc.indexOf(heading));
  const rows: string[][] = [];
  for (const line of section.split('\n').slice(1)) {
    if (line.startsWith('## ')) break;
    if (!line.startsWith('|') || line.startsWith('|---')) continue;
    rows.push(line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  }
  return rows.slice(1);
}

describe('docs/distributions.md', () => {
  const table = tableRows('## The table');

  it('has one table row and one section per registry distribution, in registry order', () => {
    expect(table.map((r) => r[0])).toEqual([...DISTRIBUTION_NAMES]);
    for (const name of DISTRIBUTION_NAMES) expect(doc).toContain(`\n### ${name}\n`);
  });

  it.each([...DISTRIBUTION_NAMES])('%s: parameters, support, event, reparam and samplers match the registry', (name) => {
    const spec = DISTRIBUTIONS[name];
    const row = table.find((r) => r[0] === name)!;
    expect(row[1]).toBe(spec.parameterizations.map((ps) => `\`${ps.map((p) => p.name).join(', ')}\``).join(' or '));
    expect(row[2]!.split(' ')[0]).toBe(spec.support);
    expect(row[3]).toBe(spec.event);
    expect(row[4]).toBe(spec.reparam);
    expect(row[5]).toBe(spec.samplers.length > 0 ? spec.samplers.join(', ') : '—');
  });

  it.each(FIXTURES)('$name: the closed forms listed are exactly the methods the class has', (fx) => {
    const d = fixtureDistribution(fx, batchParams(fx));
    const methods = (['mean', 'variance', 'entropy', 'cdf', 'icdf'] as const).filter((m) => typeof d[m] === 'function');
    expect(table.find((r) => r[0] === fx.name)![7]).toBe(methods.length > 0 ? methods.join(', ') : '—');
    tf.dispose(Object.values(d.params));
  });

  it('lists every registered KL pair', () => {
    const kls = tableRows('## Analytic KL pairs').map((r) => `${r[0]}‖${r[1]}`);
    expect(kls.sort()).toEqual(analyticKLPairs().map(([p, q]) => `${p}‖${q}`).sort());
  });
});
