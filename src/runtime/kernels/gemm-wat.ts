/**
 * The WebAssembly text of Tilde's matrix product C = op(A)·op(B) (+ bias, ReLU): the BLIS/Goto scheme
 * (Goto & van de Geijn 2008, "Anatomy of high-performance matrix multiplication"; Van Zee & van de Geijn
 * 2015, BLIS) — A packed into panels of MR = 6 rows, B into panels of NR = 8 columns, both zero-padded at the
 * edges, and a 6 × 8 register-blocked micro-kernel (12 v128 accumulators) doing KC = 256 rank-1 updates per
 * call, with the bias and ReLU applied in the last block's epilogue. Transposes cost nothing: packing reads
 * any strides.
 *
 * One generator, four variants: the memory is imported (the tfjs wasm backend's, shared in its threaded
 * build or not) and the multiply-add is either `f32x4.relaxed_madd` (relaxed SIMD: a hardware FMA) or
 * `f32x4.mul` then `f32x4.add` (plain SIMD). gemm.ts embeds the assembled bytes of every variant;
 * test/runtime/kernels/gemm.test.ts assembles this text with wabt and checks them.
 */

/** Rows of A per panel (micro-kernel height). */
export const MR = 6;
/** Columns of B per panel (micro-kernel width: two v128). */
export const NR = 8;
/** Depth of one block of rank-1 updates (A and B panels of a block stay in L1). */
export const KC = 256;

/** Which variant to generate. */
export interface GemmVariant {
  /** Whether the imported memory is shared (the threaded wasm build). */
  readonly shared: boolean;
  /** Whether the multiply-add is `f32x4.relaxed_madd`. */
  readonly relaxed: boolean;
}

