/**
 * A grey-level raster that image tiles are pasted into, encoded as an 8-bit greyscale PNG by pngjs.
 * The image grids (samples, reconstructions, manifold) are built on it, so placement and encoding live
 * in one place.
 */
import { PNG } from 'pngjs';
import { InternalError } from '../common/diagnostic.js';

/** A width × height grey raster, row-major, one byte per pixel (0 black … 255 white). */
export class GreyCanvas {
  /** The pixels, row-major: pixel (x, y) is at y·width + x. */
  readonly pixels: Uint8Array;

  /**
   * @param width - pixels per row (a positive integer)
   * @param height - rows (a positive integer)
   * @param background - the grey level every pixel starts at, in [0, 1]
   */
  constructor(
    readonly width: number,
    readonly height: number,
    background: number,
  ) {
    requirePositiveInteger(width, 'canvas width');
    requirePositiveInteger(height, 'canvas height');
    this.pixels = new Uint8Array(width * height).fill(toByte(background));
  }

  /**
   * Paste one image, upscaled by an integer factor with nearest-neighbour repetition (each source
   * pixel becomes a scale × scale block, as in the papers' enlarged digits).
   *
   * @param image - the source grey levels in [0, 1] (clamped; NaN is drawn black)
   * @param offset - where image k starts in `image` (k · height · width)
   * @param height - source rows
   * @param width - source columns
   * @param left - canvas column of the tile's top-left pixel
   * @param top - canvas row of the tile's top-left pixel
   * @param scale - integer upscaling factor ≥ 1
   */
  drawTile(
    image: ArrayLike<number>,
    offset: number,
    height: number,
    width: number,
    left: number,
    top: number,
    scale: number,
  ): void {
    if (left < 0 || top < 0 || left + width * scale > this.width || top + height * scale > this.height) {
      throw new InternalError(`tile at (${left}, ${top}) of ${width * scale}×${height * scale} leaves the canvas`);
    }
    for (let row = 0; row < height; row++) {
      for (let col = 0; col < width; col++) {
        const byte = toByte(image[offset + row * width + col] as number);
        for (let dy = 0; dy < scale; dy++) {
          const start = (top + row * scale + dy) * this.width + left + col * scale;
          this.pixels.fill(byte, start, start + scale);
        }
      }
    }
  }

  /** Encode as an 8-bit greyscale PNG (colour type 0). */
  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    // pngjs packs from an RGBA buffer; with colorType 0 it writes one grey channel.
    for (let i = 0; i < this.pixels.length; i++) {
      const grey = this.pixels[i] as number;
      png.data[4 * i] = grey;
      png.data[4 * i + 1] = grey;
      png.data[4 * i + 2] = grey;
      png.data[4 * i + 3] = 255;
    }
    return PNG.sync.write(png, { colorType: 0 });
  }
}

/** A grey level in [0, 1] as a byte, clamped; NaN becomes 0 so a broken decoder shows as black, not a crash. */
export function toByte(level: number): number {
  if (!(level > 0)) return 0;
  if (level >= 1) return 255;
  return Math.round(level * 255);
}

/** Throw an InternalError unless `value` is a positive integer (sizes come from code, not from users). */
export function requirePositiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new InternalError(`${what} must be a positive integer, got ${value}`);
}

/** Throw an InternalError unless `value` is a non-negative integer. */
export function requireNonNegativeInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new InternalError(`${what} must be a non-negative integer, got ${value}`);
  }
}
