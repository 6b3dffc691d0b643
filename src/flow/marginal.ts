/**
 * The exact marginal velocity of a Gaussian path toward a finite point set (MATH.md §3):
 *   w_i(x, t) = softmax_i(−‖x − α_t x1ⁱ‖² / (2σ_t²))
 *   u*_t(x)   = Σ_i w_i [α̇_t x1ⁱ + σ̇_t (x − α_t x1ⁱ)/σ_t]
 * What a perfect network trained on exactly these points would learn: a test oracle and the
 * "exact field" overlay. Every function takes the σ around the path (`pathSigma`, the
 * training setting; docs/sigma-and-reflow.md): with it σ_t² → s_t² = σ_t² + σ² and
 * σ̇_t/σ_t → σ̇_t σ_t / s_t², the field of the widened path `widenedPath(s, σ)`.
 */
import type { FieldWithDivergence, Points, Scheduler, VelocityFn } from './types';

/** σ_t is 0 at t = 1 for OT and cosine; the field is evaluated just before. */
const T_CEILING = 1 - 1e-4;

/**
 * The Gaussian path that the σ-path's marginal follows (docs/sigma-and-reflow.md §1):
 * xt = α_t x1 + σ_t x0 + σ ε has xt | x1 ~ N(α_t x1, s_t² I) with
 *   s_t = √(σ_t² + σ²),   ṡ_t = σ_t σ̇_t / s_t,
 * and E[α̇_t x1 + σ̇_t x0 | xt, x1] = α̇_t x1 + (ṡ_t/s_t)(xt − α_t x1), the x-form of the path
 * N(α_t x1, s_t² I). So the exact marginal field, its divergence and its density are those of
 * this path. Its source scale is √(sourceScale² + σ²) (the true p_0). σ = 0 returns `s` itself.
 */
export function widenedPath(s: Scheduler, pathSigma: number): Scheduler {
  if (!(pathSigma > 0)) return s;
  const v = pathSigma * pathSigma;
  const sigma = (t: number) => Math.sqrt(s.sigma(t) ** 2 + v);
  return {
    ...s,
    alpha: (t) => s.alpha(t),
    dAlpha: (t) => s.dAlpha(t),
    sigma,
    dSigma: (t) => (s.sigma(t) * s.dSigma(t)) / sigma(t),
    sourceScale: Math.hypot(s.sourceScale, pathSigma),
  };
}

/**
 * The exact marginal field u*_t of the path `s` toward `targets`, as a batched VelocityFn; with
 * σ around the path (`pathSigma` > 0) that of xt = α_t x1 + σ_t x0 + σ ε:
 *   u*_t(x) = Σ_i w_i [α̇_t x1ⁱ + σ̇_t σ_t (x − α_t x1ⁱ)/(σ_t² + σ²)],
 *   w_i ∝ exp(−‖x − α_t x1ⁱ‖² / (2(σ_t² + σ²))).
 */
export function marginalVelocity(s: Scheduler, targets: Points, pathSigma = 0): VelocityFn {
  return gaussianPathField(widenedPath(s, pathSigma), targets);
}

/** MATH.md §3's u*_t for one Gaussian path (σ_t > 0 before T_CEILING). */
function gaussianPathField(s: Scheduler, targets: Points): VelocityFn {
  const m = targets.length / 2;
  const logits = new Float64Array(m);
  return (x, t, out) => {
    const tc = Math.min(Math.max(t, s.tMin), s.tMax, T_CEILING);
    const a = s.alpha(tc);
    const g = s.sigma(tc);
    const da = s.dAlpha(tc);
    const k = s.dSigma(tc) / g;
    const inv2var = 1 / (2 * g * g);
    for (let p = 0; p < x.length / 2; p++) {
      const px = x[2 * p]!;
      const py = x[2 * p + 1]!;
      let maxLogit = -Infinity;
      for (let i = 0; i < m; i++) {
        const dx = px - a * targets[2 * i]!;
        const dy = py - a * targets[2 * i + 1]!;
        const l = -(dx * dx + dy * dy) * inv2var;
        logits[i] = l;
        if (l > maxLogit) maxLogit = l;
      }
      // Stable softmax: shifting by the max keeps exp() from underflowing to 0/0.
      let z = 0;
      let mx = 0;
      let my = 0;
      for (let i = 0; i < m; i++) {
        const w = Math.exp(logits[i]! - maxLogit);
        z += w;
        mx += w * targets[2 * i]!;
        my += w * targets[2 * i + 1]!;
      }
      mx /= z;
      my /= z;
      // Σ w_i [α̇ x1ⁱ + k (x − α x1ⁱ)] = α̇ E[x1] + k (x − α E[x1]), with E the posterior mean.
      out[2 * p] = da * mx + k * (px - a * mx);
      out[2 * p + 1] = da * my + k * (py - a * my);
    }
  };
}

