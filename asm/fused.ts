/**
 * The fused CFM training step and the batched forward pass of the velocity MLP, in
 * AssemblyScript with WASM SIMD (f32x4). Compiled by scripts/build-wasm.mjs into
 * src/model/fused/generated/ (gitignored); src/model/fused/kernel.ts lays out the memory.
 *
 * Everything is row-major float32 in linear memory, every width padded to a multiple of 4 with
 * zeros (zero weights keep padded units at exactly 0, so their gradients and Adam moments stay
 * 0). A step reads a "plan": 20 i32 fields that say where each buffer lives (see kernel.ts).
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
const PLAIN = 0; // C = A B (+ bias)
const ACTIVATE = 1; // H = act(A B + bias), and act′ into aux when aux ≠ 0
const TIMES_AUX = 2; // C = (A B) ⊙ aux

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
@inline function activate(z: v128, h: usize, d: usize, act: i32): void {
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

@inline function finish(v: v128, c: usize, aux: usize, off: usize, mode: i32, act: i32): void {
  if (mode == PLAIN) v128.store(c + off, v);
  else if (mode == ACTIVATE) activate(v, c + off, aux ? aux + off : 0, act);
  else v128.store(c + off, f32x4.mul(v, v128.load(aux + off)));
}

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
function columnSums(dz: usize, g: usize, M: i32, N: i32): void {
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
function transpose(w: usize, t: usize, K: i32, N: i32): void {
  for (let k = 0; k < K; k++) {
    for (let j = 0; j < N; j++) {
      store<f32>(t + ((<usize>j * K + k) << 2), load<f32>(w + ((<usize>k * N + j) << 2)));
    }
  }
}

// Plan fields (i32 indices), written by kernel.ts.
const P_LAYERS = 0; // linear layers (depth + 1)
const P_ROWS = 1; // batch rows, padded to 4
const P_BATCH = 2; // real batch rows
const P_IN = 3; // padded input width
const P_WIDTH = 4; // padded hidden width
const P_ACT = 5;
const P_PARAMS = 6;
const P_GRAD = 7;
const P_M = 8;
const P_V = 9;
const P_EMA = 10;
const P_COUNT = 11; // parameter floats, padded
const P_X = 12;
const P_U = 13;
const P_Y = 14;
const P_H = 15; // hidden activations, one rows×width block per hidden layer
const P_D = 16; // their derivatives, same layout
const P_DZA = 17;
const P_DZB = 18;
const P_WT = 19;

@inline function field(plan: usize, i: i32): i32 {
  return load<i32>(plan + (<usize>i << 2));
}

@inline function layerIn(plan: usize, l: i32): i32 {
  return l == 0 ? field(plan, P_IN) : field(plan, P_WIDTH);
}

@inline function layerOut(plan: usize, l: i32): i32 {
  return l == field(plan, P_LAYERS) - 1 ? 4 : field(plan, P_WIDTH);
}

/** Byte offset of layer l's W inside a parameter block (its b follows W). */
function paramOffset(plan: usize, l: i32): usize {
  let off: usize = 0;
  for (let i = 0; i < l; i++) off += <usize>(layerIn(plan, i) * layerOut(plan, i) + layerOut(plan, i)) << 2;
  return off;
}

/**
 * Forward pass of `rows` rows of x (rows×in) with the parameters at `params`. Hidden layer l
 * writes to h + l·hStride (and its derivative to d + l·hStride when d ≠ 0); with hStride 0
 * two buffers alternate instead (h, then d as the second one: sampling, no derivatives).
 */
