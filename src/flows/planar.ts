/**
 * The planar flow (Rezende & Mohamed 2015, §4.1): y = x + û h(wᵀx + b) with h = tanh, and
 * log|det J| = log|1 + ûᵀψ(x)|, ψ(x) = h′(wᵀx + b) w (their eq. 11–12).
 *
 * Invertibility (their Appendix A.1): with h = tanh the map is invertible iff wᵀû ≥ −1, enforced by
 * replacing the free u with û = u + (m(wᵀu) − wᵀu) w/‖w‖², m(a) = −1 + softplus(a), so that
 * wᵀû = m(wᵀu) > −1. Then 1 + ûᵀψ = 1 + (1 − h²)·wᵀû > 0 and the log needs no absolute value.
 *
 * Inverse: the component of y along w fixes the scalar s = wᵀx through g(s) = s + wᵀû·tanh(s + b) − wᵀy = 0,
 * with g′ = 1 + (1 − tanh²)·wᵀû > 0; s lies within |wᵀû| of wᵀy (|tanh| ≤ 1), so bisection on that
 * bracket finds it, and x = y − û tanh(s + b). The root is found without gradients; one Newton step from
 * it with live inputs gives the implicit-function gradient ds = −∂g / g′ (needed by sticking the landing).
 */
import * as tf from '@tensorflow/tfjs-core';
import { InternalError } from '../common/diagnostic.js';
import { stopGradient } from '../common/stop-gradient.js';
import { BIJECTORS } from '../registry/bijectors.js';
import type { Bijector, BijectorParams, ForwardResult } from './bijector.js';

/**
 * Bisection iterations of the inverse, then Newton steps: 16 halvings shrink the 2|wᵀû|-wide bracket
 * by 6.5·10⁴, from where Newton on the monotone g converges quadratically.
 */
const BISECTIONS = 16;
const NEWTON_STEPS = 4;

const dot = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.sum(tf.mul(a, b), -1);

function weight(p: BijectorParams, name: string): tf.Tensor {
  const t = p.weights[name];
  if (t === undefined) throw new InternalError(`planar flow: no weight '${name}'`);
  return t;
}

/**
 * û, wᵀû (= m(wᵀu)) and 1 + wᵀû (= softplus(wᵀu), computed without the cancellation that rounds
 * −1 + tiny to −1 in float32) from the free weights (Rezende & Mohamed 2015, Appendix A.1).
 */
export function planarConstrainedU(u: tf.Tensor, w: tf.Tensor): { uHat: tf.Tensor; wu: tf.Tensor; onePlusWu: tf.Tensor } {
  const r = tf.tidy(() => {
    const wu = dot(w, u);
    const sp = tf.softplus(wu);
    const m = tf.sub(sp, 1);
    // ‖w‖² is floored: with w = 0 the map is the identity whatever û is.
    const norm2 = tf.maximum(dot(w, w), 1e-12);
    const uHat = tf.add(u, tf.mul(tf.expandDims(tf.div(tf.sub(m, wu), norm2), -1), w));
    return [uHat, m, sp];
  });
  return { uHat: r[0] as tf.Tensor, wu: r[1] as tf.Tensor, onePlusWu: r[2] as tf.Tensor };
}

export const planar: Bijector = {
  spec: BIJECTORS.Planar,

  forward(x: tf.Tensor, p: BijectorParams): ForwardResult {
    const [y, logDetJ] = tf.tidy(() => {
      const w = weight(p, 'w');
      const b = weight(p, 'b');
      const { uHat, onePlusWu } = planarConstrainedU(weight(p, 'u'), w);
      const h = tf.tanh(tf.add(dot(w, x), b));
      const y = tf.add(x, tf.mul(uHat, tf.expandDims(h, -1)));
      // 1 + ûᵀψ = 1 + (1 − h²)·wᵀû = h² + (1 − h²)(1 + wᵀû): a sum of non-negative terms, positive
      // because 1 + wᵀû = softplus(wᵀu) > 0.
      const h2 = tf.square(h);
      const logDetJ = tf.log(tf.add(h2, tf.mul(tf.sub(1, h2), onePlusWu)));
      return [y, logDetJ];
    });
    return { y: y as tf.Tensor, logDetJ: logDetJ as tf.Tensor };
  },

  inverse(y: tf.Tensor, p: BijectorParams): tf.Tensor {
    return tf.tidy(() => {
      const w = weight(p, 'w');
      const b = weight(p, 'b');
      const { uHat, wu } = planarConstrainedU(weight(p, 'u'), w);
      const target = dot(w, y);
      const g = (s: tf.Tensor): tf.Tensor => tf.sub(tf.add(s, tf.mul(wu, tf.tanh(tf.add(s, b)))), target);
      // The root, without gradients: bisection on [wᵀy − |wᵀû|, wᵀy + |wᵀû|].
      let lo = stopGradient(tf.sub(target, tf.abs(wu)));
      let hi = stopGradient(tf.add(target, tf.abs(wu)));
      for (let i = 0; i < BISECTIONS; i++) {
        const next = tf.tidy(() => {
          const mid = tf.div(tf.add(lo, hi), 2);
          const pos = tf.greater(stopGradient(g(mid)), 0);
          return [tf.where(pos, lo, mid), tf.where(pos, mid, hi)];
        });
        lo.dispose();
        hi.dispose();
        [lo, hi] = next as [tf.Tensor, tf.Tensor];
      }
      let root = tf.div(tf.add(lo, hi), 2);
      for (let i = 0; i < NEWTON_STEPS; i++) {
        const next = tf.tidy(() => {
          const r = stopGradient(root);
          const slope = stopGradient(tf.add(1, tf.mul(wu, tf.sub(1, tf.square(tf.tanh(tf.add(r, b)))))));
          // Kept inside the bracket, where the root is.
          return tf.minimum(tf.maximum(tf.sub(r, tf.div(stopGradient(g(r)), slope)), lo), hi);
        });
        root.dispose();
        root = next;
      }
      // One Newton step with live y and weights: the value stays the root, the gradient is −∂g/g′.
      const h = tf.tanh(tf.add(root, b));
      const slope = tf.add(1, tf.mul(wu, tf.sub(1, tf.square(h))));
      const s = tf.sub(root, tf.div(g(root), stopGradient(slope)));
      return tf.sub(y, tf.mul(uHat, tf.expandDims(tf.tanh(tf.add(s, b)), -1)));
    });
  },
};
