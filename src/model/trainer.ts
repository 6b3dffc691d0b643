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
import type {
  CouplingId,
  Points,
  Rng,
  Scheduler,
  SchedulerId,
  SchedulerParams,
} from '../flow/types';
import { BatchSampler } from './batch';
import { createMlp, validateMlpConfig, type MlpConfig, type VelocityMlp } from './mlp';

export interface TrainerConfig {
  model: MlpConfig;
  scheduler: SchedulerId;
  schedulerParams?: SchedulerParams;
  coupling: CouplingId;
  batch: number;
  lr: number;
  /** AdamW's decoupled decay w ← w − lr·wd·w after each Adam step; 0 gives plain Adam. */
  weightDecay: number;
  seed: number;
}

export const MIN_TARGET_POINTS = 2;

export type TrainerStatus = 'ok' | 'diverged';

export interface TrainerStats {
  step: number;
  /** Mean loss of the steps since the previous read (NaN when none). */
  loss: number;
  status: TrainerStatus;
  message?: string;
}

export interface TrainerCheckpoint {
  version: 1;
  config: TrainerConfig;
  step: number;
  rngState: number[];
  weights: number[][];
  optimizer: { name: string; shape: number[]; data: number[] }[];
  lossHistory: [number, number][];
}

/** An English message when the configuration or target cannot train, else null. */
export function validateTrainerConfig(cfg: TrainerConfig, target: Points): string | null {
  const n = target.length / 2;
  if (n < MIN_TARGET_POINTS) {
    return `the target has ${n} point${n === 1 ? '' : 's'}; at least ${MIN_TARGET_POINTS} are needed`;
  }
  if (!target.every(Number.isFinite)) return 'the target contains non-finite coordinates';
  if (!Number.isInteger(cfg.batch) || cfg.batch < 1 || cfg.batch > 8192) {
    return `batch size must be a whole number from 1 to 8192, got ${cfg.batch}`;
  }
  if (!(cfg.lr > 0 && Number.isFinite(cfg.lr))) return `learning rate must be > 0, got ${cfg.lr}`;
  if (!(cfg.weightDecay >= 0 && cfg.weightDecay < 1)) {
    return `weight decay must be in [0, 1), got ${cfg.weightDecay}`;
  }
  return validateMlpConfig(cfg.model);
}

export class Trainer {
  readonly mlp: VelocityMlp;
  readonly scheduler: Scheduler;
  private config: TrainerConfig;
  private target: Points;
  private rng: Rng;
  private optimizer: tf.AdamOptimizer;
  private readonly sampler: BatchSampler;
  private pending: tf.Scalar[] = [];
  private lastGood: { step: number; weights: tf.Tensor[] };
  private steps = 0;
  readonly lossHistory: [number, number][] = [];

  constructor(config: TrainerConfig, target: Points) {
    const problem = validateTrainerConfig(config, target);
    if (problem) throw new Error(problem);
    this.config = structuredClone(config);
    this.scheduler = makeScheduler(config.scheduler, config.schedulerParams);
    this.target = Float32Array.from(target);
    this.rng = createRng(config.seed);
    this.mlp = createMlp(config.model, config.seed);
    this.optimizer = tf.train.adam(config.lr, 0.9, 0.999, 1e-8);
    this.sampler = new BatchSampler(config.batch);
    this.lastGood = { step: 0, weights: this.mlp.variables.map((v) => tf.clone(v)) };
  }

  get step(): number {
    return this.steps;
  }

  get settings(): Readonly<TrainerConfig> {
    return this.config;
  }

  /** Runs k optimisation steps; no GPU→CPU readback. */
  trainSteps(k = 1): void {
    for (let i = 0; i < k; i++) {
      const b = this.sampler.sample(this.scheduler, this.target, this.config.coupling, this.rng);
      const n = this.config.batch;
      const loss = tf.tidy(() => {
        const xt = tf.tensor2d(b.xt, [n, 2]);
        const t = tf.tensor2d(b.t, [n, 1]);
        const u = tf.tensor2d(b.u, [n, 2]);
        const cost = this.optimizer.minimize(
          () => tf.mean(tf.squaredDifference(this.mlp.predict(xt, t), u)) as tf.Scalar,
          true,
        );
        const decay = this.config.lr * this.config.weightDecay;
        if (decay > 0) for (const v of this.mlp.variables) v.assign(tf.mul(v, 1 - decay));
        return cost as tf.Scalar;
      });
      this.pending.push(loss);
      this.steps++;
    }
  }

