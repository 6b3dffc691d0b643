/**
 * The fused WASM kernel (asm/fused.ts) from the JavaScript side: one module compiled once,
 * one instance per network, and the layout of its linear memory. Every buffer a training step
 * or a forward pass touches is placed once here, so a step allocates nothing.
 */
import {
  ACTIVATIONS,
  classCount,
  FOURIER_FREQUENCIES,
  inputSize,
  timeFeatureCount,
  writeLabelFeatures,
  type MlpConfig,
} from '../mlp';
import { FUSED_WASM_BASE64 } from './generated/fusedWasm';

interface KernelExports {
  memory: WebAssembly.Memory;
  trainStep(
    plan: number,
    lr: number,
    wd: number,
    l2: number,
    decayFactor: number,
    oneMinusAcc1: number,
    oneMinusAcc2: number,
    emaRate: number,
  ): number;
  predict(
    plan: number,
    params: number,
    pts: number,
    count: number,
    tFeat: number,
    out: number,
    xs: number,
    ha: number,
    hb: number,
    ys: number,
    chunk: number,
  ): void;
  predictEach(
    plan: number,
    params: number,
    pts: number,
    count: number,
    feats: number,
    featStride: number,
    out: number,
    xs: number,
    ha: number,
    hb: number,
    ys: number,
    chunk: number,
  ): void;
  absSum(p: number, count: number): number;
  heapBase(): number;
}

let compiled: WebAssembly.Module | null = null;

