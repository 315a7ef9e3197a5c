/**
 * MADE's autoregressive property (Germain et al. 2015), measured rather than read off the masks: on random
 * weights, the Jacobian of every output with respect to the inputs (by autodiff) is exactly zero where the
 * input does not come before the output's input in the ordering, and non-zero everywhere else (so the masks
 * are not merely too strict); every output, the first in the ordering included, depends on the context;
 * the registry's parameter count equals the weights the layer reads; no tensor leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/distributions/rng.js';
import { inputDegrees, type MadeOrder } from '../../../src/registry/made-degrees.js';
import { describeLayer, layerRow, netParameterCount, printLayer, type LayerSpec } from '../../../src/registry/networks.js';
import { made } from '../../../src/runtime/layers/made.js';
import { activate } from '../../../src/runtime/net-layers.js';
import '../../../src/runtime/gradients.js';
import { useCpu } from '../../helpers/backend.js';

beforeAll(useCpu);

const spec = (d: number, hidden: number[], m: number, context: number, order: MadeOrder): LayerSpec => ({
  kind: 'MADE',
  sizes: [d, ...hidden, d * m],
  options: { context, order, hidden: 'tanh' },
});

function randomWeights(l: LayerSpec, seed: number): Record<string, tf.Tensor> {
  const rng = new Rng(seed);
  return Object.fromEntries(
    (layerRow('MADE').weights?.(l) ?? []).map((w) => [w.name, tf.randomUniform([...w.shape], -1, 1, 'float32', Math.floor(rng.nextFloat() * 1e9))]),
  );
}

/** The Jacobian d out[o] / d x[j] at one random point, as rows per output. */
function jacobian(l: LayerSpec, seed: number): number[][] {
  return tf.tidy(() => {
    const w = randomWeights(l, seed);
    const width = (l.sizes[0] as number) + (l.options.context as number);
    const x = tf.randomNormal([1, width], 0, 1, 'float32', seed);
    const outs = l.sizes[l.sizes.length - 1] as number;
    const rows: number[][] = [];
    for (let o = 0; o < outs; o++) {
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.slice(made(l, v, w, activate), [0, o], [1, 1])))(x);
      rows.push(Array.from(g.dataSync()));
    }
    return rows;
  });
}

const CASES: [number, number[], number, number, MadeOrder][] = [
  [4, [12], 2, 0, 'natural'],
  [4, [12, 9], 2, 3, 'reversed'],
  [5, [8], 1, 2, 'natural'],
  [3, [2], 3, 0, 'reversed'],
  [1, [4], 2, 2, 'natural'],
];

describe('MADE masks', () => {
  it.each(CASES)('d %i, hidden %j, m %i, context %i, %s: output i depends exactly on the inputs before i', (d, hidden, m, c, order) => {
    const l = spec(d, hidden, m, c, order);
    const deg = inputDegrees({ inputs: d, hidden, perInput: m, context: c, order });
    const before = tf.memory().numTensors;
    const J = jacobian(l, 11 + d);
    expect(tf.memory().numTensors).toBe(before);
    // With fewer hidden units than d − 1 some allowed paths do not exist; check "exactly" only when all do.
    const complete = hidden.every((h) => h >= d - 1 + (c > 0 ? 1 : 0));
    J.forEach((row, o) => {
      const i = o % d;
      for (let j = 0; j < d; j++) {
        const allowed = (deg[j] as number) < (deg[i] as number);
        if (!allowed) expect(row[j], `output ${o} (input ${i}) on input ${j}`).toBe(0);
        else if (complete) expect(Math.abs(row[j] as number), `output ${o} on input ${j}`).toBeGreaterThan(1e-6);
      }
      for (let k = d; k < d + c; k++) expect(Math.abs(row[k] as number), `output ${o} on context ${k - d}`).toBeGreaterThan(1e-6);
    });
  });

  it('is strictly triangular in the ordering: reversed order flips which half is zero', () => {
    const J = jacobian(spec(3, [6], 1, 0, 'reversed'), 5);
    // z₃ comes first: output 2 depends on nothing, output 0 on z₂ and z₃.
    expect(J[2]?.slice(0, 3)).toEqual([0, 0, 0]);
    expect(J[0]?.[0]).toBe(0);
    expect(Math.abs(J[0]?.[1] as number)).toBeGreaterThan(0);
    expect(Math.abs(J[0]?.[2] as number)).toBeGreaterThan(0);
  });

  it('prints as it is written (defaults left out) and describes itself with its context', () => {
    expect(printLayer(spec(4, [12, 9], 2, 3, 'reversed'))).toBe('MADE(4 -> 12 -> 9 -> 8, context = 3, order = reversed, hidden = tanh)');
    expect(printLayer({ kind: 'MADE', sizes: [2, 8, 4], options: { context: 0, order: 'natural', hidden: 'relu' } })).toBe('MADE(2 -> 8 -> 4)');
    expect(describeLayer(spec(4, [12], 1, 3, 'natural'))).toBe('MADE(4 -> 12 -> 4, context 3)');
  });

  it('counts its parameters as the weights it reads', () => {
    const l = spec(4, [12, 9], 2, 3, 'natural');
    // W0 4·12 + C 3·12 + b0 12 + W1 12·9 + b1 9 + W2 9·8 + b2 8
    expect(netParameterCount(l)).toBe(48 + 36 + 12 + 108 + 9 + 72 + 8);
  });
});
