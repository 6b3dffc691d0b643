import { describe, expect, it } from 'vitest';
import {
  RELATIVE_GAP,
  solveAssignment,
  solveAssignmentWithPrices,
  squaredDistanceMatrix,
} from './assignment';
import { DATASETS } from './datasets';
import { createRng, sampleNormal } from './rng';

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)]),
  );
}
const total = (c: Float64Array, n: number, p: ArrayLike<number>) =>
  Array.from({ length: n }, (_, i) => c[i * n + p[i]!]!).reduce((a, b) => a + b, 0);

describe('solveAssignment', () => {
  it('matches brute force on small random and tied cases', () => {
    const rng = createRng(1);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + (trial % 7);
      const tied = trial % 3 === 0;
      const cost = Float64Array.from({ length: n * n }, () => (tied ? rng.int(3) : rng.uniform()));
      const best = Math.min(...permutations(n).map((p) => total(cost, n, p)));
      const perm = solveAssignment(cost, n);
      expect(new Set(perm).size).toBe(n);
      expect(total(cost, n, perm)).toBeCloseTo(best, 10);
    }
  });

  it('admits no improving pair swap on n = 200 geometric costs', () => {
    const rng = createRng(2);
    const n = 200;
    const cost = squaredDistanceMatrix(sampleNormal(n, rng), sampleNormal(n, rng, 2));
    const perm = solveAssignment(cost, n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const now = cost[i * n + perm[i]!]! + cost[j * n + perm[j]!]!;
        const swapped = cost[i * n + perm[j]!]! + cost[j * n + perm[i]!]!;
        expect(swapped).toBeGreaterThanOrEqual(now - 1e-9);
      }
    }
    expect(total(cost, n, perm)).toBeLessThanOrEqual(total(cost, n, [...Array(n).keys()]));
  });

  it('is certified optimal by its prices (LP duality) on n = 400', () => {
    const rng = createRng(3);
    const n = 400;
    const cases: [string, Float64Array][] = [
      ['uniform', Float64Array.from({ length: n * n }, () => rng.uniform())],
      ['tied integers', Float64Array.from({ length: n * n }, () => rng.int(4))],
      [
        'noise to moons',
        squaredDistanceMatrix(sampleNormal(n, rng), DATASETS.moons.sample(n, rng)),
      ],
    ];
    for (const [name, cost] of cases) {
      const { perm, prices } = solveAssignmentWithPrices(cost, n);
      expect(new Set(perm).size, name).toBe(n);
      // For any prices q, Σ_i min_j (c_ij − q_j) + Σ_j q_j ≤ the optimal cost, so the gap to
      // the matching's cost bounds how far from optimal it can be.
      let lower = prices.reduce((a, b) => a + b, 0);
      let cmax = 0;
      for (let i = 0; i < n; i++) {
        let m = Infinity;
        for (let j = 0; j < n; j++) {
          m = Math.min(m, cost[i * n + j]! - prices[j]!);
          cmax = Math.max(cmax, cost[i * n + j]!);
        }
        lower += m;
      }
      const gap = total(cost, n, perm) - lower;
      expect(gap, name).toBeGreaterThanOrEqual(-1e-6);
      expect(gap, name).toBeLessThanOrEqual(2 * RELATIVE_GAP * cmax + 1e-9);
    }
  });

  it('refuses costs that are not finite numbers', () => {
    expect(() => solveAssignment(Float64Array.from([0, NaN, 1, 2]), 2)).toThrow(/finite/);
    expect(() => solveAssignment(new Float64Array(3), 2)).toThrow(/expected 4/);
  });
});
