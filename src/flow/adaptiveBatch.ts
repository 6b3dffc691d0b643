/**
 * Dormand–Prince 5(4) for many particles at once, each with its own time, step and error
 * control (docs/adaptive-and-likelihood.md §1): the same method and step rule as
 * `dormandPrince` in adaptive.ts, but every stage evaluates the field once for all particles
 * still running, each at its own time, so a network sees a few hundred batches instead of a
 * call per point. Frames on a uniform grid of t come from cubic Hermite interpolation between
 * accepted steps (the end values and slopes, which FSAL already has), for the animation.
 */
import { DORMAND_PRINCE } from './adaptive';
import type { Points } from './types';

/**
 * v(x_i, t_i) for n points, each at its own time; writes 2n values into out. `which[i]` is
 * the index in x0 of the particle evaluated in row i (for per-particle data such as labels).
 */
export type BatchVelocityFn = (
  x: Float64Array,
  t: Float64Array,
  out: Float64Array,
  which: Uint32Array,
) => void | Promise<void>;

export interface BatchAdaptiveOptions {
  /** Relative and absolute tolerance (SciPy's defaults 1e-3, 1e-6). */
  rtol?: number;
  atol?: number;
  /** End time (default 1). */
  t1?: number;
  /** Record this many frames at t = 0, t1/(frames − 1), …, t1 (0: none). */
  frames?: number;
  /** Attempted steps per particle before it is given up (left where it is, NFE counted). */
  maxSteps?: number;
}

export interface BatchAdaptiveResult {
  x: Points;
  /** Field evaluations per particle, the initial-step probe included. */
  nfe: Uint32Array;
  /** frames × n × 2, frame-major, or null. */
  trajectory: Float32Array | null;
  frames: number;
}

const { a: A, b: B, bHat: BHAT, c: C } = DORMAND_PRINCE;
const E = B.map((b, k) => b - BHAT[k]!);

