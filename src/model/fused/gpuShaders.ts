/**
 * The WGSL of the fused WebGPU kernels: the training step (fused/gpuStep.ts: `rows`, then
 * `update`; `check` sums |w| when stats are read) and the sampler's forward pass
 * (fused/gpuForward.ts: one whole Runge–Kutta step per particle and dispatch). Same maths and
 * parameter order as the WASM kernel (asm/fused.ts) and model/mlp.ts.
 */
import { SOLVERS, type SolverId } from '../../flow/solvers';
import {
  ACTIVATIONS,
  classCount,
  inputSize,
  parameterShapes,
  timeFeatureCount,
  type MlpConfig,
} from '../mlp';

export const WORKGROUP = 64;
/** Losses the GPU keeps between reads; Σ|w| goes in the slot after them. */
export const LOSS_LOG = 4096;

/** Floats in one parameter block: [W_1, b_1, …] in parameterShapes order, unpadded. */
export const paramCount = (cfg: MlpConfig) =>
  parameterShapes(cfg).reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);

/** The network's constants, layer geometry and activation (value and derivative). */
function network(cfg: MlpConfig): string {
  return /* wgsl */ `
const IN: u32 = ${inputSize(cfg)}u;
const W: u32 = ${cfg.width}u;
const DEPTH: u32 = ${cfg.depth}u;
const ACT: u32 = ${ACTIVATIONS.indexOf(cfg.activation)}u;
const NP: u32 = ${paramCount(cfg)}u;

fn layerIn(l: u32) -> u32 { return select(W, IN, l == 0u); }
fn layerOut(l: u32) -> u32 { return select(W, 2u, l == DEPTH); }
fn offset(l: u32) -> u32 {
  var o = 0u;
  for (var i = 0u; i < l; i++) { o += layerIn(i) * layerOut(i) + layerOut(i); }
  return o;
}
fn activate(z: f32) -> vec2<f32> {
  switch ACT {
    case 0u: { let s = 1.0 / (1.0 + exp(-z)); return vec2(z * s, s * (1.0 + z * (1.0 - s))); }
    case 1u: {
      let e = 1.7580993408473766 * exp(min(z, 0.0));
      return select(vec2(e - 1.7580993408473766, e), vec2(1.0507009873554805 * z, 1.0507009873554805), z > 0.0);
    }
    case 2u: { return select(vec2(0.0, 0.0), vec2(z, 1.0), z > 0.0); }
    case 3u: { let y = tanh(z); return vec2(y, 1.0 - y * y); }
    default: {
      let th = tanh(0.7978845608028654 * (z + 0.044715 * z * z * z));
      let du = 0.7978845608028654 * (1.0 + 3.0 * 0.044715 * z * z);
      return vec2(0.5 * z * (1.0 + th), 0.5 * (1.0 + th) + 0.5 * z * (1.0 - th * th) * du);
    }
  }
}
`;
}

