/**
 * Image grids as PNG: ancestral samples and test digits beside their reconstructions, the way VAE
 * papers show them (Kingma & Welling 2014, Fig. 5). Images are grey levels in [0, 1], drawn white on
 * black (1 → white, as MNIST stores ink), upscaled by nearest neighbour, separated by grey padding.
 *
 * Layout (all sizes in output pixels): tile size `scale·width × scale·height`; `pad` pixels of padding
 * around and between tiles; image k sits in row ⌊k / cols⌋, column k mod cols, row-major, so its
 * top-left pixel is `(pad + col·(scale·width + pad), pad + row·(scale·height + pad))` (see
 * {@link gridLayout} and {@link tileOrigin}). Cells after the last image stay padding-grey.
 */
import { InternalError } from '../common/diagnostic.js';
import { GreyCanvas, requireNonNegativeInteger, requirePositiveInteger } from './grey-canvas.js';

/** Grey level of the padding between tiles: mid-grey separates white-on-black digits from each other. */
export const PAD_LEVEL = 0.5;
/** Default padding between tiles, in output pixels. */
export const DEFAULT_PAD = 2;
/** Default integer upscaling of each image (28-pixel digits become 56 pixels). */
export const DEFAULT_SCALE = 2;

/** Options of {@link imageGridPng}. */
export interface ImageGridOptions {
  /** Tiles per row; default ⌈√n⌉ (64 images → 8 × 8). */
  cols?: number;
  /** Padding around and between tiles, in output pixels; default {@link DEFAULT_PAD}. */
  pad?: number;
  /** Integer nearest-neighbour upscaling of every image; default {@link DEFAULT_SCALE}. */
  scale?: number;
}

/** An output pixel position: column `left`, row `top`, from the picture's top-left corner. */
export interface PixelPosition {
  /** Column, 0 at the left edge. */
  readonly left: number;
  /** Row, 0 at the top edge. */
  readonly top: number;
}

/** Where the tiles of a grid go, and the size of the whole picture. */
export interface GridLayout {
  /** Tiles per row. */
  readonly cols: number;
  /** Rows of tiles. */
  readonly rows: number;
  /** Width of one tile in output pixels (scale · image width). */
  readonly tileWidth: number;
  /** Height of one tile in output pixels (scale · image height). */
  readonly tileHeight: number;
  /** Padding around and between tiles, in output pixels. */
  readonly pad: number;
  /** Width of the picture: cols · tileWidth + (cols + 1) · pad. */
  readonly width: number;
  /** Height of the picture: rows · tileHeight + (rows + 1) · pad. */
  readonly height: number;
}

/**
 * The layout {@link imageGridPng} uses for n images of height × width.
 *
 * @param n - number of images (≥ 1)
 * @param height - rows of one image
 * @param width - columns of one image
 * @param opts - columns, padding and scale, defaulted as in {@link ImageGridOptions}
 */
export function gridLayout(n: number, height: number, width: number, opts: ImageGridOptions = {}): GridLayout {
  requirePositiveInteger(n, 'image count');
  requirePositiveInteger(height, 'image height');
  requirePositiveInteger(width, 'image width');
  const cols = opts.cols ?? Math.ceil(Math.sqrt(n));
  const pad = opts.pad ?? DEFAULT_PAD;
  const scale = opts.scale ?? DEFAULT_SCALE;
  requirePositiveInteger(cols, 'cols');
  requireNonNegativeInteger(pad, 'pad');
  requirePositiveInteger(scale, 'scale');
  const rows = Math.ceil(n / cols);
  const tileWidth = width * scale;
  const tileHeight = height * scale;
  return {
    cols,
    rows,
    tileWidth,
    tileHeight,
    pad,
    width: cols * tileWidth + (cols + 1) * pad,
    height: rows * tileHeight + (rows + 1) * pad,
  };
}

/** Top-left output pixel of tile k (row-major) in a grid laid out by {@link gridLayout}. */
export function tileOrigin(layout: GridLayout, k: number): PixelPosition {
  const row = Math.floor(k / layout.cols);
  const col = k % layout.cols;
  return {
    left: layout.pad + col * (layout.tileWidth + layout.pad),
    top: layout.pad + row * (layout.tileHeight + layout.pad),
  };
}

/**
 * A grid of n grey images as a PNG (e.g. the Bernoulli means of 64 ancestral samples → an 8 × 8 grid).
 *
 * @param images - n × height × width grey levels in [0, 1], image-major then row-major
 * @param n - number of images
 * @param height - rows of one image
 * @param width - columns of one image
 * @param opts - columns, padding and upscaling (see {@link ImageGridOptions})
 * @returns an 8-bit greyscale PNG of {@link gridLayout}'s width × height; image k at {@link tileOrigin}(k)
 */
