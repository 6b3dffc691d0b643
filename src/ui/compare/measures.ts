/**
 * The numbers the comparison shows, computed with flow/'s metrics from recorded trajectories
 * (learned) or from the formulas (conditional paths), and summaries of the NFE sweep. Pure.
 */
import { pathEnergy, straightness } from '../../flow/metrics';

export { subsample } from '../../flow/metrics';
import { conditionalPathPolyline } from '../../flow/paths';
import type { Points, Scheduler } from '../../flow/types';
import type { NfePoint } from '../../worker/protocol';
import { COLUMN_IDS, type ColumnId } from './compareSetup';

export interface PathFigures {
  /** Mean ‖x(1) − x(0)‖ / length (1 = straight). */
  straightness: number;
  /** Mean ∫‖v‖² dt. */
  energy: number;
  /** Mean ∫‖v‖² dt / mean ‖x(1) − x(0)‖² (1 = straight at constant speed: Euler is exact). */
  energyRatio: number;
}

/** Straightness, path energy and energy over chord² of n trajectories of `frames` frames. */
export function pathFigures(traj: Float32Array, n: number, frames: number): PathFigures {
  const energy = pathEnergy(traj, n, frames);
  const last = 2 * n * (frames - 1);
  let chord2 = 0;
  let finite = 0;
  for (let i = 0; i < n; i++) {
    const dx = traj[last + 2 * i]! - traj[2 * i]!;
    const dy = traj[last + 2 * i + 1]! - traj[2 * i + 1]!;
    const c = dx * dx + dy * dy;
    if (Number.isFinite(c)) {
      chord2 += c;
      finite++;
    }
  }
  const meanChord2 = finite > 0 ? chord2 / finite : NaN;
  return {
    straightness: straightness(traj, n, frames),
    energy,
    energyRatio: meanChord2 > 0 ? energy / meanChord2 : NaN,
  };
}

/**
 * The same figures for the conditional paths x_t = α_t x1 + σ_t x0 of n pairs (x0 standard
 * normal; VE's path starts at σ_max x0), sampled at `frames` evenly spaced times.
 */
export function conditionalFigures(
  s: Scheduler,
  x0: Points,
  x1: Points,
  n: number,
  frames = 101,
): PathFigures {
  const traj = new Float32Array(2 * n * frames);
  for (let i = 0; i < n; i++) {
    const line = conditionalPathPolyline(
      s,
      [x0[2 * i]!, x0[2 * i + 1]!],
      [x1[2 * i]!, x1[2 * i + 1]!],
      frames - 1,
    );
    for (let k = 0; k < frames; k++) {
      traj[2 * (k * n + i)] = line[2 * k]!;
      traj[2 * (k * n + i) + 1] = line[2 * k + 1]!;
    }
  }
  return pathFigures(traj, n, frames);
}

/** Pairs whose conditional paths the page measures (the first of its particles). */
export const COND_PAIRS = 200;

/** Conditional-path figures of each column's scheduler on the scene's first pairs. */
export function sceneConditionalFigures(scene: {
  schedulers: Record<ColumnId, Scheduler>;
  particles: { x0: Points; x1: Points; n: number };
}): Record<ColumnId, PathFigures> {
  const n = Math.min(COND_PAIRS, scene.particles.n);
  const out = {} as Record<ColumnId, PathFigures>;
  for (const id of COLUMN_IDS) {
    out[id] = conditionalFigures(scene.schedulers[id], scene.particles.x0, scene.particles.x1, n);
  }
  return out;
}

/** The last frame of a recorded trajectory (the samples at t = 1). */
export function endpoints(traj: Float32Array, n: number, frames: number): Points {
  return traj.subarray(2 * n * (frames - 1), 2 * n * frames);
}

/**
 * The findings compare fixed-step budgets only: the adaptive point's NFE is a mean over
 * particles, a different kind of budget (the chart shows it apart, as a diamond).
 */
const fixedSteps = (points: readonly NfePoint[]) => points.filter((p) => p.solver !== 'dopri5');

/** Best sliced W2 over solvers using at most `budget` network evaluations (NaN: none). */
export function bestWithin(points: readonly NfePoint[], budget: number): number {
  let best = Infinity;
  let any = false;
  for (const p of fixedSteps(points)) {
    if (p.nfe > budget) continue;
    any = true;
    if (p.slicedW2 < best) best = p.slicedW2;
  }
  return any ? best : NaN;
}

/** The fewest network evaluations at which some solver reaches `threshold` (null: never). */
export function nfeToReach(points: readonly NfePoint[], threshold: number): number | null {
  let best: number | null = null;
  for (const p of fixedSteps(points)) {
    if (p.slicedW2 <= threshold && (best === null || p.nfe < best)) best = p.nfe;
  }
  return best;
}

/** The best sliced W2 anywhere in the sweep (NaN when empty). */
export function bestOverall(points: readonly NfePoint[]): number {
  const fixed = fixedSteps(points);
  return fixed.length ? Math.min(...fixed.map((p) => p.slicedW2)) : NaN;
}
