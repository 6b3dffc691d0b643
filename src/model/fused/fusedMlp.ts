/**
 * A VelocityMlp whose weights live in the fused kernel's memory. Sampling goes through the
 * kernel (`velocityInto`); tfjs consumers (`predict`, `variables`) get a tfjs copy of the
 * network that is refreshed only when they ask and the weights have changed since.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createMlp, parameterShapes, type MlpConfig, type VelocityMlp } from '../mlp';
import type { FusedKernel } from './kernel';

/** The live weights or the weight average of one fused kernel, as a VelocityMlp. */
export class FusedMlp implements VelocityMlp {
  readonly config: MlpConfig;
  private mirror: VelocityMlp | null = null;
  private mirrored = -1;

  /**
   * @param block byte offset of the parameter block (the kernel's params or ema)
   * @param version the trainer's weight version, bumped after every change to the block
   */
  constructor(
    private readonly kernel: FusedKernel,
    private readonly block: number,
    private readonly version: () => number,
    private readonly seed: number,
  ) {
    this.config = { ...kernel.config };
  }

  /** tfjs variables holding the current weights (copied in when they are stale). */
  get variables(): tf.Variable[] {
    return this.synced().variables;
  }

  predict(x: tf.Tensor2D, t: tf.Tensor2D, c?: tf.Tensor2D): tf.Tensor2D {
    return this.synced().predict(x, t, c);
  }

  /**
   * v_θ(x, t[, c]) for the interleaved points x into out, on the CPU through the kernel
   * (labels: one per point, NULL_LABEL = ∅; absent: ∅ for all).
   */
  velocityInto(x: Float32Array, t: number, out: Float32Array, labels?: Uint8Array): void {
    const n = x.length / 2;
    const { xIn, vOut } = this.kernel.particles(n);
    this.kernel.f32.set(x, xIn);
    this.kernel.evaluate(this.block, n, t, labels);
    out.set(this.kernel.f32.subarray(vOut, vOut + 2 * n));
  }

  /** v_θ(x_i, t_i[, c_i]) with one time per point, on the CPU through the kernel. */
  velocityEachInto(
    x: Float32Array,
    t: ArrayLike<number>,
    out: Float32Array,
    labels?: Uint8Array,
  ): void {
    const n = x.length / 2;
    const { xIn, vOut } = this.kernel.particles(n);
    this.kernel.f32.set(x, xIn);
    this.kernel.evaluateEach(this.block, n, t, labels);
    out.set(this.kernel.f32.subarray(vOut, vOut + 2 * n));
  }

  async getWeights(): Promise<Float32Array[]> {
    return this.kernel.read(this.block);
  }

  /** Overwrites the block (the owner bumps the version: see FusedTrainer). */
  setWeights(weights: readonly Float32Array[]): void {
    const shapes = parameterShapes(this.config);
    if (weights.length !== shapes.length) {
      throw new Error(`expected ${shapes.length} weight arrays, got ${weights.length}`);
    }
    weights.forEach((w, i) => {
      const size = shapes[i]!.reduce((a, b) => a * b, 1);
      if (w.length !== size) throw new Error(`weight ${i}: ${w.length} values, need ${size}`);
    });
    this.kernel.write(this.block, weights);
    this.mirrored = -1;
  }

  private synced(): VelocityMlp {
    this.mirror ??= createMlp(this.config, this.seed);
    const now = this.version();
    if (this.mirrored !== now) {
      this.mirror.setWeights(this.kernel.read(this.block));
      this.mirrored = now;
    }
    return this.mirror;
  }

  /** Frees the tfjs copy (the kernel's memory belongs to the trainer). */
  dispose(): void {
    this.mirror?.dispose();
    this.mirror = null;
  }
}
