/**
 * The matrix products of the fused kernel: row-major float32 in linear memory, f32x4 over the
 * output columns, accumulators kept in registers over the whole inner loop.
 */
import { finish } from './activations';

/**
 * C (M×N) = A (M×K) B (K×N) (+ bias), stored as `mode` says. M, K, N multiples of 4. Blocks
 * of 4 rows × 8 columns keep eight f32x4 accumulators in registers over the whole k loop.
 */
export function gemm(
  a: usize, b: usize, c: usize, M: i32, K: i32, N: i32,
  bias: usize, mode: i32, aux: usize, act: i32,
): void {
  const rowA = <usize>K << 2;
  const rowC = <usize>N << 2;
  const zero = f32x4.splat(0);
  for (let i = 0; i < M; i += 4) {
    const a0 = a + <usize>i * rowA;
    const a1 = a0 + rowA;
    const a2 = a1 + rowA;
    const a3 = a2 + rowA;
    const cRow = <usize>i * rowC;
    let j = 0;
    for (; j + 8 <= N; j += 8) {
      const jb = <usize>j << 2;
      const bias0 = bias ? v128.load(bias + jb) : zero;
      const bias1 = bias ? v128.load(bias + jb, 16) : zero;
      let c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1;
      let c20 = bias0, c21 = bias1, c30 = bias0, c31 = bias1;
      let bp = b + jb;
      for (let k = 0; k < K; k++) {
        const kb = <usize>k << 2;
        const b0 = v128.load(bp);
        const b1 = v128.load(bp, 16);
        const s0 = v128.load32_splat(a0 + kb);
        const s1 = v128.load32_splat(a1 + kb);
        const s2 = v128.load32_splat(a2 + kb);
        const s3 = v128.load32_splat(a3 + kb);
        c00 = f32x4.add(c00, f32x4.mul(s0, b0));
        c01 = f32x4.add(c01, f32x4.mul(s0, b1));
        c10 = f32x4.add(c10, f32x4.mul(s1, b0));
        c11 = f32x4.add(c11, f32x4.mul(s1, b1));
        c20 = f32x4.add(c20, f32x4.mul(s2, b0));
        c21 = f32x4.add(c21, f32x4.mul(s2, b1));
        c30 = f32x4.add(c30, f32x4.mul(s3, b0));
        c31 = f32x4.add(c31, f32x4.mul(s3, b1));
        bp += rowC;
      }
      const o = cRow + jb;
      finish(c00, c, aux, o, mode, act);
      finish(c01, c, aux, o + 16, mode, act);
      finish(c10, c, aux, o + rowC, mode, act);
      finish(c11, c, aux, o + rowC + 16, mode, act);
      finish(c20, c, aux, o + 2 * rowC, mode, act);
      finish(c21, c, aux, o + 2 * rowC + 16, mode, act);
      finish(c30, c, aux, o + 3 * rowC, mode, act);
      finish(c31, c, aux, o + 3 * rowC + 16, mode, act);
    }
    for (; j < N; j += 4) {
      const jb = <usize>j << 2;
      const bias0 = bias ? v128.load(bias + jb) : zero;
      let c0 = bias0, c1 = bias0, c2 = bias0, c3 = bias0;
      let bp = b + jb;
      for (let k = 0; k < K; k++) {
        const kb = <usize>k << 2;
        const b0 = v128.load(bp);
        c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(a0 + kb), b0));
        c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(a1 + kb), b0));
        c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(a2 + kb), b0));
        c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(a3 + kb), b0));
        bp += rowC;
      }
      const o = cRow + jb;
      finish(c0, c, aux, o, mode, act);
      finish(c1, c, aux, o + rowC, mode, act);
      finish(c2, c, aux, o + 2 * rowC, mode, act);
      finish(c3, c, aux, o + 3 * rowC, mode, act);
    }
  }
}

/**
 * G (K×N) = Aᵀ D for A (M×K), D (M×N): the weight gradient hᵀ ∂z. Blocks of 4 rows of G ×
 * 8 columns accumulate over all M rows of the batch in registers.
 */
