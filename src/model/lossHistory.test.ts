import { describe, expect, it } from 'vitest';
import { LossHistory } from './lossHistory';

describe('LossHistory', () => {
  it('keeps every step while the run is short', () => {
    const h = new LossHistory(100, 50);
    for (let s = 1; s <= 150; s++) h.push(s, s / 10);
    expect(h.points()).toEqual(Array.from({ length: 150 }, (_, i) => [i + 1, (i + 1) / 10]));
  });

  it('stays bounded over a million steps and keeps a full-resolution tail', () => {
    const h = new LossHistory(100, 50);
    for (let s = 1; s <= 1_000_000; s++) h.push(s, 1);
    expect(h.length).toBeLessThanOrEqual(2 * 100 + 50);
    const pts = h.points();
    const tail = pts.slice(-100);
    expect(tail.map(([s]) => s)).toEqual(Array.from({ length: 100 }, (_, i) => 999_901 + i));
    // Steps stay in order, so the chart's x axis is monotone.
    for (let i = 1; i < pts.length; i++) expect(pts[i]![0]).toBeGreaterThan(pts[i - 1]![0]);
  });

  it('bins are count-weighted means: the mean loss over all steps is preserved', () => {
    const h = new LossHistory(10, 8);
    let sum = 0;
    const n = 5000;
    for (let s = 1; s <= n; s++) {
      const loss = Math.sin(s) + 2;
      sum += loss;
      h.push(s, loss);
    }
    // Unit bins before merging: the binned part plus the tail reproduce the total loss.
    const coarse = (h as unknown as { coarse: [number, number, number][] }).coarse;
    const fine = h.points().slice(coarse.length);
    const total =
      coarse.reduce((a, [, l, c]) => a + l * c, 0) + fine.reduce((a, [, l]) => a + l, 0);
    const count = coarse.reduce((a, [, , c]) => a + c, 0) + fine.length;
    expect(count).toBe(n);
    expect(total).toBeCloseTo(sum, 6);
  });

  it('loading a checkpoint re-bounds it', () => {
    const h = new LossHistory(10, 8);
    h.load(Array.from({ length: 1000 }, (_, i): [number, number] => [i + 1, 0.5]));
    expect(h.length).toBeLessThanOrEqual(28);
    expect(h.points().at(-1)).toEqual([1000, 0.5]);
  });
});
