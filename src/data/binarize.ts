/**
 * Turning 8-bit grey levels into the values a model's data domain needs.
 *
 * - Grey levels are p/255 in [0, 1].
 * - Static binarization thresholds them once: x = 1 iff p/255 > 0.5 — the fixed binarization that the
 *   PyTorch reference VAE uses (shared/reference/mnist.js), so ELBOs are comparable.
 * - Dynamic binarization draws x ~ Bernoulli(p/255) afresh every epoch. Stochastic binarization of MNIST
 *   goes back to Salakhutdinov & Murray (2008), "On the quantitative analysis of deep belief networks";
 *   resampling it on every pass is the protocol of Burda, Grosse & Salakhutdinov (2016), "Importance
 *   weighted autoencoders". It acts as a regularizer, so its ELBOs are not comparable with static ones.
 * - `Unit` data clamps grey levels into [ε, 1 − ε] with {@link UNIT_EPSILON}.
 */
import type { Rng } from '../distributions/rng.js';

/** The static binarization threshold on p/255 (strictly greater is 1). */
export const BINARIZE_THRESHOLD = 0.5;

/**
 * How far `Unit` grey levels are kept from 0 and 1. Unit data lives in the open interval (0, 1), where
 * log x and log(1 − x) must be finite. 1e-4 is far below half a grey level (1/510 ≈ 0.002), so no two
 * distinct levels merge, and large enough that 1 − ε is exact to 0.06% in float32 (whose spacing near 1
 * is 6e-8), so log(1 − x) is accurate.
 */
export const UNIT_EPSILON = 1e-4;

/** A table from byte value p to f(p), computed once per call so per-pixel work is one lookup. */
function byteTable(f: (p: number) => number): Float32Array {
  const t = new Float32Array(256);
  for (let p = 0; p < 256; p++) t[p] = f(p);
  return t;
}

/** Maps every byte through a 256-entry table. */
function mapBytes(bytes: Uint8Array, table: Float32Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i] as number] as number;
  return out;
}

/** Grey levels p/255 in [0, 1]. */
export function greyLevels(bytes: Uint8Array): Float32Array {
  return mapBytes(bytes, byteTable((p) => p / 255));
}

/** Static binarization: 1 where p/255 > {@link BINARIZE_THRESHOLD}, else 0. */
export function binarizeStatic(bytes: Uint8Array): Float32Array {
  return mapBytes(bytes, byteTable((p) => (p / 255 > BINARIZE_THRESHOLD ? 1 : 0)));
}

/** Grey levels p/255 clamped into [{@link UNIT_EPSILON}, 1 − {@link UNIT_EPSILON}], for `Unit` data. */
export function greyLevelsInUnit(bytes: Uint8Array): Float32Array {
  return mapBytes(bytes, byteTable((p) => Math.min(Math.max(p / 255, UNIT_EPSILON), 1 - UNIT_EPSILON)));
}

/**
 * Fresh Bernoulli(grey) binarization for one epoch (dynamic binarization), from a seeded Rng: element
 * i is 1 iff u_i < grey_i with u_i uniform on [0, 1), so P(1) = grey_i (0 stays 0, 1 stays 1).
 *
 * @param grey - probabilities in [0, 1] (grey levels)
 * @param rng - the stream to draw from; it advances by `grey.length` draws
 * @returns a new array of 0s and 1s
 */
export function resampleBinary(grey: Float32Array, rng: Rng): Float32Array {
  const out = new Float32Array(grey.length);
  for (let i = 0; i < grey.length; i++) out[i] = rng.nextFloat() < (grey[i] as number) ? 1 : 0;
  return out;
}
