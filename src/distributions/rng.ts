/**
 * A seeded random source. Every sampler in Tilde takes one explicitly, so a run is reproducible bit for
 * bit on the same backend, and a checkpoint can save the stream's position and resume it exactly.
 *
 * The stream is SplitMix32-style: a 32-bit counter advanced by a fixed odd increment and finalised by a
 * bijective mixer (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators"). Each tfjs
 * random op receives its own fresh seed from the stream; tfjs then draws from that seed deterministically.
 */
import * as tf from '@tensorflow/tfjs-core';

const GOLDEN = 0x9e3779b9;

/** Mixes a 32-bit state into a well-distributed 32-bit output (the SplitMix32 finaliser). */
function mix32(x: number): number {
  let z = x >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A serializable, seeded random stream. */
export class Rng {
  private counter: number;

  /** @param seed - any integer; equal seeds give equal streams */
  constructor(seed: number) {
    this.counter = mix32((Math.trunc(seed) ^ 0x5bd1e995) >>> 0);
  }

  /** Restores a stream from {@link Rng.state}. */
  static fromState(state: number): Rng {
    const r = new Rng(0);
    r.counter = state >>> 0;
    return r;
  }

  /** The position of the stream, to save in a checkpoint. */
  get state(): number {
    return this.counter;
  }

  /** The next 32-bit unsigned integer of the stream. */
  nextUint32(): number {
    this.counter = (this.counter + GOLDEN) >>> 0;
    return mix32(this.counter);
  }

  /** A seed for one tfjs random op (tfjs takes seeds as numbers). */
  nextSeed(): number {
    return this.nextUint32();
  }

  /** A float in [0, 1) from the JS-side stream. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An independent child stream (for a sub-task that must not perturb this one's sequence). */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }

  /** Standard normal draws of the given shape. */
  normal(shape: readonly number[]): tf.Tensor {
    return tf.randomNormal([...shape], 0, 1, 'float32', this.nextSeed());
  }

  /** Uniform draws on [low, high) of the given shape. */
  uniform(shape: readonly number[], low = 0, high = 1): tf.Tensor {
    return tf.randomUniform([...shape], low, high, 'float32', this.nextSeed());
  }

  /** Gamma(alpha, 1) draws of the given shape (tfjs's Marsaglia–Tsang sampler, no pathwise gradient). */
  gamma(shape: readonly number[], alpha: number): tf.Tensor {
    return tf.randomGamma([...shape], alpha, 1, 'float32', this.nextSeed());
  }

  /** A uniformly random permutation of 0…n−1 (Fisher–Yates on the JS-side stream). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.nextFloat() * (i + 1));
      const t = p[i] as number;
      p[i] = p[j] as number;
      p[j] = t;
    }
    return p;
  }
}
