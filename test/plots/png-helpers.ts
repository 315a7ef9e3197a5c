import { PNG } from 'pngjs';

/** A decoded PNG: width, height and RGBA bytes (pngjs always decodes to RGBA). */
export interface Decoded {
  width: number;
  height: number;
  data: Buffer;
}

/** Decode a PNG buffer with pngjs (throws if it is not a valid PNG). */
export function decodePng(png: Buffer): Decoded {
  const image = PNG.sync.read(png);
  return { width: image.width, height: image.height, data: image.data };
}

/** The RGBA of pixel (x, y). */
export function rgbaAt(image: Decoded, x: number, y: number): [number, number, number, number] {
  const i = 4 * (y * image.width + x);
  return [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!];
}

/** The grey level (red channel) of pixel (x, y) of a greyscale PNG. */
export function greyAt(image: Decoded, x: number, y: number): number {
  return rgbaAt(image, x, y)[0];
}

/** Hue in degrees [0, 360) and chroma (max − min channel) of an RGB colour. */
export function hueChroma(r: number, g: number, b: number): { hue: number; chroma: number } {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const chroma = max - min;
  if (chroma === 0) return { hue: 0, chroma };
  let hue: number;
  if (max === r) hue = ((g - b) / chroma) % 6;
  else if (max === g) hue = (b - r) / chroma + 2;
  else hue = (r - g) / chroma + 4;
  return { hue: (hue * 60 + 360) % 360, chroma };
}

/** Hues of Vega's category10 scheme, in order: blue, orange, green, red, purple. */
export const CATEGORY10_HUES = [205, 28, 120, 0, 271];

/** Index of the category10 hue closest to `hue` (circular distance). */
export function nearestCategory(hue: number): number {
  let best = 0;
  let bestDistance = Infinity;
  CATEGORY10_HUES.forEach((h, k) => {
    const d = Math.min(Math.abs(hue - h), 360 - Math.abs(hue - h));
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  });
  return best;
}

/**
 * Count coloured pixels (chroma > 40) in a rectangle by their nearest category10 colour.
 * Axis lines, text and grid are grey (chroma ≈ 0), so only data marks and legend symbols count.
 */
export function categoryCounts(image: Decoded, x0: number, y0: number, x1: number, y1: number): number[] {
  const counts = CATEGORY10_HUES.map(() => 0);
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const [r, g, b] = rgbaAt(image, x, y);
      const { hue, chroma } = hueChroma(r, g, b);
      if (chroma > 40) counts[nearestCategory(hue)]! += 1;
    }
  }
  return counts;
}
