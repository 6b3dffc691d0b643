/**
 * What a Trainer is built from, what it reports, and what a checkpoint holds: plain data,
 * validated here with messages a learner can act on.
 */
import type { CouplingId, Points, SchedulerId, SchedulerParams } from '../flow/types';
import type { AdamState } from './adam';
import { validateMlpConfig, type MlpConfig } from './mlp';

/**
 * adam: torch.optim.Adam's L2 form, g ← g + wd·w before the moments.
 * adamw: decoupled decay (Loshchilov & Hutter), w ← w − lr·wd·w beside the Adam step.
 */
export type OptimizerId = 'adam' | 'adamw';
export const OPTIMIZER_IDS: readonly OptimizerId[] = ['adam', 'adamw'];

/** Everything that defines a training run (plain JSON; the target points come separately). */
export interface TrainerConfig {
  model: MlpConfig;
  scheduler: SchedulerId;
  schedulerParams?: SchedulerParams;
  coupling: CouplingId;
  batch: number;
  lr: number;
  /** Weight decay: how it enters depends on `optimizer`; 0 gives plain Adam either way. */
  weightDecay: number;
  /** Default 'adamw', the published protocol's optimizer. */
  optimizer?: OptimizerId;
  /**
   * Decay d of an exponential moving average of the weights, sampled instead of the last
   * weights: ŵ ← d_k ŵ + (1 − d_k) w after step k, d_k = min(d, (1 + k)/(10 + k)) so the
   * average forgets the random initialisation early on. 0 or absent: no average.
   */
  ema?: number;
  seed: number;
}

/** A trainer's config and the target points it learns: all a worker needs to build one. */
export interface TrainerSetup extends TrainerConfig {
  target: Points;
}

/** Fewer target points than this cannot define a distribution to learn. */
export const MIN_TARGET_POINTS = 2;
/** Largest batch accepted (memory, and the OT coupling's O(n³) cost). */
export const MAX_BATCH = 8192;

/** 'diverged': the last read found NaN/∞ and rolled the weights back. */
export type TrainerStatus = 'ok' | 'diverged';

/** What one `readStats()` reports. */
export interface TrainerStats {
  step: number;
  /** Mean loss of the steps since the previous read (NaN when there were none). */
  loss: number;
  status: TrainerStatus;
  /** Why training diverged and what was done about it (status 'diverged'). */
  message?: string;
}

/** Plain JSON: survives JSON.stringify, postMessage and IndexedDB. */
export interface TrainerCheckpoint {
  version: 1;
  config: TrainerConfig;
  step: number;
  rngState: number[];
  /** In `parameterShapes(config.model)` order. */
  weights: number[][];
  /** The moving average of the weights (same order), when `config.ema` is on. */
  emaWeights?: number[][];
  /** Adam's step count and moments, so a resumed run takes the very same steps. */
  optimizer: AdamState;
  lossHistory: [number, number][];
}

/** An English message when the configuration or target cannot train, else null. */
export function validateTrainerConfig(cfg: TrainerConfig, target: Points): string | null {
  const n = Math.floor(target.length / 2);
  if (n < MIN_TARGET_POINTS) {
    return `the target has ${n} point${n === 1 ? '' : 's'}; at least ${MIN_TARGET_POINTS} are needed`;
  }
  if (target.length % 2 !== 0) return 'the target has an odd number of coordinates';
  if (!target.every(Number.isFinite)) return 'the target contains non-finite coordinates';
  if (!Number.isInteger(cfg.batch) || cfg.batch < 1 || cfg.batch > MAX_BATCH) {
    return `batch size must be a whole number from 1 to ${MAX_BATCH}, got ${cfg.batch}`;
  }
  if (!(cfg.lr > 0 && Number.isFinite(cfg.lr))) return `learning rate must be > 0, got ${cfg.lr}`;
  if (!(cfg.weightDecay >= 0 && cfg.weightDecay < 1)) {
    return `weight decay must be in [0, 1), got ${cfg.weightDecay}`;
  }
  if (cfg.ema !== undefined && !(cfg.ema >= 0 && cfg.ema < 1)) {
    return `weight averaging (EMA) decay must be in [0, 1), got ${cfg.ema}`;
  }
  if (cfg.optimizer !== undefined && !OPTIMIZER_IDS.includes(cfg.optimizer)) {
    return `unknown optimizer "${String(cfg.optimizer)}" (adam or adamw)`;
  }
  return validateMlpConfig(cfg.model);
}

/** "Loss became NaN at step 1234 — the learning rate (5) is probably too high; …" */
export function divergenceMessage(
  what: 'Loss' | 'A weight',
  value: number,
  badStep: number,
  lr: number,
  goodStep: number,
): string {
  const kind = Number.isNaN(value) ? 'NaN' : 'infinite';
  return (
    `${what} became ${kind} at step ${badStep} — the learning rate (${lr}) is probably too ` +
    `high; weights rolled back to step ${goodStep}.`
  );
}
