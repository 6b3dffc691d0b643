/**
 * The CFM trainer on the fused WASM kernel: the same batches (same RNG stream, built by
 * flow/paths.ts on the CPU), the same Adam/AdamW and weight average as model/trainer.ts, the
 * same divergence guard, checkpoints (interchangeable with the tfjs trainer's) and rollback;
 * but each step is one call into the kernel, with no tensors and no allocation.
 */
import { createRng, restoreRng } from '../../flow/rng';
import { makeScheduler } from '../../flow/schedulers';
import type { Points, Rng, Scheduler } from '../../flow/types';
import type { AdamState } from '../adam';
import { BatchSampler } from '../batch';
import { LossHistory } from '../lossHistory';
import { cfmLossByTime } from '../lossProfile';
import { initialWeights, parameterShapes } from '../mlp';
import { traceOf, type StepTrace } from '../stepTrace';
import {
  divergenceMessage,
  validateTrainerConfig,
  type TrainerCheckpoint,
  type TrainerConfig,
  type TrainerStats,
  type TrainerStatus,
} from '../trainerConfig';
import { FusedKernel } from './kernel';
import { FusedMlp } from './fusedMlp';

const BETA1 = Math.fround(0.9);
const BETA2 = Math.fround(0.999);

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

/** Same public surface as `Trainer`: see model/trainer.ts for what each member promises. */
export class FusedTrainer {
  readonly kernel: FusedKernel;
  readonly mlp: FusedMlp;
  private readonly averageMlp: FusedMlp;
  private config: TrainerConfig;
  private path: Scheduler;
  private target: Points;
  private rng: Rng;
  private readonly probeRng: Rng;
  private sampler: BatchSampler;
  private adam: AdamCounters = freshAdam();
  private pending: number[] = [];
  private readonly lastGood: { step: number; weights: Float32Array; ema: Float32Array };
  private steps = 0;
  private version = 0;
  private state: { status: TrainerStatus; message?: string } = { status: 'ok' };
  private disposed = false;
  /** Losses read so far, bounded (model/lossHistory.ts); rolled-back steps never enter. */
  private readonly history = new LossHistory();

  constructor(config: TrainerConfig, target: Points) {
    const problem = validateTrainerConfig(config, target);
    if (problem) throw new Error(problem);
    this.config = structuredClone(config);
    this.path = makeScheduler(config.scheduler, config.schedulerParams);
    this.target = Float32Array.from(target);
    this.rng = createRng(config.seed);
    this.probeRng = createRng(config.seed + 0x51ed);
    this.kernel = new FusedKernel(config.model, config.batch);
    const version = () => this.version;
    this.mlp = new FusedMlp(this.kernel, this.kernel.ptr.params, version, config.seed);
    this.averageMlp = new FusedMlp(this.kernel, this.kernel.ptr.ema, version, config.seed);
    this.kernel.write(this.kernel.ptr.params, initialWeights(config.model, config.seed));
    this.kernel.copy(this.kernel.ptr.params, this.kernel.ptr.ema);
    this.sampler = new BatchSampler(config.batch);
    this.lastGood = {
      step: 0,
      weights: new Float32Array(this.kernel.count),
      ema: new Float32Array(this.kernel.count),
    };
    this.snapshot();
  }

  /** A trainer that continues a checkpoint exactly, on the given target points. */
  static async fromCheckpoint(ckpt: TrainerCheckpoint, target: Points): Promise<FusedTrainer> {
    const trainer = new FusedTrainer(ckpt.config, target);
    await trainer.restore(ckpt);
    return trainer;
  }

  /** (step, loss) pairs read so far: binned means of old steps, then a full-resolution tail. */
  get lossHistory(): [number, number][] {
    return this.history.points();
  }

  get step(): number {
    return this.steps;
  }

  get sampleMlp(): FusedMlp {
    return this.emaOn ? this.averageMlp : this.mlp;
  }

  get settings(): Readonly<TrainerConfig> {
    return this.config;
  }

  get scheduler(): Scheduler {
    return this.path;
  }

  get status(): TrainerStatus {
    return this.state.status;
  }

  get statusMessage(): string | undefined {
    return this.state.message;
  }

  private get emaOn(): boolean {
    return (this.config.ema ?? 0) > 0;
  }