function forward(plan: usize, params: usize, x: usize, rows: i32, h: usize, d: usize, hStride: usize, y: usize, keepD: bool): void {
  const L = field(plan, P_LAYERS);
  const act = field(plan, P_ACT);
  let input = x;
  let off = params;
  for (let l = 0; l < L; l++) {
    const K = layerIn(plan, l);
    const N = layerOut(plan, l);
    const w = off;
    const b = w + (<usize>(K * N) << 2);
    off = b + (<usize>N << 2);
    if (l == L - 1) {
      gemm(input, w, y, rows, K, N, b, PLAIN, 0, act);
    } else {
      const out = hStride ? h + <usize>l * hStride : l % 2 == 0 ? h : d;
      const deriv = keepD ? d + <usize>l * hStride : 0;
      gemm(input, w, out, rows, K, N, b, ACTIVATE, deriv, act);
      input = out;
    }
  }
}

/**
 * One CFM training step on the batch in x/u: forward, loss, backward, then Adam (l2 = 1: the
 * decay is added to the gradient) or AdamW (l2 = 0: w ← w·decayFactor first), then the weight
 * average ŵ ← ŵ + (w − ŵ)·emaRate when emaRate > 0. Returns the mean squared error.
 */
export function trainStep(
  plan: usize, lr: f32, wd: f32, l2: i32, decayFactor: f32,
  oneMinusAcc1: f32, oneMinusAcc2: f32, emaRate: f32,
): f32 {
  const L = field(plan, P_LAYERS);
  const rows = field(plan, P_ROWS);
  const batch = field(plan, P_BATCH);
  const act = field(plan, P_ACT);
  const params = <usize>field(plan, P_PARAMS);
  const grad = <usize>field(plan, P_GRAD);
  const hBase = <usize>field(plan, P_H);
  const dBase = <usize>field(plan, P_D);
  const hStride = <usize>(rows * field(plan, P_WIDTH)) << 2;
  const y = <usize>field(plan, P_Y);
  const u = <usize>field(plan, P_U);
  const x = <usize>field(plan, P_X);
  forward(plan, params, x, rows, hBase, dBase, hStride, y, true);

  // loss = mean over batch × 2 of (y − u)²; ∂y = 2 (y − u) / (2·batch). Padded rows get ∂y = 0.
  let dz = <usize>field(plan, P_DZA);
  let dzNext = <usize>field(plan, P_DZB);
  let sum: f64 = 0;
  const scale = f32x4.splat(<f32>1 / <f32>batch);
  for (let i = 0; i < rows; i++) {
    const o = <usize>i << 4;
    if (i < batch) {
      const e = f32x4.sub(v128.load(y + o), v128.load(u + o));
      const e2 = f32x4.mul(e, e);
      sum += <f64>f32x4.extract_lane(e2, 0) + <f64>f32x4.extract_lane(e2, 1);
      v128.store(dz + o, f32x4.mul(e, scale));
    } else {
      v128.store(dz + o, f32x4.splat(0));
    }
  }

  const wt = <usize>field(plan, P_WT);
  for (let l = L - 1; l >= 0; l--) {
    const K = layerIn(plan, l);
    const N = layerOut(plan, l);
    const off = paramOffset(plan, l);
    const input = l == 0 ? x : hBase + <usize>(l - 1) * hStride;
    gemmTN(input, dz, grad + off, rows, K, N);
    columnSums(dz, grad + off + (<usize>(K * N) << 2), rows, N);
    if (l > 0) {
      transpose(params + off, wt, K, N);
      gemm(dz, wt, dzNext, rows, N, K, 0, TIMES_AUX, dBase + <usize>(l - 1) * hStride, act);
      const swap = dz;
      dz = dzNext;
      dzNext = swap;
    }
  }

  adam(plan, lr, wd, l2, decayFactor, oneMinusAcc1, oneMinusAcc2, emaRate);
  return <f32>(sum / <f64>(2 * batch));
}

