/**
 * The sampler on WebGPU: N particles through the learned field, one dispatch per ODE step
 * (each thread runs every stage of the tableau for its particle: fused/gpuShaders.ts), all
 * steps in one submit, one readback at the end. Reads the weights straight from a fused
 * trainer's state buffer (fused/gpuStep.ts), so sampling never copies the network.
 */
import { nfe, SOLVERS, type SolverId } from '../../flow/solvers';
import type { Points } from '../../flow/types';
import { timeFeatureCount, type MlpConfig } from '../mlp';
import { guidedFactor } from '../guided';
import type { SampleOptions, SampleResult } from '../sampler';
import { FEATURES_PER_STAGE, FORWARD_STRIDE, forwardShader, WORKGROUP } from './gpuShaders';
import { readBuffer } from './gpuStep';
import { writeTimeFeatures } from './kernel';

type Entry = 'rk' | 'field';
/** Each particle's label (NULL_LABEL = ∅) and the guidance scale w. */
interface Guide {
  labels?: Uint8Array;
  guidance?: number;
}
const clampT = (s: SampleOptions['scheduler'], t: number) => Math.min(Math.max(t, s.tMin), s.tMax);

/** Forward passes of one network on one device; pipelines are made once per solver. */
export class GpuForward {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly bindLayout: GPUBindGroupLayout;
  private readonly layout: GPUPipelineLayout;

  constructor(
    private readonly device: GPUDevice,
    private readonly config: MlpConfig,
    /** The buffer holding the weights, e.g. a GpuFusedStep's state. */
    private readonly state: GPUBuffer,
  ) {
    const types: GPUBufferBindingType[] = [
      'read-only-storage',
      'storage',
      'uniform',
      'read-only-storage',
    ];
    this.bindLayout = device.createBindGroupLayout({
      entries: types.map((type, binding) => ({
        binding,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type, hasDynamicOffset: type === 'uniform' },
      })),
    });
    this.layout = device.createPipelineLayout({ bindGroupLayouts: [this.bindLayout] });
  }

  private pipeline(solver: SolverId, entry: Entry): GPUComputePipeline {
    const key = `${solver}/${entry}`;
    let p = this.pipelines.get(key);
    if (!p) {
      const module = this.device.createShaderModule({ code: forwardShader(this.config, solver) });
      p = this.device.createComputePipeline({
        layout: this.layout,
        compute: { module, entryPoint: entry },
      });
      this.pipelines.set(key, p);
    }
    return p;
  }

  /**
   * Runs `steps` dispatches of `entry` over n particles: step i reads frame src(i) and writes
   * frame dst(i) of a buffer of `frames` frames, starting from x0 in frame 0; returns the
   * frames read back in one go. `guide`: each particle's label and the guidance scale w.
   */
  private async run(
    entry: Entry,
    solver: SolverId,
    block: number,
    x0: Points,
    frames: number,
    steps: { h: number; times: number[]; src: number; dst: number }[],
    guide: Guide = {},
  ): Promise<Float32Array> {
    const n = x0.length / 2;
    const device = this.device;
    const xs = device.createBuffer({
      size: 8 * n * frames,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    });
    const uniforms = device.createBuffer({
      size: FORWARD_STRIDE * steps.length,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    const labels = device.createBuffer({
      size: 4 * Math.max(n, 1),
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    try {
      device.queue.writeBuffer(xs, 0, x0 as Float32Array<ArrayBuffer>);
      if (guide.labels) device.queue.writeBuffer(labels, 0, Uint32Array.from(guide.labels));
      const bytes = new ArrayBuffer(FORWARD_STRIDE * steps.length);
      const feats = new Float32Array(timeFeatureCount(this.config));
      steps.forEach((s, i) => {
        const at = i * FORWARD_STRIDE;
        new Float32Array(bytes, at, 1)[0] = s.h;
        new Uint32Array(bytes, at + 4, 4).set([block / 4, s.src, s.dst, n]);
        new Float32Array(bytes, at + 20, 1)[0] = guide.labels ? (guide.guidance ?? 0) : 0;
        const slots = new Float32Array(
          bytes,
          at + 32,
          SOLVERS[solver].b.length * FEATURES_PER_STAGE,
        );
        s.times.forEach((t, stage) => {
          writeTimeFeatures(this.config, t, feats, 0);
          slots.set(feats, stage * FEATURES_PER_STAGE);
        });
      });
      device.queue.writeBuffer(uniforms, 0, bytes);
      const bindGroup = device.createBindGroup({
        layout: this.bindLayout,
        entries: [
          { binding: 0, resource: { buffer: this.state } },
          { binding: 1, resource: { buffer: xs } },
          { binding: 2, resource: { buffer: uniforms, size: FORWARD_STRIDE } },
          { binding: 3, resource: { buffer: labels } },
        ],
      });
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      pass.setPipeline(this.pipeline(solver, entry));
      for (let i = 0; i < steps.length; i++) {
        pass.setBindGroup(0, bindGroup, [i * FORWARD_STRIDE]);
        pass.dispatchWorkgroups(Math.ceil(n / WORKGROUP));
      }
      pass.end();
      device.queue.submit([encoder.finish()]);
      return await readBuffer(device, xs, 0, 8 * n * frames);
    } finally {
      xs.destroy();
      uniforms.destroy();
      labels.destroy();
    }
  }

  /** Integrates x0 through the field of the weights at byte offset `block` of the state. */
  async sample(block: number, x0: Points, opts: SampleOptions): Promise<SampleResult> {
    const { solver, steps, scheduler, record = false } = opts;
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be ≥ 1, got ${steps}`);
    const n = x0.length / 2;
    const h = 1 / steps;
    const c = SOLVERS[solver].c;
    const plan = Array.from({ length: steps }, (_, i) => ({
      h,
      // The same times as flow/solvers' integrator: t = i·h + c_k·h, clamped.
      times: c.map((ck) => clampT(scheduler, i * h + ck * h)),
      src: record ? i : i % 2,
      dst: record ? i + 1 : (i + 1) % 2,
    }));
    const frames = record ? steps + 1 : 2;
    const guide = { labels: opts.labels, guidance: opts.guidance };
    const data = await this.run('rk', solver, block, x0, frames, plan, guide);
    const last = record ? steps : steps % 2;
    return {
      x: data.slice(2 * n * last, 2 * n * (last + 1)),
      trajectory: record ? data : null,
      frames: record ? steps + 1 : 1,
      nfe: nfe(solver, steps) * guidedFactor(opts),
    };
  }

  /**
   * v_θ(x, t[, c]) at the points, or with labels and w > 0 the guided field
   * (1 + w) v(x, t, c) − w v(x, t, ∅) (one dispatch, one readback).
   */
  async velocity(
    block: number,
    points: Points,
    t: number,
    labels?: Uint8Array,
    guidance?: number,
  ): Promise<Points> {
    const n = points.length / 2;
    const step = { h: 0, times: [t], src: 0, dst: 1 };
    const data = await this.run('field', 'euler', block, points, 2, [step], { labels, guidance });
    return data.slice(2 * n);
  }
}
