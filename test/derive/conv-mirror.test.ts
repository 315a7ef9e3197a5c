/**
 * The derived encoder of a convolutional decoder mirrors it (ConvTranspose2d ↔ Conv2d with channels
 * reversed, Reshape → Flatten, the decoder's hidden activation between layers) and ends in the family's
 * heads; the mirrored net runs and gives a finite ELBO. Three decoders (the corpus files of the same
 * names also round-trip through `--emit guide` in plan.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { compile } from '../../src/compile.js';
import { explain } from '../../src/derive/explain.js';
import { printLayer } from '../../src/registry/networks.js';
import { useCpu } from '../helpers/backend.js';

beforeAll(useCpu);

const CASES = [
  {
    file: 'conv-decoder-mnist.tilde',
    encoder: 'Sequential(Conv2d(1 -> 16, kernel = 4, stride = 2, padding = 1), relu, Conv2d(16 -> 32, kernel = 4, stride = 2, padding = 1), relu, Flatten, Linear(1568 -> 64))',
    size: 784,
  },
  {
    file: 'conv-decoder-padding.tilde',
    encoder: 'Sequential(Conv2d(3 -> 8, kernel = 3, stride = 2, padding = 1), tanh, Conv2d(8 -> 32, kernel = 3, stride = 2), tanh, Flatten, Linear(288 -> 16))',
    size: 3 * 14 * 14,
  },
  {
    file: 'conv-decoder-mixed.tilde',
    encoder: 'Sequential(ConvTranspose2d(1 -> 4, kernel = 3, padding = 1), relu, Conv2d(4 -> 8, kernel = 4, stride = 2, padding = 1), relu, Flatten, Linear(392 -> 8))',
    size: 196,
  },
];

describe.each(CASES)('the mirror of $file', ({ file, encoder, size }) => {
  const text = readFileSync(join('test', 'corpus', 'good', file), 'utf8');
  const r = compile(text, { fileName: file });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  const a = r.artifacts;

  it('is a conv encoder ending in the heads, printed by --explain and --emit guide', () => {
    const nets = Object.values(a.guide.nets);
    expect(nets.map((n) => printLayer(n.spec))).toEqual([encoder]);
    expect(explain(a, a.source)).toContain('mirroring `decoder`');
    expect(a.guideSource).toContain(`net encoder_z: ${encoder};`);
  });

  it('runs: a finite ELBO on data of the declared shape', () => {
    const m = TildeModel.create(a, {}, 0);
    const n = 4;
    const x = Float32Array.from({ length: n * size }, (_, i) => (file.includes('padding') ? Math.sin(i) : (i * 7) % 3 === 0 ? 1 : 0));
    const elbo = m.elbo({ n, columns: new Map([['x', x]]), source: 'synthetic' }, { seed: 1 });
    expect(Number.isFinite(elbo.elbo)).toBe(true);
    // Bernoulli likelihoods are at most 1, so with a KL ≥ 0 the bound of binary data is negative.
    if (!file.includes('padding')) expect(elbo.elbo).toBeLessThan(0);
    m.dispose();
  });
});