  /** Runs k optimisation steps, one kernel call each; losses are only looked at by readStats. */
  trainSteps(k = 1): void {
    if (this.disposed) throw new Error('this Trainer was disposed');
    const { lr, weightDecay: wd, optimizer = 'adamw', ema = 0 } = this.config;
    const l2 = wd > 0 && optimizer === 'adam' ? 1 : 0;
    const decayFactor = wd > 0 && optimizer === 'adamw' ? 1 - lr * wd : 1;
    const { exports, ptr } = this.kernel;
    for (let i = 0; i < k; i++) {
      const b = this.sampler.sample(this.path, this.target, this.config.coupling, this.rng);
      this.kernel.setBatch(b.xt, b.t, b.u);
      const a = this.adam;
      const kStep = this.steps + 1;
      const rate = ema > 0 ? 1 - Math.min(ema, (1 + kStep) / (10 + kStep)) : 0;
      const oneMinus1 = Math.fround(1 - a.acc1);
      const oneMinus2 = Math.fround(1 - a.acc2);
      this.pending.push(
        exports.trainStep(ptr.plan, lr, wd, l2, decayFactor, oneMinus1, oneMinus2, rate),
      );
      a.acc1 = Math.fround(a.acc1 * BETA1);
      a.acc2 = Math.fround(a.acc2 * BETA2);
      a.iterations++;
      a.moments = true;
      this.steps++;
      this.version++;
    }
  }

  async train(k: number): Promise<TrainerStats> {
    this.trainSteps(k);
    return this.readStats();
  }

  /** One ordinary step that also reports everything about itself (see Trainer.traceStep). */
  async traceStep(): Promise<{ trace: StepTrace; stats: TrainerStats }> {
    if (this.pending.length > 0) await this.readStats();
    const before = this.kernel.read(this.kernel.ptr.params);
    this.trainSteps(1);
    // The kernel's output rows still hold this step's forward pass: v with the old weights.
    const v = this.kernel.stepOutput();
    const stats = await this.readStats();
    const after = this.kernel.read(this.kernel.ptr.params);
    const { model, scheduler, coupling, lr } = this.config;
    const parts = {
      sampler: this.sampler,
      v,
      before,
      after,
      stats,
      shapes: parameterShapes(model),
      scheduler,
      coupling,
      lr,
    };
    return { trace: traceOf(parts), stats };
  }

