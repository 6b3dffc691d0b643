/**
 * A VelocityMlp whose weights live in a block of the fused WebGPU trainer's state buffer.
 * Sampling and the field run on the device (fused/gpuForward.ts); tfjs consumers (`predict`,
 * `variables`, e.g. the loss profile) use a tfjs copy that `sync()` refreshes (one readback),
 * and refuse a copy that is older than the weights rather than answer with stale ones.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Points } from '../../flow/types';
import { createMlp, parameterShapes, type MlpConfig, type VelocityMlp } from '../mlp';
import type { SampleOptions, SampleResult } from '../sampler';
import type { FlatBlock } from './flatStorage';
import type { GpuForward } from './gpuForward';
import type { GpuFusedStep } from './gpuStep';

export class GpuMlp implements VelocityMlp {
  readonly config: MlpConfig;
  private mirror: VelocityMlp | null = null;
  private mirrored = -1;

  /** @param version the owner's weight version, bumped after every change to the block */
  constructor(
    private readonly gpu: GpuFusedStep,
    private readonly forward: GpuForward,
    private readonly block: FlatBlock,
    private readonly version: () => number,
    private readonly seed: number,
  ) {
    this.config = { ...gpu.config };
  }

  /** Brings the tfjs copy up to date (one readback when the weights changed). */
  async sync(): Promise<void> {
    const now = this.version();
    if (this.mirror && this.mirrored === now) return;
    const weights = await this.gpu.read(this.block);
    this.mirror ??= createMlp(this.config, this.seed);
    this.mirror.setWeights(weights);
    this.mirrored = now;
  }

  private synced(): VelocityMlp {
    if (!this.mirror || this.mirrored !== this.version()) {
      throw new Error('the GPU network changed since its tfjs copy was made: await sync() first');
    }
    return this.mirror;
  }

  get variables(): tf.Variable[] {
    return this.synced().variables;
  }

  predict(x: tf.Tensor2D, t: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D {
    return this.synced().predict(x, t, c);
  }

  sampleOnDevice(x0: Points, opts: SampleOptions): Promise<SampleResult> {
    return this.forward.sample(this.gpu.offset(this.block), x0, opts);
  }

  velocityOnDevice(
    points: Points,
    t: number,
    labels?: Uint8Array,
    guidance?: number,
  ): Promise<Points> {
    return this.forward.velocity(this.gpu.offset(this.block), points, t, labels, guidance);
  }

  getWeights(): Promise<Float32Array[]> {
    return this.gpu.read(this.block);
  }

  /** Overwrites the block (the owner bumps the version). */
  setWeights(weights: readonly Float32Array[]): void {
    const shapes = parameterShapes(this.config);
    if (weights.length !== shapes.length) {
      throw new Error(`expected ${shapes.length} weight arrays, got ${weights.length}`);
    }
    weights.forEach((w, i) => {
      const size = shapes[i]!.reduce((a, b) => a * b, 1);
      if (w.length !== size) throw new Error(`weight ${i}: ${w.length} values, need ${size}`);
    });
    this.gpu.write(this.block, weights);
    this.mirrored = -1;
  }

  /** Frees the tfjs copy (the GPU buffers belong to the trainer). */
  dispose(): void {
    this.mirror?.dispose();
    this.mirror = null;
  }
}