/** The WAT text of a variant. */
export function gemmWat(v: GemmVariant): string {
  const madd = (a: string, b: string, c: string) => (v.relaxed ? `(f32x4.relaxed_madd ${a} ${b} ${c})` : `(f32x4.add ${c} (f32x4.mul ${a} ${b}))`);
  const acc = (r: number, h: number) => `$c${r}${h}`;
  const rows = [...Array(MR).keys()];
  const halves = [0, 1];
  const each = (f: (r: number, h: number) => string) => rows.flatMap((r) => halves.map((h) => f(r, h))).join('\n      ');
  return `(module
  (import "env" "memory" (memory 1${v.shared ? ' 65536 shared' : ''}))

  ;; Ap[((ip·k + kk)·${MR} + r)] = A(ip·${MR} + r, kk), zero past m; A(i, kk) = a[i·rs + kk·cs] (floats).
  (func (export "pack_a") (param $a i32) (param $m i32) (param $k i32) (param $rs i32) (param $cs i32) (param $dst i32)
    (local $i i32) (local $kk i32) (local $mp i32) (local $src i32) (local $out i32)
    (local.set $mp (i32.mul (i32.div_u (i32.add (local.get $m) (i32.const ${MR - 1})) (i32.const ${MR})) (i32.const ${MR})))
    (block $di (loop $li
      (br_if $di (i32.ge_u (local.get $i) (local.get $mp)))
      ;; row i goes to panel i/MR, lane i%MR
      (local.set $out (i32.add (local.get $dst) (i32.shl (i32.add
        (i32.mul (i32.mul (i32.div_u (local.get $i) (i32.const ${MR})) (local.get $k)) (i32.const ${MR}))
        (i32.rem_u (local.get $i) (i32.const ${MR}))) (i32.const 2))))
      (local.set $src (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $rs)) (i32.const 2))))
      (local.set $kk (i32.const 0))
      (block $dk (loop $lk
        (br_if $dk (i32.ge_u (local.get $kk) (local.get $k)))
        (f32.store (local.get $out) (select (f32.load (local.get $src)) (f32.const 0) (i32.lt_u (local.get $i) (local.get $m))))
        (local.set $out (i32.add (local.get $out) (i32.const ${4 * MR})))
        (local.set $src (i32.add (local.get $src) (i32.shl (local.get $cs) (i32.const 2))))
        (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
        (br $lk)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $li))))

  ;; Bp[((jp·k + kk)·${NR} + c)] = B(kk, jp·${NR} + c), zero past n; B(kk, j) = b[kk·rs + j·cs] (floats).
  (func (export "pack_b") (param $b i32) (param $k i32) (param $n i32) (param $rs i32) (param $cs i32) (param $dst i32)
    (local $jp i32) (local $kk i32) (local $c i32) (local $j i32) (local $row i32) (local $out i32) (local $np i32)
    (local.set $np (i32.div_u (i32.add (local.get $n) (i32.const ${NR - 1})) (i32.const ${NR})))
    (local.set $out (local.get $dst))
    (block $dj (loop $lj
      (br_if $dj (i32.ge_u (local.get $jp) (local.get $np)))
      (local.set $kk (i32.const 0))
      (block $dk (loop $lk
        (br_if $dk (i32.ge_u (local.get $kk) (local.get $k)))
        (local.set $j (i32.mul (local.get $jp) (i32.const ${NR})))
        (local.set $row (i32.add (local.get $b) (i32.shl (i32.add (i32.mul (local.get $kk) (local.get $rs)) (i32.mul (local.get $j) (local.get $cs))) (i32.const 2))))
        (if (i32.and (i32.eq (local.get $cs) (i32.const 1)) (i32.le_u (i32.add (local.get $j) (i32.const ${NR})) (local.get $n)))
          (then
            (v128.store (local.get $out) (v128.load (local.get $row)))
            (v128.store offset=16 (local.get $out) (v128.load offset=16 (local.get $row))))
          (else
            (local.set $c (i32.const 0))
            (block $dc (loop $lc
              (br_if $dc (i32.ge_u (local.get $c) (i32.const ${NR})))
              (f32.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2)))
                (select (f32.load (i32.add (local.get $row) (i32.shl (i32.mul (local.get $c) (local.get $cs)) (i32.const 2)))) (f32.const 0)
                  (i32.lt_u (i32.add (local.get $j) (local.get $c)) (local.get $n))))
              (local.set $c (i32.add (local.get $c) (i32.const 1)))
              (br $lc)))))
        (local.set $out (i32.add (local.get $out) (i32.const ${4 * NR})))
        (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
        (br $lk)))
      (local.set $jp (i32.add (local.get $jp) (i32.const 1)))
      (br $lj))))

  ;; One ${MR} × ${NR} block of C (row stride ldc bytes): kc rank-1 updates from packed panels, then the
  ;; epilogue: flags 1 = add to C (a later K block), 2 = add bias[c] (pointer at this block's first
  ;; column), 4 = ReLU. Partial blocks go through the 192-byte scratch tile.
  (func $micro (param $pa i32) (param $pb i32) (param $kc i32) (param $pc i32) (param $ldc i32) (param $rows i32) (param $cols i32) (param $flags i32) (param $bias i32) (param $scratch i32)
    (local $a v128) (local $b0 v128) (local $b1 v128) (local $bias0 v128) (local $bias1 v128) (local $zero v128)
    ${each((r, h) => `(local ${acc(r, h)} v128)`)}
    (local $r i32) (local $c i32) (local $addr i32) (local $x f32)
    (block $dk (loop $lk
      (br_if $dk (i32.eqz (local.get $kc)))
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      ${rows.map((r) => `(local.set $a (v128.load32_splat offset=${4 * r} (local.get $pa)))
      (local.set ${acc(r, 0)} ${madd('(local.get $a)', '(local.get $b0)', `(local.get ${acc(r, 0)})`)})
      (local.set ${acc(r, 1)} ${madd('(local.get $a)', '(local.get $b1)', `(local.get ${acc(r, 1)})`)})`).join('\n      ')}
      (local.set $pa (i32.add (local.get $pa) (i32.const ${4 * MR})))
      (local.set $pb (i32.add (local.get $pb) (i32.const ${4 * NR})))
      (local.set $kc (i32.sub (local.get $kc) (i32.const 1)))
      (br $lk)))
    (if (i32.and (i32.eq (local.get $rows) (i32.const ${MR})) (i32.eq (local.get $cols) (i32.const ${NR})))
      (then
        (if (i32.and (local.get $flags) (i32.const 1)) (then
          ${each((r, h) => `(local.set ${acc(r, h)} (f32x4.add (local.get ${acc(r, h)}) (v128.load offset=${16 * h} (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const ${r}))))))`)}))
        (if (i32.and (local.get $flags) (i32.const 2)) (then
          (local.set $bias0 (v128.load (local.get $bias)))
          (local.set $bias1 (v128.load offset=16 (local.get $bias)))
          ${each((r, h) => `(local.set ${acc(r, h)} (f32x4.add (local.get ${acc(r, h)}) (local.get $bias${h})))`)}))
        (if (i32.and (local.get $flags) (i32.const 4)) (then
          ${each((r, h) => `(local.set ${acc(r, h)} (f32x4.max (local.get ${acc(r, h)}) (local.get $zero)))`)}))
        ${each((r, h) => `(v128.store offset=${16 * h} (i32.add (local.get $pc) (i32.mul (local.get $ldc) (i32.const ${r}))) (local.get ${acc(r, h)}))`)})
      (else
        ${each((r, h) => `(v128.store offset=${16 * (2 * r + h)} (local.get $scratch) (local.get ${acc(r, h)}))`)}
        (block $dr (loop $lr
          (br_if $dr (i32.ge_u (local.get $r) (local.get $rows)))
          (local.set $c (i32.const 0))
          (block $dc (loop $lc
            (br_if $dc (i32.ge_u (local.get $c) (local.get $cols)))
            (local.set $addr (i32.add (i32.add (local.get $pc) (i32.mul (local.get $r) (local.get $ldc))) (i32.shl (local.get $c) (i32.const 2))))
            (local.set $x (f32.load (i32.add (local.get $scratch) (i32.shl (i32.add (i32.mul (local.get $r) (i32.const ${NR})) (local.get $c)) (i32.const 2)))))
            (if (i32.and (local.get $flags) (i32.const 1)) (then (local.set $x (f32.add (f32.load (local.get $addr)) (local.get $x)))))
            (if (i32.and (local.get $flags) (i32.const 2)) (then (local.set $x (f32.add (local.get $x) (f32.load (i32.add (local.get $bias) (i32.shl (local.get $c) (i32.const 2))))))))
            (if (i32.and (local.get $flags) (i32.const 4)) (then (local.set $x (f32.max (local.get $x) (f32.const 0)))))
            (f32.store (local.get $addr) (local.get $x))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $lc)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br $lr))))))

  ;; C[m × n] (row-major, row stride ldc bytes: a block of columns of a wider C) = Ap·Bp (+ bias[n]) (ReLU):
  ;; packed operands of depth k; flags 2 = bias, 4 = ReLU; scratch: 192 bytes.
  (func (export "gemm") (param $ap i32) (param $bp i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32) (param $flags i32) (param $bias i32) (param $scratch i32) (param $ldc i32)
    (local $p i32) (local $kc i32) (local $jp i32) (local $ip i32) (local $f i32)
    (block $dp (loop $lp
      (br_if $dp (i32.ge_u (local.get $p) (local.get $k)))
      (local.set $kc (select (i32.sub (local.get $k) (local.get $p)) (i32.const ${KC}) (i32.lt_u (i32.sub (local.get $k) (local.get $p)) (i32.const ${KC}))))
      ;; accumulate after the first block; bias and ReLU in the last
      (local.set $f (i32.or (i32.ne (local.get $p) (i32.const 0))
        (select (i32.and (local.get $flags) (i32.const 6)) (i32.const 0) (i32.ge_u (i32.add (local.get $p) (local.get $kc)) (local.get $k)))))
      (local.set $jp (i32.const 0))
      (block $dj (loop $lj
        (br_if $dj (i32.ge_u (i32.mul (local.get $jp) (i32.const ${NR})) (local.get $n)))
        (local.set $ip (i32.const 0))
        (block $di (loop $li
          (br_if $di (i32.ge_u (i32.mul (local.get $ip) (i32.const ${MR})) (local.get $m)))
          (call $micro
            (i32.add (local.get $ap) (i32.shl (i32.mul (i32.add (i32.mul (local.get $ip) (local.get $k)) (local.get $p)) (i32.const ${MR})) (i32.const 2)))
            (i32.add (local.get $bp) (i32.shl (i32.mul (i32.add (i32.mul (local.get $jp) (local.get $k)) (local.get $p)) (i32.const ${NR})) (i32.const 2)))
            (local.get $kc)
            (i32.add (local.get $c) (i32.add (i32.mul (i32.mul (local.get $ip) (i32.const ${MR})) (local.get $ldc)) (i32.shl (i32.mul (local.get $jp) (i32.const ${NR})) (i32.const 2))))
            (local.get $ldc)
            (select (i32.sub (local.get $m) (i32.mul (local.get $ip) (i32.const ${MR}))) (i32.const ${MR}) (i32.lt_u (i32.sub (local.get $m) (i32.mul (local.get $ip) (i32.const ${MR}))) (i32.const ${MR})))
            (select (i32.sub (local.get $n) (i32.mul (local.get $jp) (i32.const ${NR}))) (i32.const ${NR}) (i32.lt_u (i32.sub (local.get $n) (i32.mul (local.get $jp) (i32.const ${NR}))) (i32.const ${NR})))
            (local.get $f)
            (i32.add (local.get $bias) (i32.shl (i32.mul (local.get $jp) (i32.const ${NR})) (i32.const 2)))
            (local.get $scratch))
          (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
          (br $li)))
        (local.set $jp (i32.add (local.get $jp) (i32.const 1)))
        (br $lj)))
      (local.set $p (i32.add (local.get $p) (i32.const ${KC})))
      (br $lp))))
)
`;
}