export function imageGridPng(
  images: Float32Array,
  n: number,
  height: number,
  width: number,
  opts: ImageGridOptions = {},
): Buffer {
  const layout = gridLayout(n, height, width, opts);
  requireLength(images, n * height * width, 'images');
  const canvas = new GreyCanvas(layout.width, layout.height, PAD_LEVEL);
  const scale = layout.tileWidth / width;
  for (let k = 0; k < n; k++) {
    const { left, top } = tileOrigin(layout, k);
    canvas.drawTile(images, k * height * width, height, width, left, top, scale);
  }
  return canvas.toPng();
}

/**
 * The layout {@link reconstructionPng} uses: a square-ish grid of (original, reconstruction) pairs.
 * `pairsPerRow = ⌈√(n/2)⌉`, so 32 digits give 8 rows of 4 pairs (an 8 × 8 grid of tiles). Tiles are
 * {@link DEFAULT_SCALE}× upscaled with {@link DEFAULT_PAD} pixels of padding; pairs are separated by a
 * wider gap of 3 · pad, so each digit visibly belongs to its reconstruction.
 *
 * Pair i sits in row ⌊i / pairsPerRow⌋ and pair column j = i mod pairsPerRow; its original's top-left
 * pixel is `(pad + j·(2·tileWidth + 4·pad), pad + row·(tileHeight + pad))` and its reconstruction is
 * immediately right of it, at `left + tileWidth + pad`.
 */
export interface ReconstructionLayout {
  /** (original, reconstruction) pairs per row. */
  readonly pairsPerRow: number;
  /** Rows of pairs. */
  readonly rows: number;
  /** Width of one tile in output pixels. */
  readonly tileWidth: number;
  /** Height of one tile in output pixels. */
  readonly tileHeight: number;
  /** Padding between the two tiles of a pair and between rows, in output pixels. */
  readonly pad: number;
  /** Width of the picture: pairsPerRow · (2·tileWidth + pad) + (pairsPerRow − 1) · 3·pad + 2·pad. */
  readonly width: number;
  /** Height of the picture: rows · tileHeight + (rows + 1) · pad. */
  readonly height: number;
}

/**
 * The layout of {@link reconstructionPng} for n pairs of height × width images.
 *
 * @param n - number of (original, reconstruction) pairs
 * @param height - rows of one image
 * @param width - columns of one image
 */
export function reconstructionLayout(n: number, height: number, width: number): ReconstructionLayout {
  requirePositiveInteger(n, 'pair count');
  requirePositiveInteger(height, 'image height');
  requirePositiveInteger(width, 'image width');
  const pairsPerRow = Math.ceil(Math.sqrt(n / 2));
  const rows = Math.ceil(n / pairsPerRow);
  const pad = DEFAULT_PAD;
  const tileWidth = width * DEFAULT_SCALE;
  const tileHeight = height * DEFAULT_SCALE;
  return {
    pairsPerRow,
    rows,
    tileWidth,
    tileHeight,
    pad,
    width: pairsPerRow * (2 * tileWidth + pad) + (pairsPerRow - 1) * 3 * pad + 2 * pad,
    height: rows * tileHeight + (rows + 1) * pad,
  };
}

/** Top-left output pixel of pair i's original; its reconstruction is at left + tileWidth + pad. */
export function pairOrigin(layout: ReconstructionLayout, i: number): PixelPosition {
  const row = Math.floor(i / layout.pairsPerRow);
  const j = i % layout.pairsPerRow;
  return {
    left: layout.pad + j * (2 * layout.tileWidth + 4 * layout.pad),
    top: layout.pad + row * (layout.tileHeight + layout.pad),
  };
}

/**
 * Test digits beside their reconstructions, as a PNG: each original (left) is followed by its
 * reconstruction (right), in pairs laid out by {@link reconstructionLayout}.
 *
 * @param originals - n × height × width grey levels in [0, 1]
 * @param reconstructions - n × height × width grey levels in [0, 1] (e.g. Bernoulli means of p(x|z), z ~ q(z|x))
 * @param n - number of pairs
 * @param height - rows of one image
 * @param width - columns of one image
 * @returns an 8-bit greyscale PNG of {@link reconstructionLayout}'s width × height
 */
export function reconstructionPng(
  originals: Float32Array,
  reconstructions: Float32Array,
  n: number,
  height: number,
  width: number,
): Buffer {
  const layout = reconstructionLayout(n, height, width);
  requireLength(originals, n * height * width, 'originals');
  requireLength(reconstructions, n * height * width, 'reconstructions');
  const canvas = new GreyCanvas(layout.width, layout.height, PAD_LEVEL);
  for (let i = 0; i < n; i++) {
    const { left, top } = pairOrigin(layout, i);
    const offset = i * height * width;
    canvas.drawTile(originals, offset, height, width, left, top, DEFAULT_SCALE);
    canvas.drawTile(reconstructions, offset, height, width, left + layout.tileWidth + layout.pad, top, DEFAULT_SCALE);
  }
  return canvas.toPng();
}

/** The callers pass typed arrays they built themselves: a wrong length is a bug in Tilde. */
export function requireLength(values: ArrayLike<number>, expected: number, what: string): void {
  if (values.length !== expected) {
    throw new InternalError(`${what} has ${values.length} values, expected ${expected}`);
  }
}