  /** Reports the losses since the last read and guards against divergence, as Trainer does. */
  async readStats(): Promise<TrainerStats> {
    if (this.disposed) throw new Error('this Trainer was disposed');
    const values = this.pending;
    const count = values.length;
    values.push(this.kernel.exports.absSum(this.kernel.ptr.params, this.kernel.count));
    this.pending = [];
    const firstStep = this.steps - count + 1;
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      return this.rollBack(bad < count ? 'Loss' : 'A weight', values[bad]!, firstStep + bad);
    }
    let sum = 0;
    for (let i = 0; i < count; i++) {
      sum += values[i]!;
      this.history.push(firstStep + i, values[i]!);
    }
    this.snapshot();
    if (count > 0) this.state = { status: 'ok' };
    return { step: this.steps, loss: count > 0 ? sum / count : NaN, status: this.state.status };
  }

  private block(ptr: number): Float32Array {
    return this.kernel.f32.subarray(ptr / 4, ptr / 4 + this.kernel.count);
  }

  private snapshot(): void {
    this.lastGood.step = this.steps;
    this.lastGood.weights.set(this.block(this.kernel.ptr.params));
    this.lastGood.ema.set(this.block(this.kernel.ptr.ema));
  }

  private rollBack(what: 'Loss' | 'A weight', value: number, badStep: number): TrainerStats {
    const good = this.lastGood;
    this.block(this.kernel.ptr.params).set(good.weights);
    this.block(this.kernel.ptr.ema).set(good.ema);
    this.resetOptimizer();
    this.steps = good.step;
    this.version++;
    const message = divergenceMessage(what, value, badStep, this.config.lr, good.step, this.path);
    this.state = { status: 'diverged', message };
    return { step: this.steps, loss: NaN, status: 'diverged', message };
  }

  private resetOptimizer(iterations = 0): void {
    this.kernel.clear(this.kernel.ptr.m);
    this.kernel.clear(this.kernel.ptr.v);
    this.adam = freshAdam(iterations);
  }

  /** Weight average on (from the current weights), new decay, or off (0), from the next step. */
  setEma(decay: number): void {
    const problem = validateTrainerConfig({ ...this.config, ema: decay }, this.target);
    if (problem) throw new Error(problem);
    const had = this.emaOn;
    this.config.ema = decay;
    if (!had && this.emaOn) {
      this.kernel.copy(this.kernel.ptr.params, this.kernel.ptr.ema);
      this.lastGood.ema.set(this.lastGood.weights);
      this.version++;
    }
  }

  setLearningRate(lr: number): void {
    if (!(lr > 0 && Number.isFinite(lr))) throw new Error(`learning rate must be > 0, got ${lr}`);
    this.config.lr = lr;
  }

  setTarget(points: Points): void {
    const problem = validateTrainerConfig(this.config, points);
    if (problem) throw new Error(problem);
    this.target = Float32Array.from(points);
  }

  /** Plain JSON, in the tfjs trainer's format (either trainer restores the other's). */
  async checkpoint(): Promise<TrainerCheckpoint> {
    if (this.pending.length > 0) await this.readStats();
    const toArrays = (ptr: number) => this.kernel.read(ptr).map((w) => Array.from(w));
    const shapes = parameterShapes(this.config.model);
    const optimizer: AdamState = [{ name: 'iter', shape: [], data: [this.adam.iterations] }];
    if (this.adam.moments) {
      const moments = (ptr: number, tag: string) =>
        toArrays(ptr).map((data, i) => ({ name: `w${i}/${tag}`, shape: shapes[i]!, data }));
      optimizer.push(...moments(this.kernel.ptr.m, 'm'), ...moments(this.kernel.ptr.v, 'v'));
    }
    return {
      version: 1,
      config: structuredClone(this.config),
      step: this.steps,
      rngState: this.rng.state(),
      weights: toArrays(this.kernel.ptr.params),
      ...(this.emaOn ? { emaWeights: toArrays(this.kernel.ptr.ema) } : {}),
      optimizer,
      lossHistory: this.history.points(),
    };
  }

  /** Continues exactly from a checkpoint of a network with the same architecture. */
  async restore(ckpt: TrainerCheckpoint): Promise<void> {
    if (ckpt.version !== 1) throw new Error(`unsupported checkpoint version ${ckpt.version}`);
    const a = ckpt.config.model;
    const b = this.config.model;
    if (
      a.width !== b.width ||
      a.depth !== b.depth ||
      a.activation !== b.activation ||
      a.timeEncoding !== b.timeEncoding
    ) {
      throw new Error('the checkpoint has another architecture: use Trainer.fromCheckpoint');
    }
    const problem = validateTrainerConfig(ckpt.config, this.target);
    if (problem) throw new Error(`invalid checkpoint: ${problem}`);
    if (ckpt.config.batch !== this.kernel.batch) {
      throw new Error('the checkpoint has another batch size: use FusedTrainer.fromCheckpoint');
    }
    this.mlp.setWeights(ckpt.weights.map((w) => Float32Array.from(w)));
    const [iter, ...moments] = ckpt.optimizer;
    this.resetOptimizer(iter ? Number(iter.data[0]) : 0);
    if (moments.length > 0) {
      const half = moments.length / 2;
      this.kernel.write(
        this.kernel.ptr.m,
        moments.slice(0, half).map((m) => m.data),
      );
      this.kernel.write(
        this.kernel.ptr.v,
        moments.slice(half).map((v) => v.data),
      );
      this.adam.moments = true;
    }
    this.pending = [];
    this.config = structuredClone(ckpt.config);
    // Without a saved average (saved with EMA off) the average starts from the weights.
    this.kernel.copy(this.kernel.ptr.params, this.kernel.ptr.ema);
    if (this.emaOn && ckpt.emaWeights) {
      this.averageMlp.setWeights(ckpt.emaWeights.map((w) => Float32Array.from(w)));
    }
    this.path = makeScheduler(ckpt.config.scheduler, ckpt.config.schedulerParams);
    this.steps = ckpt.step;
    this.version++;
    this.rng = restoreRng(ckpt.rngState);
    this.history.load(ckpt.lossHistory);
    this.state = { status: 'ok' };
    this.snapshot();
  }

  /** Mean CFM loss per t-bin on fresh samples; training's stream is untouched. */
  lossByTime(bins: number, perBin = 64): Promise<Float32Array> {
    const { path, target, config, probeRng } = this;
    return cfmLossByTime(this.mlp, path, target, config.coupling, probeRng, bins, perBin);
  }

  /** Frees the tfjs copies of the networks (the kernel's memory goes with this object). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pending = [];
    this.mlp.dispose();
    this.averageMlp.dispose();
  }
}
