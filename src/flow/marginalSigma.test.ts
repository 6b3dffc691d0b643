import { describe, expect, it } from 'vitest';
import { DATASETS } from './datasets';
import { logLikelihood } from './likelihood';
import {
  marginalLogDensity,
  marginalVelocity,
  marginalVelocityDivergence,
  widenedPath,
} from './marginal';
import { createRng, sampleNormal } from './rng';
import { makeScheduler, SCHEDULER_IDS } from './schedulers';
import type { Points } from './types';

/** u*_t at one point of a batched field. */
function at(field: ReturnType<typeof marginalVelocity>, x: number, y: number, t: number) {
  const out = new Float32Array(2);
  field(Float32Array.of(x, y), t, out);
  return [out[0]!, out[1]!] as const;
}

/**
 * E[u | xt = x] by self-normalised importance sampling of the forward model alone: draw
 * (x1, x0) from the prior, weight each by p(x | x0, x1) = N(x; α x1 + σ_t x0, σ² I) (Bayes),
 * average u = α̇ x1 + σ̇ x0. No posterior formula of marginal.ts is used.
 */
function monteCarloField(
  coef: { a: number; g: number; da: number; dg: number },
  targets: Points,
  sigma: number,
  x: readonly [number, number],
  n: number,
  seed: number,
): [number, number] {
  const rng = createRng(seed);
  const m = targets.length / 2;
  let z = 0;
  let ux = 0;
  let uy = 0;
  for (let k = 0; k < n; k++) {
    const i = rng.int(m);
    const [x1, y1] = [targets[2 * i]!, targets[2 * i + 1]!];
    const [x0, y0] = [rng.normal(), rng.normal()];
    const dx = x[0] - coef.a * x1 - coef.g * x0;
    const dy = x[1] - coef.a * y1 - coef.g * y0;
    const w = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
    z += w;
    ux += w * (coef.da * x1 + coef.dg * x0);
    uy += w * (coef.da * y1 + coef.dg * y0);
  }
  return [ux / z, uy / z];
}

