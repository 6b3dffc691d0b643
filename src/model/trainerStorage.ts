/**
 * What holds a trainer's numbers, as the trainer core (trainerCore.ts) sees it: the network,
 * Adam's state, the weight average and their last good copy, and one optimisation step on
 * them; tfjs tensors (trainer.ts), WASM memory (fused/fusedTrainer.ts) or GPU buffers
 * (fused/gpuTrainer.ts).
 */
import type { CfmBatch } from './batch';
import type { VelocityMlp } from './mlp';
import type { TrainerCheckpoint, TrainerConfig } from './trainerConfig';

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
