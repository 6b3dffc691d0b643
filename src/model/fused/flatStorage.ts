/**
 * What the fused trainers' storages share: the parameters, Adam's moments and the weight
 * average as flat blocks (WASM memory or a GPU buffer), Adam's bookkeeping done as tfjs does
 * it (so checkpoints are interchangeable with the tfjs trainer's, bit for bit on resume), the
 * step's scalars, and the checkpoint format of the moments. A subclass says how to copy,
 * read and write a block and how to run the kernel.
 */
import type { AdamState } from '../adam';
import type { CfmBatch } from '../batch';
import { parameterShapes, type VelocityMlp } from '../mlp';
import type { TrainerStorage } from '../trainerCore';
import type { TrainerCheckpoint, TrainerConfig } from '../trainerConfig';

const BETA1 = Math.fround(0.9);
const BETA2 = Math.fround(0.999);

/** The parameter-sized blocks: weights, moments, average, and the last good copies. */
export type FlatBlock = 'params' | 'm' | 'v' | 'avg' | 'goodParams' | 'goodAvg';

/** Step-dependent scalars of one fused step, computed as the WASM kernel expects them. */
export interface StepScalars {
  lr: number;
  wd: number;
  l2: boolean;
  decayFactor: number;
  oneMinusAcc1: number;
  oneMinusAcc2: number;
  emaRate: number;
}

/** Adam's bookkeeping as tfjs keeps it: accumulated βᵏ in float32, the step count. */
interface AdamCounters {
  iterations: number;
  acc1: number;
  acc2: number;
  /** False until the first step after a (re)start: tfjs creates the moments lazily. */
  moments: boolean;
}

/**
 * Counters after `iterations` steps, βᵏ⁺¹ multiplied up in float32 exactly as the steps did,
 * so a resumed run takes bit for bit the steps the original would have taken.
 */
function freshAdam(iterations = 0): AdamCounters {
  let [acc1, acc2] = [BETA1, BETA2];
  for (let i = 0; i < iterations; i++) {
    acc1 = Math.fround(acc1 * BETA1);
    acc2 = Math.fround(acc2 * BETA2);
  }
  return { iterations, acc1, acc2, moments: false };
}

/** The step's scalars for step k (1-based) with Adam at `a` (shared by WASM and WebGPU). */
export function stepScalars(config: Readonly<TrainerConfig>, k: number, a: AdamCounters) {
  const { lr, weightDecay: wd, optimizer = 'adamw', ema = 0 } = config;
  return {
    lr,
    wd,
    l2: wd > 0 && optimizer === 'adam',
    decayFactor: wd > 0 && optimizer === 'adamw' ? 1 - lr * wd : 1,
    oneMinusAcc1: Math.fround(1 - a.acc1),
    oneMinusAcc2: Math.fround(1 - a.acc2),
    emaRate: ema > 0 ? 1 - Math.min(ema, (1 + k) / (10 + k)) : 0,
  } satisfies StepScalars;
}

export abstract class FlatStorage implements TrainerStorage {
  abstract readonly mlp: VelocityMlp;
  protected abstract readonly averageMlp: VelocityMlp;
  private adam: AdamCounters = freshAdam();
  private ema: number;
  /** Bumped after every change to the weights or the average (the tfjs mirrors' clock). */
  protected version = 0;

  constructor(
    protected readonly config: TrainerConfig,
    /** The batch size the kernel was laid out for. */
    readonly batch: number,
  ) {
    this.ema = config.ema ?? 0;
  }

  /** Writes the first weights (seeded) and the average; call once the blocks exist. */
  protected init(weights: readonly Float32Array[]): void {
    this.writeBlock('params', weights);
    this.copyBlock('params', 'avg');
  }

  protected abstract writeBlock(block: FlatBlock, tensors: readonly ArrayLike<number>[]): void;
  protected abstract readBlock(block: FlatBlock): Promise<Float32Array[]>;
  protected abstract copyBlock(from: FlatBlock, to: FlatBlock): void;
  protected abstract clearBlock(block: 'm' | 'v'): void;
  /** One kernel step on batch b; its loss stays where the kernel keeps it. */
  protected abstract runStep(b: CfmBatch, s: StepScalars): void;
  abstract readLosses(): Promise<ArrayLike<number>>;
  abstract dropLosses(): void;
  abstract dispose(): void;