/**
 * u*_t and its divergence at one point. With k = σ̇/σ and μ = Σ w_i x1ⁱ the posterior mean,
 * u* = (α̇ − kα) μ + k x and ∇w_i = w_i (α/σ²)(x1ⁱ − μ), so
 *   div u* = 2k + (α̇ − kα)(α/σ²) Σ_i w_i ‖x1ⁱ − μ‖²
 * (the posterior variance of x1 given x, docs/adaptive-and-likelihood.md). With σ around the
 * path, σ_t → s_t = √(σ_t² + σ²) and k → σ̇_t σ_t / s_t² (`widenedPath`).
 */
export function marginalVelocityDivergence(
  path: Scheduler,
  targets: Points,
  pathSigma = 0,
): FieldWithDivergence {
  const s = widenedPath(path, pathSigma);
  const m = targets.length / 2;
  const w = new Float64Array(m);
  return (px, py, t, out) => {
    const tc = Math.min(Math.max(t, s.tMin), s.tMax, T_CEILING);
    const a = s.alpha(tc);
    const g = s.sigma(tc);
    const k = s.dSigma(tc) / g;
    const c = s.dAlpha(tc) - k * a;
    posteriorWeights(targets, a, g, px, py, w);
    let mx = 0;
    let my = 0;
    for (let i = 0; i < m; i++) {
      mx += w[i]! * targets[2 * i]!;
      my += w[i]! * targets[2 * i + 1]!;
    }
    let variance = 0;
    for (let i = 0; i < m; i++) {
      variance += w[i]! * ((targets[2 * i]! - mx) ** 2 + (targets[2 * i + 1]! - my) ** 2);
    }
    out[0] = c * mx + k * px;
    out[1] = c * my + k * py;
    return 2 * k + ((c * a) / (g * g)) * variance;
  };
}

/** w_i = softmax_i(−‖x − α x1ⁱ‖² / (2σ²)) into `w`, shifted by the largest logit. */
function posteriorWeights(
  targets: Points,
  a: number,
  g: number,
  px: number,
  py: number,
  w: Float64Array,
): void {
  let top = -Infinity;
  for (let i = 0; i < w.length; i++) {
    const l =
      -((px - a * targets[2 * i]!) ** 2 + (py - a * targets[2 * i + 1]!) ** 2) / (2 * g * g);
    w[i] = l;
    if (l > top) top = l;
  }
  let z = 0;
  for (let i = 0; i < w.length; i++) z += w[i] = Math.exp(w[i]! - top);
  for (let i = 0; i < w.length; i++) w[i] = w[i]! / z;
}

/**
 * The marginal density itself, log p_t(x) = log (1/N) Σ_i N(x; α_t x1ⁱ, σ_t² I): a mixture of
 * N isotropic Gaussians, in closed form at every t < 1 (and at t = 1 for VE, σ_min > 0). With
 * σ around the path the variances are σ_t² + σ² (finite at t = 1 too).
 */
export function marginalLogDensity(
  path: Scheduler,
  targets: Points,
  t: number,
  x: number,
  y: number,
  pathSigma = 0,
): number {
  const s = widenedPath(path, pathSigma);
  const a = s.alpha(t);
  const g = s.sigma(t);
  const m = targets.length / 2;
  let top = -Infinity;
  const logits = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    logits[i] =
      -((x - a * targets[2 * i]!) ** 2 + (y - a * targets[2 * i + 1]!) ** 2) / (2 * g * g);
    if (logits[i]! > top) top = logits[i]!;
  }
  let z = 0;
  for (let i = 0; i < m; i++) z += Math.exp(logits[i]! - top);
  return top + Math.log(z / m) - Math.log(2 * Math.PI * g * g);
}
