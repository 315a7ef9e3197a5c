import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/common/diagnostic.js';
import { manifoldLatentGrid, manifoldPng } from '../../src/plots/manifold.js';
import { decodePng, greyAt } from './png-helpers.js';

const Q95 = 1.6448536269514727; // Φ⁻¹(0.95) = −Φ⁻¹(0.05)

describe('manifoldLatentGrid', () => {
  it('spans Φ⁻¹(0.05)…Φ⁻¹(0.95), z₁ along columns, z₂ upward along rows', () => {
    const grid = manifoldLatentGrid(3); // u = 0.05, 0.5, 0.95
    const expected = [
      [-Q95, Q95], [0, Q95], [Q95, Q95], // top row: z₂ highest
      [-Q95, 0], [0, 0], [Q95, 0],
      [-Q95, -Q95], [0, -Q95], [Q95, -Q95],
    ];
    expect(grid.length).toBe(18);
    expected.forEach(([z1, z2], k) => {
      expect(grid[2 * k]).toBeCloseTo(z1!, 6);
      expect(grid[2 * k + 1]).toBeCloseTo(z2!, 6);
    });
    expect(Array.from(manifoldLatentGrid(1))).toEqual([0, 0]);
  });

  it('uses Normal quantiles of equally spaced probabilities, not equally spaced z', () => {
    const grid = manifoldLatentGrid(5); // u = 0.05, 0.275, 0.5, 0.725, 0.95
    expect(grid[2]).toBeCloseTo(-0.5977601260424784, 6); // Φ⁻¹(0.275)
  });
});

describe('manifoldPng', () => {
  it('decodes the whole grid in one call and tiles it with the documented size and orientation', () => {
    const calls: number[] = [];
    // Each decoded 2 × 2 image shows the signs of z: pixel (0,0) white iff z₁ > 0, pixel (0,1) iff z₂ > 0.
    const decode = (z: Float32Array, count: number): Float32Array => {
      calls.push(count);
      expect(z.length).toBe(2 * count);
      const images = new Float32Array(count * 4);
      for (let k = 0; k < count; k++) {
        images[4 * k] = z[2 * k]! > 0 ? 1 : 0;
        images[4 * k + 1] = z[2 * k + 1]! > 0 ? 1 : 0;
      }
      return images;
    };
    const png = decodePng(manifoldPng(decode, 3, 2, 2));
    expect(calls).toEqual([9]);
    expect([png.width, png.height]).toEqual([6, 6]); // 3 tiles of 2 px, no padding, scale 1
    expect([greyAt(png, 4, 0), greyAt(png, 5, 0)]).toEqual([255, 255]); // top-right: z₁ > 0, z₂ > 0
    expect([greyAt(png, 0, 0), greyAt(png, 1, 0)]).toEqual([0, 255]); // top-left: z₁ < 0, z₂ > 0
    expect([greyAt(png, 4, 4), greyAt(png, 5, 4)]).toEqual([255, 0]); // bottom-right: z₁ > 0, z₂ < 0
    const scaled = decodePng(manifoldPng(decode, 3, 2, 2, { scale: 2, pad: 1 }));
    expect([scaled.width, scaled.height]).toEqual([3 * 4 + 4, 3 * 4 + 4]);
  });

  it('rejects a decoder that returns the wrong number of values', () => {
    expect(() => manifoldPng(() => new Float32Array(3), 2, 2, 2)).toThrow(InternalError);
  });
});
