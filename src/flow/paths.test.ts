import { describe, expect, it } from 'vitest';
import {
  conditionalPathPolyline,
  conditionalPoint,
  conditionalVelocity,
  conditionalVelocityAt,
  sampleTimes,
} from './paths';
import { createRng, sampleNormal } from './rng';
import { makeScheduler, SCHEDULER_IDS } from './schedulers';

describe('conditional paths (MATH.md §1)', () => {
  const rng = createRng(1);
  const x0 = sampleNormal(50, rng);
  const x1 = sampleNormal(50, rng, 2);

  it('the target α̇ x1 + σ̇ x0 is d/dt of xt, and equals the x-form', () => {
    for (const id of SCHEDULER_IDS) {
      const s = makeScheduler(id);
      for (const t of [0.05, 0.3, 0.7, 0.95]) {
        const h = 1e-4;
        const plus = conditionalPoint(s, x0, x1, t + h);
        const minus = conditionalPoint(s, x0, x1, t - h);
        const u = conditionalVelocity(s, x0, x1, t);
        const xt = conditionalPoint(s, x0, x1, t);
        const scale = Math.max(1, Math.abs(s.dSigma(t)));
        for (let i = 0; i < u.length; i++) {
          expect(Math.abs(u[i]! - (plus[i]! - minus[i]!) / (2 * h)) / scale).toBeLessThan(2e-3);
        }
        const ux = conditionalVelocityAt(s, [xt[0]!, xt[1]!], [x1[0]!, x1[1]!], t);
        expect(ux[0]).toBeCloseTo(u[0]!, 2);
        expect(ux[1]).toBeCloseTo(u[1]!, 2);
      }
    }
  });

  it('OT is x1 − x0 and its paths are straight; VP paths are arcs', () => {
    const ot = makeScheduler('ot');
    const u = conditionalVelocity(ot, x0, x1, 0.42);
    expect(u[0]).toBeCloseTo(x1[0]! - x0[0]!, 6);
    const line = conditionalPathPolyline(ot, [1, 2], [4, -2], 20);
    for (let k = 0; k <= 20; k++) {
      // collinear with the segment from (1, 2) to (4, −2): cross product 0
      const cross = (line[2 * k]! - 1) * -4 - (line[2 * k + 1]! - 2) * 3;
      expect(Math.abs(cross)).toBeLessThan(1e-5);
    }
    const vp = makeScheduler('vp');
    const arc = conditionalPathPolyline(vp, [1, 0], [0, 1], 40);
    for (let k = 0; k <= 40; k++) {
      // basis x1 = e_y, x0 = e_x: coordinates are (σ, α), on the unit circle
      expect(Math.hypot(arc[2 * k]!, arc[2 * k + 1]!)).toBeCloseTo(1, 5);
    }
    const ve = makeScheduler('ve');
    const fall = conditionalPathPolyline(ve, [1, 0], [0.5, 0.5], 10);
    expect(fall[0]).toBeCloseTo(0.5 + 10, 4);
    expect(fall[20]).toBeCloseTo(0.5 + 0.01, 5);
  });

  it('samples t within the safe range', () => {
    const vp = makeScheduler('vp');
    const t = sampleTimes(10000, createRng(2), vp);
    expect(Math.max(...t)).toBeLessThanOrEqual(vp.tMax);
    expect(Math.min(...t)).toBeGreaterThanOrEqual(0);
  });
});
