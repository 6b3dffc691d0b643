/**
 * Sample-quality and path metrics (MATH.md §5 and the scheduler panel):
 * exact W2 by optimal assignment, sliced W2 and energy distance as cheap live proxies,
 * and the straightness and kinetic energy of recorded trajectories.
 */
import { solveAssignment, squaredDistanceMatrix } from './assignment';
import type { Points, Rng } from './types';

/**
 * Largest n for the exact W2: the dense assignment takes 8n² bytes and, measured here,
 * ~1.5 s at n = 2000, ~8 s at 4000 and about a minute at 10 000.
 */
export const W2_EXACT_MAX = 10_000;

/** W2 = √(mean squared distance of the optimal one-to-one assignment); equal n ≤ 10 000. */
export function w2Exact(a: Points, b: Points): number {
  const n = a.length / 2;
  if (b.length !== a.length) {
    throw new Error(`exact W2 needs equal sample sizes, got ${n} and ${b.length / 2}`);
  }
  if (n > W2_EXACT_MAX) {
    throw new Error(`exact W2 supports at most ${W2_EXACT_MAX} points (got ${n}); subsample`);
  }
  if (n === 0) return 0;
  const cost = squaredDistanceMatrix(a, b);
  const perm = solveAssignment(cost, n);
  let total = 0;
  for (let i = 0; i < n; i++) total += cost[i * n + perm[i]!]!;
  return Math.sqrt(total / n);
}

/** Sorted projections ⟨p, θ⟩ of a point set onto the unit direction θ = (c, s). */
function sortedProjection(p: Points, c: number, s: number): Float64Array {
  const out = new Float64Array(p.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = c * p[2 * i]! + s * p[2 * i + 1]!;
  return out.sort();
}

/** The q-quantile (q ∈ [0, 1]) of sorted values, linearly interpolated. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Sliced W2: √(mean over random directions θ of W2²(⟨a, θ⟩, ⟨b, θ⟩)), 1D W2 by sorting
 * (quantile matching, so unequal sizes work). O(P·n log n). For a translation by c it is
 * |c|/√2 in 2D (the mean of cos² over directions is ½).
 */
export function slicedW2(a: Points, b: Points, rng: Rng, projections = 64): number {
  const m = Math.max(a.length, b.length) / 2;
  let total = 0;
  for (let p = 0; p < projections; p++) {
    // Stratified angles: less variance than fully random directions for the same cost.
    const angle = (Math.PI * (p + rng.uniform())) / projections;
    const pa = sortedProjection(a, Math.cos(angle), Math.sin(angle));
    const pb = sortedProjection(b, Math.cos(angle), Math.sin(angle));
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const q = m === 1 ? 0.5 : i / (m - 1);
      const d = quantile(pa, q) - quantile(pb, q);
      sum += d * d;
    }
    total += sum / m;
  }
  return Math.sqrt(total / projections);
}

function meanDistance(a: Points, b: Points): number {
  let s = 0;
  for (let i = 0; i < a.length; i += 2) {
    for (let j = 0; j < b.length; j += 2) s += Math.hypot(a[i]! - b[j]!, a[i + 1]! - b[j + 1]!);
  }
  return s / ((a.length / 2) * (b.length / 2));
}

/**
 * Energy distance D² = 2E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖ (V-statistic, the squared form;
 * 0 iff the samples coincide as distributions). O(n²): keep n ≲ 2000 for live use.
 */
export function energyDistance(a: Points, b: Points): number {
  return Math.max(0, 2 * meanDistance(a, b) - meanDistance(a, a) - meanDistance(b, b));
}

/** Length of particle i's polyline through `frames` recorded frames. */
function pathLength(traj: Float32Array, n: number, frames: number, i: number): number {
  let len = 0;
  for (let k = 1; k < frames; k++) {
    const o = 2 * (k * n + i);
    const p = o - 2 * n;
    len += Math.hypot(traj[o]! - traj[p]!, traj[o + 1]! - traj[p + 1]!);
  }
  return len;
}

/** Mean over particles of ‖x_1 − x_0‖ / (length of the trajectory); 1 means straight. */
export function straightness(trajectory: Float32Array, n: number, frames: number): number {
  let s = 0;
  let counted = 0;
  const last = 2 * (frames - 1) * n;
  for (let i = 0; i < n; i++) {
    const len = pathLength(trajectory, n, frames, i);
    if (len === 0) continue;
    const chord = Math.hypot(
      trajectory[last + 2 * i]! - trajectory[2 * i]!,
      trajectory[last + 2 * i + 1]! - trajectory[2 * i + 1]!,
    );
    s += chord / len;
    counted++;
  }
  return counted === 0 ? 1 : s / counted;
}

/** Mean over particles of Σ_k ‖Δx_k‖²/h ≈ ∫₀¹ ‖v‖² dt, with h = 1/(frames − 1). */
export function pathEnergy(trajectory: Float32Array, n: number, frames: number): number {
  const h = 1 / (frames - 1);
  let s = 0;
  for (let k = 1; k < frames; k++) {
    for (let i = 0; i < n; i++) {
      const o = 2 * (k * n + i);
      const p = o - 2 * n;
      const dx = trajectory[o]! - trajectory[p]!;
      const dy = trajectory[o + 1]! - trajectory[p + 1]!;
      s += (dx * dx + dy * dy) / h;
    }
  }
  return s / n;
}

/** m points drawn without replacement (all of them when m ≥ their number). */
export function subsample(points: Points, m: number, rng: Rng): Points {
  const n = points.length / 2;
  if (m >= n) return points;
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const out = new Float32Array(2 * m);
  for (let i = 0; i < m; i++) {
    out[2 * i] = points[2 * idx[i]!]!;
    out[2 * i + 1] = points[2 * idx[i]! + 1]!;
  }
  return out;
}
