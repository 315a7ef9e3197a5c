import { describe, expect, it } from 'vitest';
import { pcaProject2 } from '../../src/plots/pca.js';

describe('pcaProject2', () => {
  // Points c + a·u + b·v in R⁴ with orthonormal u, v and uncorrelated a, b (Σ aᵢbᵢ = 0, both mean 0):
  // the principal axes are exactly u and v, the scores exactly a and b, up to the sign convention.
  const u = [0.6, 0.8, 0, 0];
  const v = [0, 0, 0, -1];
  const c = [5, -3, 2, 7];
  const a = [-6, -3, 0, 3, 6];
  const b = [1, -2, 0, 2, -1];
  const points = new Float32Array(a.length * 4);
  a.forEach((ai, i) => {
    for (let d = 0; d < 4; d++) points[4 * i + d] = c[d]! + ai * u[d]! + b[i]! * v[d]!;
  });

  it('recovers the axes, scores and explained variance of a known example', () => {
    const { points: scores, explained, axes } = pcaProject2(points, a.length, 4);
    // var(a) = 90/4, var(b) = 10/4 → 90 % and 10 % of the variance (to float32 input precision).
    expect(explained[0]).toBeCloseTo(0.9, 6);
    expect(explained[1]).toBeCloseTo(0.1, 6);
    // Orientation: each axis's largest-magnitude coordinate is positive, so v = (0,0,0,−1) becomes
    // (0,0,0,1) and the second score is −b.
    expect(Array.from(axes[0])).toEqual(u.map((x) => expect.closeTo(x, 6)));
    expect(Array.from(axes[1])).toEqual([0, 0, 0, 1].map((x) => expect.closeTo(x, 6)));
    a.forEach((ai, i) => {
      expect(scores[2 * i]).toBeCloseTo(ai, 4);
      expect(scores[2 * i + 1]).toBeCloseTo(-b[i]!, 4);
    });
  });

  it('gives zeros, not NaN, for a single point', () => {
    const { points: scores, explained } = pcaProject2(new Float32Array([1, 2, 3]), 1, 3);
    expect(Array.from(scores)).toEqual([0, 0]);
    expect(explained).toEqual([0, 0]);
  });
});
