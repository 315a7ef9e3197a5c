/**
 * The standard-Normal quantile function Φ⁻¹, on plain numbers (no tensors): the plots need it to place
 * the learned-manifold grid at Normal quantiles, outside any tfjs graph.
 *
 * Algorithm: M. J. Wichura (1988), "Algorithm AS 241: The Percentage Points of the Normal
 * Distribution", Applied Statistics 37(3), 477–484 — routine PPND16, a rational minimax approximation
 * accurate to about 1 part in 10¹⁶. Three regions: the centre |p − ½| ≤ 0.425, the tails with
 * r = √(−ln min(p, 1−p)) ≤ 5, and the far tails beyond.
 */

// Coefficients of PPND16, lowest degree first (Wichura 1988, Table; names a–f as in the paper).
const CENTRE_NUM = [
  3.387132872796366608, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
  4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3,
];
const CENTRE_DEN = [
  1.0, 4.2313330701600911252e1, 6.871870074920579083e2, 5.3941960214247511077e3, 2.1213794301586595867e4,
  3.930789580009271061e4, 2.8729085735721942674e4, 5.226495278852854561e3,
];
const TAIL_NUM = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 2.4178072517745061177e-1, 2.27238449892691845833e-2, 7.7454501427834140764e-4,
];
const TAIL_DEN = [
  1.0, 2.05319162663775882187, 1.6763848301838038494, 6.8976733498510000455e-1, 1.4810397642748007459e-1,
  1.51986665636164571966e-2, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
const FAR_NUM = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 2.9656057182850489123e-1,
  2.6532189526576123093e-2, 1.2426609473880784386e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const FAR_DEN = [
  1.0, 5.9983220655588793769e-1, 1.3692988092273580531e-1, 1.48753612908506148525e-2,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

/** Horner evaluation of c[0] + c[1]·x + … + c[m]·x^m. */
function polynomial(c: readonly number[], x: number): number {
  let value = 0;
  for (let i = c.length - 1; i >= 0; i--) value = value * x + (c[i] as number);
  return value;
}

/**
 * Φ⁻¹(p): the z with P(Z ≤ z) = p for Z ~ Normal(0, 1), by Wichura's AS 241 (PPND16).
 *
 * @param p - a probability; 0 and 1 give −∞ and +∞, anything outside [0, 1] (or NaN) gives NaN
 * @returns the standard-Normal quantile, accurate to about 1e-16 relative
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * polynomial(CENTRE_NUM, r)) / polynomial(CENTRE_DEN, r);
  }
  // Tails: work with the smaller of p and 1 − p, then restore the sign (Φ⁻¹(1 − p) = −Φ⁻¹(p)).
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value = polynomial(TAIL_NUM, r) / polynomial(TAIL_DEN, r);
  } else {
    r -= 5;
    value = polynomial(FAR_NUM, r) / polynomial(FAR_DEN, r);
  }
  return q < 0 ? -value : value;
}
