/**
 * Conditional Gaussian probability paths (MATH.md §1): xt = α_t x1 + σ_t x0 and the
 * conditional velocity u_t = α̇_t x1 + σ̇_t x0 that the CFM loss regresses on.
 */
import type { Points, Rng, Scheduler } from './types';

/** t ~ U[tMin, tMax] of the scheduler's safe range, one per sample. */
export function sampleTimes(n: number, rng: Rng, s: Scheduler): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = s.tMin + (s.tMax - s.tMin) * rng.uniform();
  return out;
}

const timeOf = (t: number | Float32Array, i: number): number =>
  typeof t === 'number' ? t : (t[i] ?? 0);

/** xt = α_t x1 + σ_t x0 for every pair (t shared, or one per pair). */
export function conditionalPoint(
  s: Scheduler,
  x0: Points,
  x1: Points,
  t: number | Float32Array,
  out: Points = new Float32Array(x0.length),
): Points {
  for (let i = 0; i < x0.length / 2; i++) {
    const ti = timeOf(t, i);
    const a = s.alpha(ti);
    const g = s.sigma(ti);
    out[2 * i] = a * x1[2 * i]! + g * x0[2 * i]!;
    out[2 * i + 1] = a * x1[2 * i + 1]! + g * x0[2 * i + 1]!;
  }
  return out;
}

/** u_t(xt | x0, x1) = α̇_t x1 + σ̇_t x0, the regression target (same x0 as xt). */
export function conditionalVelocity(
  s: Scheduler,
  x0: Points,
  x1: Points,
  t: number | Float32Array,
  out: Points = new Float32Array(x0.length),
): Points {
  for (let i = 0; i < x0.length / 2; i++) {
    const ti = timeOf(t, i);
    const da = s.dAlpha(ti);
    const dg = s.dSigma(ti);
    out[2 * i] = da * x1[2 * i]! + dg * x0[2 * i]!;
    out[2 * i + 1] = da * x1[2 * i + 1]! + dg * x0[2 * i + 1]!;
  }
  return out;
}

/** Largest σ around the path accepted: beyond it the noise swamps a 2D target of radius ~2. */
export const MAX_PATH_SIGMA = 1;

/**
 * σ around the path (torchcfm's ConditionalFlowMatcher, docs/sigma-and-reflow.md):
 * xt ← xt + σ ε, ε ~ N(0, I), in place. The conditional path becomes
 * N(α_t x1 + σ_t x0, σ² I) given (x0, x1); with σ constant in t its velocity is still
 * u_t = α̇_t x1 + σ̇_t x0, so the regression target does not change.
 */
export function addPathNoise(xt: Points, pathSigma: number, rng: Rng): Points {
  for (let i = 0; i < xt.length; i++) xt[i] = xt[i]! + pathSigma * rng.normal();
  return xt;
}

/**
 * The x-form u_t(x | x1) = (σ̇_t/σ_t)(x − α_t x1) + α̇_t x1 for one point x toward one target
 * x1. Singular where σ_t = 0, so t is clamped below 1.
 */
export function conditionalVelocityAt(
  s: Scheduler,
  x: readonly [number, number],
  x1: readonly [number, number],
  t: number,
): [number, number] {
  const tc = Math.min(t, s.tMax, 1 - 1e-6);
  const a = s.alpha(tc);
  const k = s.dSigma(tc) / s.sigma(tc);
  const da = s.dAlpha(tc);
  return [k * (x[0] - a * x1[0]) + da * x1[0], k * (x[1] - a * x1[1]) + da * x1[1]];
}

/**
 * One pair's conditional path sampled at frames + 1 evenly spaced times over [0, 1]
 * (clamped to the scheduler's safe range), for drawing: straight for OT, an arc for VP,
 * a fall from far out for VE.
 */
export function conditionalPathPolyline(
  s: Scheduler,
  x0: readonly [number, number],
  x1: readonly [number, number],
  frames: number,
): Points {
  const out = new Float32Array(2 * (frames + 1));
  for (let k = 0; k <= frames; k++) {
    const t = Math.min(Math.max(k / frames, s.tMin), s.tMax);
    const a = s.alpha(t);
    const g = s.sigma(t);
    out[2 * k] = a * x1[0] + g * x0[0];
    out[2 * k + 1] = a * x1[1] + g * x0[1];
  }
  return out;
}

/**
 * The x0 whose conditional path toward x1 passes through `start` at the first time t0 = tMin:
 * start = α_{t0} x1 + σ_{t0} x0, so x0 = (start − α_{t0} x1) / σ_{t0}. A path launched from a
 * clicked point starts there for every scheduler (VE: x0 = (click − x1)/σ_max; VP: α_0 ≈ 0.0066).
 */
export function noiseThrough(
  s: Scheduler,
  start: readonly [number, number],
  x1: readonly [number, number],
): [number, number] {
  const a = s.alpha(s.tMin);
  const g = s.sigma(s.tMin);
  return [(start[0] - a * x1[0]) / g, (start[1] - a * x1[1]) / g];
}
