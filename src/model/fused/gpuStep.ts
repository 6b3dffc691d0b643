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
 * The shaders are in fused/gpuShaders.ts; the trainer around this is fused/gpuTrainer.ts.
 */
import {
  classCount,
  inputSize,
  parameterShapes,
  timeFeatureCount,
  writeLabelFeatures,
  type MlpConfig,
} from '../mlp';
import type { FlatBlock } from './flatStorage';
import { LOSS_LOG, paramCount, trainShader, WORKGROUP } from './gpuShaders';
import { writeTimeFeatures } from './kernel';

export { LOSS_LOG };
/** The parameter-sized blocks of the state buffer, in order. */
const BLOCKS = ['params', 'm', 'v', 'avg', 'goodParams', 'goodAvg'] as const;
type Block = FlatBlock;

/** Step-dependent scalars, as the WASM trainer computes them (fused/flatStorage.ts). */
export type { StepScalars as GpuStepScalars } from './flatStorage';
import type { StepScalars as GpuStepScalars } from './flatStorage';

/** One network's training state on a GPUDevice and its two-dispatch step. */
export class GpuFusedStep {
  readonly paramCount: number;
  /** The four blocks of `paramCount` floats the kernels use: params, m, v, avg. */
  readonly state: GPUBuffer;
  /** The last good params and average (rollback), and room for a copy within `state`. */
  private readonly good: GPUBuffer;
  private readonly spare: GPUBuffer;
  private readonly buffers: Record<'batch' | 'scratch' | 'losses', GPUBuffer>;
  private readonly uniforms: GPUBuffer;
  private readonly pipelines: Record<'rows' | 'update' | 'check', GPUComputePipeline>;
  private readonly bindGroup: GPUBindGroup;
  private readonly staging: Float32Array<ArrayBuffer>;
  private readonly scalars = new ArrayBuffer(32);
  /** Steps since the last `takeLosses`; the next loss goes to slot `unread % LOSS_LOG`. */
  private unread = 0;
  /** Full loss logs copied out while more than LOSS_LOG steps went unread. */
  private spilled: GPUBuffer[] = [];

  constructor(
    readonly device: GPUDevice,
    readonly config: MlpConfig,
    readonly batch: number,
  ) {
    this.paramCount = paramCount(config);
    const storage = (floats: number) =>
      device.createBuffer({
        size: 4 * Math.max(4, floats),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
      });
    const hidden = config.depth * batch * config.width;
    this.state = storage(4 * this.paramCount);
    this.good = storage(2 * this.paramCount);
    this.spare = storage(this.paramCount);
    this.buffers = {
      batch: storage((inputSize(config) + 2) * batch),
      scratch: storage(4 * hidden + 3 * batch),
      losses: storage(LOSS_LOG + 4),
    };
    this.uniforms = device.createBuffer({
      size: 32,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    const module = device.createShaderModule({ code: trainShader(config, batch) });
    // One explicit layout for every entry point ('auto' would drop the bindings each leaves out).
    const types: GPUBufferBindingType[] = ['storage', 'read-only-storage', 'storage', 'storage'];
    const entries: GPUBindGroupLayoutEntry[] = [...types, 'uniform' as const].map(
      (type, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type } }),
    );
    const bindLayout = device.createBindGroupLayout({ entries });
    const layout = device.createPipelineLayout({ bindGroupLayouts: [bindLayout] });
    const pipeline = (entryPoint: string) =>
      device.createComputePipeline({ layout, compute: { module, entryPoint } });
    this.pipelines = {
      rows: pipeline('rows'),
      update: pipeline('update'),
      check: pipeline('check'),
    };
    const b = this.buffers;
    this.bindGroup = device.createBindGroup({
      layout: bindLayout,
      entries: [this.state, b.batch, b.scratch, b.losses, this.uniforms].map((buffer, binding) => ({
        binding,
        resource: { buffer },
      })),
    });
    this.staging = new Float32Array((inputSize(config) + 2) * batch);
  }

  /** Byte offset of a block in `state` (the good copies are in a buffer of their own). */
  offset(which: Block): number {
    return 4 * (BLOCKS.indexOf(which) % 4) * this.paramCount;
  }

  /** The buffer and byte offset of a block. */
  private where(which: Block): [GPUBuffer, number] {
    const good = which === 'goodParams' || which === 'goodAvg';
    return [good ? this.good : this.state, this.offset(which)];
  }

  /** Writes [W_1, b_1, …] (parameterShapes order) into one block. */
  write(which: Block, tensors: readonly ArrayLike<number>[]): void {
    const flat = new Float32Array(this.paramCount);
    let o = 0;
    for (const t of tensors) {
      flat.set(t, o);
      o += t.length;
    }
    this.device.queue.writeBuffer(...this.where(which), flat);
  }

  /**
   * Copies one block onto another, on the GPU, queued after the steps before it. WebGPU
   * copies only between two buffers: within `state` the copy goes through `spare`.
   */
  copy(from: Block, to: Block): void {
    const encoder = this.device.createCommandEncoder();
    const size = 4 * this.paramCount;
    const [src, at] = this.where(from);
    const [dst, into] = this.where(to);
    if (src === dst) {
      encoder.copyBufferToBuffer(src, at, this.spare, 0, size);
      encoder.copyBufferToBuffer(this.spare, 0, dst, into, size);
    } else {
      encoder.copyBufferToBuffer(src, at, dst, into, size);
    }
    this.device.queue.submit([encoder.finish()]);
  }

