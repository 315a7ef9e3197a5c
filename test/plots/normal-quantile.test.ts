import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../src/plots/normal-quantile.js';

// Reference values: Φ⁻¹(p) solved to 40 digits with mpmath (findroot on ncdf), rounded to 17.
const REFERENCE: [number, number][] = [
  [0.5, 0],
  [0.6, 0.2533471031357997988], // centre region
  [0.3, -0.52440051270804078404],
  [0.95, 1.6448536269514727149], // tail region, r ≤ 5
  [0.05, -1.6448536269514727149],
  [0.975, 1.9599639845400542355],
  [0.9999, 3.7190164854556805644],
  [1e-10, -6.3613409024040562047],
  [1e-300, -37.047096299361199237], // far tail, r > 5
];

describe('normalQuantile (Wichura AS 241)', () => {
  it('matches high-precision quantiles in all three regions', () => {
    for (const [p, z] of REFERENCE) {
      // 1e-12: AS 241 is good to ~1e-16; the rest is the rounding of p itself (0.9999 as a double is
      // off by ~1e-17, times dz/dp = 1/φ(z) ≈ 2500).
      expect(Math.abs(normalQuantile(p) - z), `p = ${p}`).toBeLessThan(1e-12 * Math.max(1, Math.abs(z)));
    }
  });

  it('is odd about ½ and increasing', () => {
    let previous = Number.NEGATIVE_INFINITY;
    for (let k = 1; k < 1000; k++) {
      const p = k / 1000;
      const z = normalQuantile(p);
      expect(z).toBeGreaterThan(previous);
      previous = z;
      expect(Math.abs(z + normalQuantile(1 - p))).toBeLessThan(1e-12);
    }
  });

  it('maps the ends to ±∞ and nonsense to NaN', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});
