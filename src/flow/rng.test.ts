import { describe, expect, it } from 'vitest';
import { createRng, restoreRng, sampleNormal } from './rng';

describe('createRng', () => {
  it('reproduces the same stream for the same seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 20 }, () => a.uniform());
    const sb = Array.from({ length: 20 }, () => b.uniform());
    const sc = Array.from({ length: 20 }, () => c.uniform());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it('gives uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const rng = createRng(1);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let lo = 1;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      s += u;
      s2 += u * u;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(s2 / n - (s / n) ** 2).toBeCloseTo(1 / 12, 3);
  });

  it('gives standard normals (mean 0, variance 1, kurtosis 3)', () => {
    const x = sampleNormal(100_000, createRng(7));
    let m = 0;
    for (const v of x) m += v;
    m /= x.length;
    let v2 = 0;
    let v4 = 0;
    for (const v of x) {
      v2 += (v - m) ** 2;
      v4 += (v - m) ** 4;
    }
    v2 /= x.length;
    v4 /= x.length;
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(v2).toBeCloseTo(1, 1);
    expect(v4 / (v2 * v2)).toBeCloseTo(3, 0);
  });

  it('forks independent, reproducible sub-streams', () => {
    const f1 = createRng(5).fork();
    const f2 = createRng(5).fork();
    expect(f1.uniform()).toBe(f2.uniform());
    const int = createRng(9).int(10);
    expect(Number.isInteger(int) && int >= 0 && int < 10).toBe(true);
  });

  it('resumes the same stream from a saved state', () => {
    const rng = createRng(11);
    rng.normal();
    const saved = rng.state();
    const next = [rng.normal(), rng.normal(), rng.uniform()];
    const resumed = restoreRng(saved);
    expect([resumed.normal(), resumed.normal(), resumed.uniform()]).toEqual(next);
  });
});
