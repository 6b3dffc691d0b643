/**
 * The stepping side of every trainer (the core's base, see trainerCore.ts): the settings and
 * their validation, the batches (one seeded RNG stream and a separate one for diagnostics),
 * the step count and the pending losses, a step in slow motion, the live switches (weight
 * average, learning rate, target) and the loss profile. Reading the losses, with its
 * divergence guard, and checkpoints are the core's.
 */
import { createRng } from '../flow/rng';
import { makeScheduler } from '../flow/schedulers';
import type { Points, Rng, Scheduler } from '../flow/types';
import { BatchSampler, type BatchOptions } from './batch';
import { LossHistory } from './lossHistory';
import { cfmLossByTime } from './lossProfile';
import { parameterShapes } from './mlp';
import { traceOf, type StepTrace } from './stepTrace';
import type { TrainerStorage } from './trainerStorage';
import {
  validateSource,
  validateTargetLabels,
  validateTrainerConfig,
  type TrainerConfig,
  type TrainerStats,
  type TrainerStatus,
} from './trainerConfig';

/** Steps a velocity MLP held by storage S on a target point set; `TrainerCore` completes it. */
export abstract class SteppingCore<S extends TrainerStorage> {
  protected readonly storage: S;
  protected config: TrainerConfig;
  protected path: Scheduler;
  protected target: Points;
  protected rng: Rng;
  /** A separate stream for diagnostics, so looking never changes the training run. */
  private readonly probeRng: Rng;
  protected sampler: BatchSampler;
  /** Fixed sources paired one-to-one with the target (reflow), else undefined. */
  protected readonly source: Points | undefined;
  /** One class per target point (a conditional network), else undefined. */
  protected labels: Uint8Array | undefined;
  protected pending = 0;
  protected steps = 0;
  protected state: { status: TrainerStatus; message?: string } = { status: 'ok' };
  protected disposed = false;
  /** Losses read so far, bounded (model/lossHistory.ts); rolled-back steps never enter. */
  protected readonly history = new LossHistory();

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
      classes: model.classes,
    };
    return { trace: traceOf(parts), stats };
  }

  /** Reads the losses since the last read (one readback) and guards against divergence. */
  abstract readStats(): Promise<TrainerStats>;

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

  /** The batch sampler for a config: σ around the path, the fixed pairs, the labels, if any. */
  protected makeSampler(config: TrainerConfig): BatchSampler {
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
