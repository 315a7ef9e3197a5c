/**
 * The kernel registry: Tilde's own fused tensor ops, one file each with its gradient (as tfjs-core keeps one
 * kernel and one gradient config per op, registered in one visible place). Every row names its plain tfjs
 * reference — the same function composed of tfjs ops, differentiated by tfjs — and
 * test/runtime/kernels/registry.test.ts checks each row against it (values and gradients, odd sizes, sizes
 * that are not multiples of the SIMD width). Who uses a kernel reaches it through its owner, not by name:
 * a distribution's fused log-density (`Distribution.logProbInSupportSumLast`), the dense layer, the
 * optimizer. The optimizer's kernel (adam.ts, adam-wasm.ts, adam.wat) is not a tensor op and has its own
 * tests against tfjs's Adam.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bernoulliLogitsLogProb } from './bernoulli-logits-log-prob.js';
import { normalKL } from './normal-kl.js';

/** How the registry test draws an input of a kernel. */
export type InputDomain = 'real' | 'positive' | 'unit' | 'binary';

/** One fused tensor op. */
export interface KernelRow {
  /** Name (the op's file is its kebab-case). */
  readonly name: string;
  /** Its inputs, in call order: how to draw each, and whether it receives a gradient. */
  readonly inputs: readonly { readonly name: string; readonly domain: InputDomain; readonly differentiable: boolean }[];
  /** Whether the output drops the inputs' last axis (a reduction over it) or keeps their shape. */
  readonly output: 'same' | 'drop-last';
  /** The fused op. */
  readonly op: (...inputs: tf.Tensor[]) => tf.Tensor;
  /** The same function from plain tfjs ops (tfjs's own gradients): what the op must equal. */
  readonly reference: (...inputs: tf.Tensor[]) => tf.Tensor;
}

/** Every fused tensor op of the runtime. */
export const KERNELS: readonly KernelRow[] = [
  {
    name: 'bernoulliLogitsLogProb',
    inputs: [
      { name: 'logits', domain: 'real', differentiable: true },
      { name: 'x', domain: 'binary', differentiable: false },
    ],
    output: 'drop-last',
    op: (logits, x) => bernoulliLogitsLogProb(logits!, x!),
    reference: (logits, x) => tf.sum(tf.sub(tf.mul(x!, logits!), tf.softplus(logits!)), -1),
  },
  {
    name: 'normalKL',
    inputs: [
      { name: 'locP', domain: 'real', differentiable: true },
      { name: 'scaleP', domain: 'positive', differentiable: true },
      { name: 'locQ', domain: 'real', differentiable: true },
      { name: 'scaleQ', domain: 'positive', differentiable: true },
    ],
    output: 'same',
    op: (mp, sp, mq, sq) => normalKL(mp!, sp!, mq!, sq!),
    // The formula kl-formulas.ts had, differentiated by tfjs.
    reference: (mp, sp, mq, sq) => {
      const r = tf.div(sp!, sq!);
      const d = tf.div(tf.sub(mp!, mq!), sq!);
      return tf.sub(tf.mul(0.5, tf.sub(tf.add(tf.square(r), tf.square(d)), 1)), tf.log(r));
    },
  },
];
