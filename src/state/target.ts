/**
 * The training target as points: a preset data set sampled with the seed (memoised), or the
 * points drawn by hand. Every consumer (trainer, views, thumbnails, exact field) goes through
 * here so they all see the same points.
 */
import { DATASETS } from '../flow/datasets';
import { createRng } from '../flow/rng';
import type { DatasetId, Points } from '../flow/types';
import { PRESET_POINTS, type Settings } from './settings';

import { isConditional, NULL_CLASS } from './classes';

export { isConditional, targetClasses } from './classes';

const cache = new Map<string, { points: Points; labels: Uint8Array }>();

/** A preset's n points and each one's class, the same for the same (id, n, seed). */
function preset(id: DatasetId, n: number, seed: number) {
  const key = `${id}/${n}/${seed}`;
  let entry = cache.get(key);
  if (!entry) {
    const labels = new Uint8Array(n);
    entry = { points: DATASETS[id].sample(n, createRng(seed), labels), labels };
    if (cache.size > 32) cache.clear();
    cache.set(key, entry);
  }
  return entry;
}

/** n points of a preset, the same for the same (id, n, seed). */
export function presetPoints(id: DatasetId, n: number, seed: number): Points {
  return preset(id, n, seed).points;
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
let lastLabels: readonly number[] | null = null;
let lastLabelArray = new Uint8Array(0);
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

/**
 * The class of each target point, in the order of `targetPoints`: a preset's own classes (the
 * two moons, the four rings, …); a drawing's colours (all class 0 when it has none).
 */
export function targetLabels(
  s: Pick<Settings, 'target' | 'drawn' | 'drawnLabels' | 'seed'>,
): Uint8Array {
  if (s.target !== 'drawn') return preset(s.target, PRESET_POINTS, s.seed).labels;
  if (s.drawnLabels !== lastLabels || lastLabelArray.length !== s.drawn.length / 2) {
    lastLabels = s.drawnLabels;
    lastLabelArray = new Uint8Array(s.drawn.length / 2);
    if (s.drawnLabels.length === s.drawn.length / 2) lastLabelArray.set(s.drawnLabels);
  }
  return lastLabelArray;
}

/**
 * The class each of n particles is sampled with, or null for an unconditional setup: 'mix'
 * draws each particle's class in the target's proportions (the class of a uniformly drawn
 * target point, seeded), 'none' gives every particle ∅ (NULL_CLASS), a class index gives it
 * to all.
 */
export function sampleLabels(
  s: Pick<Settings, 'conditional' | 'sampleClass' | 'target' | 'drawn' | 'drawnLabels' | 'seed'>,
  n: number,
): Uint8Array | null {
  if (!isConditional(s)) return null;
  const c = s.sampleClass;
  if (c === 'none') return new Uint8Array(n).fill(NULL_CLASS);
  if (typeof c === 'number') return new Uint8Array(n).fill(c);
  const labels = targetLabels(s);
  const rng = createRng((s.seed ^ 0x1abe15) >>> 0);
  return Uint8Array.from({ length: n }, () => labels[rng.int(labels.length)]!);
}
