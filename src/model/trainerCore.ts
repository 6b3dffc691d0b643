/**
 * What every trainer does the same way, whatever holds its numbers: the batches (one seeded
 * RNG stream), the step count, the pending losses read in one go by `readStats`, the
 * divergence guard and rollback to the last good read, checkpoints and resume, the loss
 * history, the weight-average and learning-rate switches. A `TrainerStorage` holds the
 * network, Adam's state and the weight average (tfjs tensors, WASM memory or GPU buffers) and
 * takes one optimisation step; model/trainer.ts, fused/fusedTrainer.ts and
 * fused/gpuTrainer.ts are each a storage plus this core.
 */
import { createRng, restoreRng } from '../flow/rng';
import { makeScheduler } from '../flow/schedulers';
import type { Points, Rng, Scheduler } from '../flow/types';
import { BatchSampler, type BatchOptions, type CfmBatch } from './batch';
import { LossHistory } from './lossHistory';
import { cfmLossByTime } from './lossProfile';
import { parameterShapes, type MlpConfig, type VelocityMlp } from './mlp';
import { traceOf, type StepTrace } from './stepTrace';
import {
  divergenceMessage,
  validateSource,
  validateTargetLabels,
  validateTrainerConfig,
  type TrainerCheckpoint,
  type TrainerConfig,
  type TrainerStats,
  type TrainerStatus,
} from './trainerConfig';

/** The network, Adam's state, the weight average and the last good copy of them. */
export interface TrainerStorage {
  /** The network being trained (its latest weights). */
  readonly mlp: VelocityMlp;
  /** The weight average when the config's `ema` is on, else `mlp`. */
  readonly sampleMlp: VelocityMlp;
  /** One Adam(W) step (k-th, 1-based) on batch b and the average's update; no readback. */
  step(b: CfmBatch, k: number, config: Readonly<TrainerConfig>): void;
  /** The losses of the steps since the last read, in order, then Σ|w|: one readback. */
  readLosses(): Promise<ArrayLike<number>>;
  /** Forgets unread losses. */
  dropLosses(): void;
  /** Keeps the current weights and average as the last good ones. */
  keepGood(): void;
  /** Back to the last good weights and average, with a fresh optimizer at rate lr. */
  restoreGood(lr: number): void;
  /** Average on (started from the current weights), new decay, or off (0). */
  setEma(decay: number): void;
  /** New learning rate from the next step on, Adam's moments kept. */
  setLearningRate(lr: number): void;
  /** Weights, optimizer state and (when on) the average, as a checkpoint holds them. */
  save(): Promise<Pick<TrainerCheckpoint, 'weights' | 'emaWeights' | 'optimizer'>>;
  /** Loads a checkpoint's weights, optimizer and average; throws before changing anything. */
  load(ckpt: TrainerCheckpoint): Promise<void>;
  /** Brings any host-side copy that `mlp.predict` uses up to date (GPU storage). */
  sync?(): Promise<void>;
  /** What a step in slow motion needs (`TrainerCore.traceStep`); absent where it cannot. */
  readonly tracer?: StepTracer;
  dispose(): void;
}

/** A storage's side of `traceStep`: its weights, and the prediction v of the step it takes. */
export interface StepTracer {
  /** The current weights [W1, b1, W2, …] as plain arrays (a readback). */
  weights(): Promise<Float32Array[]>;
  /** The next step keeps its forward pass v (with the weights before the update). */
  begin(): void;
  /** That v, interleaved [x, y, …]; ends the tracing (also call it when the step threw). */
  finish(): Promise<Float32Array>;
}

const sameArchitecture = (a: MlpConfig, b: MlpConfig) =>
  a.width === b.width &&
  a.depth === b.depth &&
  a.activation === b.activation &&
  a.timeEncoding === b.timeEncoding &&
  (a.classes ?? 0) === (b.classes ?? 0);

/**
 * Trains a velocity MLP on a target point set. Usage: `trainSteps(k)` (no readback) then
 * `await readStats()`, or `await train(k)`; `checkpoint()`/`restore()` to resume.
 */
export class TrainerCore<S extends TrainerStorage> {
  protected readonly storage: S;
  private config: TrainerConfig;
  private path: Scheduler;
  private target: Points;
  private rng: Rng;
  /** A separate stream for diagnostics, so looking never changes the training run. */
  private readonly probeRng: Rng;
  private sampler: BatchSampler;
  /** Fixed sources paired one-to-one with the target (reflow), else undefined. */
  private readonly source: Points | undefined;
  /** One class per target point (a conditional network), else undefined. */
  private labels: Uint8Array | undefined;
  private pending = 0;
  private goodStep = 0;
  private steps = 0;
  private state: { status: TrainerStatus; message?: string } = { status: 'ok' };
  private disposed = false;
  /** Losses read so far, bounded (model/lossHistory.ts); rolled-back steps never enter. */
  private readonly history = new LossHistory();