  get sampleMlp(): VelocityMlp {
    return this.ema > 0 ? this.averageMlp : this.mlp;
  }

  step(b: CfmBatch, k: number, config: Readonly<TrainerConfig>): void {
    const a = this.adam;
    this.runStep(b, stepScalars(config, k, a));
    a.acc1 = Math.fround(a.acc1 * BETA1);
    a.acc2 = Math.fround(a.acc2 * BETA2);
    a.iterations++;
    a.moments = true;
    this.version++;
  }

  keepGood(): void {
    this.copyBlock('params', 'goodParams');
    this.copyBlock('avg', 'goodAvg');
  }

  restoreGood(): void {
    this.copyBlock('goodParams', 'params');
    this.copyBlock('goodAvg', 'avg');
    this.resetOptimizer();
    this.version++;
  }

  private resetOptimizer(iterations = 0): void {
    this.clearBlock('m');
    this.clearBlock('v');
    this.adam = freshAdam(iterations);
  }

  setEma(decay: number): void {
    const had = this.ema > 0;
    this.ema = decay;
    if (!had && decay > 0) {
      this.copyBlock('params', 'avg');
      this.copyBlock('goodParams', 'goodAvg');
      this.version++;
    }
  }

  setLearningRate(): void {
    // The rate is a scalar of each step (stepScalars): nothing is kept.
  }

  async save(): Promise<Pick<TrainerCheckpoint, 'weights' | 'emaWeights' | 'optimizer'>> {
    const toArrays = async (b: FlatBlock) => (await this.readBlock(b)).map((w) => Array.from(w));
    const shapes = parameterShapes(this.config.model);
    const optimizer: AdamState = [{ name: 'iter', shape: [], data: [this.adam.iterations] }];
    if (this.adam.moments) {
      const moments = async (b: 'm' | 'v') =>
        (await toArrays(b)).map((data, i) => ({ name: `w${i}/${b}`, shape: shapes[i]!, data }));
      optimizer.push(...(await moments('m')), ...(await moments('v')));
    }
    const weights = await toArrays('params');
    return { weights, optimizer, ...(this.ema > 0 ? { emaWeights: await toArrays('avg') } : {}) };
  }

  async load(ckpt: TrainerCheckpoint): Promise<void> {
    if (ckpt.config.batch !== this.batch) {
      throw new Error('the checkpoint has another batch size: use FusedTrainer.fromCheckpoint');
    }
    const shapes = parameterShapes(this.config.model);
    const check = (weights: readonly ArrayLike<number>[]) => {
      if (weights.length !== shapes.length) {
        throw new Error(`expected ${shapes.length} weight arrays, got ${weights.length}`);
      }
      weights.forEach((w, i) => {
        const size = shapes[i]!.reduce((a, b) => a * b, 1);
        if (w.length !== size) throw new Error(`weight ${i}: ${w.length} values, need ${size}`);
      });
    };
    check(ckpt.weights);
    if (ckpt.emaWeights) check(ckpt.emaWeights);
    this.writeBlock('params', ckpt.weights);
    const [iter, ...moments] = ckpt.optimizer;
    this.resetOptimizer(iter ? Number(iter.data[0]) : 0);
    if (moments.length > 0) {
      const half = moments.length / 2;
      this.writeBlock(
        'm',
        moments.slice(0, half).map((m) => m.data),
      );
      this.writeBlock(
        'v',
        moments.slice(half).map((v) => v.data),
      );
      this.adam.moments = true;
    }
    this.ema = ckpt.config.ema ?? 0;
    // Without a saved average (saved with EMA off) the average starts from the weights.
    this.copyBlock('params', 'avg');
    if (this.ema > 0 && ckpt.emaWeights) this.writeBlock('avg', ckpt.emaWeights);
    this.version++;
  }
}