export function gemmTN(a: usize, dz: usize, g: usize, M: i32, K: i32, N: i32): void {
  const rowA = <usize>K << 2;
  const rowD = <usize>N << 2;
  const zero = f32x4.splat(0);
  for (let k = 0; k < K; k += 4) {
    const kb = <usize>k << 2;
    const gRow = <usize>k * rowD;
    let j = 0;
    for (; j + 8 <= N; j += 8) {
      const jb = <usize>j << 2;
      let c00 = zero, c01 = zero, c10 = zero, c11 = zero;
      let c20 = zero, c21 = zero, c30 = zero, c31 = zero;
      let ap = a + kb;
      let dp = dz + jb;
      for (let i = 0; i < M; i++) {
        const d0 = v128.load(dp);
        const d1 = v128.load(dp, 16);
        const s0 = v128.load32_splat(ap);
        const s1 = v128.load32_splat(ap, 4);
        const s2 = v128.load32_splat(ap, 8);
        const s3 = v128.load32_splat(ap, 12);
        c00 = f32x4.add(c00, f32x4.mul(s0, d0));
        c01 = f32x4.add(c01, f32x4.mul(s0, d1));
        c10 = f32x4.add(c10, f32x4.mul(s1, d0));
        c11 = f32x4.add(c11, f32x4.mul(s1, d1));
        c20 = f32x4.add(c20, f32x4.mul(s2, d0));
        c21 = f32x4.add(c21, f32x4.mul(s2, d1));
        c30 = f32x4.add(c30, f32x4.mul(s3, d0));
        c31 = f32x4.add(c31, f32x4.mul(s3, d1));
        ap += rowA;
        dp += rowD;
      }
      const o = g + gRow + jb;
      v128.store(o, c00);
      v128.store(o, c01, 16);
      v128.store(o + rowD, c10);
      v128.store(o + rowD, c11, 16);
      v128.store(o + 2 * rowD, c20);
      v128.store(o + 2 * rowD, c21, 16);
      v128.store(o + 3 * rowD, c30);
      v128.store(o + 3 * rowD, c31, 16);
    }
    for (; j < N; j += 4) {
      const jb = <usize>j << 2;
      let c0 = zero, c1 = zero, c2 = zero, c3 = zero;
      let ap = a + kb;
      let dp = dz + jb;
      for (let i = 0; i < M; i++) {
        const d0 = v128.load(dp);
        c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(ap), d0));
        c1 = f32x4.add(c1, f32x4.mul(v128.load32_splat(ap, 4), d0));
        c2 = f32x4.add(c2, f32x4.mul(v128.load32_splat(ap, 8), d0));
        c3 = f32x4.add(c3, f32x4.mul(v128.load32_splat(ap, 12), d0));
        ap += rowA;
        dp += rowD;
      }
      const o = g + gRow + jb;
      v128.store(o, c0);
      v128.store(o + rowD, c1);
      v128.store(o + 2 * rowD, c2);
      v128.store(o + 3 * rowD, c3);
    }
  }
}

/** Column sums of D (M×N) into g (N): the bias gradient 1ᵀ ∂z. */
export function columnSums(dz: usize, g: usize, M: i32, N: i32): void {
  const rowD = <usize>N << 2;
  for (let j = 0; j < N; j += 4) {
    let acc = f32x4.splat(0);
    let dp = dz + (<usize>j << 2);
    for (let i = 0; i < M; i++) {
      acc = f32x4.add(acc, v128.load(dp));
      dp += rowD;
    }
    v128.store(g + (<usize>j << 2), acc);
  }
}

/** T (N×K) = Wᵀ for W (K×N). */
export function transpose(w: usize, t: usize, K: i32, N: i32): void {
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < N; j++) {
      store<f32>(t + ((<usize>j * K + k) << 2), load<f32>(w + ((<usize>k * N + j) << 2)));
    }
  }
}