export function trainShader(cfg: MlpConfig, batch: number): string {
  return /* wgsl */ `
const N: u32 = ${batch}u;

struct Step { lr: f32, wd: f32, l2: f32, decay: f32, bc1: f32, bc2: f32, ema: f32, slot: u32 }

const HID: u32 = DEPTH * N * W;
const ERR: u32 = 3u * HID + 2u * N;

// Blocks of NP floats: the parameters, Adam's m and v, the weight average (then the last
// good parameters and average, which only copies touch).
@group(0) @binding(0) var<storage, read_write> state: array<f32>;
@group(0) @binding(1) var<storage, read> batch: array<f32>; // per row: x, y, enc(t), ux, uy
// h (DEPTH × N × W), act′ (same), ∂z (same, then N × 2 for the output), N squared errors.
@group(0) @binding(2) var<storage, read_write> scr: array<f32>;
@group(0) @binding(3) var<storage, read_write> losses: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;

// Input feature k of row i: x, y and enc(t), computed on the CPU as for the WASM step.
fn feature(i: u32, k: u32) -> f32 { return batch[i * (IN + 2u) + k]; }
// The input of layer l for row i, feature k.
fn layerInput(l: u32, i: u32, k: u32) -> f32 {
  if (l == 0u) { return feature(i, k); }
  return scr[((l - 1u) * N + i) * W + k];
}
${network(cfg)}
@compute @workgroup_size(${WORKGROUP})
fn rows(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= N) { return; }
  for (var l = 0u; l <= DEPTH; l++) {
    let K = layerIn(l);
    let J = layerOut(l);
    let o = offset(l);
    for (var j = 0u; j < J; j++) {
      var z = state[o + K * J + j];
      for (var k = 0u; k < K; k++) { z += layerInput(l, i, k) * state[o + k * J + j]; }
      if (l < DEPTH) {
        let a = activate(z);
        scr[(l * N + i) * W + j] = a.x;
        scr[HID + (l * N + i) * W + j] = a.y;
      } else {
        let e = z - batch[i * (IN + 2u) + IN + j];
        scr[2u * HID + DEPTH * N * W + i * 2u + j] = e * (1.0 / f32(N));
        if (j == 0u) { scr[ERR + i] = e * e; } else { scr[ERR + i] += e * e; }
      }
    }
  }
  for (var l = DEPTH; l >= 1u; l--) {
    let K = layerIn(l);
    let J = layerOut(l);
    let o = offset(l);
    let src = select(l * N * W + i * W, DEPTH * N * W + i * 2u, l == DEPTH);
    for (var k = 0u; k < K; k++) {
      var s = 0.0;
      for (var j = 0u; j < J; j++) { s += scr[2u * HID + src + j] * state[o + k * J + j]; }
      scr[2u * HID + ((l - 1u) * N + i) * W + k] = s * scr[HID + ((l - 1u) * N + i) * W + k];
    }
  }
}

// Σ|w| of the parameters into losses[LOSS_LOG] (one workgroup; run only when stats are read).
var<workgroup> part: array<f32, ${WORKGROUP}>;
@compute @workgroup_size(${WORKGROUP})
fn check(@builtin(local_invocation_id) lid: vec3<u32>) {
  var s = 0.0;
  for (var p = lid.x; p < NP; p += ${WORKGROUP}u) { s += abs(state[p]); }
  part[lid.x] = s;
  workgroupBarrier();
  if (lid.x == 0u) {
    var total = 0.0;
    for (var i = 0u; i < ${WORKGROUP}u; i++) { total += part[i]; }
    losses[${LOSS_LOG}u] = total;
  }
}

@compute @workgroup_size(${WORKGROUP})
fn update(@builtin(global_invocation_id) gid: vec3<u32>) {
  let p = gid.x;
  if (p == 0u) {
    var s = 0.0;
    for (var i = 0u; i < N; i++) { s += scr[ERR + i]; }
    losses[step.slot] = s / f32(2u * N);
  }
  if (p >= NP) { return; }
  var l = 0u;
  while (l < DEPTH && p >= offset(l + 1u)) { l++; }
  let K = layerIn(l);
  let J = layerOut(l);
  let q = p - offset(l);
  let bias = q >= K * J;
  let j = select(q % J, q - K * J, bias);
  let k = q / J;
  let base = select(l * N * W, DEPTH * N * W, l == DEPTH);
  let stride = select(W, 2u, l == DEPTH);
  var g = 0.0;
  for (var i = 0u; i < N; i++) {
    var x = 1.0;
    if (!bias) { x = layerInput(l, i, k); }
    g += x * scr[2u * HID + base + i * stride + j];
  }
  var w = state[p];
  if (step.l2 > 0.0) { g += w * step.wd; } else { w *= step.decay; }
  let mi = state[NP + p] * 0.9 + g * 0.1;
  let vi = state[2u * NP + p] * 0.999 + g * g * 0.0010000000000000009;
  state[NP + p] = mi;
  state[2u * NP + p] = vi;
  w += (mi / step.bc1) / (sqrt(vi / step.bc2) + 1e-8) * (-step.lr);
  state[p] = w;
  if (step.ema > 0.0) { state[3u * NP + p] += (w - state[3u * NP + p]) * step.ema; }
}
`;
}

/** A WGSL float literal (always with a point or an exponent). */
const lit = (x: number) => (Number.isInteger(x) ? `${x}.0` : `${x}`);

/** Uniform bytes per ODE step (dynamic offsets must be 256-aligned). */
export const FORWARD_STRIDE = 256;
/** Time-feature slots per stage in the forward uniform (enc(t) has at most 7 features). */
export const FEATURES_PER_STAGE = 8;

/**
 * The sampler's forward kernel for one solver: thread i takes particle i through one whole
 * step of the tableau (every stage's network evaluation), so an ODE step is one dispatch.
 * Reads frame `src`, writes frame `dst` of the particle buffer; `field` writes v_θ instead.
 */
