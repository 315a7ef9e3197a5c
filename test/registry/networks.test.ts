/**
 * The network registry against the runtime: for every primitive layer kind, on random specs and random
 * input shapes (with extra leading axes), the shape rule the checker uses equals the shape of what the
 * run-time function returns, the declared weights are the tensors it reads, and no tensor leaks; and the
 * registry agrees with PyTorch's size formulas and default initialisation, written out here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/distributions/rng.js';
import { describeNetWeight, layerRow, LAYER_KINDS, netInputRank, netOutputShape, type LayerKind, type LayerSpec } from '../../src/registry/networks.js';
import { LAYER_RUNTIME } from '../../src/runtime/net-layers.js';

import { useCpu } from '../helpers/backend.js';

/** Independent references for the registry's size rules: PyTorch's formulas, written out. */
const conv2dOutputSize = (n: number, k: number, s: number, p: number) => Math.floor((n + 2 * p - k) / s) + 1;
const convTranspose2dOutputSize = (n: number, k: number, s: number, p: number, op: number) => (n - 1) * s - 2 * p + k + op;
/**
 * PyTorch's default initialisation, written out: `kaiming_uniform_(weight, a = √5)` gives the bound
 * gain·√(3 / fan_in) with gain = √(2 / (1 + 5)), i.e. 1/√fan_in, with fan_in = weight.size(1)·k² —
 * C_in·k² for Conv2d (weight [C_out, C_in, k, k]), C_out·k² for ConvTranspose2d (weight [C_in, C_out, k, k]);
 * the bias is uniform on the same bound. `nn.GRU` draws everything on ±1/√hidden. Shapes are tfjs's
 * layouts: filters [k, k, C_in, C_out] for conv2d, [k, k, C_out, C_in] for conv2dTranspose, [in, 3H] for GRU.
 */
const kaimingBound = (fanIn: number) => Math.sqrt(2 / (1 + 5)) * Math.sqrt(3 / fanIn);

beforeAll(useCpu);

const close = (x: number) => expect.closeTo(x, 12);
const rng = new Rng(7);
const int = (lo: number, hi: number) => lo + Math.floor(rng.nextFloat() * (hi - lo + 1));

/** A random spec of a primitive kind and an input shape it accepts. */
function sample(kind: LayerKind): { spec: LayerSpec; input: number[] } | undefined {
  const row = layerRow(kind);
  if (row.expand !== undefined && kind !== 'Linear') return undefined;
  if (row.activation !== undefined) return { spec: { kind, sizes: [], options: {} }, input: [int(1, 4), int(1, 5)] };
  switch (kind) {
    case 'Linear': {
      const [a, b] = [int(1, 6), int(1, 6)];
      return { spec: { kind, sizes: [a, b], options: { out: 'identity' } }, input: [int(1, 3), a] };
    }
    case 'Conv2d':
    case 'ConvTranspose2d': {
      const [cin, cout, k, s] = [int(1, 3), int(1, 3), int(1, 4), int(1, 3)];
      const p = int(0, k - 1);
      const options = { kernel: k, stride: s, padding: p, ...(kind === 'ConvTranspose2d' ? { output_padding: int(0, s - 1) } : {}) };
      return { spec: { kind, sizes: [cin, cout], options }, input: [cin, k + int(0, 5), k + int(0, 5)] };
    }
    case 'GRU': {
      const [a, h] = [int(1, 4), int(1, 4)];
      return { spec: { kind, sizes: [a, h], options: {} }, input: [int(1, 5), a] };
    }
    case 'MADE': {
      const [d, h, m, c] = [int(1, 4), int(1, 6), int(1, 3), int(0, 3)];
      const hidden = Array.from({ length: int(1, 2) }, () => h);
      return { spec: { kind, sizes: [d, ...hidden, d * m], options: { context: c, order: rng.nextFloat() < 0.5 ? 'natural' : 'reversed', hidden: 'tanh' } }, input: [d + c] };
    }
    case 'Reshape': {
      const [a, b] = [int(1, 4), int(1, 4)];
      return { spec: { kind, sizes: [b, a], options: {} }, input: [a * b] };
    }
    case 'Flatten':
      return { spec: { kind, sizes: [], options: {} }, input: [int(1, 3), int(1, 3), int(1, 3)] };
    default:
      throw new Error(`no sampler for ${kind}: add one when adding a row`);
  }
}

