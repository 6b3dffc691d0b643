/**
 * Conditional Flow Matching training (MATH.md §1):
 *   L(θ) = E_{t, x0, x1} ‖v_θ(xt, t) − (α̇_t x1 + σ̇_t x0)‖²,  xt = α_t x1 + σ_t x0.
 * Every step runs in one synchronous tf.tidy; losses stay on the device and are read in one
 * go by `readStats()`, which is also where divergence is caught and rolled back.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core ships gradients separately; training needs them registered.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { createRng, restoreRng } from '../flow/rng';
import { makeScheduler } from '../flow/schedulers';
import type { Points, Rng, Scheduler } from '../flow/types';
import { createAdam, readAdamState, setAdamLearningRate, writeAdamState } from './adam';
import { BatchSampler, type CfmBatch } from './batch';
import { LossHistory } from './lossHistory';
import { cfmLossByTime } from './lossProfile';
import { createMlp, parameterShapes, type MlpConfig, type VelocityMlp } from './mlp';
import { traceOf, type StepTrace } from './stepTrace';
import { WeightAverage } from './weightAverage';
import {
  divergenceMessage,
  validateTrainerConfig,
  type TrainerCheckpoint,
  type TrainerConfig,
  type TrainerStats,
  type TrainerStatus,
} from './trainerConfig';

export * from './trainerConfig';

const sameArchitecture = (a: MlpConfig, b: MlpConfig) =>
  a.width === b.width &&
  a.depth === b.depth &&
  a.activation === b.activation &&
  a.timeEncoding === b.timeEncoding;

/**
 * Trains a velocity MLP on a target point set. Usage: `trainSteps(k)` (no readback) then
 * `await readStats()`, or `await train(k)`; `checkpoint()`/`restore()` to resume.
 */
export class Trainer {
  /** The network being trained (its latest weights). */
  readonly mlp: VelocityMlp;
  /** The moving average of `mlp`'s weights when `config.ema` is on. */
  private average: WeightAverage | null = null;
  private config: TrainerConfig;
  private path: Scheduler;
  private target: Points;
  private rng: Rng;
  /** A separate stream for diagnostics, so looking never changes the training run. */
  private readonly probeRng: Rng;
  private optimizer: tf.AdamOptimizer;
  private sampler: BatchSampler;
  private pending: tf.Scalar[] = [];
  private lastGood: { step: number; weights: tf.Tensor[]; ema: tf.Tensor[] };
  private steps = 0;
  private state: { status: TrainerStatus; message?: string } = { status: 'ok' };
  private disposed = false;
  /** Losses read so far, bounded (model/lossHistory.ts); rolled-back steps never enter. */
  private readonly history = new LossHistory();
  /** Set by `traceStep`: the step keeps its prediction v here. */
  private tracing: { v: tf.Tensor | null } | null = null;

  /** Builds the network (seeded) and the optimizer; throws on invalid settings. */
  constructor(config: TrainerConfig, target: Points) {
    const problem = validateTrainerConfig(config, target);
    if (problem) throw new Error(problem);
    this.config = structuredClone(config);
    this.path = makeScheduler(config.scheduler, config.schedulerParams);
    this.target = Float32Array.from(target);
    this.rng = createRng(config.seed);
    this.probeRng = createRng(config.seed + 0x51ed);
    this.mlp = createMlp(config.model, config.seed);
    this.optimizer = createAdam(config.lr);
    this.sampler = new BatchSampler(config.batch);
    this.setEmaNetwork(config.ema ?? 0);
    this.lastGood = { step: 0, weights: [], ema: [] };
    this.snapshot();
  }

  /** A trainer that continues a checkpoint exactly, on the given target points. */
  static async fromCheckpoint(ckpt: TrainerCheckpoint, target: Points): Promise<Trainer> {
    const trainer = new Trainer(ckpt.config, target);
    await trainer.restore(ckpt);
    return trainer;
  }

  get step(): number {
    return this.steps;
  }

  /** (step, loss) pairs read so far: binned means of old steps, then a full-resolution tail. */
  get lossHistory(): [number, number][] {
    return this.history.points();
  }