  /** Reads the losses since the last read (one readback), guards against divergence. */
  async readStats(): Promise<TrainerStats> {
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
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const loss = values[i]!;
      if (!Number.isFinite(loss)) return this.rollBack(firstStep + i, 'Loss');
      sum += loss;
      this.lossHistory.push([firstStep + i, loss]);
    }
    if (!Number.isFinite(values[count]!)) return this.rollBack(this.steps, 'A weight');
    this.lastGood.weights.forEach((w) => w.dispose());
    this.lastGood = { step: this.steps, weights: this.mlp.variables.map((v) => tf.clone(v)) };
    return { step: this.steps, loss: count > 0 ? sum / count : NaN, status: 'ok' };
  }

  private rollBack(badStep: number, what: string): TrainerStats {
    const good = this.lastGood;
    this.mlp.variables.forEach((v, i) => v.assign(good.weights[i]!));
    this.resetOptimizer(this.config.lr);
    this.steps = good.step;
    const message =
      `${what} became NaN or infinite at step ${badStep}: the learning rate (${this.config.lr}) ` +
      `is probably too high. Weights rolled back to step ${good.step}.`;
    return { step: this.steps, loss: NaN, status: 'diverged', message };
  }

  private resetOptimizer(lr: number): void {
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-8);
  }

  /** Changes the learning rate, keeping Adam's moments. */
  setLearningRate(lr: number): void {
    if (!(lr > 0 && Number.isFinite(lr))) throw new Error(`learning rate must be > 0, got ${lr}`);
    this.config.lr = lr;
    (this.optimizer as unknown as { learningRate: number }).learningRate = lr;
  }

  /** Trains toward new target points from here on (the network is kept). */
  setTarget(points: Points): void {
    const problem = validateTrainerConfig(this.config, points);
    if (problem) throw new Error(problem);
    this.target = Float32Array.from(points);
  }

  /** A plain-JSON snapshot to resume from (the target points are not included). */
  async checkpoint(): Promise<TrainerCheckpoint> {
    if (this.pending.length > 0) await this.readStats();
    const weights = (await this.mlp.getWeights()).map((w) => Array.from(w));
    const named = await this.optimizer.getWeights();
    const optimizer = await Promise.all(
      named.map(async ({ name, tensor }) => ({
        name,
        shape: tensor.shape,
        data: Array.from(await tensor.data()),
      })),
    );
    return {
      version: 1,
      config: structuredClone(this.config),
      step: this.steps,
      rngState: this.rng.state(),
      weights,
      optimizer,
      lossHistory: this.lossHistory.map(([s, l]) => [s, l]),
    };
  }

  /** Continues exactly from a checkpoint of a trainer with the same architecture. */
  async restore(ckpt: TrainerCheckpoint): Promise<void> {
    this.mlp.setWeights(ckpt.weights.map((w) => Float32Array.from(w)));
    this.resetOptimizer(ckpt.config.lr);
    if (ckpt.optimizer.length > 0) {
      await this.optimizer.setWeights(
        ckpt.optimizer.map((o) => ({ name: o.name, tensor: tf.tensor(o.data, o.shape) })),
      );
    }
    this.pending.forEach((l) => l.dispose());
    this.pending = [];
    this.config = structuredClone(ckpt.config);
    this.steps = ckpt.step;
    this.rng = restoreRng(ckpt.rngState);
    this.lossHistory.length = 0;
    this.lossHistory.push(...ckpt.lossHistory);
    this.lastGood.weights.forEach((w) => w.dispose());
    this.lastGood = { step: this.steps, weights: this.mlp.variables.map((v) => tf.clone(v)) };
  }

  /**
   * Mean CFM loss per time bin on fresh samples (t stratified over [tMin, tMax]): where along
   * the path the network struggles. One readback.
   */
  async lossByTime(bins: number, perBin = 64): Promise<Float32Array> {
    const s = this.scheduler;
    const n = bins * perBin;
    const ts = Float32Array.from({ length: n }, (_, i) => {
      const bin = Math.floor(i / perBin);
      return s.tMin + ((s.tMax - s.tMin) * (bin + this.rng.uniform())) / bins;
    });
    const b = new BatchSampler(n).sample(s, this.target, this.config.coupling, this.rng, ts);
    const perSample = tf.tidy(() => {
      const pred = this.mlp.predict(tf.tensor2d(b.xt, [n, 2]), tf.tensor2d(b.t, [n, 1]));
      return tf.div(tf.sum(tf.squaredDifference(pred, tf.tensor2d(b.u, [n, 2])), 1), 2);
    });
    const values = await perSample.data();
    perSample.dispose();
    const out = new Float32Array(bins);
    for (let i = 0; i < n; i++) out[Math.floor(i / perBin)]! += values[i]! / perBin;
    return out;
  }

  dispose(): void {
    this.pending.forEach((l) => l.dispose());
    this.pending = [];
    this.lastGood.weights.forEach((w) => w.dispose());
    this.optimizer.dispose();
    this.mlp.dispose();
  }
}
