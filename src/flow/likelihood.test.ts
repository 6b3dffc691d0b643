import { describe, expect, it } from 'vitest';
import { DATASETS } from './datasets';
import { gaussianLogDensity, logLikelihood, type LikelihoodSolver } from './likelihood';
import { marginalLogDensity, marginalVelocity, marginalVelocityDivergence } from './marginal';
import { createRng, sampleNormal } from './rng';
import { makeScheduler, SCHEDULER_IDS } from './schedulers';
import type { FieldWithDivergence } from './types';

/**
 * OT path toward a Gaussian mixture Σ π_k N(m_k, s_k² I) from N(0, I): p_t = Σ π_k N(t m_k, S_k²)
 * with S_k² = t² s_k² + (1 − t)². Component k alone moves by u_k = t·m_k's rate plus a
 * rescaling: u_k = m_k + (Ṡ_k/S_k)(x − t m_k), Ṡ_k/S_k = (t s_k² − (1 − t))/S_k², div u_k = 2Ṡ_k/S_k.
 * The mixture's field is Σ r_k u_k with responsibilities r_k ∝ π_k N_k(x), and
 * div = Σ r_k div u_k + Σ r_k (g_k − ḡ)·u_k with g_k = ∇log N_k = −(x − t m_k)/S_k².
 * Written from the Gaussian algebra, independently of marginal.ts.
 */
function gaussianMixtureOtField(comps: { pi: number; m: [number, number]; s: number }[]): {
  field: FieldWithDivergence;
  logDensity: (t: number, x: number, y: number) => number;
} {
  const parts = (t: number, x: number, y: number) =>
    comps.map(({ pi, m, s }) => {
      const S2 = t * t * s * s + (1 - t) ** 2;
      const rate = (t * s * s - (1 - t)) / S2;
      const d = [x - t * m[0], y - t * m[1]] as const;
      const logN = Math.log(pi) - Math.log(2 * Math.PI * S2) - (d[0] ** 2 + d[1] ** 2) / (2 * S2);
      const u = [m[0] + rate * d[0], m[1] + rate * d[1]] as const;
      return { logN, u, div: 2 * rate, g: [-d[0] / S2, -d[1] / S2] as const };
    });
  const logDensity = (t: number, x: number, y: number) => {
    const l = parts(t, x, y).map((p) => p.logN);
    const top = Math.max(...l);
    return top + Math.log(l.reduce((acc, v) => acc + Math.exp(v - top), 0));
  };
  const field: FieldWithDivergence = (x, y, t, v) => {
    const ps = parts(t, x, y);
    const lse = logDensity(t, x, y);
    const r = ps.map((p) => Math.exp(p.logN - lse));
    const gBar = [0, 1].map((c) => ps.reduce((acc, p, k) => acc + r[k]! * p.g[c]!, 0));
    v[0] = ps.reduce((acc, p, k) => acc + r[k]! * p.u[0], 0);
    v[1] = ps.reduce((acc, p, k) => acc + r[k]! * p.u[1], 0);
    return ps.reduce(
      (acc, p, k) =>
        acc + r[k]! * (p.div + (p.g[0] - gBar[0]!) * p.u[0] + (p.g[1] - gBar[1]!) * p.u[1]),
      0,
    );
  };
  return { field, logDensity };
}

const METHODS: LikelihoodSolver[] = [
  { solver: 'rk4', steps: 200 },
  { solver: 'dopri5', rtol: 1e-9, atol: 1e-9 },
];

describe('divergence of the exact marginal field (MATH.md §3)', () => {
  it('matches central finite differences of the field and the batched field itself', () => {
    const targets = DATASETS['8gaussians'].sample(50, createRng(1));
    const rng = createRng(2);
    for (const id of SCHEDULER_IDS) {
      const s = makeScheduler(id);
      const field = marginalVelocityDivergence(s, targets);
      const batched = marginalVelocity(s, targets);
      for (const t of [0.1, 0.5, 0.8, 0.95]) {
        for (let trial = 0; trial < 5; trial++) {
          const [x, y] = [3 * rng.normal(), 3 * rng.normal()];
          const v = new Float64Array(2);
          const div = field(x, y, t, v);
          const vb = new Float32Array(2);
          batched(Float32Array.of(x, y), t, vb);
          expect(Math.hypot(v[0]! - vb[0]!, v[1]! - vb[1]!)).toBeLessThan(
            1e-4 * (1 + Math.hypot(v[0]!, v[1]!)),
          );
          const e = 1e-5;
          const at = (dx: number, dy: number, c: number) => {
            const w = new Float64Array(2);
            field(x + dx, y + dy, t, w);
            return w[c]!;
          };
          const fd = (at(e, 0, 0) - at(-e, 0, 0) + at(0, e, 1) - at(0, -e, 1)) / (2 * e);
          expect(Math.abs(div - fd)).toBeLessThan(1e-5 * (1 + Math.abs(div)));
        }
      }
    }
  });
});

