import { describe, expect, it } from 'vitest';
import { applyPermutation, otCouple, otWithinClasses } from './coupling';
import { createRng, sampleNormal } from './rng';

const cost = (x0: Float32Array, x1: Float32Array) => {
  let s = 0;
  for (let i = 0; i < x0.length; i++) s += (x0[i]! - x1[i]!) ** 2;
  return s;
};

describe('minibatch OT coupling', () => {
  const rng = createRng(1);
  const x0 = sampleNormal(64, rng);
  const x1 = sampleNormal(64, rng, 1.5).map((v, i) => v + (i % 2 ? 0 : 3));

  it('lowers the total cost below independent pairs and recovers a shuffled copy', () => {
    const paired = applyPermutation(x1, otCouple(x0, x1));
    expect(cost(x0, paired)).toBeLessThan(cost(x0, x1));
    const order = Int32Array.from({ length: 64 }, (_, i) => (i * 17) % 64);
    const shuffled = applyPermutation(x0, order);
    expect(cost(x0, applyPermutation(shuffled, otCouple(x0, shuffled)))).toBe(0);
  });

  it('is cyclically monotone: no pair swap lowers the cost, so paths never collide', () => {
    const paired = applyPermutation(x1, otCouple(x0, x1));
    const d2 = (p: Float32Array, i: number, q: Float32Array, j: number) =>
      (p[2 * i]! - q[2 * j]!) ** 2 + (p[2 * i + 1]! - q[2 * j + 1]!) ** 2;
    for (let i = 0; i < 64; i++) {
      for (let j = i + 1; j < 64; j++) {
        const now = d2(x0, i, paired, i) + d2(x0, j, paired, j);
        expect(d2(x0, i, paired, j) + d2(x0, j, paired, i)).toBeGreaterThanOrEqual(now - 1e-9);
      }
    }
  });
});

describe('minibatch OT within classes', () => {
  it('pairs each row only with its own class, optimally there, never below the free optimum', () => {
    const rng = createRng(5);
    const n = 60;
    const x0 = sampleNormal(n, rng);
    const x1 = sampleNormal(n, rng);
    const labels = Uint8Array.from({ length: n }, () => rng.int(3));
    const perm = otWithinClasses(x0, x1, labels);
    // A permutation that keeps classes.
    expect([...perm].sort((a, b) => a - b)).toEqual([...Array(n).keys()]);
    perm.forEach((j, i) => expect(labels[j]).toBe(labels[i]));
    // Within each class, the cost equals that class's own exact assignment.
    for (let c = 0; c < 3; c++) {
      const rows = [...Array(n).keys()].filter((i) => labels[i] === c);
      const pick = (p: Float32Array, idx: number[]) =>
        Float32Array.from(idx.flatMap((r) => [p[2 * r]!, p[2 * r + 1]!]));
      const own = otCouple(pick(x0, rows), pick(x1, rows));
      const best = cost(pick(x0, rows), applyPermutation(pick(x1, rows), own));
      const got = cost(
        pick(x0, rows),
        pick(
          x1,
          rows.map((r) => perm[r]!),
        ),
      );
      expect(got).toBeCloseTo(best, 4);
    }
    // The class constraint can only cost more than one assignment over all rows.
    const free = cost(x0, applyPermutation(x1, otCouple(x0, x1)));
    expect(cost(x0, applyPermutation(x1, perm))).toBeGreaterThanOrEqual(free - 1e-4);
  });
});
