import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/common/diagnostic.js';
import { gridLayout, imageGridPng, pairOrigin, reconstructionLayout, reconstructionPng, tileOrigin } from '../../src/plots/image-grid.js';
import { decodePng, greyAt } from './png-helpers.js';

const PAD_GREY = 128; // PAD_LEVEL 0.5 → round(127.5)

/**
 * n images of h × w: image k is flat at level (k + 1)/10 except a white marker at row 1, column
 * w − 1, so a transposed or mirrored tile would be caught.
 */
function markedImages(n: number, h: number, w: number, base = 0): Float32Array {
  const images = new Float32Array(n * h * w);
  for (let k = 0; k < n; k++) {
    images.fill(base + (k + 1) / 10, k * h * w, (k + 1) * h * w);
    images[k * h * w + 1 * w + (w - 1)] = 1;
  }
  return images;
}

const byte = (level: number): number => Math.round(level * 255);

describe('imageGridPng', () => {
  it('decodes with the documented size and puts image k at row ⌊k/cols⌋, column k mod cols', () => {
    const n = 5, h = 3, w = 4; // default cols ⌈√5⌉ = 3 → 2 rows; pad 2, scale 2
    const png = decodePng(imageGridPng(markedImages(n, h, w), n, h, w));
    // 3 tiles of 8 px + 4 pads of 2 px across; 2 tiles of 6 px + 3 pads down.
    expect([png.width, png.height]).toEqual([3 * 8 + 4 * 2, 2 * 6 + 3 * 2]);
    for (let k = 0; k < n; k++) {
      const left = 2 + (k % 3) * (8 + 2);
      const top = 2 + Math.floor(k / 3) * (6 + 2);
      expect(greyAt(png, left, top), `image ${k} top-left`).toBe(byte((k + 1) / 10));
      expect(greyAt(png, left + 7, top + 5), `image ${k} bottom-right`).toBe(byte((k + 1) / 10));
      // the marker (row 1, col 3) is a 2 × 2 block at (left + 6, top + 2)
      expect(greyAt(png, left + 6, top + 2)).toBe(255);
      expect(greyAt(png, left + 7, top + 3)).toBe(255);
      expect(greyAt(png, left + 5, top + 2)).toBe(byte((k + 1) / 10));
    }
    expect(greyAt(png, 0, 0)).toBe(PAD_GREY); // padding
    expect(greyAt(png, 2 + 2 * 10 + 3, 2 + 8 + 3)).toBe(PAD_GREY); // the empty sixth cell
  });

  it('follows cols, pad and scale, and agrees with gridLayout/tileOrigin', () => {
    const n = 6, h = 2, w = 3;
    const opts = { cols: 6, pad: 0, scale: 1 };
    const png = decodePng(imageGridPng(markedImages(n, h, w), n, h, w, opts));
    expect([png.width, png.height]).toEqual([18, 2]);
    const layout = gridLayout(n, h, w, opts);
    expect([layout.width, layout.height]).toEqual([18, 2]);
    expect(tileOrigin(layout, 4)).toEqual({ left: 12, top: 0 });
    expect(greyAt(png, 12, 0)).toBe(byte(0.5));
    expect(greyAt(png, 14, 1)).toBe(255);
  });

  it('clamps grey levels to [0, 1] and draws NaN black', () => {
    const png = decodePng(imageGridPng(new Float32Array([-1, 2, Number.NaN, 0.5]), 1, 2, 2, { pad: 0, scale: 1 }));
    expect([greyAt(png, 0, 0), greyAt(png, 1, 0), greyAt(png, 0, 1), greyAt(png, 1, 1)]).toEqual([0, 255, 0, 128]);
  });

  it('rejects a buffer of the wrong length as an internal error', () => {
    expect(() => imageGridPng(new Float32Array(10), 2, 2, 2)).toThrow(InternalError);
    expect(() => imageGridPng(new Float32Array(8), 2, 2, 2, { scale: 0 })).toThrow(InternalError);
  });
});

describe('reconstructionPng', () => {
  it('puts each original left of its reconstruction, in pairs, with the documented size', () => {
    const n = 3, h = 2, w = 2; // pairsPerRow ⌈√1.5⌉ = 2 → 2 rows; tiles 4 px, pad 2, pair gap 6
    const originals = markedImages(n, h, w);
    const reconstructions = markedImages(n, h, w, 0.05);
    const png = decodePng(reconstructionPng(originals, reconstructions, n, h, w));
    // pad + [orig 4, pad 2, recon 4] + gap 6 + [4, 2, 4] + pad
    expect([png.width, png.height]).toEqual([2 + 10 + 6 + 10 + 2, 2 * 4 + 3 * 2]);
    const layout = reconstructionLayout(n, h, w);
    expect([layout.width, layout.height]).toEqual([png.width, png.height]);
    for (let i = 0; i < n; i++) {
      const left = 2 + (i % 2) * 16;
      const top = 2 + Math.floor(i / 2) * 6;
      expect(pairOrigin(layout, i)).toEqual({ left, top });
      expect(greyAt(png, left, top), `original ${i}`).toBe(byte((i + 1) / 10));
      expect(greyAt(png, left + 6, top), `reconstruction ${i}`).toBe(byte(0.05 + (i + 1) / 10));
      expect(greyAt(png, left + 4, top)).toBe(PAD_GREY); // the pad inside a pair
    }
  });

  it('rejects mismatched lengths', () => {
    expect(() => reconstructionPng(new Float32Array(8), new Float32Array(4), 2, 2, 2)).toThrow(InternalError);
  });
});
