/**
 * The learned 2-D manifold of a VAE with a two-dimensional latent (Kingma & Welling 2014, "Auto-Encoding
 * Variational Bayes", Fig. 4): "linearly spaced coordinates on the unit square were transformed through
 * the inverse CDF of the Gaussian to produce values of the latent variables z", and each z is decoded
 * into the mean image of p(x|z).
 *
 * Grid convention (documented, tested): u_t = linspace(0.05, 0.95, steps)_t and q_t = Φ⁻¹(u_t), so the
 * grid spans the central 90 % of the standard-Normal prior in each coordinate (±1.645). Tile (row i,
 * column j) decodes z = (q_j, q_{steps−1−i}): z₁ grows to the right and z₂ grows upward, as on a
 * plot's axes. The tiles are decoded in row-major order k = i·steps + j.
 */
import { InternalError } from '../common/diagnostic.js';
import { requirePositiveInteger } from './grey-canvas.js';
import { imageGridPng, requireLength } from './image-grid.js';
import { normalQuantile } from './normal-quantile.js';

/** Lowest probability of the quantile grid (Kingma & Welling 2014, Fig. 4 use the unit square's interior). */
export const MANIFOLD_LOW = 0.05;
/** Highest probability of the quantile grid. */
export const MANIFOLD_HIGH = 0.95;

/** Options of {@link manifoldPng}. */
export interface ManifoldOptions {
  /** Integer nearest-neighbour upscaling of every tile; default 1 (20 steps of 28-pixel digits → 560 px). */
  scale?: number;
  /** Padding between tiles in output pixels; default 0, tiles touching as in the paper's figure. */
  pad?: number;
}

/**
 * The latent points of the manifold grid, in the order {@link manifoldPng} tiles them.
 *
 * @param steps - tiles per side (≥ 1; one step gives the single point z = (0, 0))
 * @returns steps² × 2 values: point k = i·steps + j is (Φ⁻¹(u_j), Φ⁻¹(u_{steps−1−i})),
 *   u = linspace({@link MANIFOLD_LOW}, {@link MANIFOLD_HIGH}, steps)
 */
export function manifoldLatentGrid(steps: number): Float32Array {
  requirePositiveInteger(steps, 'manifold steps');
  const quantiles = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    const u = steps === 1 ? 0.5 : MANIFOLD_LOW + ((MANIFOLD_HIGH - MANIFOLD_LOW) * t) / (steps - 1);
    quantiles[t] = normalQuantile(u);
  }
  const grid = new Float32Array(steps * steps * 2);
  for (let i = 0; i < steps; i++) {
    for (let j = 0; j < steps; j++) {
      const k = i * steps + j;
      grid[2 * k] = quantiles[j] as number;
      grid[2 * k + 1] = quantiles[steps - 1 - i] as number;
    }
  }
  return grid;
}

/**
 * The learned 2-D manifold as a PNG: decode a steps × steps grid of standard-Normal quantiles
 * (see {@link manifoldLatentGrid}) and tile the decoded mean images, z₁ to the right, z₂ upward.
 *
 * @param decode - maps `count` latent points (count × 2 values, point-major) to count × height × width
 *   grey levels in [0, 1], e.g. the Bernoulli means of the decoder; called once with the whole grid
 * @param steps - tiles per side (the paper uses 20)
 * @param height - rows of one decoded image
 * @param width - columns of one decoded image
 * @param opts - upscaling and padding (see {@link ManifoldOptions})
 * @returns an 8-bit greyscale PNG of (steps·scale·width + (steps+1)·pad) × (steps·scale·height + (steps+1)·pad)
 */
export function manifoldPng(
  decode: (zGrid: Float32Array, count: number) => Float32Array,
  steps: number,
  height: number,
  width: number,
  opts: ManifoldOptions = {},
): Buffer {
  const grid = manifoldLatentGrid(steps);
  const count = steps * steps;
  const images = decode(grid, count);
  if (!(images instanceof Float32Array)) throw new InternalError('manifold decoder must return a Float32Array');
  requireLength(images, count * height * width, 'decoded manifold images');
  return imageGridPng(images, count, height, width, { cols: steps, pad: opts.pad ?? 0, scale: opts.scale ?? 1 });
}
