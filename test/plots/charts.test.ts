import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/common/diagnostic.js';
import { latentScatterPng, scatterCoordinates } from '../../src/plots/latent-scatter.js';
import { pcaProject2 } from '../../src/plots/pca.js';
import { CHART_HEIGHT, CHART_WIDTH, PIXEL_RATIO } from '../../src/plots/render-chart.js';
import { trainingCurvePng } from '../../src/plots/training-curve.js';
import { categoryCounts, decodePng, rgbaAt, type Decoded } from './png-helpers.js';

const WIDTH = CHART_WIDTH * PIXEL_RATIO; // 1280
const HEIGHT = CHART_HEIGHT * PIXEL_RATIO; // 960
const [BLUE, ORANGE, GREEN] = [0, 1, 2]; // category10 order: labels 0, 1, 2 / series 1, 2, 3

/** Three tight clusters: label 0 top-left (−2, 2), label 1 bottom-left (−2, −2), label 2 bottom-right (2, −2). */
function clusters(): { points: Float32Array; labels: Int32Array } {
  const centres = [[-2, 2], [-2, -2], [2, -2]];
  const n = 300;
  const points = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 3;
    labels[i] = label;
    // deterministic jitter on a small circle
    points[2 * i] = centres[label]![0]! + 0.3 * Math.cos(i);
    points[2 * i + 1] = centres[label]![1]! + 0.3 * Math.sin(i);
  }
  return { points, labels };
}

/** Pixels darker than 60 in every channel (text, axis lines) in the rectangle [x0, x1) × [y0, y1). */
function darkPixels(image: Decoded, x0: number, y0: number, x1: number, y1: number): number {
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const [r, g, b] = rgbaAt(image, x, y);
      if (r < 60 && g < 60 && b < 60) count++;
    }
  }
  return count;
}

describe('latentScatterPng', () => {
  it('decodes at the documented size and colours points by label where they are', async () => {
    const { points, labels } = clusters();
    const png = decodePng(await latentScatterPng(points, 2, labels, { legendTitle: 'digit' }));
    expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
    // Left half only: the legend sits on the right.
    const topLeft = categoryCounts(png, 0, 0, WIDTH / 2, HEIGHT / 2);
    const bottomLeft = categoryCounts(png, 0, HEIGHT / 2, WIDTH / 2, HEIGHT);
    expect(topLeft[BLUE]).toBeGreaterThan(500);
    expect(topLeft[ORANGE]).toBeLessThan(topLeft[BLUE]! / 20);
    expect(bottomLeft[ORANGE]).toBeGreaterThan(500);
    expect(bottomLeft[BLUE]).toBeLessThan(bottomLeft[ORANGE]! / 20);
    const bottomRight = categoryCounts(png, WIDTH / 2, HEIGHT / 2, WIDTH, HEIGHT);
    expect(bottomRight[GREEN]).toBeGreaterThan(500);
    expect(bottomRight[ORANGE]! + bottomRight[BLUE]!).toBeLessThan(bottomRight[GREEN]! / 20);
  });

  it('uses one colour without labels, and renders its title with the bundled font', async () => {
    const { points } = clusters();
    const titled = decodePng(await latentScatterPng(points, 2, undefined, { title: 'Latent space' }));
    const counts = categoryCounts(titled, 0, 0, WIDTH, HEIGHT);
    expect(counts[BLUE]).toBeGreaterThan(1500);
    expect(counts[ORANGE]! + counts[GREEN]!).toBe(0);
    // The middle of the top 60 rows holds only the title (the y axis and its labels are further
    // left): dark glyph pixels with a title, none without one. No glyphs would mean no font.
    const untitled = decodePng(await latentScatterPng(points, 2, undefined, { title: '' }));
    expect(darkPixels(titled, WIDTH / 4, 0, (3 * WIDTH) / 4, 60)).toBeGreaterThan(300);
    expect(darkPixels(untitled, WIDTH / 4, 0, (3 * WIDTH) / 4, 60)).toBe(0);
  });

  it('rejects labels that do not match the points', () => {
    expect(() => latentScatterPng(new Float32Array(6), 2, new Int32Array(2))).toThrow(InternalError);
  });
});

describe('scatterCoordinates', () => {
  const points = new Float32Array([1, 2, 3, 4, 6, 5, 7, 8, 11, 0, 1, 1]); // 4 points in 3 dims
  it('takes the first two latent dimensions unless PCA is asked for', () => {
    const { xy, xTitle, yTitle } = scatterCoordinates(points, 3, false);
    expect(Array.from(xy)).toEqual([1, 2, 4, 6, 7, 8, 0, 1]);
    expect([xTitle, yTitle]).toEqual(['z₁', 'z₂']);
  });
  it('projects on the principal components when dims > 2 and PCA is set', () => {
    const { xy, xTitle } = scatterCoordinates(points, 3, true);
    expect(Array.from(xy)).toEqual(Array.from(pcaProject2(points, 4, 3).points));
    expect(xTitle).toMatch(/^PC 1 \(\d+\.\d % of variance\)$/);
    expect(scatterCoordinates(new Float32Array([1, 2, 3, 4]), 2, true).xTitle).toBe('z₁'); // 2-D: nothing to project
  });
  it('draws a one-dimensional latent as a strip', () => {
    expect(Array.from(scatterCoordinates(new Float32Array([1, 2]), 1, true).xy)).toEqual([1, 0, 2, 0]);
  });
});

describe('trainingCurvePng', () => {
  const epochs = [1, 2, 3, 4, 5];
  it('draws one coloured line per series at the documented size, skipping non-finite values', async () => {
    const png = decodePng(
      await trainingCurvePng(
        [
          { name: 'train', points: epochs.map((x) => ({ x, y: -120 + 6 * x })) },
          { name: 'test', points: [{ x: 0, y: Number.NEGATIVE_INFINITY }, ...epochs.map((x) => ({ x, y: -118 + 6 * x }))] },
          { name: 'reference', points: epochs.map((x) => ({ x, y: -119 + 5 * x })), dashed: true },
        ],
        { title: 'ELBO', yLabel: 'ELBO (nats)' },
      ),
    );
    expect([png.width, png.height]).toEqual([WIDTH, HEIGHT]);
    const counts = categoryCounts(png, 0, 0, WIDTH, HEIGHT);
    expect(counts[BLUE]).toBeGreaterThan(1000);
    expect(counts[ORANGE]).toBeGreaterThan(1000);
    expect(counts[GREEN]).toBeGreaterThan(500); // dashed: fewer pixels
    expect(counts[GREEN]).toBeLessThan(counts[BLUE]!);
  });

  it('rejects repeated series names', () => {
    expect(() => trainingCurvePng([{ name: 'a', points: [] }, { name: 'a', points: [] }])).toThrow(InternalError);
  });
});