describe('exact log-likelihood: log p₁(x) = log p₀(x₀) − ∫ div v dt (MATH.md §4)', () => {
  it('recovers a Gaussian target N(m, s²I) under the OT path to 1e-4', () => {
    const { field } = gaussianMixtureOtField([{ pi: 1, m: [1.5, -0.5], s: 0.4 }]);
    const x = Float32Array.from(
      sampleNormal(30, createRng(3)).map((z, i) => (i % 2 ? -0.5 : 1.5) + 0.6 * z),
    );
    for (const method of METHODS) {
      const { logp } = logLikelihood(field, x, gaussianLogDensity(), method);
      for (let p = 0; p < 30; p++) {
        const d2 = (x[2 * p]! - 1.5) ** 2 + (x[2 * p + 1]! + 0.5) ** 2;
        const exact = -Math.log(2 * Math.PI * 0.16) - d2 / (2 * 0.16);
        expect(Math.abs(logp[p]! - exact)).toBeLessThan(1e-4);
      }
    }
  });

  it('recovers a two-component mixture with unequal weights and widths', () => {
    const mixture = gaussianMixtureOtField([
      { pi: 0.3, m: [-2, 0], s: 0.3 },
      { pi: 0.7, m: [1.5, 1], s: 0.6 },
    ]);
    const x = Float32Array.from(sampleNormal(40, createRng(4)).map((z) => 1.5 * z));
    for (const method of METHODS) {
      const { logp } = logLikelihood(mixture.field, x, gaussianLogDensity(), method);
      for (let p = 0; p < 40; p++) {
        const exact = mixture.logDensity(1, x[2 * p]!, x[2 * p + 1]!);
        expect(Math.abs(logp[p]! - exact)).toBeLessThan(1e-4);
      }
    }
  });

  it('gives the mixture density of the exact marginal field of a finite target (OT, VP, VE)', () => {
    const targets = DATASETS.moons.sample(20, createRng(5));
    // p_t = (1/N) Σ N(α_t x1ⁱ, σ_t² I) is closed-form for t < 1 (VE: σ_min > 0 up to t = 1;
    // 0.99 keeps clear of marginal.ts's clamp at 1 − 1e-4).
    for (const [id, t1] of [
      ['ot', 0.9],
      ['vp', 0.9],
      ['ve', 0.99],
    ] as const) {
      const s = makeScheduler(id);
      const sigma1 = s.sigma(t1);
      const z = sampleNormal(20, createRng(6));
      const x = Float32Array.from(targets.map((c, i) => c + 1.5 * sigma1 * z[i]!));
      const logP0 = (a: number, b: number) => marginalLogDensity(s, targets, 0, a, b);
      const { logp, nfe } = logLikelihood(
        marginalVelocityDivergence(s, targets),
        x,
        logP0,
        { solver: 'dopri5', rtol: 1e-9, atol: 1e-9 },
        { t1 },
      );
      for (let p = 0; p < 20; p++) {
        const exact = marginalLogDensity(s, targets, t1, x[2 * p]!, x[2 * p + 1]!);
        expect(Math.abs(logp[p]! - exact)).toBeLessThan(1e-4);
      }
      expect(Math.min(...nfe)).toBeGreaterThan(20);
    }
  });

  it('is wrong by the integral when the divergence is dropped (the check can fail)', () => {
    const { field } = gaussianMixtureOtField([{ pi: 1, m: [1, 0], s: 0.5 }]);
    const noDivergence: FieldWithDivergence = (x, y, t, v) => (field(x, y, t, v), 0);
    const x = Float32Array.of(1, 0);
    const right = logLikelihood(field, x, gaussianLogDensity(), METHODS[1]!).logp[0]!;
    const wrong = logLikelihood(noDivergence, x, gaussianLogDensity(), METHODS[1]!).logp[0]!;
    // ∫₀¹ div u dt = 2 log(S₁/S₀) = 2 log s: the log-density gains −2 log 0.5.
    expect(right - wrong).toBeCloseTo(-2 * Math.log(0.5), 6);
  });
});