  /** Zeroes one block. */
  clear(which: Block): void {
    const encoder = this.device.createCommandEncoder();
    encoder.clearBuffer(...this.where(which), 4 * this.paramCount);
    this.device.queue.submit([encoder.finish()]);
  }

  /**
   * One training step on this batch (rows [x, y, enc(t), one-hot(c), ux, uy]; labels absent
   * or ∅: zeros): two dispatches in one pass, no readback.
   */
  step(
    xt: Float32Array,
    t: Float32Array,
    u: Float32Array,
    s: GpuStepScalars,
    labels?: Uint8Array,
  ): void {
    const rows = this.staging;
    const inDim = inputSize(this.config);
    const classes = classCount(this.config);
    const labelAt = 2 + timeFeatureCount(this.config);
    for (let i = 0; i < this.batch; i++) {
      const at = i * (inDim + 2);
      rows[at] = xt[2 * i]!;
      rows[at + 1] = xt[2 * i + 1]!;
      writeTimeFeatures(this.config, t[i]!, rows, at + 2);
      if (classes > 0) writeLabelFeatures(classes, labels?.[i] ?? -1, rows, at + labelAt);
      rows[at + inDim] = u[2 * i]!;
      rows[at + inDim + 1] = u[2 * i + 1]!;
    }
    const queue = this.device.queue;
    queue.writeBuffer(this.buffers.batch, 0, rows);
    const f = [s.lr, s.wd, s.l2 ? 1 : 0, s.decayFactor, s.oneMinusAcc1, s.oneMinusAcc2, s.emaRate];
    new Float32Array(this.scalars, 0, 7).set(f);
    new Uint32Array(this.scalars, 28, 1)[0] = this.unread % LOSS_LOG;
    queue.writeBuffer(this.uniforms, 0, this.scalars);
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setBindGroup(0, this.bindGroup);
    pass.setPipeline(this.pipelines.rows);
    pass.dispatchWorkgroups(Math.ceil(this.batch / WORKGROUP));
    pass.setPipeline(this.pipelines.update);
    pass.dispatchWorkgroups(Math.ceil(this.paramCount / WORKGROUP));
    pass.end();
    this.unread++;
    // A full log is copied aside (no wait), so any number of unread steps keeps its losses.
    if (this.unread % LOSS_LOG === 0) this.spilled.push(this.copyOut(encoder, LOSS_LOG));
    queue.submit([encoder.finish()]);
  }

  /** A mappable copy of the first `floats` floats of the loss log, encoded on `encoder`. */
  private copyOut(encoder: GPUCommandEncoder, floats: number): GPUBuffer {
    const copy = this.device.createBuffer({
      size: 4 * Math.max(1, floats),
      usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
    });
    const logged = Math.min(floats, LOSS_LOG);
    if (logged > 0) encoder.copyBufferToBuffer(this.buffers.losses, 0, copy, 0, 4 * logged);
    return copy;
  }

  /**
   * The losses of the steps since the last call, then Σ|w| of the parameters: one `check`
   * dispatch and one readback (plus one per LOSS_LOG steps beyond the first).
   */
  async takeLosses(): Promise<Float32Array> {
    const count = this.unread;
    const spilled = this.spilled;
    this.unread = 0;
    this.spilled = [];
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setBindGroup(0, this.bindGroup);
    pass.setPipeline(this.pipelines.check);
    pass.dispatchWorkgroups(1);
    pass.end();
    const tail = count % LOSS_LOG;
    // The log's unspilled part and the sum after it, in one copy.
    const last = this.copyOut(encoder, tail + 1);
    encoder.copyBufferToBuffer(this.buffers.losses, 4 * LOSS_LOG, last, 4 * tail, 4);
    this.device.queue.submit([encoder.finish()]);
    const out = new Float32Array(count + 1);
    try {
      let o = 0;
      for (const buffer of [...spilled, last]) {
        await buffer.mapAsync(GPUMapMode.READ);
        out.set(new Float32Array(buffer.getMappedRange()), o);
        o += LOSS_LOG;
      }
    } finally {
      [...spilled, last].forEach((b) => b.destroy());
    }
    return out;
  }

  /** Forgets the losses of unread steps. */
  dropLosses(): void {
    this.spilled.forEach((b) => b.destroy());
    this.spilled = [];
    this.unread = 0;
  }

  /** Copies a block back (one readback): the parameters' tensors, or the loss log. */
  async read(which: Block | 'losses'): Promise<Float32Array[]> {
    const size = 4 * (which === 'losses' ? LOSS_LOG : this.paramCount);
    const [src, from] = which === 'losses' ? [this.buffers.losses, 0] : this.where(which);
    const flat = await readBuffer(this.device, src, from, size);
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
    this.dropLosses();
    Object.values(this.buffers).forEach((b) => b.destroy());
    [this.state, this.good, this.spare].forEach((b) => b.destroy());
    this.uniforms.destroy();
  }
}

/** `size` bytes of `src` from `from`, copied out and read back (one readback). */
export async function readBuffer(
  device: GPUDevice,
  src: GPUBuffer,
  from: number,
  size: number,
): Promise<Float32Array> {
  const copy = device.createBuffer({
    size,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(src, from, copy, 0, size);
  device.queue.submit([encoder.finish()]);
  try {
    await copy.mapAsync(GPUMapMode.READ);
    return new Float32Array(copy.getMappedRange().slice(0));
  } finally {
    copy.destroy();
  }
}
