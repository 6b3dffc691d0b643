/**
 * The CFM trainer on WebGPU: the shared control logic of model/trainerCore.ts (same batches
 * from the same RNG stream, divergence guard, checkpoints interchangeable with the other
 * trainers', rollback) on a storage in one GPU buffer: weights, Adam's moments, the weight
 * average and the last good copies. A step is two dispatches (fused/gpuStep.ts) and no
 * readback; losses come back only when stats are read, all at once. Sampling runs on the
 * device, one dispatch per ODE step (fused/gpuForward.ts). The device is the one
 * tfjs-backend-webgpu holds, unless another is given.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Points } from '../../flow/types';
import type { CfmBatch } from '../batch';
import { initialWeights } from '../mlp';
import { TrainerCore } from '../trainerCore';
import type { TrainerCheckpoint, TrainerConfig } from '../trainerConfig';
import { FlatStorage, type FlatBlock, type StepScalars } from './flatStorage';
import { GpuForward } from './gpuForward';
import { GpuMlp } from './gpuMlp';
import { GpuFusedStep } from './gpuStep';

/** The GPUDevice of tfjs's WebGPU backend; throws when tfjs runs on another backend. */
export function tfjsDevice(): GPUDevice {
  const device = (tf.backend() as unknown as { device?: GPUDevice }).device;
  if (tf.getBackend() !== 'webgpu' || !device) {
    throw new Error(`the fused WebGPU trainer needs tfjs on WebGPU, not ${tf.getBackend()}`);
  }
  return device;
}

class GpuStorage extends FlatStorage {
  readonly gpu: GpuFusedStep;
  readonly mlp: GpuMlp;
  protected readonly averageMlp: GpuMlp;

  constructor(config: TrainerConfig, device: GPUDevice) {
    super(config, config.batch);
    this.gpu = new GpuFusedStep(device, config.model, config.batch);
    const forward = new GpuForward(device, config.model, this.gpu.state);
    const version = () => this.version;
    this.mlp = new GpuMlp(this.gpu, forward, 'params', version, config.seed);
    this.averageMlp = new GpuMlp(this.gpu, forward, 'avg', version, config.seed);
    this.init(initialWeights(config.model, config.seed));
  }

  protected writeBlock(block: FlatBlock, tensors: readonly ArrayLike<number>[]): void {
    this.gpu.write(block, tensors);
  }

  protected readBlock(block: FlatBlock): Promise<Float32Array[]> {
    return this.gpu.read(block);
  }

  protected copyBlock(from: FlatBlock, to: FlatBlock): void {
    this.gpu.copy(from, to);
  }

  protected clearBlock(block: 'm' | 'v'): void {
    this.gpu.clear(block);
  }

  protected runStep(b: CfmBatch, s: StepScalars): void {
    this.gpu.step(b.xt, b.t, b.u, s, b.labels);
  }

  readLosses(): Promise<ArrayLike<number>> {
    return this.gpu.takeLosses();
  }

  dropLosses(): void {
    this.gpu.dropLosses();
  }

  async sync(): Promise<void> {
    await this.mlp.sync();
  }

  dispose(): void {
    this.mlp.dispose();
    this.averageMlp.dispose();
    this.gpu.dispose();
  }
}

/** Same public surface as `Trainer`: see model/trainerCore.ts for what each member promises. */
export class GpuFusedTrainer extends TrainerCore<GpuStorage> {
  constructor(
    config: TrainerConfig,
    target: Points,
    device: GPUDevice = tfjsDevice(),
    source?: Points,
    labels?: Uint8Array,
  ) {
    super(config, target, (c) => new GpuStorage(c, device), source, labels);
  }

  /** A trainer that continues a checkpoint exactly, on the given target points (and labels). */
  static async fromCheckpoint(
    ckpt: TrainerCheckpoint,
    target: Points,
    device?: GPUDevice,
    labels?: Uint8Array,
  ): Promise<GpuFusedTrainer> {
    const trainer = new GpuFusedTrainer(ckpt.config, target, device, undefined, labels);
    await trainer.restore(ckpt);
    return trainer;
  }

  /** The step kernel and its buffers (tests count its dispatches). */
  get gpu(): GpuFusedStep {
    return this.storage.gpu;
  }

  get mlp(): GpuMlp {
    return this.storage.mlp;
  }
}
