/**
 * The fused training step on WebGPU: forward, loss, backward, Adam/AdamW and the weight
 * average of the whole MLP in two compute dispatches per step (one pass), on any GPUDevice
 * (e.g. the one tfjs-backend-webgpu holds). Same maths, parameter order and Adam bookkeeping
 * as the WASM kernel (asm/fused.ts); losses stay on the GPU until `readLosses`.
 *
 *   dispatch 1, one thread per batch row: the row's forward pass (activations and their
 *     derivatives kept in storage), its squared error, and its backward pass (∂z per layer);
 *   dispatch 2, one thread per parameter: its gradient summed over the batch, then Adam or
 *     AdamW and the weight average; thread 0 also sums the loss into the loss log.
 */
import { writeTimeFeatures } from './kernel';
import { ACTIVATIONS, inputSize, parameterShapes, type MlpConfig } from '../mlp';

const WORKGROUP = 64;
/** The four parameter-sized blocks of the state buffer, in order. */
const BLOCKS = ['params', 'm', 'v', 'avg'] as const;
type Block = (typeof BLOCKS)[number];
/** Losses the GPU keeps between reads. */
export const LOSS_LOG = 4096;

function shader(cfg: MlpConfig, batch: number): string {
  const inDim = inputSize(cfg);
  const act = ACTIVATIONS.indexOf(cfg.activation);
  return /* wgsl */ `
const N: u32 = ${batch}u;
const IN: u32 = ${inDim}u;
const W: u32 = ${cfg.width}u;
const DEPTH: u32 = ${cfg.depth}u;
const ACT: u32 = ${act}u;
const NP: u32 = ${parameterShapes(cfg).reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0)}u;

struct Step { lr: f32, wd: f32, l2: f32, decay: f32, bc1: f32, bc2: f32, ema: f32, slot: u32 }

const HID: u32 = DEPTH * N * W;
const ERR: u32 = 3u * HID + 2u * N;

// Four blocks of NP floats: the parameters, Adam's m and v, the weight average.
@group(0) @binding(0) var<storage, read_write> state: array<f32>;
@group(0) @binding(1) var<storage, read> batch: array<f32>; // per row: x, y, enc(t), ux, uy
// h (DEPTH × N × W), act′ (same), ∂z (same, then N × 2 for the output), N squared errors.
@group(0) @binding(2) var<storage, read_write> scr: array<f32>;
@group(0) @binding(3) var<storage, read_write> losses: array<f32>;
@group(0) @binding(4) var<uniform> step: Step;

fn layerIn(l: u32) -> u32 { return select(W, IN, l == 0u); }
fn layerOut(l: u32) -> u32 { return select(W, 2u, l == DEPTH); }
fn offset(l: u32) -> u32 {
  var o = 0u;
  for (var i = 0u; i < l; i++) { o += layerIn(i) * layerOut(i) + layerOut(i); }
  return o;
}
// Input feature k of row i: x, y and enc(t), computed on the CPU as for the WASM step.
fn feature(i: u32, k: u32) -> f32 { return batch[i * (IN + 2u) + k]; }
// The input of layer l for row i, feature k.
fn layerInput(l: u32, i: u32, k: u32) -> f32 {
  if (l == 0u) { return feature(i, k); }
  return scr[((l - 1u) * N + i) * W + k];
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

/** Step-dependent scalars, as the WASM trainer computes them (see fusedTrainer.ts). */
export interface GpuStepScalars {
  lr: number;
  wd: number;
  l2: boolean;
  decayFactor: number;
  oneMinusAcc1: number;
  oneMinusAcc2: number;
  emaRate: number;
}

/** One network's training state on a GPUDevice and its two-dispatch step. */
export class GpuFusedStep {
  readonly paramCount: number;
  private readonly buffers: Record<'state' | 'batch' | 'scratch' | 'losses', GPUBuffer>;
  private readonly uniforms: GPUBuffer;
  private readonly rowsPipeline: GPUComputePipeline;
  private readonly updatePipeline: GPUComputePipeline;
  private readonly bindGroup: GPUBindGroup;
  private readonly staging: Float32Array<ArrayBuffer>;
  private slot = 0;

  constructor(
    private readonly device: GPUDevice,
    readonly config: MlpConfig,
    readonly batch: number,
  ) {
    const shapes = parameterShapes(config);
    this.paramCount = shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
    const storage = (floats: number) =>
      device.createBuffer({
        size: 4 * Math.max(4, floats),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
      });
    const hidden = config.depth * batch * config.width;
    this.buffers = {
      state: storage(4 * this.paramCount),
      batch: storage((inputSize(config) + 2) * batch),
      scratch: storage(4 * hidden + 3 * batch),
      losses: storage(LOSS_LOG),
    };
    this.uniforms = device.createBuffer({
      size: 32,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    const module = device.createShaderModule({ code: shader(config, batch) });
    // One explicit layout for both entry points ('auto' would drop the bindings each leaves out).
    const types: GPUBufferBindingType[] = ['storage', 'read-only-storage', 'storage', 'storage'];
    const entries: GPUBindGroupLayoutEntry[] = [...types, 'uniform' as const].map(
      (type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } }),
    );
    const bindLayout = device.createBindGroupLayout({ entries });
    const layout = device.createPipelineLayout({ bindGroupLayouts: [bindLayout] });
    const pipeline = (entryPoint: string) =>
      device.createComputePipeline({ layout, compute: { module, entryPoint } });
    this.rowsPipeline = pipeline('rows');
    this.updatePipeline = pipeline('update');
    const b = this.buffers;
    this.bindGroup = device.createBindGroup({
      layout: bindLayout,
      entries: [b.state, b.batch, b.scratch, b.losses, this.uniforms].map((buffer, binding) => ({
        binding,
        resource: { buffer },
      })),
    });
    this.staging = new Float32Array((inputSize(config) + 2) * batch);
  }

  /** Writes [W_1, b_1, …] (parameterShapes order) into params, m, v or the average. */
  write(which: Block, tensors: readonly Float32Array[]): void {
    const flat = new Float32Array(this.paramCount);
    let o = 0;
    for (const t of tensors) {
      flat.set(t, o);
      o += t.length;
    }
    this.device.queue.writeBuffer(
      this.buffers.state,
      4 * BLOCKS.indexOf(which) * this.paramCount,
      flat,
    );
  }

  /** One training step on this batch: two dispatches in one pass, no readback. */
  step(xt: Float32Array, t: Float32Array, u: Float32Array, s: GpuStepScalars): void {
    const rows = this.staging;
    const inDim = inputSize(this.config);
    for (let i = 0; i < this.batch; i++) {
      const at = i * (inDim + 2);
      rows[at] = xt[2 * i]!;
      rows[at + 1] = xt[2 * i + 1]!;
      writeTimeFeatures(this.config, t[i]!, rows, at + 2);
      rows[at + inDim] = u[2 * i]!;
      rows[at + inDim + 1] = u[2 * i + 1]!;
    }
    this.device.queue.writeBuffer(this.buffers.batch, 0, rows);
    const scalars = new ArrayBuffer(32);
    new Float32Array(scalars, 0, 7).set([
      s.lr,
      s.wd,
      s.l2 ? 1 : 0,
      s.decayFactor,
      s.oneMinusAcc1,
      s.oneMinusAcc2,
      s.emaRate,
    ]);
    new Uint32Array(scalars, 28, 1)[0] = this.slot;
    this.slot = (this.slot + 1) % LOSS_LOG;
    this.device.queue.writeBuffer(this.uniforms, 0, scalars);
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setBindGroup(0, this.bindGroup);
    pass.setPipeline(this.rowsPipeline);
    pass.dispatchWorkgroups(Math.ceil(this.batch / WORKGROUP));
    pass.setPipeline(this.updatePipeline);
    pass.dispatchWorkgroups(Math.ceil(this.paramCount / WORKGROUP));
    pass.end();
    this.device.queue.submit([encoder.finish()]);
  }

  /** Copies a block back (one readback): the parameters' tensors, or the loss log. */
  async read(which: Block | 'losses'): Promise<Float32Array[]> {
    const src = which === 'losses' ? this.buffers.losses : this.buffers.state;
    const size = 4 * (which === 'losses' ? LOSS_LOG : this.paramCount);
    const from = which === 'losses' ? 0 : 4 * BLOCKS.indexOf(which) * this.paramCount;
    const copy = this.device.createBuffer({
      size,
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
    });
    const encoder = this.device.createCommandEncoder();
    encoder.copyBufferToBuffer(src, from, copy, 0, size);
    this.device.queue.submit([encoder.finish()]);
    await copy.mapAsync(GPUMapMode.READ);
    const flat = new Float32Array(copy.getMappedRange().slice(0));
    copy.unmap();
    copy.destroy();
    if (which === 'losses') return [flat];
    let o = 0;
    return parameterShapes(this.config).map((sh) => {
      const n = sh.reduce((a, b) => a * b, 1);
      o += n;
      return flat.slice(o - n, o);
    });
  }

  /** Frees the GPU buffers. */
  dispose(): void {
    Object.values(this.buffers).forEach((b) => b.destroy());
    this.uniforms.destroy();
  }
}
