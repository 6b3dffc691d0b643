import { describe, expect, it } from 'vitest';
import { integrate, nfe, SOLVER_IDS, SOLVERS } from './solvers';
import type { VelocityFn } from './types';

// dx/dt = A x with A = [[−0.5, −2], [2, −0.5]]: exact x(t) = e^{−0.5t} R(2t) x(0).
const linear: VelocityFn = (x, _t, out) => {
  for (let i = 0; i < x.length; i += 2) {
    out[i] = -0.5 * x[i]! - 2 * x[i + 1]!;
    out[i + 1] = 2 * x[i]! - 0.5 * x[i + 1]!;
  }
};
const exact = (x: number, y: number, t: number) => {
  const d = Math.exp(-0.5 * t);
  return [
    d * (Math.cos(2 * t) * x - Math.sin(2 * t) * y),
    d * (Math.sin(2 * t) * x + Math.cos(2 * t) * y),
  ];
};

/** Error at t = 1 in float64 (the solver runs in float32, so use coarse steps). */
function error(solver: (typeof SOLVER_IDS)[number], steps: number): number {
  const { x } = integrate(linear, Float32Array.of(1, 0.5), { solver, steps });
  const [ex, ey] = exact(1, 0.5, 1);
  return Math.hypot(x[0]! - ex!, x[1]! - ey!);
}

describe('ODE solvers (MATH.md §4)', () => {
  it('converge with orders 1, 2, 2, 4 on a linear ODE', () => {
    const expected = { euler: 1, midpoint: 2, heun: 2, rk4: 4 };
    for (const id of SOLVER_IDS) {
      const coarse = id === 'rk4' ? 4 : 16;
      const ratio = error(id, coarse) / error(id, 2 * coarse);
      expect(Math.log2(ratio)).toBeGreaterThan(expected[id] - 0.3);
      expect(Math.log2(ratio)).toBeLessThan(expected[id] + 0.5);
      expect(SOLVERS[id].order).toBe(expected[id]);
    }
  });

  it('counts NFE and evaluates t = 1 only for Heun and RK4', () => {
    for (const id of SOLVER_IDS) {
      const times: number[] = [];
      const counting: VelocityFn = (x, t, out) => {
        times.push(t);
        linear(x, t, out);
      };
      integrate(counting, Float32Array.of(1, 1), { solver: id, steps: 10 });
      expect(times.length).toBe(nfe(id, 10));
      expect(times.some((t) => Math.abs(t - 1) < 1e-12)).toBe(id === 'heun' || id === 'rk4');
    }
    expect([nfe('euler', 7), nfe('midpoint', 7), nfe('heun', 7), nfe('rk4', 7)]).toEqual([
      7, 14, 14, 28,
    ]);
  });

  it('records frames from x0 to the final state', () => {
    const x0 = Float32Array.of(1, 2, 3, 4);
    const { x, trajectory } = integrate(linear, x0, { solver: 'midpoint', steps: 5, record: true });
    expect(trajectory?.length).toBe(6 * 4);
    expect(Array.from(trajectory!.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    expect(Array.from(trajectory!.subarray(20))).toEqual(Array.from(x));
    expect(() => integrate(linear, x0, { solver: 'euler', steps: 0 })).toThrow(/steps/);
  });
});