describe('exact marginal field with σ around the path (docs/sigma-and-reflow.md §1)', () => {
  const targets = DATASETS.moons.sample(120, createRng(11));

  it('σ = 0 is the σ-free field to the bit, and small σ tends to it', () => {
    const probes = sampleNormal(40, createRng(12), 1.5);
    for (const id of SCHEDULER_IDS) {
      const s = makeScheduler(id);
      expect(widenedPath(s, 0)).toBe(s);
      for (const t of [0.1, 0.5, 0.9]) {
        const plain = new Float32Array(probes.length);
        const zero = new Float32Array(probes.length);
        const tiny = new Float32Array(probes.length);
        marginalVelocity(s, targets)(probes, t, plain);
        marginalVelocity(s, targets, 0)(probes, t, zero);
        marginalVelocity(s, targets, 1e-6)(probes, t, tiny);
        expect(Array.from(zero)).toEqual(Array.from(plain));
        for (let i = 0; i < probes.length; i++) {
          expect(Math.abs(tiny[i]! - plain[i]!)).toBeLessThan(1e-3 * (1 + Math.abs(plain[i]!)));
        }
      }
    }
  });

  it('for one target point is α̇ x1 + σ̇_t σ_t (x − α_t x1)/(σ_t² + σ²) (OT and cosine)', () => {
    const x1 = [1.5, -0.5] as const;
    const w = Math.PI / 2;
    const closedForms = {
      ot: (t: number) => ({ a: t, g: 1 - t, da: 1, dg: -1 }),
      cosine: (t: number) => ({
        a: Math.sin(w * t),
        g: Math.cos(w * t),
        da: w * Math.cos(w * t),
        dg: -w * Math.sin(w * t),
      }),
    };
    for (const [id, coef] of Object.entries(closedForms)) {
      for (const sigma of [0.1, 0.5]) {
        const field = marginalVelocity(makeScheduler(id as 'ot'), Float32Array.from(x1), sigma);
        for (const t of [0.05, 0.4, 0.9, 0.999]) {
          const { a, g, da, dg } = coef(t);
          const x = [0.3, 0.8] as const;
          const u = at(field, x[0], x[1], t);
          for (const c of [0, 1]) {
            const expected =
              da * x1[c]! + (dg * g * (x[c]! - a * x1[c]!)) / (g * g + sigma * sigma);
            expect(u[c]!, `${id} σ=${sigma} t=${t}`).toBeCloseTo(expected, 4);
          }
        }
      }
    }
  });

  it('is E[u | xt = x] by Monte Carlo on a two-point target, where the σ = 0 field is not', () => {
    const two = Float32Array.of(-1.5, 0.5, 1.5, -0.5);
    const sigma = 0.3;
    let worstZero = 0;
    for (const id of ['ot', 'vp'] as const) {
      const s = makeScheduler(id);
      const field = marginalVelocity(s, two, sigma);
      const plain = marginalVelocity(s, two);
      for (const [px, py, t] of [
        [0.2, 0.1, 0.5],
        [1, -0.3, 0.8],
        [-0.5, 0.4, 0.3],
      ] as const) {
        const coef = { a: s.alpha(t), g: s.sigma(t), da: s.dAlpha(t), dg: s.dSigma(t) };
        const mc = monteCarloField(coef, two, sigma, [px, py], 400_000, 13);
        const u = at(field, px, py, t);
        const u0 = at(plain, px, py, t);
        expect(Math.hypot(u[0] - mc[0], u[1] - mc[1]), `${id} (${px}, ${py}) t=${t}`).toBeLessThan(
          0.05,
        );
        worstZero = Math.max(worstZero, Math.hypot(u0[0] - mc[0], u0[1] - mc[1]));
      }
    }
    expect(worstZero).toBeGreaterThan(0.2);
  });

  it('its divergence matches finite differences for every scheduler', () => {
    const rng = createRng(14);
    for (const id of SCHEDULER_IDS) {
      const field = marginalVelocityDivergence(makeScheduler(id), targets, 0.2);
      const batched = marginalVelocity(makeScheduler(id), targets, 0.2);
      for (const t of [0.1, 0.5, 0.95, 1]) {
        const [x, y] = [2 * rng.normal(), 2 * rng.normal()];
        const v = new Float64Array(2);
        const div = field(x, y, t, v);
        const vb = at(batched, x, y, t);
        expect(Math.hypot(v[0]! - vb[0], v[1]! - vb[1])).toBeLessThan(
          1e-4 * (1 + Math.hypot(...vb)),
        );
        const e = 1e-5;
        const comp = (dx: number, dy: number, c: number) => {
          const w = new Float64Array(2);
          field(x + dx, y + dy, t, w);
          return w[c]!;
        };
        const fd = (comp(e, 0, 0) - comp(-e, 0, 0) + comp(0, e, 1) - comp(0, -e, 1)) / (2 * e);
        expect(Math.abs(div - fd)).toBeLessThan(1e-5 * (1 + Math.abs(div)));
      }
    }
  });

  it('carries its own density: the likelihood ODE from p₀ gives the widened mixture at t₁', () => {
    const few = DATASETS.moons.sample(15, createRng(15));
    const sigma = 0.1;
    for (const [id, t1] of [
      ['ot', 0.999],
      ['vp', 0.9],
    ] as const) {
      const s = makeScheduler(id);
      const x = Float32Array.from(few.map((c, i) => c + 0.2 * (i % 3 ? 1 : -1)));
      const { logp } = logLikelihood(
        marginalVelocityDivergence(s, few, sigma),
        x,
        (a, b) => marginalLogDensity(s, few, 0, a, b, sigma),
        { solver: 'dopri5', rtol: 1e-9, atol: 1e-9 },
        { t1 },
      );
      for (let p = 0; p < 15; p++) {
        const exact = marginalLogDensity(s, few, t1, x[2 * p]!, x[2 * p + 1]!, sigma);
        expect(Math.abs(logp[p]! - exact), `${id} point ${p}`).toBeLessThan(1e-4);
      }
    }
  });
});