/** Integrates dx/dt = v(x, t) from t = 0 to 1 for every particle of x0. */
export async function integrateAdaptiveBatch(
  v: BatchVelocityFn,
  x0: Points,
  opts: BatchAdaptiveOptions = {},
): Promise<BatchAdaptiveResult> {
  const { rtol = 1e-3, atol = 1e-6, frames = 0, maxSteps = 5000, t1: end = 1 } = opts;
  const n = x0.length / 2;
  const y = Float64Array.from(x0);
  const K = Array.from({ length: 7 }, () => new Float64Array(2 * n));
  const t = new Float64Array(n);
  const h = new Float64Array(n);
  const tries = new Uint32Array(n);
  const rejectedLast = new Uint8Array(n);
  const nfe = new Uint32Array(n).fill(2);
  const trajectory = frames > 1 ? new Float32Array(frames * 2 * n) : null;
  const nextFrame = new Uint32Array(n).fill(1);
  trajectory?.set(x0, 0);
  const scale = (p: number, q: number) => atol + rtol * Math.max(Math.abs(p), Math.abs(q));

  // Batched evaluation of the particles in `idx` at states `ys` (2 per particle) and times.
  const xb = Float64Array.from(y);
  const tb = new Float64Array(n);
  const vb = new Float64Array(2 * n);
  const evaluate = async (idx: Uint32Array, m: number, into: Float64Array) => {
    await v(xb.subarray(0, 2 * m), tb.subarray(0, m), vb.subarray(0, 2 * m), idx.subarray(0, m));
    for (let j = 0; j < m; j++) {
      into[2 * idx[j]!] = vb[2 * j]!;
      into[2 * idx[j]! + 1] = vb[2 * j + 1]!;
    }
  };
  const all = Uint32Array.from({ length: n }, (_, i) => i);

  // f(y0, 0), then Hairer's initial step (one probe evaluation), as in adaptive.ts.
  await evaluate(all, n, K[0]!);
  const h0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let d0 = 0;
    let d1 = 0;
    for (let c = 0; c < 2; c++) {
      const s = scale(y[2 * i + c]!, y[2 * i + c]!);
      d0 += (y[2 * i + c]! / s) ** 2;
      d1 += (K[0]![2 * i + c]! / s) ** 2;
    }
    [d0, d1] = [Math.sqrt(d0 / 2), Math.sqrt(d1 / 2)];
    h0[i] = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
    for (let c = 0; c < 2; c++) xb[2 * i + c] = y[2 * i + c]! + h0[i]! * K[0]![2 * i + c]!;
    tb[i] = h0[i]!;
  }
  await evaluate(all, n, K[1]!);
  for (let i = 0; i < n; i++) {
    let d1 = 0;
    let d2 = 0;
    for (let c = 0; c < 2; c++) {
      const s = scale(y[2 * i + c]!, y[2 * i + c]!);
      d1 += (K[0]![2 * i + c]! / s) ** 2;
      d2 += ((K[1]![2 * i + c]! - K[0]![2 * i + c]!) / s) ** 2;
    }
    [d1, d2] = [Math.sqrt(d1 / 2), Math.sqrt(d2 / 2) / h0[i]!];
    const m = Math.max(d1, d2);
    const h1 = m <= 1e-15 ? Math.max(1e-6, h0[i]! * 1e-3) : (0.01 / m) ** 0.2;
    h[i] = Math.min(100 * h0[i]!, h1);
  }

  let active = all;
  const yNew = new Float64Array(2 * n);
  while (active.length > 0) {
    const m = active.length;
    for (const i of active) if (t[i]! + h[i]! > end) h[i] = end - t[i]!;
    for (let k = 1; k < 7; k++) {
      for (let j = 0; j < m; j++) {
        const i = active[j]!;
        for (let c = 0; c < 2; c++) {
          let s = y[2 * i + c]!;
          const row = A[k]!;
          for (let q = 0; q < row.length; q++) s += h[i]! * row[q]! * K[q]![2 * i + c]!;
          xb[2 * j + c] = s;
          if (k === 6) yNew[2 * i + c] = s; // a₇ = b: stage 7's input is the 5th-order solution
        }
        tb[j] = t[i]! + C[k]! * h[i]!;
      }
      await evaluate(active, m, K[k]!);
    }
    const still: number[] = [];
    for (const i of active) {
      nfe[i] = nfe[i]! + 6;
      tries[i] = tries[i]! + 1;
      let sum = 0;
      for (let c = 0; c < 2; c++) {
        let e = 0;
        for (let k = 0; k < 7; k++) e += E[k]! * K[k]![2 * i + c]!;
        sum += ((h[i]! * e) / scale(y[2 * i + c]!, yNew[2 * i + c]!)) ** 2;
      }
      const err = Math.sqrt(sum / 2);
      if (Number.isNaN(err)) {
        y[2 * i] = y[2 * i + 1] = NaN;
        t[i] = end;
      } else if (err <= 1) {
        const t1 = t[i]! + h[i]! >= end ? end : t[i]! + h[i]!;
        if (trajectory)
          writeFrames(trajectory, { frames, end }, n, i, nextFrame, t[i]!, t1, y, yNew, K);
        t[i] = t1;
        y[2 * i] = yNew[2 * i]!;
        y[2 * i + 1] = yNew[2 * i + 1]!;
        K[0]![2 * i] = K[6]![2 * i]!;
        K[0]![2 * i + 1] = K[6]![2 * i + 1]!;
        const grow = err === 0 ? 10 : Math.min(10, 0.9 * err ** -0.2);
        h[i] = h[i]! * (rejectedLast[i] ? Math.min(1, grow) : grow);
        rejectedLast[i] = 0;
      } else {
        h[i] = h[i]! * Math.max(0.2, 0.9 * err ** -0.2);
        rejectedLast[i] = 1;
        if (h[i]! < 1e-14) t[i] = end; // step underflow: give this particle up where it is
      }
      if (t[i]! < end && tries[i]! < maxSteps) still.push(i);
    }
    active = Uint32Array.from(still);
  }
  if (trajectory) {
    // Particles given up early (or NaN) hold their last position in the frames left.
    for (let i = 0; i < n; i++) {
      for (let f = nextFrame[i]!; f < frames; f++) {
        trajectory[f * 2 * n + 2 * i] = y[2 * i]!;
        trajectory[f * 2 * n + 2 * i + 1] = y[2 * i + 1]!;
      }
    }
  }
  return { x: Float32Array.from(y), nfe, trajectory, frames: trajectory ? frames : 1 };
}

/** Frames of particle i inside (t0, t1]: cubic Hermite from the step's ends and slopes. */
function writeFrames(
  out: Float32Array,
  grid: { frames: number; end: number },
  n: number,
  i: number,
  next: Uint32Array,
  t0: number,
  t1: number,
  y0: Float64Array,
  y1: Float64Array,
  K: Float64Array[],
): void {
  const h = t1 - t0;
  const { frames, end } = grid;
  while (next[i]! < frames) {
    const tau = (end * next[i]!) / (frames - 1);
    if (tau > t1 + 1e-12) return;
    const s = h > 0 ? Math.min(1, (tau - t0) / h) : 1;
    const s2 = s * s;
    const s3 = s2 * s;
    const h00 = 2 * s3 - 3 * s2 + 1;
    const h10 = s3 - 2 * s2 + s;
    const h01 = -2 * s3 + 3 * s2;
    const h11 = s3 - s2;
    for (let c = 0; c < 2; c++) {
      const p = 2 * i + c;
      out[next[i]! * 2 * n + p] =
        h00 * y0[p]! + h10 * h * K[0]![p]! + h01 * y1[p]! + h11 * h * K[6]![p]!;
    }
    next[i] = next[i]! + 1;
  }
}