  /** Validates the settings (throws with the reason), then builds the storage. */
  constructor(
    config: TrainerConfig,
    target: Points,
    makeStorage: (config: TrainerConfig) => S,
    source?: Points,
    labels?: Uint8Array,
  ) {
    const problem =
      validateTrainerConfig(config, target) ??
      validateSource(config, target, source) ??
      validateTargetLabels(config, target, labels);
    if (problem) throw new Error(problem);
    this.source = source ? Float32Array.from(source) : undefined;
    this.labels = labels && config.model.classes ? Uint8Array.from(labels) : undefined;
    this.config = structuredClone(config);
    this.path = makeScheduler(config.scheduler, config.schedulerParams);
    this.target = Float32Array.from(target);
    this.rng = createRng(config.seed);
    this.probeRng = createRng(config.seed + 0x51ed);
    this.sampler = this.makeSampler(config);
    this.storage = makeStorage(this.config);
    this.storage.keepGood();
  }

  get step(): number {
    return this.steps;
  }

  /** (step, loss) pairs read so far: binned means of old steps, then a full-resolution tail. */
  get lossHistory(): [number, number][] {
    return this.history.points();
  }

  /** The network to sample from: the weight average when `config.ema` is on, else `mlp`. */
  get sampleMlp(): S['sampleMlp'] {
    return this.storage.sampleMlp;
  }

  get settings(): Readonly<TrainerConfig> {
    return this.config;
  }

  /** The probability path being trained (α, σ, their derivatives, the safe t range). */
  get scheduler(): Scheduler {
    return this.path;
  }

  /** 'diverged' after a read that rolled back, until the next good read. */
  get status(): TrainerStatus {
    return this.state.status;
  }

  get statusMessage(): string | undefined {
    return this.state.message;
  }

  /** Runs k optimisation steps; no readback (call `readStats` every so often). */
  trainSteps(k = 1): void {
    if (this.disposed) throw new Error('this Trainer was disposed');
    for (let i = 0; i < k; i++) {
      const b = this.sampler.sample(this.path, this.target, this.config.coupling, this.rng);
      this.storage.step(b, this.steps + 1, this.config);
      this.pending++;
      this.steps++;
    }
  }

  /** k steps then one read: the worker's unit of work. */
  async train(k: number): Promise<TrainerStats> {
    this.trainSteps(k);
    return this.readStats();
  }

  /**
   * One ordinary training step (same batch stream, same update, counted like any other) that
   * also reports everything about itself: batch, pairing, t, xt, u, v, errors, loss, update.
   * A few readbacks: meant for a paused trainer, once in a while.
   */
  async traceStep(): Promise<{ trace: StepTrace; stats: TrainerStats }> {
    const tracer = this.storage.tracer;
    if (!tracer) throw new Error('this engine cannot show a step in slow motion');
    if (this.pending > 0) await this.readStats();
    const before = await tracer.weights();
    tracer.begin();
    try {
      this.trainSteps(1);
    } catch (e) {
      await tracer.finish().catch(() => undefined);
      throw e;
    }
    const v = await tracer.finish();
    const stats = await this.readStats();
    const after = await tracer.weights();
    const { model, scheduler, coupling, lr } = this.config;
    const shapes = parameterShapes(model);
    const parts = {
      sampler: this.sampler,
      v,
      before,
      after,
      stats,
      shapes,
      scheduler,
      coupling,
      lr,
    };
    return { trace: traceOf(parts), stats };
  }

  /** Reads the losses since the last read (one readback) and guards against divergence. */
  async readStats(): Promise<TrainerStats> {
    if (this.disposed) throw new Error('this Trainer was disposed');
    const count = this.pending;
    this.pending = 0;
    const values = await this.storage.readLosses();
    const firstStep = this.steps - count + 1;
    let bad = -1;
    for (let i = 0; i <= count && bad < 0; i++) if (!Number.isFinite(values[i]!)) bad = i;
    if (bad >= 0) {
      return this.rollBack(bad < count ? 'Loss' : 'A weight', values[bad]!, firstStep + bad);
    }
    let sum = 0;
    for (let i = 0; i < count; i++) {
      sum += values[i]!;
      this.history.push(firstStep + i, values[i]!);
    }
    this.storage.keepGood();
    this.goodStep = this.steps;
    if (count > 0) this.state = { status: 'ok' };
    return { step: this.steps, loss: count > 0 ? sum / count : NaN, status: this.state.status };
  }

