/**
 * The CFM trainer on the fused WASM kernel: the shared control logic of model/trainerCore.ts
 * (same batches from the same RNG stream, divergence guard, checkpoints interchangeable with
 * the tfjs trainer's, rollback) on a storage in the kernel's memory, where each step is one
 * call into the kernel, with no tensors and no allocation.
 */
import type { Points } from '../../flow/types';
import type { CfmBatch } from '../batch';
import { initialWeights } from '../mlp';
import { TrainerCore, type StepTracer } from '../trainerCore';
import type { TrainerCheckpoint, TrainerConfig } from '../trainerConfig';
import { FlatStorage, type FlatBlock, type StepScalars } from './flatStorage';
import { FusedKernel } from './kernel';
import { FusedMlp } from './fusedMlp';

/** Parameters, moments and average in the kernel's memory; the last good copy in JS. */
class WasmStorage extends FlatStorage {
  readonly kernel: FusedKernel;
  readonly mlp: FusedMlp;
  protected readonly averageMlp: FusedMlp;
  private pending: number[] = [];
  private readonly good: Record<'goodParams' | 'goodAvg', Float32Array>;
  /** The kernel's output rows still hold the last step's forward pass: v with the old weights. */
  readonly tracer: StepTracer = {
    weights: async () => this.kernel.read(this.kernel.ptr.params),
    begin: () => undefined,
    finish: async () => this.kernel.stepOutput(),
  };

  constructor(config: TrainerConfig) {
    super(config, config.batch);
    this.kernel = new FusedKernel(config.model, config.batch);
    const version = () => this.version;
    this.mlp = new FusedMlp(this.kernel, this.kernel.ptr.params, version, config.seed);
    this.averageMlp = new FusedMlp(this.kernel, this.kernel.ptr.ema, version, config.seed);
    const count = this.kernel.count;
    this.good = { goodParams: new Float32Array(count), goodAvg: new Float32Array(count) };
    this.init(initialWeights(config.model, config.seed));
  }

  private ptr(block: Exclude<FlatBlock, 'goodParams' | 'goodAvg'>): number {
    return this.kernel.ptr[block === 'avg' ? 'ema' : block];
  }

  /** The block's floats in the kernel's memory (a view), or the JS copy of a good block. */
  private floats(block: FlatBlock): Float32Array {
    if (block === 'goodParams' || block === 'goodAvg') return this.good[block];
    const at = this.ptr(block) / 4;
    return this.kernel.f32.subarray(at, at + this.kernel.count);
  }

  protected writeBlock(block: FlatBlock, tensors: readonly ArrayLike<number>[]): void {
    if (block === 'goodParams' || block === 'goodAvg') throw new Error(`cannot write ${block}`);
    this.kernel.write(this.ptr(block), tensors);
  }

  protected async readBlock(block: FlatBlock): Promise<Float32Array[]> {
    if (block === 'goodParams' || block === 'goodAvg') throw new Error(`cannot read ${block}`);
    return this.kernel.read(this.ptr(block));
  }

  protected copyBlock(from: FlatBlock, to: FlatBlock): void {
    this.floats(to).set(this.floats(from));
  }

  protected clearBlock(block: 'm' | 'v'): void {
    this.kernel.clear(this.ptr(block));
  }

  protected runStep(b: CfmBatch, s: StepScalars): void {
    const { exports, ptr } = this.kernel;
    this.kernel.setBatch(b.xt, b.t, b.u, b.labels);
    const l2 = s.l2 ? 1 : 0;
    const { lr, wd, decayFactor: decay, oneMinusAcc1: bc1, oneMinusAcc2: bc2, emaRate } = s;
    this.pending.push(exports.trainStep(ptr.plan, lr, wd, l2, decay, bc1, bc2, emaRate));
  }

  async readLosses(): Promise<ArrayLike<number>> {
    const values = this.pending;
    values.push(this.kernel.exports.absSum(this.kernel.ptr.params, this.kernel.count));
    this.pending = [];
    return values;
  }

  dropLosses(): void {
    this.pending = [];
  }

  /** Frees the tfjs copies of the networks (the kernel's memory goes with this object). */
  dispose(): void {
    this.mlp.dispose();
    this.averageMlp.dispose();
  }
}

/** Same public surface as `Trainer`: see model/trainerCore.ts for what each member promises. */
export class FusedTrainer extends TrainerCore<WasmStorage> {
  /**
   * With `source`, trains on the fixed pairs (source_j, target_j) (reflow); `labels`: one
   * class per target point, for a conditional network.
   */
  constructor(config: TrainerConfig, target: Points, source?: Points, labels?: Uint8Array) {
    super(config, target, (c) => new WasmStorage(c), source, labels);
  }

  /** A trainer that continues a checkpoint exactly, on the given target points. */
  static async fromCheckpoint(
    ckpt: TrainerCheckpoint,
    target: Points,
    source?: Points,
    labels?: Uint8Array,
  ): Promise<FusedTrainer> {
    const trainer = new FusedTrainer(ckpt.config, target, source, labels);
    await trainer.restore(ckpt);
    return trainer;
  }

  get kernel(): FusedKernel {
    return this.storage.kernel;
  }

  get mlp(): FusedMlp {
    return this.storage.mlp;
  }
}
