/**
 * Shared types of the pure flow-matching core.
 *
 * Point sets are interleaved Float32Arrays `[x_0, y_0, x_1, y_1, …]` (length 2n): they go
 * straight into `tf.tensor2d(points, [n, 2])` and can be posted between threads as
 * transferables without copying.
 */

/** n 2D points, interleaved: `[x_0, y_0, x_1, y_1, …]`. */
export type Points = Float32Array;

/** Seeded pseudo-random generator: the only source of randomness in the project. */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** An independent generator derived from this one's stream (for reproducible sub-streams). */
  fork(): Rng;
  /** The full internal state, for checkpoints; `restoreRng(state)` continues the same stream. */
  state(): number[];
}

// Ids derive from their registries (schedulers.ts, datasets.ts, solvers.ts), so a new entry
// there is the whole change; these re-exports keep one import site for the core's types.
import type { SchedulerId, SchedulerParams } from './schedulers';
import type { DatasetId } from './datasets';
import type { SamplingSolverId, SolverId } from './solvers';
export type { DatasetId, SamplingSolverId, SchedulerId, SchedulerParams, SolverId };

/**
 * A Gaussian (affine) probability path xt = α_t x1 + σ_t x0 (MATH.md §1–2).
 * t = 0 is noise, t = 1 is data.
 */
export interface Scheduler {
  readonly id: SchedulerId;
  /** Fully resolved parameters (defaults filled in). */
  readonly params: Readonly<SchedulerParams>;
  alpha(t: number): number;
  sigma(t: number): number;
  /** dα/dt. */
  dAlpha(t: number): number;
  /** dσ/dt. */
  dSigma(t: number): number;
  /**
   * Scale of the source the ODE starts from, ≈ N(0, sourceScale² I): σ_0 (VE: σ_max, else 1).
   * Training always draws a standard normal x0 and forms xt = α_t x1 + σ_t x0.
   */
  readonly sourceScale: number;
  /** Safe range of t for training and sampling (VP: [0, 1 − 1e−3]). */
  readonly tMin: number;
  readonly tMax: number;
}

export interface Dataset {
  /** Its key in the DATASETS registry. */
  readonly id: string;
  /** English display name (UI translates by id). */
  readonly label: string;
  /** Its natural classes (moons: the two moons; rings: the four rings), for conditional flows. */
  readonly classes: number;
  /**
   * Draw n points with the given generator; with `labels` (length ≥ n) also write each point's
   * class 0…classes − 1 there. The points drawn are the same with or without labels.
   */
  sample(n: number, rng: Rng, labels?: Uint8Array): Points;
}

/** A velocity field v(x, t) evaluated for a batch of points; writes 2n values into `out`. */
export type VelocityFn = (x: Points, t: number, out: Points) => void;

export type CouplingId = 'independent' | 'ot';

/**
 * A field and its divergence at one point, in float64: writes v(x, t) into `v` and returns
 * div v = ∂v_x/∂x + ∂v_y/∂y (the trace of the 2×2 Jacobian), which moves log-densities.
 */
export type FieldWithDivergence = (x: number, y: number, t: number, v: Float64Array) => number;
