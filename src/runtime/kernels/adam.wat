;; The Adam update of src/runtime/kernels/adam.ts as a WebAssembly SIMD kernel (Kingma & Ba 2015,
;; Algorithm 1), in exactly the operation order of tfjs's AdamOptimizer, one float32 rounding per
;; operation, four lanes at a time:
;;   g ← g·scale;  m ← m·β₁ + g·(1−β₁);  v ← v·β₂ + (g·g)·(1−β₂);
;;   θ ← (m/d₁) / (√(v/d₂) + ε) · (−α) + θ,   with d₁ = 1 − β₁ᵗ, d₂ = 1 − β₂ᵗ.
;; Hand-written because tfjs runs this as ~14 kernels per variable and plain JavaScript is scalar
;; (~4 ms for the VAE's 652k parameters, against ~0.7 ms here).
;; `adam_folded` is the same update in src/infer/adam.ts's algebra (see there).
;; `scale` and `axpy` form weighted sums of gradients (data-parallel replicas' parts) in place.
;; The bytes are embedded in adam-wasm.ts; test/runtime/kernels/adam-wasm.test.ts assembles this
;; file with wabt and checks that they match (and prints the new bytes when it changes).
(module
  (memory (export "memory") 1)
  ;; Adam update over n float32 elements at byte offsets p, m, v, g (same op order as tfjs).
  (func (export "adam")
    (param $p i32) (param $m i32) (param $v i32) (param $g i32) (param $n i32)
    (param $b1 f32) (param $a1 f32) (param $b2 f32) (param $a2 f32)
    (param $d1 f32) (param $d2 f32) (param $eps f32) (param $neglr f32) (param $scale f32)
    (local $i i32) (local $end4 i32) (local $end i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $B1 v128) (local $A1 v128) (local $B2 v128) (local $A2 v128)
    (local $D1 v128) (local $D2 v128) (local $EPS v128) (local $NLR v128) (local $S v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $A1 (f32x4.splat (local.get $a1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $A2 (f32x4.splat (local.get $a2)))
    (local.set $D1 (f32x4.splat (local.get $d1)))
    (local.set $D2 (f32x4.splat (local.get $d2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $NLR (f32x4.splat (local.get $neglr)))
    (local.set $S (f32x4.splat (local.get $scale)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (local.set $i (i32.const 0))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $gv (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $i))) (local.get $S)))
        (local.set $mv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $B1))
          (f32x4.mul (local.get $gv) (local.get $A1))))
        (local.set $vv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $B2))
          (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $A2))))
        (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mv))
        (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vv))
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $mv) (local.get $D1))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $D2))) (local.get $EPS)))
              (local.get $NLR))
            (v128.load (i32.add (local.get $p) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $loop4)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.mul (f32.load (i32.add (local.get $g) (local.get $i))) (local.get $scale)))
        (local.set $ms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
          (f32.mul (local.get $gs) (local.get $a1))))
        (local.set $vs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $a2))))
        (f32.store (i32.add (local.get $m) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $v) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $p) (local.get $i))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $ms) (local.get $d1))
                (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $d2))) (local.get $eps)))
              (local.get $neglr))
            (f32.load (i32.add (local.get $p) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $loop)))
  )

  ;; The same update in the folded form of src/infer/adam.ts (PyTorch's algebra, bias corrections from
  ;; t in double precision, folded into the step size and ε by the caller):
  ;;   g ← g·scale;  m ← m·β₁ + g·(1−β₁);  v ← v·β₂ + (g·g)·(1−β₂);  θ ← θ − (m / (√v + ε̂))·s.
  (func (export "adam_folded")
    (param $p i32) (param $m i32) (param $v i32) (param $g i32) (param $n i32)
    (param $b1 f32) (param $a1 f32) (param $b2 f32) (param $a2 f32)
    (param $epshat f32) (param $stepsize f32) (param $scale f32)
    (local $i i32) (local $end4 i32) (local $end i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $B1 v128) (local $A1 v128) (local $B2 v128) (local $A2 v128)
    (local $EPS v128) (local $STEP v128) (local $S v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $A1 (f32x4.splat (local.get $a1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $A2 (f32x4.splat (local.get $a2)))
    (local.set $EPS (f32x4.splat (local.get $epshat)))
    (local.set $STEP (f32x4.splat (local.get $stepsize)))
    (local.set $S (f32x4.splat (local.get $scale)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $gv (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $i))) (local.get $S)))
        (local.set $mv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $i))) (local.get $B1))
          (f32x4.mul (local.get $gv) (local.get $A1))))
        (local.set $vv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $i))) (local.get $B2))
          (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $A2))))
        (v128.store (i32.add (local.get $m) (local.get $i)) (local.get $mv))
        (v128.store (i32.add (local.get $v) (local.get $i)) (local.get $vv))
        (v128.store (i32.add (local.get $p) (local.get $i))
          (f32x4.sub
            (v128.load (i32.add (local.get $p) (local.get $i)))
            (f32x4.mul
              (f32x4.div (local.get $mv) (f32x4.add (f32x4.sqrt (local.get $vv)) (local.get $EPS)))
              (local.get $STEP))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $loop4)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $gs (f32.mul (f32.load (i32.add (local.get $g) (local.get $i))) (local.get $scale)))
        (local.set $ms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $i))) (local.get $b1))
          (f32.mul (local.get $gs) (local.get $a1))))
        (local.set $vs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $i))) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $a2))))
        (f32.store (i32.add (local.get $m) (local.get $i)) (local.get $ms))
        (f32.store (i32.add (local.get $v) (local.get $i)) (local.get $vs))
        (f32.store (i32.add (local.get $p) (local.get $i))
          (f32.sub
            (f32.load (i32.add (local.get $p) (local.get $i)))
            (f32.mul
              (f32.div (local.get $ms) (f32.add (f32.sqrt (local.get $vs)) (local.get $epshat)))
              (local.get $stepsize))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $loop)))
  )

  ;; dst[i] ← a·dst[i] for n floats at byte offset dst (scaling the first part of a weighted sum).
  (func (export "scale") (param $dst i32) (param $n i32) (param $a f32)
    (local $i i32) (local $end4 i32) (local $end i32) (local $A v128)
    (local.set $A (f32x4.splat (local.get $a)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.ge_u (local.get $i) (local.get $end4)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (f32x4.mul (v128.load (i32.add (local.get $dst) (local.get $i))) (local.get $A)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $loop4)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (f32.store (i32.add (local.get $dst) (local.get $i))
          (f32.mul (f32.load (i32.add (local.get $dst) (local.get $i))) (local.get $a)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $loop)))
  )

  ;; dst[i] ← dst[i] + a·src[i] for n floats (adding a further part of a weighted sum).
  (func (export "axpy") (param $dst i32) (param $src i32) (param $n i32) (param $a f32)
    (local $i i32) (local $end4 i32) (local $end i32) (local $A v128)
    (local.set $A (f32x4.splat (local.get $a)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.ge_u (local.get $i) (local.get $end4)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (f32x4.add (v128.load (i32.add (local.get $dst) (local.get $i)))
            (f32x4.mul (v128.load (i32.add (local.get $src) (local.get $i))) (local.get $A))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $loop4)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (f32.store (i32.add (local.get $dst) (local.get $i))
          (f32.add (f32.load (i32.add (local.get $dst) (local.get $i)))
            (f32.mul (f32.load (i32.add (local.get $src) (local.get $i))) (local.get $a))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $loop)))
  )
)
