/**
 * Shape errors of networks, located at the network's argument and explaining the layer's arithmetic: the
 * files of test/corpus/bad-nets/ (conv, reshape, GRU and mapped-net cases; several per code, so they live
 * beside the one-file-per-code bad corpus) with their exact rendered output; and the shapes nets give when
 * they map over leading axes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/check-program.js';
import { renderDiagnostics } from '../../src/common/render.js';
import { SourceFile } from '../../src/common/span.js';
import { netOutputShape, type LayerSpec } from '../../src/registry/networks.js';
import { ROOT } from './helpers.js';

const dir = join(ROOT, 'test', 'corpus', 'bad-nets');
const files = readdirSync(dir).filter((f) => f.endsWith('.tilde')).sort();

describe('network shape errors', () => {
  it('has its cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });
  for (const f of files) {
    it(`${f} reports one located error with its arithmetic`, async () => {
      const file = new SourceFile(`test/corpus/bad-nets/${f}`, readFileSync(join(dir, f), 'utf8'));
      const r = checkSource(file);
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      expect(errors).toHaveLength(1);
      await expect(renderDiagnostics(r.diagnostics, file)).toMatchFileSnapshot(join(dir, f.replace('.tilde', '.expected')));
    });
  }
});

describe('nets map over leading axes', () => {
  const linear: LayerSpec = { kind: 'Linear', sizes: [784, 40], options: { out: 'identity' } };
  const conv: LayerSpec = { kind: 'Conv2d', sizes: [1, 16], options: { kernel: 4, stride: 2, padding: 1 } };
  const seq: LayerSpec = { kind: 'Sequential', sizes: [], options: {}, layers: [conv, { kind: 'Flatten', sizes: [], options: {} }] };
  it('enc(u) with u: Real[K, 784] gives [K, 40]', () => {
    expect(netOutputShape(linear, [7, 784])).toMatchObject({ lead: [7], shape: [40] });
  });
  it('a conv net maps over the axes before [C, H, W], and Flatten keeps them', () => {
    expect(netOutputShape(seq, [5, 1, 28, 28])).toMatchObject({ lead: [5], shape: [16 * 14 * 14] });
  });
  it('the checker types a mapped call with the leading axes', () => {
    const file = new SourceFile('m.tilde', 'model m { data u: Real[3, 4]; data y: Real[3, 2]; param s: Positive; net f: Linear(4 -> 2); y ~ Normal(f(u), s); }');
    const r = checkSource(file);
    expect(renderDiagnostics(r.diagnostics, file)).toBe('');
    const m = r.models[0];
    const call = [...(m?.exprs.entries() ?? [])].find(([e]) => e.kind === 'call' && e.callee.name === 'f');
    expect(call?.[1].shape).toEqual([3, 2]);
  });
});
