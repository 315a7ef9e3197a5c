/**
 * The compiled Tilde model of the bench: `examples/vae.tilde` compiled from its file, trained by the very
 * step the trainer runs (`trainStep`: objective from the plan, gradients of θ and φ, finiteness check, Adam)
 * — the number `npm run bench` compares with the hand-written tfjs programs.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { TildeModel } from '../src/api/tilde-model.js';
import { compile } from '../src/compile.js';
import { Rng } from '../src/distributions/rng.js';
import { computeObjective, type ObjectiveConfig } from '../src/infer/objective.js';
import { trainStep } from '../src/infer/step.js';
import { setGemmMode } from '../src/runtime/kernels/gemm.js';
import type { Batch } from '../src/runtime/program.js';
import { profilePhases, VAE_CONFIG, type BenchProgram, type StepProfile } from './program.js';

/**
 * The flagship compiled from examples/vae.tilde, trained on the current backend in this process. With
 * `gemm: 'off'` every step runs with tfjs's own products (XNNPACK on wasm) instead of kernels/gemm.ts: the
 * A/B comparison of the two, interleaved in one process.
 */
export function createCompiledVae(seed = 0, file = 'examples/vae.tilde', gemm: 'default' | 'off' = 'default'): BenchProgram {
  const { data: D, batch: B, learningRate } = VAE_CONFIG;
  const result = compile(readFileSync(file, 'utf8'), { fileName: file });
  if (!result.ok) throw new Error(`${file} does not compile`);
  const model = TildeModel.create(result.artifacts, {}, seed);
  const program = model.program('elbo');
  const adam = model.optimizer();
  const rng = new Rng(seed);
  const cfg: ObjectiveConfig = { estimator: 'elbo', samples: 1, datasetSize: 60000 };
  const batchOf = (x: tf.Tensor2D): Batch => ({ size: B, data: new Map([['x', x]]) });
  const withGemm = <T>(f: () => T): T => {
    if (gemm === 'default') return f();
    setGemmMode('off');
    try {
      return f();
    } finally {
      setGemmMode(undefined);
    }
  };
  return {
    label: `Tilde, compiled from ${file} (the trainer's step)${gemm === 'off' ? ', tfjs products' : ''}`,
    key: gemm === 'off' ? 'compiled-tfjs-products' : 'compiled',
    handwritten: false,
    step(batch: Float32Array): number {
      return withGemm(() => {
        const x = tf.tensor2d(batch, [B, D]);
        const r = trainStep(program, adam, batchOf(x), rng, cfg, learningRate);
        x.dispose();
        return r.loss;
      });
    },
    async profileStep(batch: Float32Array): Promise<StepProfile> {
      const vars = adam.variables as tf.Variable[];
      if (gemm === 'off') setGemmMode('off');
      try {
        return await profilePhases({
        makeBatch: () => tf.tensor2d(batch, [B, D]),
        gradients: (x) => {
          const { value, grads } = tf.variableGrads(() => computeObjective(program, batchOf(x), rng, cfg).loss, vars);
          return { loss: value, grads };
        },
        apply: (g: tf.NamedTensorMap) => adam.apply(vars.map((v) => g[v.name] as tf.Tensor), learningRate),
        disposeGrads: (g: tf.NamedTensorMap) => tf.dispose(g),
        });
      } finally {
        setGemmMode(undefined);
      }
    },
    dispose(): void {
      model.dispose();
    },
  };
}
