import { describe, expect, it } from 'vitest';
import { createRng } from '../../flow/rng';
import { makeScheduler, SCHEDULER_IDS } from '../../flow/schedulers';
import { erase, eraseClass, spray, sprayClass } from './brush';
import { squareMap } from '../../render/canvas';
import { makeParticles } from '../../render/particles';
import { positionsAt } from '../../render/trajectory';
import { launchPaths } from './sceneData';

describe('brush', () => {
  it('sprays count points inside the disc and erases them again', () => {
    const pts = spray([], 1, -1, 0.5, 20, createRng(1));
    expect(pts.length).toBe(40);
    for (let i = 0; i < pts.length; i += 2) {
      expect(Math.hypot(pts[i]! - 1, pts[i + 1]! + 1)).toBeLessThanOrEqual(0.25 + 1e-3);
    }
    expect(erase([...pts, 3, 3], 1, -1, 0.6)).toEqual([3, 3]);
  });

  it('records each stroke’s class; erasing keeps the classes of the points that stay', () => {
    const rng = createRng(2);
    const first = sprayClass({ points: [], labels: [] }, -2, 0, 0.5, 5, rng, 0);
    // One colour so far: no classes are stored (the link carries none).
    expect(first.labels).toEqual([]);
    const second = sprayClass(first, 2, 0, 0.5, 3, rng, 2);
    expect(second.labels).toEqual([0, 0, 0, 0, 0, 2, 2, 2]);
    const third = sprayClass(second, 0, 2, 0.5, 2, rng, 1);
    expect(third.labels).toEqual([0, 0, 0, 0, 0, 2, 2, 2, 1, 1]);
    const erased = eraseClass(third, 2, 0, 0.6);
    expect(erased.points).toEqual([...third.points.slice(0, 10), ...third.points.slice(16)]);
    expect(erased.labels).toEqual([0, 0, 0, 0, 0, 1, 1]);
  });
});

describe('square map', () => {
  it('maps the world square into the canvas, y up, and back', () => {
    const m = squareMap(200, 100, 5, 1);
    expect(m.x(0)).toBe(100);
    expect(m.y(5)).toBe(0);
    expect(m.y(-5)).toBe(100);
    expect(m.toWorld(m.x(1.5), m.y(-2))).toEqual([1.5, -2]);
  });
});

describe('trajectory interpolation', () => {
  it('interpolates linearly between recorded frames and clamps t', () => {
    // 3 frames, 1 particle: (0,0) → (1,0) → (1,2)
    const traj = { data: Float32Array.of(0, 0, 1, 0, 1, 2), frames: 3, n: 1, step: 0 };
    const out = new Float32Array(2);
    expect(Array.from(positionsAt(traj, 0.25, out))).toEqual([0.5, 0]);
    expect(Array.from(positionsAt(traj, 0.75, out))).toEqual([1, 1]);
    expect(Array.from(positionsAt(traj, 2, out))).toEqual([1, 2]);
    expect(Array.from(positionsAt(traj, -1, out))).toEqual([0, 0]);
  });
});

describe('particles', () => {
  it('OT pairing shortens the pairs (flow/coupling.ts within minibatches)', () => {
    const target = Float32Array.from({ length: 400 }, (_, i) => Math.sin(i) * 3);
    const cost = (p: ReturnType<typeof makeParticles>) => {
      let c = 0;
      for (let i = 0; i < 2 * p.n; i++) c += (p.x0[i]! - p.x1[i]!) ** 2;
      return c;
    };
    const ind = makeParticles(300, 3, target);
    const ot = makeParticles(300, 3, target, 'ot');
    expect(Array.from(ot.x0)).toEqual(Array.from(ind.x0));
    expect(cost(ot)).toBeLessThan(0.7 * cost(ind));
  });

  it('for a conditional network, OT pairs stay within each class, as its training pairs them', () => {
    // Two classes far apart: x < 0 is class 0, x > 0 class 1.
    const target = Float32Array.from({ length: 400 }, (_, i) =>
      i % 2 === 0 ? (i % 4 === 0 ? -3 : 3) + Math.sin(i) * 0.3 : Math.cos(i),
    );
    const labels = Uint8Array.from({ length: 200 }, (_, j) => (target[2 * j]! < 0 ? 0 : 1));
    const within = makeParticles(300, 3, target, 'ot', labels, true);
    const free = makeParticles(300, 3, target, 'ot', labels);
    const ownClass = (p: ReturnType<typeof makeParticles>) => {
      let same = true;
      for (let i = 0; i < p.n; i++) same &&= (p.x1[2 * i]! < 0 ? 0 : 1) === p.pairLabel![i];
      return same;
    };
    expect(ownClass(within)).toBe(true);
    expect(ownClass(free)).toBe(true);
    // Free OT sends the left half of the noise left; within classes, each class takes noise from
    // everywhere, so many class-0 pairs start at x0 > 0.
    const crossing = (p: ReturnType<typeof makeParticles>) => {
      let k = 0;
      for (let i = 0; i < p.n; i++) if (p.pairLabel![i] === 0 && p.x0[2 * i]! > 0.5) k++;
      return k;
    };
    expect(crossing(within)).toBeGreaterThan(3 * crossing(free) + 10);
  });

  it('pairs every particle with a target point; same seed, same particles; prefix-stable', () => {
    const target = Float32Array.of(1, 1, -2, 3);
    const a = makeParticles(100, 7, target);
    const b = makeParticles(200, 7, target);
    expect(Array.from(b.x0.subarray(0, 200))).toEqual(Array.from(a.x0));
    for (let i = 0; i < a.n; i++) {
      const pair = [a.x1[2 * i], a.x1[2 * i + 1]];
      expect([
        [1, 1],
        [-2, 3],
      ]).toContainEqual(pair);
      expect(a.hue[i]).toBeLessThan(6);
    }
  });
});

describe('click-launched conditional paths', () => {
  it.each(SCHEDULER_IDS)('%s: start at the clicked point and end at their targets', (id) => {
    const target = Float32Array.from([2, 1, -1.5, 0.5, 0.3, -2, 1, 1]);
    const click: [number, number] = [1.2, -0.7];
    const paths = launchPaths(makeScheduler(id), click, target, 3);
    expect(paths.length).toBeGreaterThan(0);
    for (const p of paths) {
      expect(p[0]!).toBeCloseTo(click[0], 5);
      expect(p[1]!).toBeCloseTo(click[1], 5);
      // The end is α_1 x1 + σ_1 x0, σ_1 ≈ 0 (VE: σ_min; VP: t stops at 1 − ε): near a target.
      const [ex, ey] = [p[p.length - 2]!, p[p.length - 1]!];
      let nearest = Infinity;
      for (let j = 0; j < target.length; j += 2) {
        nearest = Math.min(nearest, Math.hypot(ex - target[j]!, ey - target[j + 1]!));
      }
      expect(nearest).toBeLessThan(0.15);
    }
  });
});
