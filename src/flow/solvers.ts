/**
 * Explicit Runge–Kutta solvers for dx/dt = v(x, t) from t0 to t1 in N steps (MATH.md §4).
 * Each solver is ONE Butcher tableau; this file runs it on Float32Arrays and the tfjs
 * sampler runs the same tableau on tensors, so the formulas live in one place.
 */
import type { Points, VelocityFn } from './types';

export interface SolverTableau {
  readonly id: string;
  readonly label: string;
  /** Global order of accuracy. */
  readonly order: number;
  /** Stage k uses x + h Σ_j a[k][j] K_j at time t + c[k] h. */
  readonly a: readonly (readonly number[])[];
  /** x ← x + h Σ_k b[k] K_k. */
  readonly b: readonly number[];
  readonly c: readonly number[];
}

/** The registry: add a solver here (plus `solver_<id>` in both catalogues and a test). */
export const SOLVERS = {
  // x ← x + h v(x, t)
  euler: { id: 'euler', label: 'Euler', order: 1, a: [[]], b: [1], c: [0] },
  // x ← x + h v(x + (h/2) v(x, t), t + h/2)
  midpoint: { id: 'midpoint', label: 'Midpoint', order: 2, a: [[], [0.5]], b: [0, 1], c: [0, 0.5] },
  // x̃ = x + h v(x, t); x ← x + (h/2)(v(x, t) + v(x̃, t + h))
  heun: { id: 'heun', label: 'Heun', order: 2, a: [[], [1]], b: [0.5, 0.5], c: [0, 1] },
  rk4: {
    id: 'rk4',
    label: 'RK4',
    order: 4,
    a: [[], [0.5], [0, 0.5], [0, 0, 1]],
    b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
    c: [0, 0.5, 0.5, 1],
  },
} satisfies Record<string, SolverTableau>;

/** Identifier of an ODE solver: a key of the registry. */
export type SolverId = keyof typeof SOLVERS;

export const SOLVER_IDS = Object.keys(SOLVERS) as SolverId[];

/**
 * What the sampler can be asked for: every tableau above, or Dormand–Prince 5(4) with a
 * tolerance (adaptive.ts, adaptiveBatch.ts), whose NFE differs per particle.
 */
export const ADAPTIVE_SOLVER = 'dopri5';
export type SamplingSolverId = SolverId | typeof ADAPTIVE_SOLVER;
export const SAMPLING_SOLVER_IDS: readonly SamplingSolverId[] = [...SOLVER_IDS, ADAPTIVE_SOLVER];

/** Number of network evaluations: steps × stages (Euler N, midpoint/Heun 2N, RK4 4N). */
export function nfe(solver: SolverId, steps: number): number {
  return steps * SOLVERS[solver].b.length;
}

export interface IntegrateOptions {
  solver: SolverId;
  steps: number;
  t0?: number;
  t1?: number;
  /** Keep every frame: (steps + 1) frames of n points, frame-major. */
  record?: boolean;
}

export interface IntegrateResult {
  x: Points;
  trajectory: Float32Array | null;
}

/** Integrates dx/dt = v(x, t) with h = (t1 − t0)/steps; allocates nothing per step. */
export function integrate(v: VelocityFn, x0: Points, opts: IntegrateOptions): IntegrateResult {
  const { solver, steps, t0 = 0, t1 = 1, record = false } = opts;
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be ≥ 1, got ${steps}`);
  const tab = SOLVERS[solver];
  const size = x0.length;
  const h = (t1 - t0) / steps;
  const x = Float32Array.from(x0);
  const stage = new Float32Array(size);
  const K = tab.b.map(() => new Float32Array(size));
  const trajectory = record ? new Float32Array((steps + 1) * size) : null;
  trajectory?.set(x, 0);
  for (let n = 0; n < steps; n++) {
    const t = t0 + n * h;
    for (let k = 0; k < K.length; k++) {
      const ak = tab.a[k] ?? [];
      stage.set(x);
      for (let j = 0; j < ak.length; j++) {
        const coef = h * ak[j]!;
        if (coef === 0) continue;
        const Kj = K[j]!;
        for (let i = 0; i < size; i++) stage[i] = stage[i]! + coef * Kj[i]!;
      }
      v(stage, t + tab.c[k]! * h, K[k]!);
    }
    for (let k = 0; k < K.length; k++) {
      const coef = h * tab.b[k]!;
      if (coef === 0) continue;
      const Kk = K[k]!;
      for (let i = 0; i < size; i++) x[i] = x[i]! + coef * Kk[i]!;
    }
    trajectory?.set(x, (n + 1) * size);
  }
  return { x, trajectory };
}
