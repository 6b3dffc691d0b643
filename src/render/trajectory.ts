/**
 * Learned trajectories as the worker sends them: `frames` recorded frames of n particles,
 * frame-major. Positions at any t are interpolated between the two nearest frames, so the
 * animation is smooth whatever the number of solver steps.
 */
import type { Points } from '../flow/types';

export interface Trajectory {
  data: Float32Array;
  frames: number;
  n: number;
  /** Training step of the network that produced it. */
  step: number;
  /** The adaptive solver's evaluations per particle (absent for fixed steps). */
  nfe?: Uint16Array | null;
}

/** Positions at t ∈ [0, 1] (linear between recorded frames), written into `out`. */
export function positionsAt(traj: Trajectory, t: number, out: Points): Points {
  const { data, frames, n } = traj;
  const f = Math.min(1, Math.max(0, t)) * (frames - 1);
  const k = Math.min(frames - 2, Math.floor(f));
  if (k < 0) {
    out.set(data.subarray(0, 2 * n));
    return out;
  }
  const w = f - k;
  const a = 2 * n * k;
  const b = a + 2 * n;
  for (let i = 0; i < 2 * n; i++) out[i] = data[a + i]! + w * (data[b + i]! - data[a + i]!);
  return out;
}

/**
 * Traces particle i's path from t − span to t (recorded frames plus the interpolated ends)
 * into the context's current path, without allocating.
 */
export function traceTrail(
  ctx: CanvasRenderingContext2D,
  toX: (x: number) => number,
  toY: (y: number) => number,
  traj: Trajectory,
  i: number,
  t: number,
  span: number,
): void {
  const { data, frames, n } = traj;
  const last = frames - 1;
  const point = (f: number, move: boolean) => {
    const k = Math.min(last - 1, Math.floor(f));
    const w = f - k;
    const a = 2 * (n * k + i);
    const x = data[a]! + w * (data[a + 2 * n]! - data[a]!);
    const y = data[a + 1]! + w * (data[a + 2 * n + 1]! - data[a + 1]!);
    if (move) ctx.moveTo(toX(x), toY(y));
    else ctx.lineTo(toX(x), toY(y));
  };
  if (last < 1) return;
  const f0 = Math.max(0, t - span) * last;
  const f1 = Math.min(1, Math.max(0, t)) * last;
  point(f0, true);
  for (let k = Math.floor(f0) + 1; k < f1; k++) point(k, false);
  point(f1, false);
}

/** Particle i of a trajectory at t (linear between recorded frames). */
export function pointAt(traj: Trajectory, i: number, t: number): [number, number] {
  const { data, frames, n } = traj;
  const last = frames - 1;
  if (last < 1) return [data[2 * i]!, data[2 * i + 1]!];
  const f = Math.min(1, Math.max(0, t)) * last;
  const k = Math.min(last - 1, Math.floor(f));
  const w = f - k;
  const a = 2 * (n * k + i);
  const b = a + 2 * n;
  return [data[a]! + w * (data[b]! - data[a]!), data[a + 1]! + w * (data[b + 1]! - data[a + 1]!)];
}
