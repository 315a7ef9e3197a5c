/**
 * FlatAdam must follow tf.train.adam (rule `tfjs`) and the folded algebra of src/infer/adam.ts (rule
 * `folded`) step for step — exactly, since it performs the same float32 operations in the same order —
 * leak no tensors, and keep its state across checkpoints and outside assignments.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/runtime/backend.js';
import { FlatAdam } from '../../../src/runtime/kernels/adam.js';

const SHAPES: readonly number[][] = [[7, 5], [5], [3, 4, 2]];

function makeVariables(prefix: string): tf.Variable[] {
  return SHAPES.map((shape, i) => tf.variable(tf.randomNormal(shape, 0, 1, 'float32', 100 + i), true, `${prefix}${i}`));
}

/** Gradients of step `s`, the same for both optimizers; scaled so some are tiny and some large. */
function gradientsOf(step: number): tf.Tensor[] {
  return SHAPES.map((shape, i) => tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 1000 * step + i), 10 ** (i - 1)));
}

function worstRelative(a: Float32Array | Int32Array | Uint8Array, b: Float32Array | Int32Array | Uint8Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1e-3 + Math.abs(b[i]!)));
  return worst;
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`FlatAdam on ${backend}`, () => {
    beforeAll(async () => {
      await selectBackend({ backend, threads: 1 });
    });

    it('equals tf.train.adam exactly over 20 steps', () => {
      const ours = makeVariables(`${backend}-ours-`);
      const theirs = makeVariables(`${backend}-theirs-`);
      const flat = new FlatAdam(ours, { learningRate: 0.01 });
      const reference = tf.train.adam(0.01);
      for (let s = 0; s < 20; s++) {
        const g = gradientsOf(s);
        flat.applyGradients(g);
        reference.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: g[i]! })));
        tf.dispose(g);
      }
      ours.forEach((v, i) => expect(Array.from(v.dataSync()), `variable ${i}`).toEqual(Array.from(theirs[i]!.dataSync())));
      // And they did move (a test that could not fail otherwise).
      const start = makeVariables(`${backend}-start-`);
      expect(worstRelative(ours[0]!.dataSync(), start[0]!.dataSync())).toBeGreaterThan(1e-3);
      expect(flat.step).toBe(20);
      reference.dispose();
      tf.dispose([...ours, ...theirs, ...start]);
    });

    it("the folded rule equals src/infer/adam.ts's algebra in tfjs ops exactly, with a schedule and clipping", () => {
      const ours = makeVariables(`${backend}-folded-`);
      const theirs = makeVariables(`${backend}-foldedRef-`);
      const flat = new FlatAdam(ours, { learningRate: 0.01, rule: 'folded' });
      // The reference: the folded update written with tfjs ops, in src/infer/adam.ts's order.
      const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
      const m = theirs.map((v) => tf.variable(tf.zerosLike(v), false));
      const v2 = theirs.map((v) => tf.variable(tf.zerosLike(v), false));
      for (let t = 1; t <= 20; t++) {
        const lr = 0.01 / Math.sqrt(t); // a schedule
        const scale = t % 3 === 0 ? 0.25 : 1; // clipping on some steps
        const g = gradientsOf(t);
        flat.applyGradients(g, { learningRate: lr, gradientScale: scale });
        const c1 = 1 - beta1 ** t;
        const c2 = 1 - beta2 ** t;
        const stepSize = (lr * Math.sqrt(c2)) / c1;
        const epsHat = epsilon * Math.sqrt(c2);
        tf.tidy(() => {
          g.forEach((gi0, i) => {
            const gi = scale === 1 ? gi0 : tf.mul(gi0, scale);
            const mNew = tf.add(tf.mul(m[i]!, beta1), tf.mul(gi, 1 - beta1));
            const vNew = tf.add(tf.mul(v2[i]!, beta2), tf.mul(tf.square(gi), 1 - beta2));
            m[i]!.assign(mNew);
            v2[i]!.assign(vNew);
            theirs[i]!.assign(tf.sub(theirs[i]!, tf.mul(tf.div(mNew, tf.add(tf.sqrt(vNew), epsHat)), stepSize)));
          });
        });
        tf.dispose(g);
      }
      ours.forEach((v, i) => expect(Array.from(v.dataSync()), `variable ${i}`).toEqual(Array.from(theirs[i]!.dataSync())));
      tf.dispose([...ours, ...theirs, ...m, ...v2]);
    });

    it('accepts gradients by variable name (the tf.variableGrads map) and leaks no tensors', () => {
      const vars = makeVariables(`${backend}-named-`);
      const flat = new FlatAdam(vars, { learningRate: 1e-3 });
      const loss = () => tf.addN(vars.map((v) => tf.sum(tf.square(v)))) as tf.Scalar;
      const once = () => {
        const { value, grads } = tf.variableGrads(loss, vars);
        flat.applyGradients(grads);
        const l = value.dataSync()[0]!;
        tf.dispose([value, grads]);
        return l;
      };
      const first = once();
      const before = tf.memory().numTensors;
      let last = first;
      for (let s = 0; s < 30; s++) last = once();
      expect(tf.memory().numTensors).toBe(before);
      expect(last).toBeLessThan(first); // descending a convex bowl
      tf.dispose(vars);
    });

    it('the flat-gradient entry point equals the per-variable one', () => {
      const a = makeVariables(`${backend}-flatA-`);
      const b = makeVariables(`${backend}-flatB-`);
      const fa = new FlatAdam(a, { learningRate: 0.01 });
      const fb = new FlatAdam(b, { learningRate: 0.01 });
      for (let s = 0; s < 3; s++) {
        const g = gradientsOf(s);
        fa.applyGradients(g);
        const doubled = new Float32Array(fb.size);
        let off = 0;
        for (const t of g) {
          const d = t.dataSync();
          for (let i = 0; i < d.length; i++) doubled[off + i] = 2 * d[i]!;
          off += d.length;
        }
        fb.applyFlatGradient(doubled, { gradientScale: 0.5 });
        tf.dispose(g);
      }
      a.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(b[i]!.dataSync())));
      tf.dispose([...a, ...b]);
    });

    it('weighted gradients equal their sum given as one flat gradient', () => {
      const a = makeVariables(`${backend}-weightedA-`);
      const b = makeVariables(`${backend}-weightedB-`);
      const fa = new FlatAdam(a, { learningRate: 0.01 });
      const fb = new FlatAdam(b, { learningRate: 0.01 });
      const flatOf = (ts: tf.Tensor[]) => {
        const out = new Float32Array(fa.size);
        let off = 0;
        for (const t of ts) {
          out.set(t.dataSync() as Float32Array, off);
          off += t.size;
        }
        return out;
      };
      for (let s = 0; s < 3; s++) {
        const g0 = gradientsOf(2 * s);
        const g1 = gradientsOf(2 * s + 1);
        const [p0, p1] = [flatOf(g0), flatOf(g1)];
        fa.applyWeightedGradients([p0, p1], [0.75, 0.25]);
        // The same float32 arithmetic, done here: 0.75·p0, then + 0.25·p1.
        const f = Math.fround;
        fb.applyFlatGradient(p0.map((x, i) => f(f(x * 0.75) + f(p1[i]! * 0.25))));
        tf.dispose([...g0, ...g1]);
      }
      a.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(b[i]!.dataSync())));
      tf.dispose([...a, ...b]);
    });

    it('state round-trips, and an outside assignment is picked up', () => {
      const a = makeVariables(`${backend}-stateA-`);
      const fa = new FlatAdam(a, { learningRate: 0.01 });
      const g0 = gradientsOf(0);
      fa.applyGradients(g0);
      const saved = fa.getState();
      const params = fa.getParameters();

      const b = makeVariables(`${backend}-stateB-`);
      const fb = new FlatAdam(b, { learningRate: 0.01 });
      fb.setParameters(params);
      fb.setState(saved);
      const g1 = gradientsOf(1);
      fa.applyGradients(g1);
      fb.applyGradients(g1);
      a.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(b[i]!.dataSync())));

      // Someone assigns a variable directly: the next update starts from the assigned values.
      a[1]!.assign(tf.zeros(SHAPES[1]!));
      expect(fa.getParameters().subarray(35, 40).every((x) => x === 0)).toBe(true);
      tf.dispose([...a, ...b, ...g0, ...g1]);
    });
  });
}