describe.each(LAYER_KINDS.filter((k) => sample(k) !== undefined))('%s', (kind) => {
  it('has the shape at run time that its shape rule gives, on 20 random cases with leading axes', () => {
    for (let t = 0; t < 20; t++) {
      const { spec, input } = sample(kind) as { spec: LayerSpec; input: number[] };
      const lead = [int(1, 3)];
      const rule = netOutputShape(spec, [...lead, ...input]);
      if ('error' in rule) throw new Error(rule.error);
      const before = tf.memory().numTensors;
      const arg = [...lead, ...input];
      const out = tf.tidy(() => {
        const weights = Object.fromEntries((layerRow(kind).weights?.(spec) ?? []).map((w) => [w.name, tf.randomUniform([...w.shape], -w.bound, w.bound)]));
        // As evaluate.ts calls a net: S·B rows, mapped axes folded into them, the event axes last.
        const rank = netInputRank(spec) ?? arg.length;
        const x = tf.randomNormal([2, ...arg]);
        return LAYER_RUNTIME[kind](spec, tf.reshape(x, [-1, ...arg.slice(arg.length - rank)]), weights, false).shape;
      });
      const rows = 2 * rule.lead.reduce((a, b) => a * b, 1);
      expect(out, JSON.stringify(spec)).toEqual([rows, ...rule.shape]);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});

describe('registry rows agree with the layers runtime', () => {
  it('conv output sizes and weight shapes and bounds', () => {
    for (let t = 0; t < 50; t++) {
      const [n, k, s] = [int(4, 30), int(1, 5), int(1, 3)];
      const p = int(0, k - 1);
      const op = int(0, s - 1);
      const conv: LayerSpec = { kind: 'Conv2d', sizes: [2, 3], options: { kernel: k, stride: s, padding: p } };
      const r = netOutputShape(conv, [2, n, n]);
      expect('shape' in r && r.shape).toEqual([3, conv2dOutputSize(n, k, s, p), conv2dOutputSize(n, k, s, p)]);
      const ct: LayerSpec = { kind: 'ConvTranspose2d', sizes: [2, 3], options: { kernel: k, stride: s, padding: p, output_padding: op } };
      const rt = netOutputShape(ct, [2, n, n]);
      expect('shape' in rt && rt.shape).toEqual([3, convTranspose2dOutputSize(n, k, s, p, op), convTranspose2dOutputSize(n, k, s, p, op)]);
      const declared = (l: LayerSpec) => (layerRow(l.kind).weights?.(l) ?? []).map((w) => [w.name, w.shape, w.bound]);
      const [bc, bt] = [kaimingBound(2 * k * k), kaimingBound(3 * k * k)];
      expect(declared(conv)).toEqual([['W', [k, k, 2, 3], close(bc)], ['b', [3], close(bc)]]);
      expect(declared(ct)).toEqual([['W', [k, k, 3, 2], close(bt)], ['b', [3], close(bt)]]);
    }
    const gru: LayerSpec = { kind: 'GRU', sizes: [2, 5], options: {} };
    const b = close(1 / Math.sqrt(5));
    expect(layerRow('GRU').weights?.(gru).map((w) => [w.name, w.shape, w.bound])).toEqual([['wIh', [2, 15], b], ['wHh', [5, 15], b], ['bIh', [15], b], ['bHh', [15], b]]);
  });

  it('names a non-finite weight for the NaN guard by layer and role', () => {
    const net: LayerSpec = { kind: 'Sequential', sizes: [], options: {}, layers: [{ kind: 'Linear', sizes: [4, 8], options: { out: 'identity' } }, { kind: 'relu', sizes: [], options: {} }, { kind: 'Reshape', sizes: [2, 2, 2], options: {} }, { kind: 'ConvTranspose2d', sizes: [2, 1], options: { kernel: 4, stride: 2, padding: 1, output_padding: 0 } }] };
    expect(describeNetWeight(net, 0, 'b')).toBe('layer 1 biases');
    expect(describeNetWeight(net, 1, 'W')).toBe('layer 2 (ConvTranspose2d(2 -> 1, kernel 4, stride 2, padding 1)) kernels');
    expect(describeNetWeight(net, 2, 'W')).toBeUndefined();
  });
});
