/**
 * Exact log-likelihood of a flow (MATH.md §4, docs/adaptive-and-likelihood.md): along a
 * trajectory d/dt log p_t(x_t) = −div v(x_t, t), so
 *   log p₁(x) = log p₀(x₀) − ∫₀¹ div v(x_t, t) dt,
 * with x₀ found by integrating the ODE backward from x at t = 1. The augmented state
 * [x, y, ℓ] with dℓ/dt = −div v, ℓ(1) = 0, gives ℓ(0) = ∫₀¹ div v dt in the same pass.
 */
import { dormandPrince, rungeKutta, type AdaptiveOptions, type OdeFn } from './adaptive';
import { SOLVERS } from './solvers';
import type { FieldWithDivergence, Points, SolverId } from './types';

/** A fixed-step tableau of the registry, or Dormand–Prince 5(4) with its tolerances. */
export type LikelihoodSolver =
  { solver: SolverId; steps: number } | ({ solver: 'dopri5' } & AdaptiveOptions);

/** log p₁ at each point and the field evaluations each needed. */
export interface LikelihoodResult {
  logp: Float64Array;
  nfe: Uint32Array;
}

/** log N(x; 0, s² I) in 2D = −log(2π s²) − ‖x‖² / (2 s²): the source density p₀. */
export function gaussianLogDensity(scale = 1): (x: number, y: number) => number {
  return (x, y) => -Math.log(2 * Math.PI * scale * scale) - (x * x + y * y) / (2 * scale * scale);
}

/** The augmented ODE d[x, y, ℓ]/dt = [v(x, t), −div v(x, t)]. */
export function augmentedField(field: FieldWithDivergence): OdeFn {
  const v = new Float64Array(2);
  return (y, t, out) => {
    const div = field(y[0]!, y[1]!, t, v);
    out[0] = v[0]!;
    out[1] = v[1]!;
    out[2] = -div;
  };
}

/**
 * log p_{t1}(x) = log p_{t0}(x_{t0}) − ∫_{t0}^{t1} div v dt for every point x, integrating
 * backward from t1 (default 1) to t0 (default 0); `logP0` is the density at t0.
 */
export function logLikelihood(
  field: FieldWithDivergence,
  points: Points,
  logP0: (x: number, y: number) => number,
  method: LikelihoodSolver,
  range: { t0?: number; t1?: number } = {},
): LikelihoodResult {
  const { t0 = 0, t1 = 1 } = range;
  const f = augmentedField(field);
  const n = points.length / 2;
  const logp = new Float64Array(n);
  const nfe = new Uint32Array(n);
  for (let p = 0; p < n; p++) {
    const start = [points[2 * p]!, points[2 * p + 1]!, 0];
    const r =
      method.solver === 'dopri5'
        ? dormandPrince(f, start, { ...method, t0: t1, t1: t0 })
        : rungeKutta(SOLVERS[method.solver], f, start, { steps: method.steps, t0: t1, t1: t0 });
    logp[p] = logP0(r.y[0]!, r.y[1]!) - r.y[2]!;
    nfe[p] = r.nfe;
  }
  return { logp, nfe };
}
