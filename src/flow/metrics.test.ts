import { describe, expect, it } from 'vitest';
import { energyDistance, pathEnergy, slicedW2, straightness, w2Exact } from './metrics';
import { createRng, sampleNormal } from './rng';

const shift = (p: Float32Array, cx: number, cy: number) =>
  p.map((v, i) => v + (i % 2 === 0 ? cx : cy));

describe('metrics', () => {
  const a = sampleNormal(500, createRng(1));

  it('exact W2: 0 to itself, |c| to its translate, exact for point masses', () => {
    expect(w2Exact(a, a)).toBe(0);
    expect(w2Exact(a, shift(a, 3, 4))).toBeCloseTo(5, 4);
    expect(w2Exact(Float32Array.of(0, 0, 1, 0), Float32Array.of(1, 1, 0, 1))).toBeCloseTo(1, 6);
    expect(() => w2Exact(a, a.subarray(2))).toThrow(/equal sample sizes/);
    expect(() => w2Exact(new Float32Array(20002), new Float32Array(20002))).toThrow(
      /at most 10000/,
    );
  });

  it('two independent normal samples are close, and closer with more points', () => {
    const w1000 = w2Exact(sampleNormal(1000, createRng(2)), sampleNormal(1000, createRng(3)));
    const w250 = w2Exact(sampleNormal(250, createRng(4)), sampleNormal(250, createRng(5)));
    expect(w1000).toBeLessThan(0.3);
    expect(w1000).toBeLessThan(w250);
  });

  it('sliced W2 of a translation by c is |c|/√2; energy distance separates sets', () => {
    expect(slicedW2(a, shift(a, 3, 4), createRng(6), 256)).toBeCloseTo(5 / Math.SQRT2, 1);
    expect(slicedW2(a, a, createRng(7))).toBeCloseTo(0, 6);
    expect(energyDistance(a, a)).toBeCloseTo(0, 10);
    expect(energyDistance(a, shift(a, 1, 0))).toBeGreaterThan(0.1);
  });

  it('straightness and path energy of known paths', () => {
    // particle 0: straight from (0,0) to (2,0); particle 1: right angle (0,0)→(1,0)→(1,1)
    const frames = 3;
    const traj = Float32Array.of(0, 0, 0, 0, 1, 0, 1, 0, 2, 0, 1, 1);
    expect(straightness(traj.subarray(0), 2, frames)).toBeCloseTo((1 + Math.SQRT2 / 2) / 2, 6);
    // constant velocity (2, 0): energy ‖v‖² = 4 for particle 0; particle 1 moves at speed 2 too
    expect(pathEnergy(traj, 2, frames)).toBeCloseTo(4, 6);
  });
});
