/**
 * Every row of the kernel registry equals its plain tfjs reference — values and gradients (with a random
 * upstream gradient), on the cpu and wasm backends, at odd sizes and sizes that are not multiples of the
 * SIMD width (4) — and leaks no tensor.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/runtime/backend.js';
import { KERNELS, type InputDomain } from '../../../src/runtime/kernels/registry.js';

/** Largest |a − b| / (1 + |b|): float32 round-off of a few ops is far below 1e-5. */
function worstScaled(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  expect(x.length).toBe(y.length);
  let worst = 0;
  for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / (1 + Math.abs(y[i]!)));
  return worst;
}

function draw(domain: InputDomain, shape: number[], seed: number): tf.Tensor {
  // Logits up to ±4σ = ±16 reach both tails of softplus and the sigmoid.
  if (domain === 'real') return tf.randomNormal(shape, 0, 4, 'float32', seed);
  // Scales from 0.05 to 20: ratios far from 1 both ways.
  if (domain === 'positive') return tf.exp(tf.randomUniform(shape, -3, 3, 'float32', seed));
  const u = tf.randomUniform(shape, 0, 1, 'float32', seed);
  return domain === 'unit' ? u : tf.cast(tf.greater(u, 0.5), 'float32');
}

const SHAPES = [[1], [7], [3, 5], [9, 17], [2, 3, 785], [128, 13]];

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`kernel registry on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend({ backend, threads: 1 });
    });

    for (const row of KERNELS) {
      for (const shape of SHAPES) {
        it(`${row.name} [${shape}]: values and gradients equal the tfjs reference`, () => {
          const before = tf.memory().numTensors;
          tf.tidy(() => {
            const inputs = row.inputs.map((inp, i) => draw(inp.domain, shape, 11 + i));
            const value = row.op(...inputs);
            const ref = row.reference(...inputs);
            expect(value.shape).toEqual(row.output === 'same' ? shape : shape.slice(0, -1));
            expect(worstScaled(value, ref)).toBeLessThan(1e-5);
            const w = tf.randomNormal(value.shape, 0, 1, 'float32', 5);
            const which = row.inputs.flatMap((inp, i) => (inp.differentiable ? [i] : []));
            const grads = (f: (...xs: tf.Tensor[]) => tf.Tensor) =>
              tf.grads((...ds: tf.Tensor[]) => {
                const all = inputs.map((x, i) => (which.includes(i) ? ds[which.indexOf(i)]! : x));
                return tf.sum(tf.mul(f(...all), w));
              })(which.map((i) => inputs[i]!));
            const gOp = grads(row.op);
            const gRef = grads(row.reference);
            gOp.forEach((g, k) => expect(worstScaled(g, gRef[k]!), `∂/∂${row.inputs[which[k]!]!.name}`).toBeLessThan(1e-5));
          });
          expect(tf.memory().numTensors).toBe(before);
        });
      }
    }

    it('normalKL broadcasts like tfjs: a prior of shape [1, 20] against a batch [7, 20], gradients summed back', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const row = KERNELS.find((k) => k.name === 'normalKL')!;
        const inputs = [tf.randomNormal([7, 20], 0, 2, 'float32', 1), tf.exp(tf.randomNormal([7, 20], 0, 1, 'float32', 2)), tf.zeros([1, 20]), tf.exp(tf.randomNormal([1, 20], 0, 0.3, 'float32', 3))];
        const w = tf.randomNormal([7, 20], 0, 1, 'float32', 4);
        const g = (f: (...xs: tf.Tensor[]) => tf.Tensor) => tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), w)))(inputs);
        const [gOp, gRef] = [g(row.op), g(row.reference)];
        expect(worstScaled(row.op(...inputs), row.reference(...inputs))).toBeLessThan(1e-5);
        gOp.forEach((t, i) => {
          expect(t.shape).toEqual(inputs[i]!.shape);
          expect(worstScaled(t, gRef[i]!)).toBeLessThan(1e-5);
        });
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