/** The compiled module (synchronous compile, done once: workers and Node allow it). */
function fusedModule(): WebAssembly.Module {
  if (!compiled) {
    const binary = atob(FUSED_WASM_BASE64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

/** Whether this JavaScript engine can run the fused kernel (WASM with SIMD). */
export function fusedSupported(): boolean {
  try {
    fusedModule();
    return true;
  } catch {
    return false;
  }
}

/**
 * enc(t) into to[at…]: t, then sin/cos(2πk t) for Fourier features, with 2πk·t rounded to
 * float32 first as tfjs computes it (mlp.ts). Shared by the WASM and the WebGPU step.
 */
export function writeTimeFeatures(cfg: MlpConfig, t: number, to: Float32Array, at: number): void {
  to[at] = t;
  if (cfg.timeEncoding === 'fourier') {
    for (let k = 1; k <= FOURIER_FREQUENCIES; k++) {
      const arg = Math.fround(t * Math.fround(2 * Math.PI * k));
      to[at + 2 * k - 1] = Math.sin(arg);
      to[at + 2 * k] = Math.cos(arg);
    }
  }
}

/** Rows of particles one forward pass of the sampler takes at a time. */
const SAMPLE_CHUNK = 256;
const pad4 = (n: number) => (n + 3) & ~3;

/** Where a parameter tensor of the unpadded network lives inside a padded block. */
interface Slice {
  /** Float offset inside the block. */
  offset: number;
  rows: number;
  cols: number;
  /** Padded row length (floats). */
  stride: number;
}

/**
 * One network's memory: parameters, gradients, Adam moments, weight average, the batch and
 * every activation. Float32Array views are re-made after the memory grows.
 */
export class FusedKernel {
  readonly exports: KernelExports;
  /** Padded widths: input (3 or 9 → 4 or 12), hidden, output (2 → 4). */
  readonly inWidth: number;
  readonly width: number;
  readonly batch: number;
  readonly rows: number;
  /** Padded floats in one parameter block. */
  readonly count: number;
  /** Byte offsets of the blocks. */
  readonly ptr: Record<'plan' | 'params' | 'grad' | 'm' | 'v' | 'ema' | 'x' | 'u' | 'y', number>;
  private readonly slices: Slice[];
  private readonly sample: { xs: number; ha: number; hb: number; ys: number; tFeat: number };
  private points = { ptr: 0, capacity: 0, out: 0, feats: 0 };
  private top: number;
  private view: Float32Array;

  constructor(
    readonly config: MlpConfig,
    batch: number,
  ) {
    const instance = new WebAssembly.Instance(fusedModule(), {});
    this.exports = instance.exports as unknown as KernelExports;
    this.inWidth = pad4(inputSize(config));
    this.width = pad4(config.width);
    this.batch = batch;
    this.rows = pad4(batch);
    const sizes = [this.inWidth, ...Array<number>(config.depth).fill(this.width), 4];
    const real = [inputSize(config), ...Array<number>(config.depth).fill(config.width), 2];
    this.slices = [];
    let off = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [k, n] = [sizes[l]!, sizes[l + 1]!];
      this.slices.push({ offset: off, rows: real[l]!, cols: real[l + 1]!, stride: n });
      this.slices.push({ offset: off + k * n, rows: 1, cols: real[l + 1]!, stride: n });
      off += k * n + n;
    }
    this.count = off;
    this.top = this.exports.heapBase();
    this.view = new Float32Array(this.exports.memory.buffer);
    const block = (floats: number) => this.reserve(floats);
    const { rows, width, inWidth } = this;
    const hidden = rows * width;
    this.ptr = {
      plan: block(20),
      params: block(off),
      grad: block(off),
      m: block(off),
      v: block(off),
      ema: block(off),
      x: block(rows * inWidth),
      u: block(rows * 4),
      y: block(rows * 4),
    };
    const y = this.ptr.y;
    const h = block(hidden * config.depth);
    const d = block(hidden * config.depth);
    const dzA = block(hidden);
    const dzB = block(hidden);
    const wt = block(width * width);
    this.sample = {
      xs: block(SAMPLE_CHUNK * inWidth),
      ha: block(SAMPLE_CHUNK * width),
      hb: block(SAMPLE_CHUNK * width),
      ys: block(SAMPLE_CHUNK * 4),
      tFeat: block(inWidth),
    };
    const act = ACTIVATIONS.indexOf(config.activation);
    const plan = [config.depth + 1, rows, batch, inWidth, width, act, this.ptr.params];
    plan.push(this.ptr.grad, this.ptr.m, this.ptr.v, this.ptr.ema, off, this.ptr.x, this.ptr.u);
    plan.push(y, h, d, dzA, dzB, wt);
    new Int32Array(this.exports.memory.buffer, this.ptr.plan, 20).set(plan);
  }

  /** Reserves `floats` zeroed floats (16-byte aligned); returns the byte offset. */
  private reserve(floats: number): number {
    const at = this.top;
    this.top += pad4(floats) * 4;
    const mem = this.exports.memory;
    if (this.top > mem.buffer.byteLength) {
      mem.grow(Math.ceil((this.top - mem.buffer.byteLength) / 65536));
    }
    return at;
  }

  /** The whole memory as floats (re-made when the memory has grown). */
  get f32(): Float32Array {
    if (this.view.buffer !== this.exports.memory.buffer) {
      this.view = new Float32Array(this.exports.memory.buffer);
    }
    return this.view;
  }

  /** Copies unpadded tensors ([W_1, b_1, …] as parameterShapes) into the block at `ptr`. */
  write(ptr: number, tensors: readonly ArrayLike<number>[]): void {
    const mem = this.f32;
    const base = ptr / 4;
    mem.fill(0, base, base + this.count);
    this.slices.forEach((s, i) => {
      const src = tensors[i]!;
      for (let r = 0; r < s.rows; r++) {
        for (let c = 0; c < s.cols; c++)
          mem[base + s.offset + r * s.stride + c] = src[r * s.cols + c]!;
      }
    });
  }

  /** The unpadded tensors of the block at `ptr`, as fresh Float32Arrays. */
  read(ptr: number): Float32Array[] {
    const mem = this.f32;
    const base = ptr / 4;
    return this.slices.map((s) => {
      const out = new Float32Array(s.rows * s.cols);
      for (let r = 0; r < s.rows; r++) {
        const from = base + s.offset + r * s.stride;
        out.set(mem.subarray(from, from + s.cols), r * s.cols);
      }
      return out;
    });
  }

  /** Copies one whole block onto another (e.g. weights → weight average). */
  copy(from: number, to: number): void {
    this.f32.copyWithin(to / 4, from / 4, from / 4 + this.count);
  }

  /** Zeroes a whole block (Adam's moments on a restart). */
  clear(ptr: number): void {
    this.f32.fill(0, ptr / 4, ptr / 4 + this.count);
  }

  /** Writes enc(t) of one time into `to` (floats), padded with zeros to the input width. */
  timeFeatures(t: number, to: Float32Array, at: number): void {
    writeTimeFeatures(this.config, t, to, at);
  }

  /**
   * Loads a batch (interleaved xt and u, t, and for a conditional network the row labels:
   * one-hot, ∅ or absent = zeros) into the step's input rows [x, y, enc(t), one-hot(c)].
   */
  setBatch(xt: Float32Array, t: Float32Array, u: Float32Array, labels?: Uint8Array): void {
    const mem = this.f32;
    const x = this.ptr.x / 4;
    const uu = this.ptr.u / 4;
    const w = this.inWidth;
    const classes = classCount(this.config);
    const labelAt = 2 + timeFeatureCount(this.config);
    for (let i = 0; i < this.batch; i++) {
      mem[x + i * w] = xt[2 * i]!;
      mem[x + i * w + 1] = xt[2 * i + 1]!;
      this.timeFeatures(t[i]!, mem, x + i * w + 2);
      if (classes > 0) writeLabelFeatures(classes, labels?.[i] ?? -1, mem, x + i * w + labelAt);
      mem[uu + 4 * i] = u[2 * i]!;
      mem[uu + 4 * i + 1] = u[2 * i + 1]!;
    }
  }

  /** v_θ(xt, t) of the last training step's batch (its forward pass, before the update). */
  stepOutput(): Float32Array {
    const mem = this.f32;
    const y = this.ptr.y / 4;
    const out = new Float32Array(2 * this.batch);
    for (let i = 0; i < this.batch; i++) {
      out[2 * i] = mem[y + 4 * i]!;
      out[2 * i + 1] = mem[y + 4 * i + 1]!;
    }
    return out;
  }

  /** Room for n particles in and out; returns their float offsets (views may have moved). */
  particles(n: number): { xIn: number; vOut: number } {
    if (n > this.points.capacity) {
      const capacity = Math.max(n, 2 * this.points.capacity);
      const ptr = this.reserve(2 * capacity);
      const out = this.reserve(2 * capacity);
      const feats = this.reserve((this.inWidth - 2) * capacity);
      this.points = { ptr, capacity, out, feats };
    }
    return { xIn: this.points.ptr / 4, vOut: this.points.out / 4 };
  }

  /**
   * v_θ(x_i, t_i) for the n particles placed at `particles(n).xIn`, each at its own time
   * (the adaptive solver's particles are at different times), with the block at `params`.
   */
  evaluateEach(params: number, n: number, times: ArrayLike<number>, labels?: Uint8Array): void {
    const { xs, ha, hb, ys } = this.sample;
    const { ptr, out, feats } = this.points;
    const stride = this.inWidth - 2;
    const mem = this.f32;
    const classes = classCount(this.config);
    const labelAt = timeFeatureCount(this.config);
    for (let i = 0; i < n; i++) {
      this.timeFeatures(times[i]!, mem, feats / 4 + i * stride);
      if (classes > 0) {
        writeLabelFeatures(classes, labels?.[i] ?? -1, mem, feats / 4 + i * stride + labelAt);
      }
    }
    const e = this.exports;
    e.predictEach(this.ptr.plan, params, ptr, n, feats, stride, out, xs, ha, hb, ys, SAMPLE_CHUNK);
  }

  /**
   * v_θ(x, t) for the n particles placed at `particles(n).xIn`, with the block at `params`;
   * a conditional network takes every particle's label (absent: ∅ for all).
   */
  evaluate(params: number, n: number, t: number, labels?: Uint8Array): void {
    const classes = classCount(this.config);
    if (classes > 0 && labels) {
      this.evaluateEach(params, n, new Float64Array(n).fill(t), labels);
      return;
    }
    const { xs, ha, hb, ys, tFeat } = this.sample;
    this.timeFeatures(t, this.f32, tFeat / 4);
    // The shared features' one-hot part: ∅ (zeros) for every particle.
    if (classes > 0)
      writeLabelFeatures(classes, -1, this.f32, tFeat / 4 + timeFeatureCount(this.config));
    const { ptr, out } = this.points;
    this.exports.predict(this.ptr.plan, params, ptr, n, tFeat, out, xs, ha, hb, ys, SAMPLE_CHUNK);
  }
}
