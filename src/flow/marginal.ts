/**
 * The exact marginal velocity of a Gaussian path toward a finite point set (MATH.md §3):
 *   w_i(x, t) = softmax_i(−‖x − α_t x1ⁱ‖² / (2σ_t²))
 *   u*_t(x)   = Σ_i w_i [α̇_t x1ⁱ + σ̇_t (x − α_t x1ⁱ)/σ_t]
 * What a perfect network trained on exactly these points would learn: a test oracle and the
 * "exact field" overlay.
 */
import type { Points, Scheduler, VelocityFn } from './types';

/** σ_t is 0 at t = 1 for OT and cosine; the field is evaluated just before. */
const T_CEILING = 1 - 1e-4;

/** The exact marginal field u*_t of the path `s` toward `targets`, as a batched VelocityFn. */
export function marginalVelocity(s: Scheduler, targets: Points): VelocityFn {
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
