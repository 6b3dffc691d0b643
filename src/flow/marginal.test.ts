import { describe, expect, it } from 'vitest';
import { DATASETS } from './datasets';
import { marginalVelocity } from './marginal';
import { conditionalVelocityAt } from './paths';
import { createRng, sampleNormal } from './rng';
import { makeScheduler } from './schedulers';
import { integrate } from './solvers';
import type { Points } from './types';

/** α, σ, α̇, σ̇ straight from MATH.md §2's table (written here, not taken from schedulers.ts). */
function coefficients(id: string, t: number): [number, number, number, number] {
  if (id === 'ot') return [t, 1 - t, 1, -1];
  if (id === 'cosine') {
    const w = Math.PI / 2;
    return [Math.sin(w * t), Math.cos(w * t), w * Math.cos(w * t), -w * Math.sin(w * t)];
  }
  if (id === 'vp') {
    const [b0, b1] = [0.1, 20];
    const T = b0 * (1 - t) + 0.5 * (b1 - b0) * (1 - t) ** 2;
    const beta = b0 + (b1 - b0) * (1 - t);
    const alpha = Math.exp(-T / 2);
    const sigma = Math.sqrt(1 - Math.exp(-T));
    return [alpha, sigma, 0.5 * beta * alpha, (-0.5 * beta * Math.exp(-T)) / sigma];
  }
  const [smin, smax] = [0.01, 10];
  const sigma = smin * (smax / smin) ** (1 - t);
  return [1, sigma, 0, -Math.log(smax / smin) * sigma];
}

/**
 * MATH.md §3 term by term, differently from marginal.ts: weights by log-sum-exp (log w_i =
 * l_i − log Σ exp l_j) and the sum of each target's conditional velocity in x-form, not the
 * posterior-mean shortcut.
 */
function referenceField(id: string, targets: Points, x: [number, number], t: number) {
  const [a, g, da, dg] = coefficients(id, t);
  const m = targets.length / 2;
  const logits = Array.from({ length: m }, (_, i) => {
    const d2 = (x[0] - a * targets[2 * i]!) ** 2 + (x[1] - a * targets[2 * i + 1]!) ** 2;
    return -d2 / (2 * g * g);
  });
  const top = Math.max(...logits);
  const lse = top + Math.log(logits.reduce((acc, l) => acc + Math.exp(l - top), 0));
  const u = [0, 0];
  for (let i = 0; i < m; i++) {
    const w = Math.exp(logits[i]! - lse);
    for (const c of [0, 1]) {
      const x1 = targets[2 * i + c]!;
      u[c]! += w * (da * x1 + (dg * (x[c]! - a * x1)) / g);
    }
  }
  return u;
}

describe('exact marginal field (MATH.md §3)', () => {
  it('agrees with an independent term-by-term evaluation on several targets and schedulers', () => {
    const targets: Record<string, Points> = {
      moons: DATASETS.moons.sample(300, createRng(1)),
      '8gaussians': DATASETS['8gaussians'].sample(200, createRng(2)),
      checkerboard: DATASETS.checkerboard.sample(150, createRng(3)),
      three: Float32Array.of(-2, -1, 0, 2, 2, -1),
    };
    const probes = sampleNormal(12, createRng(4), 2);
    let compared = 0;
    for (const id of ['ot', 'vp', 've', 'cosine'] as const) {
      const s = makeScheduler(id);
      for (const [name, pts] of Object.entries(targets)) {
        const field = marginalVelocity(s, pts);
        for (const t of [0.05, 0.3, 0.6, 0.9, 0.98]) {
          // VE's probes at its own scale (σ_t up to 10), the others near the data.
          const xs = probes.map((v) => (id === 've' ? v * 5 * coefficients('ve', t)[1] : v));
          const out = new Float32Array(xs.length);
          field(xs, t, out);
          for (let p = 0; p < xs.length / 2; p++) {
            const u = referenceField(id, pts, [xs[2 * p]!, xs[2 * p + 1]!], t);
            const scale = 1 + Math.hypot(u[0]!, u[1]!);
            expect(Math.abs(out[2 * p]! - u[0]!) / scale, `${id} ${name} t=${t}`).toBeLessThan(
              1e-4,
            );
            expect(Math.abs(out[2 * p + 1]! - u[1]!) / scale, `${id} ${name} t=${t}`).toBeLessThan(
              1e-4,
            );
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(4 * 4 * 5 * 12);
  });

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
