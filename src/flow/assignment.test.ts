import { describe, expect, it } from 'vitest';
import { solveAssignment, squaredDistanceMatrix } from './assignment';
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
});
