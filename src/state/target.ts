/**
 * The training target as points: a preset data set sampled with the seed (memoised), or the
 * points drawn by hand. Every consumer (trainer, views, thumbnails, exact field) goes through
 * here so they all see the same points.
 */
import { DATASETS } from '../flow/datasets';
import { createRng } from '../flow/rng';
import type { DatasetId, Points } from '../flow/types';
import { PRESET_POINTS, type Settings } from './settings';

const cache = new Map<string, Points>();

/** n points of a preset, the same for the same (id, n, seed). */
export function presetPoints(id: DatasetId, n: number, seed: number): Points {
  const key = `${id}/${n}/${seed}`;
  let pts = cache.get(key);
  if (!pts) {
    pts = DATASETS[id].sample(n, createRng(seed));
    if (cache.size > 32) cache.clear();
    cache.set(key, pts);
  }
  return pts;
}

/**
 * Fresh points of the preset that training never saw (another stream than `presetPoints`),
 * for held-out log-likelihoods; null for a drawn target, which has no distribution to draw from.
 */
export function heldOutPoints(s: Pick<Settings, 'target' | 'seed'>, n: number): Points | null {
  if (s.target === 'drawn') return null;
  return DATASETS[s.target].sample(n, createRng(s.seed + 1_000_003));
}

let lastDrawn: readonly number[] | null = null;
let lastDrawnPoints: Points = new Float32Array(0);

/** The target points the settings describe. */
export function targetPoints(s: Pick<Settings, 'target' | 'drawn' | 'seed'>): Points {
  if (s.target !== 'drawn') return presetPoints(s.target, PRESET_POINTS, s.seed);
  if (s.drawn !== lastDrawn) {
    lastDrawn = s.drawn;
    lastDrawnPoints = Float32Array.from(s.drawn);
  }
  return lastDrawnPoints;
}