/** tfjs's Adam update, operation for operation, over the whole padded parameter block. */
function adam(
  plan: usize, lr: f32, wd: f32, l2: i32, decayFactor: f32,
  oneMinusAcc1: f32, oneMinusAcc2: f32, emaRate: f32,
): void {
  const count = field(plan, P_COUNT);
  const w = <usize>field(plan, P_PARAMS);
  const g = <usize>field(plan, P_GRAD);
  const m = <usize>field(plan, P_M);
  const v = <usize>field(plan, P_V);
  const ema = <usize>field(plan, P_EMA);
  const b1 = f32x4.splat(0.9);
  // 1 − β rounded from float64 as tfjs does (1 − 0.9f in float32 would differ by 1e-7).
  const c1 = f32x4.splat(<f32>0.09999999999999998);
  const b2 = f32x4.splat(0.999);
  const c2 = f32x4.splat(<f32>0.0010000000000000009);
  const eps = f32x4.splat(1e-8);
  const negLr = f32x4.splat(-lr);
  const wdv = f32x4.splat(wd);
  const decay = f32x4.splat(decayFactor);
  const bc1 = f32x4.splat(oneMinusAcc1);
  const bc2 = f32x4.splat(oneMinusAcc2);
  const rate = f32x4.splat(emaRate);
  for (let i = 0; i < count; i += 4) {
    const o = <usize>i << 2;
    let wi = v128.load(w + o);
    let gi = v128.load(g + o);
    if (l2) gi = f32x4.add(gi, f32x4.mul(wi, wdv));
    else wi = f32x4.mul(wi, decay);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), b1), f32x4.mul(gi, c1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), b2), f32x4.mul(f32x4.mul(gi, gi), c2));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const mh = f32x4.div(mi, bc1);
    const vh = f32x4.div(vi, bc2);
    wi = f32x4.add(f32x4.mul(f32x4.div(mh, f32x4.add(f32x4.sqrt(vh), eps)), negLr), wi);
    v128.store(w + o, wi);
    if (emaRate > 0) {
      const e = v128.load(ema + o);
      v128.store(ema + o, f32x4.add(e, f32x4.mul(f32x4.sub(wi, e), rate)));
    }
  }
}

/**
 * v_θ at `count` points (interleaved x, y) at one time whose features (in − 2 floats, padded)
 * are at tFeat, with the parameters at `params`, into out (interleaved). Works through the
 * points `chunk` rows at a time in the buffers xs (chunk×in), ha, hb (chunk×width), ys (chunk×4).
 */
export function predict(
  plan: usize, params: usize, pts: usize, count: i32, tFeat: usize, out: usize,
  xs: usize, ha: usize, hb: usize, ys: usize, chunk: i32,
): void {
  const inW = field(plan, P_IN);
  const rowX = <usize>inW << 2;
  for (let start = 0; start < count; start += chunk) {
    const n = min(chunk, count - start);
    const rows = (n + 3) & ~3;
    for (let i = 0; i < rows; i++) {
      const xr = xs + <usize>i * rowX;
      const src = pts + (<usize>(start + i) << 3);
      store<f32>(xr, i < n ? load<f32>(src) : 0);
      store<f32>(xr, i < n ? load<f32>(src, 4) : 0, 4);
      for (let k = 2; k < inW; k++) store<f32>(xr + (<usize>k << 2), load<f32>(tFeat + (<usize>(k - 2) << 2)));
    }
    forward(plan, params, xs, rows, ha, hb, 0, ys, false);
    for (let i = 0; i < n; i++) {
      const dst = out + (<usize>(start + i) << 3);
      store<f32>(dst, load<f32>(ys + (<usize>i << 4)));
      store<f32>(dst, load<f32>(ys + (<usize>i << 4), 4), 4);
    }
  }
}

/** Σ |p| over `count` floats at p (the divergence guard's weight checksum). */
export function absSum(p: usize, count: i32): f32 {
  let acc = f32x4.splat(0);
  for (let i = 0; i < count; i += 4) acc = f32x4.add(acc, f32x4.abs(v128.load(p + (<usize>i << 2))));
  return f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
}

/** Where JS may start laying out buffers (after this module's static data). */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
