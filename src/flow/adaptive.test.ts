import { describe, expect, it } from 'vitest';
import {
  dormandPrince,
  DORMAND_PRINCE,
  DORMAND_PRINCE_FIXED,
  integrateAdaptive,
  rungeKutta,
  type OdeFn,
} from './adaptive';
import { DATASETS } from './datasets';
import { marginalVelocity } from './marginal';
import { createRng, sampleNormal } from './rng';
import { makeScheduler } from './schedulers';
import { SOLVERS } from './solvers';
import type { VelocityFn } from './types';

// dy/dt = A y with A = [[−0.5, −2], [2, −0.5]]: y(t) = e^{−0.5t} R(2t) y(0).
const linear: OdeFn = (y, _t, out) => {
  out[0] = -0.5 * y[0]! - 2 * y[1]!;
  out[1] = 2 * y[0]! - 0.5 * y[1]!;
};
const exact = (x: number, y: number, t: number) => {
  const d = Math.exp(-0.5 * t);
  return [
    d * (Math.cos(2 * t) * x - Math.sin(2 * t) * y),
    d * (Math.sin(2 * t) * x + Math.cos(2 * t) * y),
  ];
};
const errorAt1 = (y: Float64Array) => {
  const [ex, ey] = exact(1, 0.5, 1);
  return Math.hypot(y[0]! - ex!, y[1]! - ey!);
};

describe('Dormand–Prince 5(4) (MATH.md §4)', () => {
  it('has a 5th-order solution and a 4th-order embedded one on fixed steps', () => {
    const fixedError = (tab: typeof DORMAND_PRINCE_FIXED, steps: number) =>
      errorAt1(rungeKutta(tab, linear, [1, 0.5], { steps }).y);
    const embedded = { ...DORMAND_PRINCE, order: 4, b: DORMAND_PRINCE.bHat };
    const order5 = Math.log2(
      fixedError(DORMAND_PRINCE_FIXED, 4) / fixedError(DORMAND_PRINCE_FIXED, 8),
    );
    const order4 = Math.log2(fixedError(embedded, 4) / fixedError(embedded, 8));
    expect(order5).toBeGreaterThan(4.7);
    expect(order5).toBeLessThan(5.5);
    expect(order4).toBeGreaterThan(3.7);
    expect(order4).toBeLessThan(4.5);
    // Consistency: each row of a sums to its c, and both weight sets sum to 1.
    DORMAND_PRINCE.a.forEach((row, k) =>
      expect(row.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(DORMAND_PRINCE.c[k]!, 14),
    );
    expect(DORMAND_PRINCE.bHat.reduce((s: number, v: number) => s + v, 0)).toBeCloseTo(1, 14);
  });

  it('meets the tolerance on a linear ODE, and NFE grows like tol^(−1/5)', () => {
    const runs = [1e-4, 1e-6, 1e-8, 1e-10].map((tol) => {
      const r = dormandPrince(linear, [1, 0.5], { rtol: tol, atol: tol });
      return { tol, err: errorAt1(r.y), nfe: r.nfe };
    });
    for (const { tol, err } of runs) expect(err).toBeLessThan(tol);
    const first = runs[0]!;
    const last = runs[runs.length - 1]!;
    // Local error ∝ h⁵ is held at tol, so steps ∝ tol^(−1/5): a 10⁶ tighter tol costs ~16× NFE.
    const slope = Math.log(last.nfe / first.nfe) / Math.log(first.tol / last.tol);
    expect(slope).toBeGreaterThan(0.15);
    expect(slope).toBeLessThan(0.25);
  });

  it('integrates backward and reuses the last stage (6 evaluations per accepted step)', () => {
    const r = dormandPrince(linear, exact(1, 0.5, 1), { rtol: 1e-9, atol: 1e-9, t0: 1, t1: 0 });
    expect(Math.hypot(r.y[0]! - 1, r.y[1]! - 0.5)).toBeLessThan(1e-8);
    expect(r.nfe).toBe(2 + 6 * (r.accepted + r.rejected));
  });

  it('meets the tolerance on the exact marginal field against a fine RK4 reference', () => {
    const targets = DATASETS.moons.sample(64, createRng(3));
    const x0 = sampleNormal(40, createRng(4));
    for (const id of ['ot', 'vp'] as const) {
      const v = marginalVelocity(makeScheduler(id), targets);
      const xIn = new Float32Array(2);
      const vOut = new Float32Array(2);
      const f: OdeFn = (y, t, out) => {
        xIn.set(y);
        v(xIn, t, vOut);
        out.set(vOut);
      };
      // Stop at t = 0.98: closer to 1 the field contracts at rate 1/(1 − t) and RK4's
      // fixed grid (here 4000 steps, within 1e-8 of 8000) would need refining there too.
      const refs = Array.from(
        { length: 40 },
        (_, p) =>
          rungeKutta(SOLVERS.rk4, f, x0.subarray(2 * p, 2 * p + 2), { steps: 4000, t1: 0.98 }).y,
      );
      const worst = (tol: number) =>
        Math.max(
          ...refs.map((ref, p) => {
            const { y } = dormandPrince(f, x0.subarray(2 * p, 2 * p + 2), {
              rtol: tol,
              atol: tol,
              t1: 0.98,
            });
            return Math.hypot(y[0]! - ref[0]!, y[1]! - ref[1]!);
          }),
        );
      // The tolerance bounds each step's local error; the global error is a few tens of
      // tol (measured 21–41× over ~15 steps) and falls with it (10× tighter: 11× (VP), 44× (OT)).
      const [e5, e6] = [worst(1e-5), worst(1e-6)];
      expect(e5).toBeLessThan(60 * 1e-5);
      expect(e6).toBeLessThan(60 * 1e-6);
      expect(e5 / e6).toBeGreaterThan(4);
      expect(e5 / e6).toBeLessThan(80);
    }
  });

  it('spends more evaluations on the curved flow of independent pairs than on a straight one', () => {
    const x0 = sampleNormal(200, createRng(5));
    const ot = makeScheduler('ot');
    const curved = marginalVelocity(ot, DATASETS.moons.sample(256, createRng(6)));
    // One target point: u = (x1 − x)/(1 − t), every path a straight line at constant speed.
    const straight = marginalVelocity(ot, Float32Array.of(1, 0.5));
    const constant: VelocityFn = (_x, _t, out) => out.fill(0.7);
    const mean = (a: Uint32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const opts = { rtol: 1e-4, atol: 1e-4, t1: 0.999 };
    const perParticle = integrateAdaptive(curved, x0, opts).nfe;
    const nfeCurved = mean(perParticle);
    const nfeStraight = mean(integrateAdaptive(straight, x0, opts).nfe);
    const nfeConstant = mean(integrateAdaptive(constant, x0, opts).nfe);
    expect(nfeCurved).toBeGreaterThan(2 * nfeStraight);
    // Each particle takes its own steps: the counts differ (what an NFE heat map shows).
    expect(Math.max(...perParticle)).toBeGreaterThan(1.5 * Math.min(...perParticle));
    expect(nfeStraight).toBeLessThanOrEqual(nfeConstant * 3);
  });
});
