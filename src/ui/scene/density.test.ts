import { describe, expect, it } from 'vitest';
import { kdeLogDensity } from '../../flow/kde';
import { gaussianLogDensity } from '../../flow/likelihood';
import { WORLD_HALF } from '../../render/canvas';
import { DEFAULT_SETTINGS } from '../../state/settings';
import { heldOutPoints, targetPoints } from '../../state/target';
import { computeDensity, DENSITY, densityGrid } from './density';

describe('the density view’s measurement', () => {
  it('asks for the grid in row chunks, then the held-out points; averages what comes back', async () => {
    const logN = gaussianLogDensity(1);
    const asked: number[] = [];
    const logp = async (pts: Float32Array) => {
      asked.push(pts.length / 2);
      return Float32Array.from({ length: pts.length / 2 }, (_, i) =>
        logN(pts[2 * i]!, pts[2 * i + 1]!),
      );
    };
    const progress: number[] = [];
    const r = (await computeDensity(DEFAULT_SETTINGS, 7, logp, (p) => progress.push(p)))!;
    const k = DENSITY.grid;
    expect(asked).toEqual([
      ...Array<number>(k / DENSITY.rowsPerChunk).fill(DENSITY.rowsPerChunk * k),
      1000,
    ]);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Row-major from the top: the first cell is the top-left corner, the grid centred.
    const grid = densityGrid(k);
    expect(grid[0]).toBeCloseTo(-WORLD_HALF + WORLD_HALF / k, 6);
    expect(grid[1]).toBeCloseTo(WORLD_HALF - WORLD_HALF / k, 6);
    expect(r.model[(k / 2) * k + k / 2]).toBeCloseTo(
      logN(grid[k * k + k]!, grid[k * k + k + 1]!),
      5,
    );
    const held = heldOutPoints(DEFAULT_SETTINGS, 1000)!;
    let mean = 0;
    for (let i = 0; i < 1000; i++) mean += logN(held[2 * i]!, held[2 * i + 1]!) / 1000;
    expect(r.meanModel).toBeCloseTo(mean, 4);
    expect(r.heldOut).toBe(true);
    expect(r.step).toBe(7);
    const train = targetPoints(DEFAULT_SETTINGS);
    expect(r.meanKde).toBeCloseTo(kdeLogDensity(train, held).reduce((a, b) => a + b, 0) / 1000, 8);
    // Held-out points are not the training points.
    expect(held[0]).not.toBe(train[0]);
  });

  it('no network: no result', async () => {
    expect(
      await computeDensity(
        DEFAULT_SETTINGS,
        0,
        async () => null,
        () => {},
      ),
    ).toBeNull();
  });
});
