/**
 * Dormand–Prince 5(4), the adaptive solver behind SciPy's `solve_ivp(method='RK45')`
 * (MATH.md §4, docs/adaptive-and-likelihood.md): seven stages give a 5th-order solution y and
 * an embedded 4th-order one ŷ; their difference estimates the local error, which sets the next
 * step. The last stage is evaluated at (t + h, y), so it is the next step's first stage (FSAL):
 * an accepted step costs 6 evaluations. Also a fixed-step runner of any tableau in float64,
 * for systems of any dimension (the likelihood's augmented ODE).
 */
import type { SolverTableau } from './solvers';
import type { Points, VelocityFn } from './types';

/** dy/dt = f(y, t) for a state of any dimension, in float64; writes f into `out`. */
export type OdeFn = (y: Float64Array, t: number, out: Float64Array) => void;

/** A Butcher tableau without the registry's id and label. */
export type ButcherTableau = Pick<SolverTableau, 'order' | 'a' | 'b' | 'c'>;

/** Dormand–Prince: the 5th-order weights b (the solution kept) and the 4th-order weights bHat. */
export const DORMAND_PRINCE = {
  order: 5,
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ],
  b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
  bHat: [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40],
} as const;

/** The 5th-order solution as a fixed-step tableau (6 stages: b₇ = 0), for order checks. */
export const DORMAND_PRINCE_FIXED: ButcherTableau = {
  order: 5,
  a: DORMAND_PRINCE.a.slice(0, 6),
  b: DORMAND_PRINCE.b.slice(0, 6),
  c: DORMAND_PRINCE.c.slice(0, 6),
};

/** Local error weights e = b − b̂ (the 7th, FSAL stage enters only here). */
const ERROR_WEIGHTS = DORMAND_PRINCE.b.map((b, i) => b - DORMAND_PRINCE.bHat[i]!);

/** Final state and the number of evaluations of f. */
export interface OdeResult {
  y: Float64Array;
  nfe: number;
}

