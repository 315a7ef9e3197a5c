/**
 * The weight budget (issue 10): a model whose weights would not fit is a located E0905 error naming the
 * net, its parameter count and bytes, reported by compile before anything is allocated; the counts are
 * exact (they equal the sizes of the weights the runtime creates), and `--explain` lists them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TildeModel } from '../../src/api/tilde-model.js';
import { compile } from '../../src/compile.js';
import { DEFAULT_MAX_WEIGHT_BYTES, formatBytes, measureWeights, parseByteSize } from '../../src/derive/weight-budget.js';
import { useCpu } from '../helpers/backend.js';
import { tilde } from '../helpers/cli.js';
import { compileFile, compileOk } from '../helpers/compile.js';

beforeAll(useCpu);
const dir = mkdtempSync(join(tmpdir(), 'tilde-budget-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HUGE = `model huge {
  dim Z = 20;
  data x: Binary[784];
  latent z: Real[Z];
  net decoder: MLP(Z -> 100000 -> 100000 -> 784, hidden = relu);
  z ~ Normal(0, I);
  x ~ Bernoulli(logits: decoder(z));
}
`;
// (20+1)·10⁵ + (10⁵+1)·10⁵ + (10⁵+1)·784
const DECODER = 21 * 100000 + 100001 * 100000 + 100001 * 784;

describe('E0905: weights above the budget', () => {
  it('MLP(Z -> 100000 -> 100000 -> 784): located at the net, naming its parameter count and bytes', () => {
    const r = compile(HUGE, { fileName: 'huge.tilde' });
    expect(r.ok).toBe(false);
    const [d, enc] = r.diagnostics;
    expect(r.diagnostics.map((x) => x.code)).toEqual(['E0905', 'E0905']);
    expect(d?.span.start).toBe(HUGE.indexOf('decoder'));
    expect(d?.message).toBe(`net \`decoder\` (20 → 100000 → 100000 → 784) has ${DECODER.toLocaleString('en-US')} parameters, which need ${(4 * DECODER).toLocaleString('en-US')} bytes (37.6 GiB) as float32: more than the weight budget of 268,435,456 bytes (256 MiB)`);
    expect(d?.help).toContain('--max-weight-memory 128G');
    // The mirrored encoder is as large, and named as the derived encoder of z, at z's `~`.
    expect(enc?.message).toMatch(/^the derived encoder `encoder_z` of `z` \(784 → 100000 → 100000 → 40\) has 10,082,600,040 parameters/);
    expect(enc?.span.start).toBe(HUGE.indexOf('z ~'));
  });

  it('tilde train fails fast with exit 1, allocates nothing and writes no run directory', async () => {
    const file = join(dir, 'huge.tilde');
    writeFileSync(file, HUGE);
    const before = tf.memory().numBytes;
    const t0 = performance.now();
    const out = join(dir, 'run-huge');
    const r = await tilde('train', file, '--data', 'mnist:train', '--out', out, '--backend', 'cpu');
    expect(performance.now() - t0).toBeLessThan(10000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:5:7: error[E0905]: net \`decoder\``);
    expect(r.stderr).not.toMatch(/internal error|Invalid typed array|\n\s+at /);
    expect(tf.memory().numBytes).toBe(before);
    expect(existsSync(out)).toBe(false);
  });

  it('all weights together above the budget: one error at the largest part, with the total', () => {
    const a = compileFile('examples/vae.tilde');
    const total = measureWeights(a.rewrittenIR, a.guide).reduce((x, s) => x + s.bytes, 0);
    const r = compile(a.source.text, { fileName: 'examples/vae.tilde', maxWeightBytes: total - 1 });
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]?.message).toMatch(/^the model's weights need 2,611,296 bytes \(2\.5 MiB\) as float32 \(652,824 parameters\), more than the weight budget of 2,611,295 bytes .*the largest part is the derived encoder `encoder_z` of `z` \(784 → 400 → 40\) with 330,040 parameters$/);
    expect(compile(a.source.text, { maxWeightBytes: total }).ok).toBe(true);
  });

  it('--max-weight-memory raises the budget: compile --explain then lists every net without allocating', async () => {
    const file = join(dir, 'huge.tilde');
    writeFileSync(file, HUGE);
    const r = await tilde('compile', file, '--explain', '--max-weight-memory', '128G');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`net \`decoder\`\\s+model\\s+20 → 100000 → 100000 → 784\\s+${DECODER.toLocaleString('en-US')}\\s+${(4 * DECODER).toLocaleString('en-US')}`));
    expect(r.stdout).toContain('budget 137,438,953,472 bytes (128 GiB)');
    const bad = await tilde('compile', file, '--explain', '--max-weight-memory', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-weight-memory must be a size');
  });

  it('weights that pass the budget but not the heap are a user error, not a crash', () => {
    const a = compileOk(HUGE, { maxWeightBytes: 2 ** 40 });
    const before = tf.memory().numTensors;
    expect(() => TildeModel.create(a, {})).toThrow(/cannot allocate the weights of huge \(80,652,803,296 bytes \(75\.1 GiB\) as float32\)/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the counts', () => {
  it.each(['examples/vae.tilde', 'examples/vae-two-layer.tilde', 'examples/regression.tilde', 'examples/vae-categorical.tilde'])('%s: equal the sizes of the weights the runtime creates', (file) => {
    const a = compileFile(file);
    const sizes = measureWeights(a.rewrittenIR, a.guide);
    const model = TildeModel.create(a, {});
    try {
      const created = model.weights.all.reduce((x, e) => x + e.variable.size, 0);
      expect(sizes.reduce((x, s) => x + s.parameters, 0)).toBe(created);
      for (const s of sizes.filter((x) => x.kind === 'net')) {
        const net = model.weights.net(s.name);
        expect([...net.W, ...net.b].reduce((x, v) => x + v.size, 0), s.name).toBe(s.parameters);
      }
    } finally {
      model.dispose();
    }
  });

  it('parses and prints sizes', () => {
    expect(parseByteSize('512M')).toBe(512 * 2 ** 20);
    expect(parseByteSize('1.5G')).toBe(1.5 * 2 ** 30);
    expect(parseByteSize('4GiB')).toBe(4 * 2 ** 30);
    expect(parseByteSize('1000')).toBe(1000);
    for (const bad of ['', 'G', '-1M', '0', '3X', '1e9']) expect(parseByteSize(bad), bad).toBeUndefined();
    expect(formatBytes(DEFAULT_MAX_WEIGHT_BYTES)).toBe('268,435,456 bytes (256 MiB)');
    expect(formatBytes(1000)).toBe('1,000 bytes');
  });
});
