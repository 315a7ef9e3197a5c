/**
 * The runtime implements exactly the registry: every row has a class whose declared sampler kinds equal
 * the row's `samplers`, the fixture table covers every row, and the factory rejects parameter sets that
 * match no parameterization.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InternalError } from '../../src/common/diagnostic.js';
import { createDistribution, IMPLEMENTATIONS } from '../../src/distributions/create.js';
import { isRelaxable } from '../../src/distributions/distribution.js';
import { DISTRIBUTION_NAMES, DISTRIBUTIONS } from '../../src/registry/distributions.js';
import { useCpuBackend } from './backend.js';
import { batchParams, eventLength, FIXTURES, isVector, fixtureDistribution } from './fixtures.js';

beforeAll(useCpuBackend);

describe('registry ↔ runtime', () => {
  it('the fixture table has exactly one row per registry distribution', () => {
    expect(FIXTURES.map((f) => f.name)).toEqual([...DISTRIBUTION_NAMES]);
  });

  it('every row has an implementation', () => {
    expect(Object.keys(IMPLEMENTATIONS).sort()).toEqual([...DISTRIBUTION_NAMES].sort());
  });

  it.each(FIXTURES)("$name: the class's sampler kinds equal the row's, and it reads the row", (fx) => {
    const d = fixtureDistribution(fx, batchParams(fx));
    const spec = DISTRIBUTIONS[fx.name];
    expect(d.spec).toBe(spec);
    expect(d.family).toBe(fx.name);
    expect([...d.samplerKinds]).toEqual([...spec.samplers]);
    // `relaxed` rows are exactly those with a relaxation.
    expect(isRelaxable(d)).toBe(spec.reparam === 'relaxed');
    tf.dispose(Object.values(d.params));
  });

  it.each(FIXTURES.filter((f) => DISTRIBUTIONS[f.name].reparam === 'relaxed'))("$name's relaxation declares its own pathwise sampler", (fx) => {
    const d = fixtureDistribution(fx, batchParams(fx));
    if (!isRelaxable(d)) throw new Error('not relaxable');
    const r = d.relaxed(0.5);
    expect(r.spec.reparam).toBe('transform');
    expect([...r.samplerKinds]).toEqual([...r.spec.samplers]);
    expect(r.batchShape).toEqual(d.batchShape);
    expect(r.eventShape).toEqual(d.eventShape);
    tf.dispose(Object.values(d.params));
  });

  it.each(FIXTURES)('$name: shapes follow the parameters', (fx) => {
    const d = fixtureDistribution(fx, batchParams(fx));
    expect(d.batchShape).toEqual([fx.members.length]);
    expect(d.eventShape).toEqual(isVector(fx) ? [eventLength(fx)] : []);
    tf.dispose(Object.values(d.params));
  });

  it('the factory rejects key sets that match no parameterization', () => {
    const loc = tf.scalar(0);
    expect(() => createDistribution('Normal', { loc })).toThrow(InternalError);
    expect(() => createDistribution('Normal', { loc, scale: loc, df: loc })).toThrow(/Normal takes \{loc, scale\}; got \{df, loc, scale\}/);
    expect(() => createDistribution('Bernoulli', { probs: loc, logits: loc })).toThrow(/\{probs\} or \{logits\}/);
    expect(() => createDistribution('Bernoulli', { logits: loc })).not.toThrow();
    loc.dispose();
  });

  it('sampleWith refuses a kind the class does not implement', () => {
    const d = createDistribution('Normal', { loc: tf.scalar(0), scale: tf.scalar(1) });
    expect(() => d.sampleWith!('inverse-cdf', [2], undefined as never)).toThrow(/Normal has no inverse-cdf sampler/);
    tf.dispose(Object.values(d.params));
  });
});
