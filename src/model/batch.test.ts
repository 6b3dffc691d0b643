import { describe, expect, it } from 'vitest';
import { DATASETS } from '../flow/datasets';
import { createRng, restoreRng, sampleNormal } from '../flow/rng';
import { makeScheduler, SCHEDULER_IDS } from '../flow/schedulers';
import { BatchSampler } from './batch';

const target = DATASETS.moons.sample(500, createRng(0));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** 2));
};

describe('σ around the path (docs/sigma-and-reflow.md)', () => {
  it('σ = 0 draws exactly the batches and stream of the plain sampler', () => {
    for (const coupling of ['independent', 'ot'] as const) {
      const s = makeScheduler('ot');
      const [a, b] = [createRng(3), createRng(3)];
      const plain = new BatchSampler(64).sample(s, target, coupling, a);
      const zero = new BatchSampler(64, { pathSigma: 0 }).sample(s, target, coupling, b);
      expect(Array.from(zero.xt)).toEqual(Array.from(plain.xt));
      expect(Array.from(zero.u)).toEqual(Array.from(plain.u));
      expect(Array.from(zero.t)).toEqual(Array.from(plain.t));
      expect(b.state()).toEqual(a.state());
    }
  });

  it('xt = α_t x1 + σ_t x0 + σ ε: offset mean 0, variance σ², same t and u', () => {
    const n = 20_000;
    for (const id of SCHEDULER_IDS) {
      const s = makeScheduler(id);
      const state = createRng(11).state();
      const exact = new BatchSampler(n).sample(s, target, 'independent', restoreRng(state));
      const sigma = 0.1;
      const noisy = new BatchSampler(n, { pathSigma: sigma }).sample(
        s,
        target,
        'independent',
        restoreRng(state),
      );
      // Same (x0, x1, t) draws, so the difference is exactly σ ε.
      expect(Array.from(noisy.t)).toEqual(Array.from(exact.t));
      expect(Array.from(noisy.u)).toEqual(Array.from(exact.u));
      for (const c of [0, 1]) {
        const d = Array.from({ length: n }, (_, i) => noisy.xt[2 * i + c]! - exact.xt[2 * i + c]!);
        // Standard errors: σ/√n = 7e-4 for the mean, σ²·√(2/n) = 1e-4 for the variance.
        expect(Math.abs(mean(d))).toBeLessThan(3e-3);
        expect(Math.abs(variance(d) - sigma ** 2)).toBeLessThan(5e-4);
      }
    }
  });

  it('the OT path with σ: xt at t = ½ is (x0 + x1)/2 + σ ε and u = x1 − x0', () => {
    const s = makeScheduler('ot');
    const n = 4;
    const one = new Float32Array([1.5, -0.5]); // a single target point: x1 is known
    const half = new Float32Array(n).fill(0.5);
    const rng = createRng(5);
    const probe = restoreRng(rng.state());
    const b = new BatchSampler(n, { pathSigma: 0.25 }).sample(s, one, 'independent', rng, half);
    // Replays the draws: per row int(1), two normals (x0), then after the rows 2n normals (ε).
    const x0 = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) {
      probe.int(1);
      x0[2 * i] = probe.normal();
      x0[2 * i + 1] = probe.normal();
    }
    const eps = sampleNormal(n, probe);
    for (let i = 0; i < n; i++) {
      for (const c of [0, 1]) {
        const k = 2 * i + c;
        expect(b.xt[k]).toBeCloseTo(0.5 * x0[k]! + 0.5 * one[c]! + 0.25 * eps[k]!, 5);
        expect(b.u[k]).toBeCloseTo(one[c]! - x0[k]!, 5);
      }
    }
  });

  it('fixed pairs: every row is (source_j, target_j) of one j, no noise drawn', () => {
    const s = makeScheduler('ot');
    const source = sampleNormal(500, createRng(8));
    const ends = new Float32Array(32).fill(0);
    const sampler = new BatchSampler(32, { source });
    const b = sampler.sample(s, target, 'independent', createRng(2), ends);
    for (let i = 0; i < 32; i++) {
      // At t = 0, xt = x0 = source_j; u = x1 − x0 = target_j − source_j for that same j.
      let j = -1;
      for (let k = 0; k < 500; k++) {
        if (source[2 * k] === b.xt[2 * i] && source[2 * k + 1] === b.xt[2 * i + 1]) j = k;
      }
      expect(j).toBeGreaterThanOrEqual(0);
      expect(b.u[2 * i]).toBeCloseTo(target[2 * j]! - source[2 * j]!, 5);
      expect(b.u[2 * i + 1]).toBeCloseTo(target[2 * j + 1]! - source[2 * j + 1]!, 5);
    }
  });
});
