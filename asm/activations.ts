/**
 * Elementwise maths of the fused kernel on four lanes: eˣ, tanh, and each hidden activation
 * with its derivative, computed from the same exponentials (imported by fused.ts and gemm.ts).
 */

// Activation ids, as in src/model/fused/kernel.ts.
const SILU = 0;
const SELU = 1;
const RELU = 2;
const TANH = 3;
const GELU = 4;

const SELU_LAMBDA: f32 = 1.0507009873554805;
const SELU_LAMBDA_ALPHA: f32 = 1.7580993408473766;
const GELU_C: f32 = 0.7978845608028654; // √(2/π)
const GELU_K: f32 = 0.044715;

// Store modes of gemm.
export const PLAIN = 0; // C = A B (+ bias)
export const ACTIVATE = 1; // H = act(A B + bias), and act′ into aux when aux ≠ 0
export const TIMES_AUX = 2; // C = (A B) ⊙ aux

/** eˣ for four lanes: Cephes' expf (range reduction by ln 2, degree-5 polynomial), ~1 ulp. */
// prettier-ignore
@inline function vexp(x0: v128): v128 {
  const x = f32x4.max(f32x4.min(x0, f32x4.splat(88.3762626647949)), f32x4.splat(-87.3365447505531));
  const n = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(0.5)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/** tanh for four lanes: Cephes' tanhf polynomial below |x| = 0.625, 1 − 2/(e^{2|x|} + 1) above. */
// prettier-ignore
@inline function vtanh(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const e = vexp(f32x4.add(ax, ax));
  const big = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** Writes act(z) at h and, when d ≠ 0, act′(z) at d (computed from the same exponentials). */
// prettier-ignore
@inline export function activate(z: v128, h: usize, d: usize, act: i32): void {
  const one = f32x4.splat(1);
  if (act == SILU) {
    const s = f32x4.div(one, f32x4.add(one, vexp(f32x4.neg(z))));
    v128.store(h, f32x4.mul(z, s));
    // silu′(z) = s (1 + z (1 − s))
    if (d) v128.store(d, f32x4.mul(s, f32x4.add(one, f32x4.mul(z, f32x4.sub(one, s)))));
  } else if (act == SELU) {
    const pos = f32x4.gt(z, f32x4.splat(0));
    const e = f32x4.mul(vexp(z), f32x4.splat(SELU_LAMBDA_ALPHA));
    const neg = f32x4.sub(e, f32x4.splat(SELU_LAMBDA_ALPHA));
    v128.store(h, v128.bitselect(f32x4.mul(z, f32x4.splat(SELU_LAMBDA)), neg, pos));
    if (d) v128.store(d, v128.bitselect(f32x4.splat(SELU_LAMBDA), e, pos));
  } else if (act == RELU) {
    const pos = f32x4.gt(z, f32x4.splat(0));
    v128.store(h, v128.and(z, pos));
    if (d) v128.store(d, v128.and(one, pos));
  } else if (act == TANH) {
    const y = vtanh(z);
    v128.store(h, y);
    if (d) v128.store(d, f32x4.sub(one, f32x4.mul(y, y)));
  } else {
    // gelu (tanh form): 0.5 z (1 + tanh u), u = c (z + k z³)
    const z2 = f32x4.mul(z, z);
    const u = f32x4.mul(f32x4.splat(GELU_C), f32x4.add(z, f32x4.mul(f32x4.splat(GELU_K), f32x4.mul(z2, z))));
    const th = vtanh(u);
    const half = f32x4.mul(f32x4.splat(0.5), f32x4.add(one, th));
    v128.store(h, f32x4.mul(z, half));
    if (d) {
      const du = f32x4.mul(f32x4.splat(GELU_C), f32x4.add(one, f32x4.mul(f32x4.splat(3 * GELU_K), z2)));
      const sech2 = f32x4.sub(one, f32x4.mul(th, th));
      v128.store(d, f32x4.add(half, f32x4.mul(f32x4.mul(f32x4.mul(f32x4.splat(0.5), z), sech2), du)));
    }
  }
}

@inline export function finish(v: v128, c: usize, aux: usize, off: usize, mode: i32, act: i32): void {
  if (mode == PLAIN) v128.store(c + off, v);
  else if (mode == ACTIVATE) activate(v, c + off, aux ? aux + off : 0, act);
  else v128.store(c + off, f32x4.mul(v, v128.load(aux + off)));
}

