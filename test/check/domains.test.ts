/** Domain inference: literal domains, arithmetic facts, constraint proofs and supports. */
import { describe, expect, it } from 'vitest';
import {
  binaryFacts,
  constantDomain,
  domainFacts,
  factsDomain,
  guideSupportMatches,
  provesConstraint,
  refinedSupport,
} from '../../src/check/domains.js';
import { DISTRIBUTIONS } from '../../src/registry/distributions.js';
import { model } from './helpers.js';

describe('constant domains', () => {
  it('follows the documented literal rule', () => {
    expect([0, 1, 2, 0.5, 2.5, -1].map(constantDomain)).toEqual(['Binary', 'Binary', 'Count', 'Unit', 'Positive', 'Real']);
  });
});

describe('arithmetic facts', () => {
  const d = (op: '+' | '-' | '*' | '/' | '^' | '@', a: Parameters<typeof domainFacts>[0], b: Parameters<typeof domainFacts>[0], bc?: number) =>
    factsDomain(binaryFacts(op, domainFacts(a), domainFacts(b), bc));

  it('keeps positivity through + * / and powers of positives', () => {
    expect(d('+', 'Positive', 'NonNegative')).toBe('Positive');
    expect(d('*', 'Positive', 'Positive')).toBe('Positive');
    expect(d('/', 'Positive', 'Positive')).toBe('Positive');
    expect(d('^', 'Positive', 'Real')).toBe('Positive');
    expect(d('*', 'Unit', 'Unit')).toBe('Unit');
    expect(d('+', 'Count', 'Binary')).toBe('Count');
  });

  it('loses it where it is not implied', () => {
    expect(d('-', 'Positive', 'Positive')).toBe('Real');
    expect(d('*', 'Positive', 'Real')).toBe('Real');
    expect(d('/', 'Positive', 'NonNegative')).toBe('Real');
    expect(d('^', 'Real', 'Real', 2)).toBe('NonNegative');
    expect(d('^', 'Real', 'Real', 3)).toBe('Real');
  });
});

describe('constraint proofs', () => {
  it('uses the constant value when known', () => {
    expect(provesConstraint('positive', 'Binary', 1)).toBe(true);
    expect(provesConstraint('positive', 'Binary', 0)).toBe(false);
    expect(provesConstraint('unit', 'Unit', undefined)).toBe(true);
    expect(provesConstraint('unit', 'Binary', 1)).toBe(false);
    expect(provesConstraint('simplex', 'Simplex', undefined)).toBe(true);
    expect(provesConstraint('simplex', 'Unit', undefined)).toBe(false);
    expect(provesConstraint('real', 'Real', undefined)).toBe(true);
  });
});

describe('supports', () => {
  it('refines Uniform by constant bounds', () => {
    expect(refinedSupport(DISTRIBUTIONS.Uniform, [0, 1])).toBe('Unit');
    expect(refinedSupport(DISTRIBUTIONS.Uniform, [0, 5])).toBe('Positive');
    expect(refinedSupport(DISTRIBUTIONS.Uniform, [-1, 1])).toBe('Real');
    expect(refinedSupport(DISTRIBUTIONS.Uniform, [undefined, 1])).toBe('Real');
    expect(refinedSupport(DISTRIBUTIONS.Normal, [0, 1])).toBe('Real');
  });

  it('matches guide supports up to the unit interval endpoints', () => {
    expect(guideSupportMatches('Unit', 'UnitInterval')).toBe(true);
    expect(guideSupportMatches('Positive', 'Positive')).toBe(true);
    expect(guideSupportMatches('Real', 'Positive')).toBe(false);
  });
});

describe('expression domains in a model', () => {
  const body = [
    '  data x: Real[3];',
    '  net pos: MLP(3 -> 4, out = softplus);',
    '  net prob: MLP(3 -> 4, out = sigmoid);',
    '  let a = exp(x) + relu(x);',
    '  let b = 2 * pos(x);',
    '  let c = prob(x) * prob(x);',
    '  let d = sigmoid(x)[0];',
    '  let e = softmax(x);',
    '  let f = x - 1;',
    '  z ~ Normal(a + b[0:3] + c[0:3] + d + e + f, I);',
  ].join('\n');
  const m = model(body);
  const text = `model m {\n${body}\n}\n`;
  const domainOf = (source: string): string | undefined =>
    [...m.exprs].find(([e]) => text.slice(e.span.start, e.span.end) === source)?.[1].domain;

  it('proves what the rules say', () => {
    expect(domainOf('exp(x) + relu(x)')).toBe('Positive');
    expect(domainOf('2 * pos(x)')).toBe('Positive');
    expect(domainOf('prob(x) * prob(x)')).toBe('Unit');
    expect(domainOf('sigmoid(x)[0]')).toBe('Unit');
    expect(domainOf('softmax(x)')).toBe('Simplex');
    expect(domainOf('x - 1')).toBe('Real');
    expect(domainOf('I')).toBe('Positive');
  });
});
