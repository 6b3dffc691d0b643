import { describe, expect, it } from 'vitest';
import { DATASET_IDS, DATASETS, getDataset } from './datasets';
import { createRng } from './rng';

function mean(p: Float32Array): [number, number] {
  let x = 0;
  let y = 0;
  for (let i = 0; i < p.length; i += 2) {
    x += p[i]!;
    y += p[i + 1]!;
  }
  return [(2 * x) / p.length, (2 * y) / p.length];
}

describe('data sets (MATH.md §5)', () => {
  it('every set gives n finite points, reproducible by seed', () => {
    for (const id of DATASET_IDS) {
      const a = DATASETS[id].sample(1001, createRng(3));
      expect(a.length).toBe(2002);
      expect(a.every(Number.isFinite)).toBe(true);
      expect(DATASETS[id].sample(1001, createRng(3))).toEqual(a);
      expect(DATASETS[id].sample(1001, createRng(4))).not.toEqual(a);
    }
    expect(getDataset('moons')?.id).toBe('moons');
    expect(getDataset('toString')).toBeUndefined();
  });

  it('moons has the analytic mean and extent of make_moons, ×2, then x − 1 only', () => {
    // make_moons: outer mean (0, 2/π), inner mean (1, 0.5 − 2/π): overall (0.5, 0.25).
    // torchcfm's runner scales by 2 and shifts x only: mean (0, 0.5), not (0, −0.5).
    const p = DATASETS.moons.sample(20000, createRng(1));
    const [mx, my] = mean(p);
    expect(mx).toBeCloseTo(0, 2);
    expect(my).toBeCloseTo(0.5, 2);
    // Noise-free y spans [−0.5, 1] before ×2: [−1, 2] after, plus a few noise σ of 0.1.
    let minY = Infinity;
    let maxY = -Infinity;
    for (let i = 1; i < p.length; i += 2) {
      minY = Math.min(minY, p[i]!);
      maxY = Math.max(maxY, p[i]!);
    }
    expect(minY).toBeGreaterThan(-1.6);
    expect(minY).toBeLessThan(-0.9);
    expect(maxY).toBeGreaterThan(1.9);
    expect(maxY).toBeLessThan(2.6);
  });

  it('8gaussians sits at radius 4/1.414 around 8 centres', () => {
    const p = DATASETS['8gaussians'].sample(8000, createRng(2));
    let r = 0;
    for (let i = 0; i < p.length; i += 2) r += Math.hypot(p[i]!, p[i + 1]!);
    expect(Math.abs(r / 8000 - 4 / 1.414)).toBeLessThan(0.1);
    const [mx, my] = mean(p);
    expect(Math.abs(mx) + Math.abs(my)).toBeLessThan(0.15);
  });

  it('checkerboard points lie in alternating squares of side 2', () => {
    const p = DATASETS.checkerboard.sample(4000, createRng(5));
    for (let i = 0; i < p.length; i += 2) {
      const cx = Math.floor(p[i]! / 2);
      const cy = Math.floor(p[i + 1]! / 2);
      expect(Math.abs(p[i]!)).toBeLessThanOrEqual(4);
      expect((((cx + cy) % 2) + 2) % 2).toBe(0);
    }
  });

  it('scurve spans x ∈ 1.5·[−1, 1] and z ∈ 1.5·[−2, 2]; rings has four radii', () => {
    const s = DATASETS.scurve.sample(4000, createRng(6));
    let maxX = 0;
    let maxZ = 0;
    for (let i = 0; i < s.length; i += 2) {
      maxX = Math.max(maxX, Math.abs(s[i]!));
      maxZ = Math.max(maxZ, Math.abs(s[i + 1]!));
    }
    expect(maxX).toBeGreaterThan(1.4);
    expect(maxX).toBeLessThan(1.8);
    expect(maxZ).toBeGreaterThan(2.8);
    expect(maxZ).toBeLessThan(3.4);
    const r = DATASETS.rings.sample(4000, createRng(7));
    const radii = new Set<number>();
    for (let i = 0; i < r.length; i += 2)
      radii.add(Math.round(Math.hypot(r[i]!, r[i + 1]!) / 0.75));
    expect([...radii].sort()).toEqual([1, 2, 3, 4]);
  });

  it("labels leave the points unchanged and name each point's own part of the set", () => {
    for (const id of DATASET_IDS) {
      const set = DATASETS[id];
      const labels = new Uint8Array(999);
      const p = set.sample(999, createRng(7), labels);
      expect(p).toEqual(set.sample(999, createRng(7)));
      const counts = Array<number>(set.classes).fill(0);
      for (const c of labels) counts[c] = (counts[c] ?? 0) + 1;
      expect(counts.length).toBe(set.classes);
      // Every class is present, none holds almost everything.
      for (const k of counts) expect(k).toBeGreaterThan(999 / set.classes / 3);
    }
    // moons: class 0 is the upper moon (y about 2·[0, 1]), class 1 the lower (about 2·[−0.5, 0.5]).
    const labels = new Uint8Array(4000);
    const p = DATASETS.moons.sample(4000, createRng(1), labels);
    const meanY = [0, 0];
    for (let i = 0; i < 4000; i++) meanY[labels[i]!]! += p[2 * i + 1]! / 2000;
    expect(meanY[0]).toBeCloseTo((2 * 2) / Math.PI, 1);
    expect(meanY[1]).toBeCloseTo(2 * (0.5 - 2 / Math.PI), 1);
    // rings: class k lies on radius 3·(1 − k/4).
    const rl = new Uint8Array(2000);
    const r = DATASETS.rings.sample(2000, createRng(2), rl);
    for (let i = 0; i < 2000; i++) {
      expect(Math.abs(Math.hypot(r[2 * i]!, r[2 * i + 1]!) - 3 * (1 - rl[i]! / 4))).toBeLessThan(
        0.5,
      );
    }
    // 8gaussians: each point is nearest to its own centre.
    const gl = new Uint8Array(2000);
    const g = DATASETS['8gaussians'].sample(2000, createRng(3), gl);
    const dirs = [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
      [1, 1],
      [1, -1],
      [-1, 1],
      [-1, -1],
    ];
    let agree = 0;
    for (let i = 0; i < 2000; i++) {
      let best = 0;
      let bestD = Infinity;
      dirs.forEach(([dx, dy], k) => {
        const n = Math.hypot(dx!, dy!);
        const d = Math.hypot(
          g[2 * i]! - (4 / 1.414) * (dx! / n),
          g[2 * i + 1]! - (4 / 1.414) * (dy! / n),
        );
        if (d < bestD) [best, bestD] = [k, d];
      });
      if (best === gl[i]) agree++;
    }
    expect(agree / 2000).toBeGreaterThan(0.95);
  });
});
