/**
 * Conditional Flow Matching training (MATH.md §1):
 *   L(θ) = E_{t, x0, x1} ‖v_θ(xt, t) − (α̇_t x1 + σ̇_t x0)‖²,  xt = α_t x1 + σ_t x0.
 * The tfjs trainer, the reference: the shared control logic of model/trainerCore.ts on a
 * storage of tfjs tensors. Every step runs in one synchronous tf.tidy; losses stay on the
 * device and are read in one go by `readStats()`, which is also where divergence is caught.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core ships gradients separately; training needs them registered.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Points } from '../flow/types';
import { createAdam, readAdamState, setAdamLearningRate, writeAdamState } from './adam';
import type { CfmBatch } from './batch';
import { createMlp, oneHotRows, type VelocityMlp } from './mlp';
import { TrainerCore, type StepTracer, type TrainerStorage } from './trainerCore';
import type { TrainerCheckpoint, TrainerConfig } from './trainerConfig';
import { WeightAverage } from './weightAverage';

export * from './trainerConfig';

/** The network, tfjs's Adam and the weight average as tfjs variables. */
class TfjsStorage implements TrainerStorage {
  readonly mlp: VelocityMlp;
  /** The moving average of `mlp`'s weights when `config.ema` is on. */
  private average: WeightAverage | null = null;
  private optimizer: tf.AdamOptimizer;
  private pending: tf.Scalar[] = [];
  private good: { weights: tf.Tensor[]; ema: tf.Tensor[] } = { weights: [], ema: [] };
  private readonly seed: number;
  /** Set while a step is traced: the step keeps its prediction v here. */
  private tracing: { v: tf.Tensor | null } | null = null;
  readonly tracer: StepTracer = {
    weights: () => this.mlp.getWeights(),
    begin: () => {
      this.tracing = { v: null };
    },
    finish: async () => {
      const v = this.tracing?.v;
      this.tracing = null;
      if (!v) throw new Error('the traced step kept no prediction');
      try {
        return (await v.data()) as Float32Array;
      } finally {
        v.dispose();
      }
    },
  };

  constructor(config: TrainerConfig) {
    this.mlp = createMlp(config.model, config.seed);
    this.optimizer = createAdam(config.lr);
    this.seed = config.seed;
    this.setEmaNetwork(config.ema ?? 0);
  }

  get sampleMlp(): VelocityMlp {
    return this.average?.mlp ?? this.mlp;
  }

  step(b: CfmBatch, k: number, config: Readonly<TrainerConfig>): void {
    const n = config.batch;
    const { weightDecay: wd, lr, optimizer = 'adamw', ema = 0 } = config;
    const vars = this.mlp.variables;
    const loss = tf.tidy(() => {
      const xt = tf.tensor2d(b.xt, [n, 2]);
      const t = tf.tensor2d(b.t, [n, 1]);
      const u = tf.tensor2d(b.u, [n, 2]);
      const kc = this.mlp.config.classes ?? 0;
      const c = kc > 0 && b.labels ? tf.tensor2d(oneHotRows(b.labels, kc), [n, kc]) : undefined;
      const { value, grads } = this.optimizer.computeGradients(() => {
        const v = this.mlp.predict(xt, t, c);
        if (this.tracing) this.tracing.v = tf.keep(tf.clone(v));
        return tf.mean(tf.squaredDifference(v, u)) as tf.Scalar;
      }, vars);
      if (wd > 0 && optimizer === 'adam') {
        for (const v of vars) grads[v.name] = tf.add(grads[v.name]!, tf.mul(v, wd));
      }
      // AdamW decays w with the gradient taken at the old w, as torch.optim.AdamW does.
      if (wd > 0 && optimizer === 'adamw') for (const v of vars) v.assign(tf.mul(v, 1 - lr * wd));
      this.optimizer.applyGradients(vars.map((v) => ({ name: v.name, tensor: grads[v.name]! })));
      this.average?.update(vars, ema, k);
      return value;
    });
    this.pending.push(loss);
  }

  async readLosses(): Promise<ArrayLike<number>> {
    const packed = tf.tidy(() => {
      const weightSum = tf.addN(this.mlp.variables.map((v) => tf.sum(tf.abs(v))));
      return tf.stack([...this.pending, weightSum]);
    });
    try {
      return await packed.data();
    } finally {
      packed.dispose();
      this.dropLosses();
    }
  }

