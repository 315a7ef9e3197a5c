/**
 * The WebAssembly text of the Bernoulli-logits pass: for n logits ℓ and data x (flat float32 arrays in the
 * tfjs wasm backend's memory, imported) it writes, in one SIMD pass,
 *
 *   v = x·ℓ − softplus(ℓ),   s = σ(ℓ),
 *
 * from one exponential e = exp(−|ℓ|): softplus(ℓ) = max(ℓ, 0) + log1p(e), σ(ℓ) = (ℓ ≥ 0 ? 1 : e)/(1 + e)
 * — both stable for every ℓ. exp and log are Cephes's single-precision expf and logf (Moshier 1989, "Methods
 * and Programs for Mathematical Functions"; ≈1 ulp on their ranges) on four lanes, and log1p(e) is
 * log(u) − ((u − 1) − e)/u with u = 1 + e, which restores the bits of e lost in rounding 1 + e (Goldberg 1991,
 * "What every computer scientist should know about floating-point arithmetic", Theorem 4).
 *
 * n ≥ 4: the last four elements are computed as one (overlapping) vector, which rewrites identical values.
 * Why a pass of our own: tfjs's wasm Softplus is scalar libm (~17 ns per element, 1.7 ms for a [128, 784]
 * batch), while its Sigmoid is vectorized; the whole pass here costs about what one Sigmoid does.
 */

/** The WAT text; `shared`: the imported memory is the threaded build's shared memory. */
export function bernoulliLogitsWat(shared: boolean): string {
  const f = (x: number) => `(f32x4.splat (f32.const ${x}))`;
  return `(module
  (import "env" "memory" (memory 1${shared ? ' 65536 shared' : ''}))

  ;; exp(x) for x ≤ 0 (Cephes expf): x = g·ln2 + r, |r| ≤ ln2/2, e^r by a degree-7 polynomial, 2^g by the exponent bits.
  (func $exp_neg (param $x v128) (result v128) (local $g v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (local.get $x) ${f(-87.3)}))
    (local.set $g (f32x4.nearest (f32x4.mul (local.get $x) ${f(1.44269504088896341)})))
    (local.set $r (f32x4.sub (f32x4.sub (local.get $x) (f32x4.mul (local.get $g) ${f(0.693359375)})) (f32x4.mul (local.get $g) ${f(-2.12194440e-4)})))
    (local.set $p ${f(1.9875691500e-4)})
    ${[1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1].map((c) => `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) ${f(c)}))`).join('\n    ')}
    (local.set $p (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r)) ${f(1)}))
    (f32x4.mul (local.get $p) (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $g)) (i32x4.splat (i32.const 127))) (i32.const 23))))

  ;; log(u) for u in [1, 2] (Cephes logf): u = m·2^k with m in [√½, √2), log(m) by a degree-9 polynomial in m − 1.
  (func $log12 (param $u v128) (result v128) (local $k v128) (local $m v128) (local $small v128) (local $z v128) (local $p v128)
    (local.set $k (f32x4.convert_i32x4_s (i32x4.sub (i32x4.shr_u (local.get $u) (i32.const 23)) (i32x4.splat (i32.const 126)))))
    (local.set $m (v128.or (v128.and (local.get $u) (i32x4.splat (i32.const 0x807fffff))) (i32x4.splat (i32.const 0x3f000000))))
    (local.set $small (f32x4.lt (local.get $m) ${f(0.707106781186547524)}))
    (local.set $k (f32x4.sub (local.get $k) (v128.and (local.get $small) ${f(1)})))
    (local.set $m (f32x4.sub (f32x4.add (local.get $m) (v128.and (local.get $small) (local.get $m))) ${f(1)}))
    (local.set $z (f32x4.mul (local.get $m) (local.get $m)))
    (local.set $p ${f(7.0376836292e-2)})
    ${[-1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1].map((c) => `(local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $m)) ${f(c)}))`).join('\n    ')}
    (local.set $p (f32x4.mul (f32x4.mul (local.get $p) (local.get $m)) (local.get $z)))
    (local.set $p (f32x4.add (local.get $p) (f32x4.mul (local.get $k) ${f(-2.12194440e-4)})))
    (local.set $p (f32x4.sub (local.get $p) (f32x4.mul (local.get $z) ${f(0.5)})))
    (f32x4.add (f32x4.add (local.get $m) (local.get $p)) (f32x4.mul (local.get $k) ${f(0.693359375)})))

  ;; Four lanes at byte offset $o: v = x·ℓ − softplus(ℓ), s = σ(ℓ).
  (func $lanes (param $l i32) (param $x i32) (param $v i32) (param $s i32) (param $o i32)
    (local $t v128) (local $e v128) (local $u v128) (local $lp v128)
    (local.set $t (v128.load (i32.add (local.get $l) (local.get $o))))
    (local.set $e (call $exp_neg (f32x4.neg (f32x4.abs (local.get $t)))))
    (local.set $u (f32x4.add (local.get $e) ${f(1)}))
    ;; log1p(e) = log(u) − ((u − 1) − e)/u
    (local.set $lp (f32x4.sub (call $log12 (local.get $u)) (f32x4.div (f32x4.sub (f32x4.sub (local.get $u) ${f(1)}) (local.get $e)) (local.get $u))))
    (v128.store (i32.add (local.get $v) (local.get $o))
      (f32x4.sub (f32x4.mul (v128.load (i32.add (local.get $x) (local.get $o))) (local.get $t))
        (f32x4.add (f32x4.max (local.get $t) (f32x4.splat (f32.const 0))) (local.get $lp))))
    (v128.store (i32.add (local.get $s) (local.get $o))
      (f32x4.div (v128.bitselect ${f(1)} (local.get $e) (f32x4.ge (local.get $t) (f32x4.splat (f32.const 0)))) (local.get $u))))

  (func (export "bernoulli_logits") (param $l i32) (param $x i32) (param $v i32) (param $s i32) (param $n i32)
    (local $o i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (call $lanes (local.get $l) (local.get $x) (local.get $v) (local.get $s) (local.get $o))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $next)))
    (if (i32.and (local.get $n) (i32.const 3))
      (then (call $lanes (local.get $l) (local.get $x) (local.get $v) (local.get $s) (i32.shl (i32.sub (local.get $n) (i32.const 4)) (i32.const 2))))))
)
`;
}