  /**
   * The network to sample from: the weight average when `config.ema` is on, else `mlp`.
   * Either way it is a plain VelocityMlp owned by the trainer (do not dispose it).
   */
  get sampleMlp(): VelocityMlp {
    return this.average?.mlp ?? this.mlp;
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

  /** Runs k optimisation steps; no GPU→CPU readback (call `readStats` every so often). */
  trainSteps(k = 1): void {
    if (this.disposed) throw new Error('this Trainer was disposed');
    for (let i = 0; i < k; i++) {
      const b = this.sampler.sample(this.path, this.target, this.config.coupling, this.rng);
      this.pending.push(this.optimisationStep(b));
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
    if (this.pending.length > 0) await this.readStats();
    const before = await this.mlp.getWeights();
    const kept: { v: tf.Tensor | null } = { v: null };
    this.tracing = kept;
    try {
      this.trainSteps(1);
    } finally {
      this.tracing = null;
    }
    const v = (await kept.v!.data()) as Float32Array;
    kept.v!.dispose();
    const stats = await this.readStats();
    const after = await this.mlp.getWeights();
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

  /** One Adam(W) step on the CFM loss of batch b; returns the loss, still on the device. */
  private optimisationStep(b: CfmBatch): tf.Scalar {
    const n = this.config.batch;
    const { weightDecay: wd, lr, optimizer = 'adamw' } = this.config;
    const vars = this.mlp.variables;
    return tf.tidy(() => {
      const xt = tf.tensor2d(b.xt, [n, 2]);
      const t = tf.tensor2d(b.t, [n, 1]);
      const u = tf.tensor2d(b.u, [n, 2]);
      const { value, grads } = this.optimizer.computeGradients(() => {
        const v = this.mlp.predict(xt, t);
        if (this.tracing) this.tracing.v = tf.keep(tf.clone(v));
        return tf.mean(tf.squaredDifference(v, u)) as tf.Scalar;
      }, vars);
      if (wd > 0 && optimizer === 'adam') {
        for (const v of vars) grads[v.name] = tf.add(grads[v.name]!, tf.mul(v, wd));
      }
      // AdamW decays w with the gradient taken at the old w, as torch.optim.AdamW does.
      if (wd > 0 && optimizer === 'adamw') for (const v of vars) v.assign(tf.mul(v, 1 - lr * wd));
      this.optimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
      this.average?.update(vars, this.config.ema ?? 0, this.steps + 1);
      return value;
    });
  }

  /** Reads the losses since the last read (one readback) and guards against divergence. */
  async readStats(): Promise<TrainerStats> {
    if (this.disposed) throw new Error('this Trainer was disposed');
    const count = this.pending.length;
    const packed = tf.tidy(() => {
      const weightSum = tf.addN(this.mlp.variables.map((v) => tf.sum(tf.abs(v))));
      return tf.stack([...this.pending, weightSum]);
    });
    const values = await packed.data();
    packed.dispose();
    this.pending.forEach((l) => l.dispose());
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

  private snapshot(): void {
    this.lastGood.weights.forEach((w) => w.dispose());
    this.lastGood.ema.forEach((w) => w.dispose());
    this.lastGood = {
      step: this.steps,
      weights: this.mlp.variables.map((v) => tf.clone(v)),
      ema: this.average?.mlp.variables.map((v) => tf.clone(v)) ?? [],
    };
  }

  /** Starts (from the current weights), keeps or drops the weight average for `decay`. */
  private setEmaNetwork(decay: number): void {
    if (decay > 0 && !this.average) {
      this.average = new WeightAverage(this.mlp, this.config.seed);
    } else if (decay <= 0 && this.average) {
      this.average.dispose();
      this.average = null;
    }
  }

  private rollBack(what: 'Loss' | 'A weight', value: number, badStep: number): TrainerStats {
    const good = this.lastGood;
    this.mlp.variables.forEach((v, i) => v.assign(good.weights[i]!));
    this.average?.mlp.variables.forEach((v, i) => v.assign(good.ema[i]!));
    this.resetOptimizer(this.config.lr);
    this.steps = good.step;
    const message = divergenceMessage(what, value, badStep, this.config.lr, good.step, this.path);
    this.state = { status: 'diverged', message };
    return { step: this.steps, loss: NaN, status: 'diverged', message };
  }

  private resetOptimizer(lr: number): void {
    this.optimizer.dispose();
    this.optimizer = createAdam(lr);
  }

  /**
   * Turns the weight average on (started from the current weights), changes its decay, or
   * turns it off (decay 0), from the next step on; training itself is unchanged.
   */
  setEma(decay: number): void {
    const problem = validateTrainerConfig({ ...this.config, ema: decay }, this.target);
    if (problem) throw new Error(problem);
    const had = this.average !== null;
    this.config.ema = decay;
    this.setEmaNetwork(decay);
    // The rollback copy needs an average exactly when there is one: the last good weights.
    if (!had && this.average) this.lastGood.ema = this.lastGood.weights.map((w) => tf.clone(w));
    if (had && !this.average) {
      this.lastGood.ema.forEach((w) => w.dispose());
      this.lastGood.ema = [];
    }
  }

  /** Changes the learning rate from the next step on, keeping Adam's moments. */
  setLearningRate(lr: number): void {
    if (!(lr > 0 && Number.isFinite(lr))) throw new Error(`learning rate must be > 0, got ${lr}`);
    this.config.lr = lr;
    setAdamLearningRate(this.optimizer, lr);
  }

  /** Trains toward new target points from here on (the network and optimizer are kept). */
  setTarget(points: Points): void {
    const problem = validateTrainerConfig(this.config, points);
    if (problem) throw new Error(problem);
    this.target = Float32Array.from(points);
  }

  /** A plain-JSON snapshot to resume from (the target points are not included). */
  async checkpoint(): Promise<TrainerCheckpoint> {
    if (this.pending.length > 0) await this.readStats();
    const weights = (await this.mlp.getWeights()).map((w) => Array.from(w));
    const optimizer = await readAdamState(this.optimizer);
    const ema = this.average && (await this.average.mlp.getWeights()).map((w) => Array.from(w));
    return {
      version: 1,
      config: structuredClone(this.config),
      step: this.steps,
      rngState: this.rng.state(),
      weights,
      ...(ema ? { emaWeights: ema } : {}),
      optimizer,
      lossHistory: this.history.points(),
    };
  }

  /** Continues exactly from a checkpoint of a network with the same architecture. */
  async restore(ckpt: TrainerCheckpoint): Promise<void> {
    if (ckpt.version !== 1) throw new Error(`unsupported checkpoint version ${ckpt.version}`);
    if (!sameArchitecture(ckpt.config.model, this.mlp.config)) {
      throw new Error('the checkpoint has another architecture: use Trainer.fromCheckpoint');
    }
    const problem = validateTrainerConfig(ckpt.config, this.target);
    if (problem) throw new Error(`invalid checkpoint: ${problem}`);
    this.mlp.setWeights(ckpt.weights.map((w) => Float32Array.from(w)));
    this.resetOptimizer(ckpt.config.lr);
    await writeAdamState(this.optimizer, ckpt.optimizer);
    this.pending.forEach((l) => l.dispose());
    this.pending = [];
    this.config = structuredClone(ckpt.config);
    // A checkpoint without an average (saved with EMA off) starts one from its weights.
    this.setEmaNetwork(0);
    this.setEmaNetwork(ckpt.config.ema ?? 0);
    if (this.average && ckpt.emaWeights) {
      this.average.mlp.setWeights(ckpt.emaWeights.map((w) => Float32Array.from(w)));
    }
    this.path = makeScheduler(ckpt.config.scheduler, ckpt.config.schedulerParams);
    if (this.sampler.batch !== ckpt.config.batch)
      this.sampler = new BatchSampler(ckpt.config.batch);
    this.steps = ckpt.step;
    this.rng = restoreRng(ckpt.rngState);
    this.history.load(ckpt.lossHistory);
    this.state = { status: 'ok' };
    this.snapshot();
  }

  /** Mean CFM loss per t-bin on fresh samples (`cfmLossByTime`); training's stream is untouched. */
  lossByTime(bins: number, perBin = 64): Promise<Float32Array> {
    const { path, target, config, probeRng } = this;
    return cfmLossByTime(this.mlp, path, target, config.coupling, probeRng, bins, perBin);
  }

  /** Frees the network, the optimizer's moments, the snapshot and unread losses. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pending.forEach((l) => l.dispose());
    this.pending = [];
    this.lastGood.weights.forEach((w) => w.dispose());
    this.lastGood.ema.forEach((w) => w.dispose());
    this.optimizer.dispose();
    this.average?.dispose();
    this.mlp.dispose();
  }
}