  dropLosses(): void {
    this.pending.forEach((l) => l.dispose());
    this.pending = [];
  }

  keepGood(): void {
    this.freeGood();
    this.good = {
      weights: this.mlp.variables.map((v) => tf.clone(v)),
      ema: this.average?.mlp.variables.map((v) => tf.clone(v)) ?? [],
    };
  }

  restoreGood(lr: number): void {
    this.mlp.variables.forEach((v, i) => v.assign(this.good.weights[i]!));
    this.average?.mlp.variables.forEach((v, i) => v.assign(this.good.ema[i]!));
    this.resetOptimizer(lr);
  }

  private freeGood(): void {
    this.good.weights.forEach((w) => w.dispose());
    this.good.ema.forEach((w) => w.dispose());
  }

  /** Starts (from the current weights), keeps or drops the weight average for `decay`. */
  private setEmaNetwork(decay: number): void {
    if (decay > 0 && !this.average) {
      this.average = new WeightAverage(this.mlp, this.seed);
    } else if (decay <= 0 && this.average) {
      this.average.dispose();
      this.average = null;
    }
  }

  setEma(decay: number): void {
    const had = this.average !== null;
    this.setEmaNetwork(decay);
    // The rollback copy needs an average exactly when there is one: the last good weights.
    if (!had && this.average) this.good.ema = this.good.weights.map((w) => tf.clone(w));
    if (had && !this.average) {
      this.good.ema.forEach((w) => w.dispose());
      this.good.ema = [];
    }
  }

  setLearningRate(lr: number): void {
    setAdamLearningRate(this.optimizer, lr);
  }

  private resetOptimizer(lr: number): void {
    this.optimizer.dispose();
    this.optimizer = createAdam(lr);
  }

  async save() {
    const weights = (await this.mlp.getWeights()).map((w) => Array.from(w));
    const optimizer = await readAdamState(this.optimizer);
    const ema = this.average && (await this.average.mlp.getWeights()).map((w) => Array.from(w));
    return { weights, optimizer, ...(ema ? { emaWeights: ema } : {}) };
  }

  async load(ckpt: TrainerCheckpoint): Promise<void> {
    this.mlp.setWeights(ckpt.weights.map((w) => Float32Array.from(w)));
    this.resetOptimizer(ckpt.config.lr);
    await writeAdamState(this.optimizer, ckpt.optimizer);
    // A checkpoint without an average (saved with EMA off) starts one from its weights.
    this.setEmaNetwork(0);
    this.setEmaNetwork(ckpt.config.ema ?? 0);
    if (this.average && ckpt.emaWeights) {
      this.average.mlp.setWeights(ckpt.emaWeights.map((w) => Float32Array.from(w)));
    }
  }

  dispose(): void {
    this.dropLosses();
    this.freeGood();
    this.optimizer.dispose();
    this.average?.dispose();
    this.mlp.dispose();
  }
}

/**
 * Trains a velocity MLP on a target point set with tfjs. Usage: `trainSteps(k)` (no
 * readback) then `await readStats()`, or `await train(k)`; `checkpoint()`/`restore()` to
 * resume. Every member is documented on TrainerCore.
 */
export class Trainer extends TrainerCore<TfjsStorage> {
  /**
   * Builds the network (seeded) and the optimizer; throws on invalid settings. With `source`,
   * trains on the fixed pairs (source_j, target_j) (reflow); `labels`: one class per target
   * point, for a conditional network (model.classes ≥ 2).
   */
  constructor(config: TrainerConfig, target: Points, source?: Points, labels?: Uint8Array) {
    super(config, target, (c) => new TfjsStorage(c), source, labels);
  }

  /** A trainer that continues a checkpoint exactly, on the given target points. */
  static async fromCheckpoint(
    ckpt: TrainerCheckpoint,
    target: Points,
    source?: Points,
    labels?: Uint8Array,
  ): Promise<Trainer> {
    const trainer = new Trainer(ckpt.config, target, source, labels);
    await trainer.restore(ckpt);
    return trainer;
  }

  /** The network being trained (its latest weights; owned by the trainer). */
  get mlp(): VelocityMlp {
    return this.storage.mlp;
  }
}
