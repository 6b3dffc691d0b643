import { describe, expect, it } from 'vitest';
import { marginalVelocity } from './marginal';
import { conditionalVelocityAt } from './paths';
import { createRng, sampleNormal } from './rng';
import { makeScheduler } from './schedulers';
import { integrate } from './solvers';

describe('exact marginal field (MATH.md §3)', () => {
  it('with one target point equals the conditional x-form', () => {
    for (const id of ['ot', 'vp', 've'] as const) {
      const s = makeScheduler(id);
      const field = marginalVelocity(s, Float32Array.of(1.5, -0.5));
      const out = new Float32Array(2);
      field(Float32Array.of(0.3, 0.8), 0.4, out);
      const expected = conditionalVelocityAt(s, [0.3, 0.8], [1.5, -0.5], 0.4);
      expect(out[0]).toBeCloseTo(expected[0], 4);
      expect(out[1]).toBeCloseTo(expected[1], 4);
    }
  });

  it('is symmetric for a symmetric target: no x-velocity on the axis', () => {
    const field = marginalVelocity(makeScheduler('ot'), Float32Array.of(-2, 1, 2, 1));
    const out = new Float32Array(2);
    field(Float32Array.of(0, 0.3), 0.5, out);
    expect(out[0]).toBeCloseTo(0, 6);
    expect(out[1]).toBeGreaterThan(0);
  });

  it('integrating it from noise lands on the training points', () => {
    const targets = Float32Array.of(-2, -1, 0, 2, 2, -1, 1.5, 1.5);
    for (const id of ['ot', 'vp'] as const) {
      const s = makeScheduler(id);
      const x0 = sampleNormal(200, createRng(3), s.sourceScale);
      const { x } = integrate(marginalVelocity(s, targets), x0, { solver: 'rk4', steps: 200 });
      for (let i = 0; i < 200; i++) {
        let best = Infinity;
        for (let j = 0; j < 4; j++) {
          best = Math.min(
            best,
            Math.hypot(x[2 * i]! - targets[2 * j]!, x[2 * i + 1]! - targets[2 * j + 1]!),
          );
        }
        expect(best).toBeLessThan(0.05);
      }
    }
  });
});
