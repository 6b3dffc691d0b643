/**
 * The fused CFM training step and the batched forward pass of the velocity MLP, in
 * AssemblyScript with WASM SIMD (f32x4). Compiled by scripts/build-wasm.mjs into
 * src/model/fused/generated/ (gitignored); src/model/fused/kernel.ts lays out the memory.
 *
 * Everything is row-major float32 in linear memory, every width padded to a multiple of 4 with
 * zeros (zero weights keep padded units at exactly 0, so their gradients and Adam moments stay
 * 0). A step reads a "plan": 20 i32 fields that say where each buffer lives (see kernel.ts).
 */

import { ACTIVATE, PLAIN, TIMES_AUX } from './activations';
import { columnSums, gemm, gemmTN, transpose } from './gemm';

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
  predictEach(plan, params, pts, count, tFeat, 0, out, xs, ha, hb, ys, chunk);
}

/**
 * The same forward pass with each particle's own features: particle i reads them at
 * feats + i·featStride floats (featStride 0: one shared vector, as `predict`).
 */
export function predictEach(
  plan: usize, params: usize, pts: usize, count: i32, feats: usize, featStride: i32, out: usize,
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
      const f = feats + (<usize>(i < n ? start + i : 0) * <usize>featStride << 2);
      for (let k = 2; k < inW; k++) store<f32>(xr + (<usize>k << 2), load<f32>(f + (<usize>(k - 2) << 2)));
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