/** y_{n+1} = y_n + h Σ b_k K_k for `steps` equal steps from t0 to t1 (t1 < t0 runs backward). */
export function rungeKutta(
  tab: ButcherTableau,
  f: OdeFn,
  y0: ArrayLike<number>,
  opts: { steps: number; t0?: number; t1?: number },
): OdeResult {
  const { steps, t0 = 0, t1 = 1 } = opts;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be ≥ 1, got ${steps}`);
  const y = Float64Array.from(y0);
  const stage = new Float64Array(y.length);
  const K = tab.b.map(() => new Float64Array(y.length));
  const h = (t1 - t0) / steps;
  for (let n = 0; n < steps; n++) {
    for (let k = 0; k < K.length; k++) {
      combine(stage, y, h, tab.a[k] ?? [], K);
      f(stage, t0 + (n + tab.c[k]!) * h, K[k]!);
    }
    combine(y, y, h, tab.b, K);
  }
  return { y, nfe: steps * K.length };
}

/** out = y + h Σ_j w_j K_j (out may be y). */
function combine(
  out: Float64Array,
  y: Float64Array,
  h: number,
  w: readonly number[],
  K: Float64Array[],
) {
  if (out !== y) out.set(y);
  for (let j = 0; j < w.length; j++) {
    const coef = h * w[j]!;
    if (coef === 0) continue;
    const Kj = K[j]!;
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + coef * Kj[i]!;
  }
}

/** Tolerance and step-size control (defaults as in SciPy's RK45 and Hairer's DOPRI5). */
export interface AdaptiveOptions {
  /** Relative tolerance (default 1e-3, SciPy's). */
  rtol?: number;
  /** Absolute tolerance (default 1e-6, SciPy's). */
  atol?: number;
  t0?: number;
  /** May be below t0: integrates backward. */
  t1?: number;
  /** h ← h · clamp(safety · err^(−1/5), minFactor, maxFactor). */
  safety?: number;
  minFactor?: number;
  maxFactor?: number;
  /** Give up (throw) after this many attempted steps. */
  maxSteps?: number;
}

/** Final state, evaluations of f (the initial-step probe included), accepted and rejected steps. */
export interface AdaptiveResult extends OdeResult {
  accepted: number;
  rejected: number;
}

/**
 * Dormand–Prince 5(4) with error control: a step is accepted when
 * ‖(y − ŷ) / (atol + rtol·max(|y_n|, |y_{n+1}|))‖_RMS ≤ 1, and the next h is
 * h · clamp(0.9 · err^(−1/5), 0.2, 10) (no growth right after a rejection). The first h comes
 * from Hairer's estimate (one extra evaluation).
 */
export function dormandPrince(
  f: OdeFn,
  y0: ArrayLike<number>,
  opts: AdaptiveOptions = {},
): AdaptiveResult {
  const { rtol = 1e-3, atol = 1e-6, t0 = 0, t1 = 1 } = opts;
  const { safety = 0.9, minFactor = 0.2, maxFactor = 10, maxSteps = 100_000 } = opts;
  const dim = y0.length;
  const dir = Math.sign(t1 - t0);
  let y = Float64Array.from(y0);
  let yNew = new Float64Array(dim);
  const stage = new Float64Array(dim);
  const K = DORMAND_PRINCE.b.map(() => new Float64Array(dim));
  const scale = (a: number, b: number) => atol + rtol * Math.max(Math.abs(a), Math.abs(b));
  f(y, t0, K[0]!);
  let nfe = 1;
  if (dir === 0) return { y, nfe, accepted: 0, rejected: 0 };
  let h = dir * initialStep(f, y, t0, K[0]!, scale, stage, K[1]!);
  nfe += 1;
  let t = t0;
  let accepted = 0;
  let rejected = 0;
  let justRejected = false;
  while (dir * (t1 - t) > 0) {
    if (accepted + rejected >= maxSteps) throw new Error(`dormandPrince: over ${maxSteps} steps`);
    if (dir * (t + h - t1) > 0) h = t1 - t;
    for (let k = 1; k < 7; k++) {
      combine(stage, y, h, DORMAND_PRINCE.a[k]!, K);
      f(stage, t + DORMAND_PRINCE.c[k]! * h, K[k]!);
    }
    nfe += 6;
    yNew.set(stage); // stage 7's input is the 5th-order solution (a₇ = b)
    const err = errorNorm(y, yNew, h, K, scale);
    if (err <= 1) {
      t = dir * (t + h - t1) >= 0 ? t1 : t + h;
      [y, yNew] = [yNew, y];
      K[0]!.set(K[6]!); // FSAL
      accepted++;
      const grow = err === 0 ? maxFactor : Math.min(maxFactor, safety * err ** -0.2);
      h *= justRejected ? Math.min(1, grow) : grow;
      justRejected = false;
    } else {
      rejected++;
      h *= Math.max(minFactor, safety * err ** -0.2);
      justRejected = true;
      // Only a rejection shrinks h; a tiny clipped last step is accepted and ends the loop.
      if (Math.abs(h) < 1e-14 * Math.max(1, Math.abs(t))) {
        throw new Error('dormandPrince: step underflow');
      }
    }
  }
  return { y, nfe, accepted, rejected };
}

/** ‖h Σ (b_k − b̂_k) K_k / scale‖_RMS: the local error in units of the tolerance. */
function errorNorm(
  y: Float64Array,
  yNew: Float64Array,
  h: number,
  K: Float64Array[],
  scale: (a: number, b: number) => number,
): number {
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    let e = 0;
    for (let k = 0; k < K.length; k++) e += ERROR_WEIGHTS[k]! * K[k]![i]!;
    const r = (h * e) / scale(y[i]!, yNew[i]!);
    sum += r * r;
  }
  return Math.sqrt(sum / y.length);
}

/** Hairer, Nørsett & Wanner (II.4): h from ‖y‖, ‖f‖ and a finite-difference ‖f′‖ (one f call). */
function initialStep(
  f: OdeFn,
  y: Float64Array,
  t: number,
  f0: Float64Array,
  scale: (a: number, b: number) => number,
  y1: Float64Array,
  f1: Float64Array,
): number {
  const rms = (g: (i: number) => number) => {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += (g(i) / scale(y[i]!, y[i]!)) ** 2;
    return Math.sqrt(s / y.length);
  };
  const d0 = rms((i) => y[i]!);
  const d1 = rms((i) => f0[i]!);
  const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  for (let i = 0; i < y.length; i++) y1[i] = y[i]! + h0 * f0[i]!;
  f(y1, t + h0, f1);
  const d2 = rms((i) => f1[i]! - f0[i]!) / h0;
  const h1 =
    Math.max(d1, d2) <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** 0.2;
  return Math.min(100 * h0, h1);
}

/** Final points and the evaluations each particle needed. */
export interface AdaptiveFlowResult {
  x: Points;
  nfe: Uint32Array;
}

/**
 * Integrates dx/dt = v(x, t) with Dormand–Prince, each particle with its own steps and
 * tolerance (a shared step would make every particle pay for the most curved one, and a batch
 * norm would dilute one particle's error among n). v is called on one point at a time.
 */
export function integrateAdaptive(
  v: VelocityFn,
  x0: Points,
  opts: AdaptiveOptions = {},
): AdaptiveFlowResult {
  const n = x0.length / 2;
  const x = new Float32Array(x0.length);
  const nfe = new Uint32Array(n);
  const xIn = new Float32Array(2);
  const vOut = new Float32Array(2);
  const f: OdeFn = (y, t, out) => {
    xIn[0] = y[0]!;
    xIn[1] = y[1]!;
    v(xIn, t, vOut);
    out[0] = vOut[0]!;
    out[1] = vOut[1]!;
  };
  for (let p = 0; p < n; p++) {
    const r = dormandPrince(f, x0.subarray(2 * p, 2 * p + 2), opts);
    x[2 * p] = r.y[0]!;
    x[2 * p + 1] = r.y[1]!;
    nfe[p] = r.nfe;
  }
  return { x, nfe };
}