export function forwardShader(cfg: MlpConfig, solver: SolverId): string {
  const tab = SOLVERS[solver];
  const S = tab.b.length;
  const stages = tab.b
    .map((_, s) => {
      const terms = (tab.a[s] ?? [])
        .map((a, j) => (a !== 0 ? ` + (h * ${lit(a)}) * K${j}` : ''))
        .join('');
      return `  let K${s} = guided(x${terms}, ${s}u, c);`;
    })
    .join('\n');
  const sum = tab.b.map((b, s) => (b !== 0 ? ` + (h * ${lit(b)}) * K${s}` : '')).join('');
  return /* wgsl */ `
${network(cfg)}
const STAGES: u32 = ${S}u;
// Per ODE step: the step size, where the weights start, the frames, the particle count, the
// guidance scale w, and enc(t) of each stage's time (clamped to the safe range on the CPU).
struct Step { h: f32, block: u32, src: u32, dst: u32, n: u32, w: f32, feats: array<vec4<f32>, ${(S * FEATURES_PER_STAGE) / 4}> }
// Time features, then the one-hot classes (a label ≥ CLASSES, e.g. ∅ = 255, adds no row).
const TIMEF: u32 = ${timeFeatureCount(cfg)}u;
const CLASSES: u32 = ${classCount(cfg)}u;
const NONE: u32 = 255u;

@group(0) @binding(0) var<storage, read> state: array<f32>;
@group(0) @binding(1) var<storage, read_write> xs: array<f32>;
@group(0) @binding(2) var<uniform> step: Step;
// One label per particle (a conditional network; else unread).
@group(0) @binding(3) var<storage, read> labels: array<u32>;

fn feat(stage: u32, k: u32) -> f32 {
  let f = stage * ${FEATURES_PER_STAGE}u + k;
  return step.feats[f / 4u][f % 4u];
}

fn velocity(p: vec2<f32>, stage: u32, c: u32) -> vec2<f32> {
  var h: array<f32, ${cfg.width}>;
  var g: array<f32, ${cfg.width}>;
  let b = step.block;
  for (var j = 0u; j < W; j++) {
    var z = state[b + IN * W + j] + p.x * state[b + j] + p.y * state[b + W + j];
    for (var k = 2u; k < 2u + TIMEF; k++) { z += feat(stage, k - 2u) * state[b + k * W + j]; }
    // one-hot(c) selects one row of W_1
    if (c < CLASSES) { z += state[b + (2u + TIMEF + c) * W + j]; }
    h[j] = activate(z).x;
  }
  for (var l = 1u; l < DEPTH; l++) {
    let o = b + offset(l);
    for (var j = 0u; j < W; j++) {
      var z = state[o + W * W + j];
      for (var k = 0u; k < W; k++) { z += h[k] * state[o + k * W + j]; }
      g[j] = activate(z).x;
    }
    for (var j = 0u; j < W; j++) { h[j] = g[j]; }
  }
  let o = b + offset(DEPTH);
  var v = vec2(state[o + 2u * W], state[o + 2u * W + 1u]);
  for (var k = 0u; k < W; k++) { v += h[k] * vec2(state[o + 2u * k], state[o + 2u * k + 1u]); }
  return v;
}

// Classifier-free guidance: (1 + w) v(x, t, c) − w v(x, t, ∅); w = 0 or c = ∅: v(x, t, c).
fn guided(p: vec2<f32>, stage: u32, c: u32) -> vec2<f32> {
  let v = velocity(p, stage, c);
  if (step.w == 0.0 || c >= CLASSES) { return v; }
  return (1.0 + step.w) * v - step.w * velocity(p, stage, NONE);
}

@compute @workgroup_size(${WORKGROUP})
fn rk(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= step.n) { return; }
  let h = step.h;
  let at = 2u * (step.src * step.n + i);
  let x = vec2(xs[at], xs[at + 1u]);
  let c = ${classCount(cfg) > 0 ? 'labels[i]' : 'NONE'};
${stages}
  let next = x${sum};
  let to = 2u * (step.dst * step.n + i);
  xs[to] = next.x;
  xs[to + 1u] = next.y;
}

@compute @workgroup_size(${WORKGROUP})
fn field(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= step.n) { return; }
  let at = 2u * (step.src * step.n + i);
  let v = guided(vec2(xs[at], xs[at + 1u]), 0u, ${classCount(cfg) > 0 ? 'labels[i]' : 'NONE'});
  let to = 2u * (step.dst * step.n + i);
  xs[to] = v.x;
  xs[to + 1u] = v.y;
}
`;
}
