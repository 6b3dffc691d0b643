import { describe, expect, it } from 'vitest';
import { dormandPrince, rungeKutta, type OdeFn } from './adaptive';
import { integrateAdaptiveBatch, type BatchVelocityFn } from './adaptiveBatch';
import { DATASETS } from './datasets';
import { marginalVelocity } from './marginal';
import { createRng, sampleNormal } from './rng';
import { makeScheduler } from './schedulers';
import { SOLVERS } from './solvers';

/** The exact OT marginal field toward 64 moons points, as a scalar ODE and as a batch. */
function fields() {
  const v = marginalVelocity(makeScheduler('ot'), DATASETS.moons.sample(64, createRng(3)));
  const xIn = new Float32Array(2);
  const vOut = new Float32Array(2);
  const f: OdeFn = (y, t, out) => {
    xIn[0] = y[0]!;
    xIn[1] = y[1]!;
    v(xIn, t, vOut);
    out[0] = vOut[0]!;
    out[1] = vOut[1]!;
  };
  const batch: BatchVelocityFn = (x, t, out) => {
    const o = new Float64Array(2);
    for (let i = 0; i < t.length; i++) {
      f(x.subarray(2 * i, 2 * i + 2), t[i]!, o);
      out[2 * i] = o[0]!;
      out[2 * i + 1] = o[1]!;
    }
  };
  return { f, batch };
}

describe('Dormand–Prince 5(4) for a batch of particles', () => {
  it('takes exactly the steps of the one-particle solver, particle by particle', async () => {
    const { f, batch } = fields();
    const x0 = sampleNormal(30, createRng(4));
    const opts = { rtol: 1e-4, atol: 1e-4, t1: 0.98 };
    const r = await integrateAdaptiveBatch(batch, x0, opts);
    for (let p = 0; p < 30; p++) {
      const one = dormandPrince(f, x0.subarray(2 * p, 2 * p + 2), opts);
      expect(r.nfe[p]).toBe(one.nfe);
      expect(r.x[2 * p]).toBeCloseTo(one.y[0]!, 5);
      expect(r.x[2 * p + 1]).toBeCloseTo(one.y[1]!, 5);
    }
    // Particles differ in cost (the heat map's point).
    expect(Math.max(...r.nfe)).toBeGreaterThan(Math.min(...r.nfe));
  });

  it('records frames on a uniform grid close to a fine RK4 solution', async () => {
    const { f, batch } = fields();
    const x0 = sampleNormal(20, createRng(5));
    const frames = 11;
    const r = await integrateAdaptiveBatch(batch, x0, { rtol: 1e-6, atol: 1e-6, t1: 0.9, frames });
    expect(r.frames).toBe(frames);
    let worst = 0;
    for (let p = 0; p < 20; p++) {
      for (let k = 0; k < frames; k++) {
        const tk = (0.9 * k) / (frames - 1);
        const ref =
          k === 0
            ? Float64Array.from(x0.subarray(2 * p, 2 * p + 2))
            : rungeKutta(SOLVERS.rk4, f, x0.subarray(2 * p, 2 * p + 2), { steps: 400, t1: tk }).y;
        const at = (k * 20 + p) * 2;
        worst = Math.max(
          worst,
          Math.hypot(r.trajectory![at]! - ref[0]!, r.trajectory![at + 1]! - ref[1]!),
        );
      }
    }
    // Hermite between accepted steps is 3rd order: far below a pixel (≈ 0.01), not exact.
    expect(worst).toBeLessThan(5e-3);
    expect(worst).toBeGreaterThan(0);
  });

  it('gives up a particle whose field is NaN without stopping the others', async () => {
    const batch: BatchVelocityFn = (x, _t, out) => {
      for (let i = 0; i < x.length / 2; i++) {
        out[2 * i] = x[2 * i]! > 0 ? NaN : 1;
        out[2 * i + 1] = 0;
      }
    };
    const r = await integrateAdaptiveBatch(batch, Float32Array.of(1, 0, -5, 0), { frames: 3 });
    expect(Number.isNaN(r.x[0])).toBe(true);
    expect(r.x[2]).toBeCloseTo(-4, 6);
    expect(r.trajectory![2 * 2 + 2]).toBeCloseTo(-4.5, 6); // frame 1 (t = 0.5), particle 1
    expect(r.trajectory![2 * 4 + 2]).toBeCloseTo(-4, 6);
  });
});
