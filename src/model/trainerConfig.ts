/**
 * What a Trainer is built from, what it reports, and what a checkpoint holds: plain data,
 * validated here with messages a learner can act on.
 */
import type { CouplingId, Points, Scheduler, SchedulerId, SchedulerParams } from '../flow/types';
import { MAX_PATH_SIGMA } from '../flow/paths';
import type { AdamState } from './adam';
import { classCount, validateLabels, validateMlpConfig, type MlpConfig } from './mlpConfig';

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
  /**
   * σ around the path: xt = α_t x1 + σ_t x0 + σ ε (0 or absent: the exact path). The target u
   * is unchanged (docs/sigma-and-reflow.md). At most MAX_PATH_SIGMA.
   */
  pathSigma?: number;
  /**
   * Conditional networks (model.classes ≥ 2): each batch row's label is replaced by the null
   * label ∅ with probability p ∈ [0, 1), so one network learns v(x, t, c) and v(x, t, ∅) for
   * classifier-free guidance (docs/guidance.md). 0 or absent: never dropped.
   */
  labelDrop?: number;
  seed: number;
}

/** A trainer's config and the target points it learns: all a worker needs to build one. */
export interface TrainerSetup extends TrainerConfig {
  target: Points;
  /**
   * One class per target point (0…classes − 1, or NULL_LABEL for a point without one):
   * required when model.classes ≥ 2, ignored for an unconditional network.
   */
  labels?: Uint8Array;
}

export { MAX_PATH_SIGMA };

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
  if (cfg.pathSigma !== undefined && !(cfg.pathSigma >= 0 && cfg.pathSigma <= MAX_PATH_SIGMA)) {
    return `σ around the path must be a number from 0 to ${MAX_PATH_SIGMA}, got ${cfg.pathSigma}`;
  }
  if (cfg.labelDrop !== undefined && !(cfg.labelDrop >= 0 && cfg.labelDrop < 1)) {
    return `label drop probability must be in [0, 1), got ${cfg.labelDrop}`;
  }
  if (cfg.optimizer !== undefined && !OPTIMIZER_IDS.includes(cfg.optimizer)) {
    return `unknown optimizer "${String(cfg.optimizer)}" (adam or adamw)`;
  }
  return validateMlpConfig(cfg.model);
}

/**
 * An English message when the target's labels cannot train this network: a conditional one
 * (model.classes ≥ 2) needs one label per target point, each a class or NULL_LABEL; an
 * unconditional one ignores labels.
 */
export function validateTargetLabels(
  cfg: TrainerConfig,
  target: Points,
  labels?: Uint8Array,
): string | null {
  const classes = classCount(cfg.model);
  if (classes === 0) return null;
  if (!labels) {
    return `a conditional network (${classes} classes) needs a class label for every target point`;
  }
  return validateLabels(labels, Math.floor(target.length / 2), classes);
}

/**
 * An English message when fixed sources (reflow pairs) cannot go with this target: one finite
 * source per target point, and no minibatch re-pairing (the pairs are the coupling).
 */
export function validateSource(cfg: TrainerConfig, target: Points, source?: Points): string | null {
  if (!source) return null;
  if (source.length !== target.length) {
    return `fixed pairs need one source per target point, got ${source.length / 2} and ${target.length / 2}`;
  }
  if (!source.every(Number.isFinite)) return 'the fixed sources contain non-finite coordinates';
  if (cfg.coupling !== 'independent') return 'fixed pairs are the coupling: use independent';
  return null;
}

/** Learning rates above this are blamed first when training diverges. */
const HIGH_LR = 0.01;
/** Regression targets larger than this overflow or swamp a small network's training. */
const HUGE_TARGET = 500;

/**
 * How large the CFM regression target u = α̇_t x1 + σ̇_t x0 gets on this path: the largest
 * |α̇_t|·2 + |σ̇_t|·3 on a t grid (data within radius ~2, noise within 3 standard deviations).
 */
export function targetScale(path: Scheduler): number {
  let worst = 0;
  for (let i = 0; i <= 200; i++) {
    const t = path.tMin + ((path.tMax - path.tMin) * i) / 200;
    worst = Math.max(worst, 2 * Math.abs(path.dAlpha(t)) + 3 * Math.abs(path.dSigma(t)));
  }
  return worst;
}

/** The parameter of a path that sets its target scale, with its value, e.g. "σ_max = 100". */
function scaleParameter(path: Scheduler): string {
  const p = path.params;
  if (path.id === 've') return `σ_max = ${p.sigmaMax}`;
  if (path.id === 'vp') return `β_max = ${p.betaMax}`;
  return `the ${path.id} path`;
}

/**
 * "Loss became NaN at step 1234 — the learning rate (5) is probably too high; …", or, when the
 * path makes the regression targets huge and the learning rate is modest, names the path's
 * parameter with its value and the target size instead.
 */
export function divergenceMessage(
  what: 'Loss' | 'A weight',
  value: number,
  badStep: number,
  lr: number,
  goodStep: number,
  path?: Scheduler,
): string {
  const kind = Number.isNaN(value) ? 'NaN' : 'infinite';
  const scale = path ? targetScale(path) : 0;
  const head = `${what} became ${kind} at step ${badStep} — `;
  const tail = `; weights rolled back to step ${goodStep}.`;
  if (path && scale > HUGE_TARGET && lr <= HIGH_LR) {
    return (
      `${head}the ${path.id.toUpperCase()} path's ${scaleParameter(path)} makes the regression ` +
      `targets up to about ${scale.toPrecision(2)}, too large to train on (learning rate ${lr}); ` +
      `lower it${tail}`
    );
  }
  return `${head}the learning rate (${lr}) is probably too high${tail}`;
}