  private rollBack(what: 'Loss' | 'A weight', value: number, badStep: number): TrainerStats {
    this.storage.restoreGood(this.config.lr);
    this.steps = this.goodStep;
    const message = divergenceMessage(what, value, badStep, this.config.lr, this.steps, this.path);
    this.state = { status: 'diverged', message };
    return { step: this.steps, loss: NaN, status: 'diverged', message };
  }

  /**
   * Turns the weight average on (started from the current weights), changes its decay, or
   * turns it off (decay 0), from the next step on; training itself is unchanged.
   */
  setEma(decay: number): void {
    const problem = validateTrainerConfig({ ...this.config, ema: decay }, this.target);
    if (problem) throw new Error(problem);
    this.config.ema = decay;
    this.storage.setEma(decay);
  }

  /** Changes the learning rate from the next step on, keeping Adam's moments. */
  setLearningRate(lr: number): void {
    if (!(lr > 0 && Number.isFinite(lr))) throw new Error(`learning rate must be > 0, got ${lr}`);
    this.config.lr = lr;
    this.storage.setLearningRate(lr);
  }

  /**
   * Trains toward new target points (and, for a conditional network, their labels) from here
   * on; the network and optimizer are kept.
   */
  setTarget(points: Points, labels?: Uint8Array): void {
    const problem =
      validateTrainerConfig(this.config, points) ??
      validateSource(this.config, points, this.source) ??
      validateTargetLabels(this.config, points, labels);
    if (problem) throw new Error(problem);
    this.target = Float32Array.from(points);
    if (this.config.model.classes) {
      this.labels = Uint8Array.from(labels!);
      this.sampler = this.makeSampler(this.config);
    }
  }

  /** A plain-JSON snapshot to resume from (the target points are not included). */
  async checkpoint(): Promise<TrainerCheckpoint> {
    if (this.pending > 0) await this.readStats();
    const { weights, emaWeights, optimizer } = await this.storage.save();
    return {
      version: 1,
      config: structuredClone(this.config),
      step: this.steps,
      rngState: this.rng.state(),
      weights,
      ...(emaWeights ? { emaWeights } : {}),
      optimizer,
      lossHistory: this.history.points(),
    };
  }

  /** Continues exactly from a checkpoint of a network with the same architecture. */
  async restore(ckpt: TrainerCheckpoint): Promise<void> {
    if (ckpt.version !== 1) throw new Error(`unsupported checkpoint version ${ckpt.version}`);
    if (!sameArchitecture(ckpt.config.model, this.config.model)) {
      throw new Error('the checkpoint has another architecture: use Trainer.fromCheckpoint');
    }
    const problem =
      validateTrainerConfig(ckpt.config, this.target) ??
      validateSource(ckpt.config, this.target, this.source) ??
      validateTargetLabels(ckpt.config, this.target, this.labels);
    if (problem) throw new Error(`invalid checkpoint: ${problem}`);
    await this.storage.load(ckpt);
    this.storage.dropLosses();
    this.pending = 0;
    this.config = structuredClone(ckpt.config);
    this.path = makeScheduler(ckpt.config.scheduler, ckpt.config.schedulerParams);
    this.sampler = this.makeSampler(ckpt.config);
    this.steps = ckpt.step;
    this.rng = restoreRng(ckpt.rngState);
    this.history.load(ckpt.lossHistory);
    this.state = { status: 'ok' };
    this.storage.keepGood();
    this.goodStep = this.steps;
  }

  /** The batch sampler for a config: σ around the path, the fixed pairs, the labels, if any. */
  private makeSampler(config: TrainerConfig): BatchSampler {
    return new BatchSampler(config.batch, this.batchOptions(config));
  }

  private batchOptions(config: TrainerConfig): BatchOptions {
    const { pathSigma, labelDrop } = config;
    const labels = this.labels;
    return { pathSigma, source: this.source, ...(labels ? { labels, labelDrop } : {}) };
  }

  /** Mean CFM loss per t-bin on fresh samples (`cfmLossByTime`); training's stream is untouched. */
  async lossByTime(bins: number, perBin = 64): Promise<Float32Array> {
    await this.storage.sync?.();
    const { path, target, config, probeRng } = this;
    const sampling = this.batchOptions(config);
    const mlp = this.storage.mlp;
    return cfmLossByTime(mlp, path, target, config.coupling, probeRng, bins, perBin, sampling);
  }

  /** Frees the network, the optimizer's state, the last good copy and unread losses. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pending = 0;
    this.storage.dropLosses();
    this.storage.dispose();
  }
}
