/**
 * Classifier-free guidance for class-conditional flows (docs/guidance.md). A network trained
 * with the label c (and, with probability p, the null label ∅) learns both the class field
 * v(x, t, c) and the unconditional field v(x, t, ∅); sampling follows
 *   ṽ = (1 + w) v(x, t, c) − w v(x, t, ∅),   w ≥ 0,
 * w = 0 being the plain conditional field and w > 0 an extrapolation away from ∅.
 */
import { classAccuracy } from './classAccuracy';
import { marginalVelocity } from './marginal';
import { w2Exact } from './metrics';
import type { Points, Rng, Scheduler, VelocityFn } from './types';

/** The null label ∅ ("no class"): its one-hot input is all zeros. */
export const NULL_LABEL = 255;
/** Most classes a conditional network takes (one-hot inputs). */
export const MAX_CLASSES = 8;

/** ṽ = (1 + w) v_c − w v_∅ componentwise into out (out may alias either input). */
export function guidedVelocity(
  vCond: ArrayLike<number>,
  vNull: ArrayLike<number>,
  w: number,
  out: Float32Array,
): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = (1 + w) * vCond[i]! - w * vNull[i]!;
  return out;
}

/** An English message when the guidance scale is unusable, else null. */
export function validateGuidance(w: number): string | null {
  return Number.isFinite(w) && w >= 0 ? null : `guidance scale must be a number ≥ 0, got ${w}`;
}

/** The points of `target` whose label is c (interleaved, in order). */
export function classPoints(target: Points, labels: Uint8Array, c: number): Points {
  let count = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === c) count++;
  const out = new Float32Array(2 * count);
  let j = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== c) continue;
    out[2 * j] = target[2 * i]!;
    out[2 * j + 1] = target[2 * i + 1]!;
    j++;
  }
  return out;
}

/**
 * The exact class field u*_t(x | c): the marginal field (flow/marginal.ts) of the path toward
 * the class-c target points only; c = NULL_LABEL gives the unconditional field over all points.
 * Throws when class c has no points.
 */
export function classVelocity(
  s: Scheduler,
  target: Points,
  labels: Uint8Array,
  c: number,
): VelocityFn {
  if (c === NULL_LABEL) return marginalVelocity(s, target);
  const pts = classPoints(target, labels, c);
  if (pts.length === 0) throw new Error(`class ${c} has no target points`);
  return marginalVelocity(s, pts);
}

/**
 * The exact guided field (1 + w) u*_t(x | c) − w u*_t(x) — what a perfect conditional network
 * samples with guidance w: for tests and the exact-field overlay.
 */
export function guidedMarginalVelocity(
  s: Scheduler,
  target: Points,
  labels: Uint8Array,
  c: number,
  w: number,
): VelocityFn {
  const problem = validateGuidance(w);
  if (problem) throw new Error(problem);
  const cond = classVelocity(s, target, labels, c);
  if (w === 0 || c === NULL_LABEL) return cond;
  const uncond = marginalVelocity(s, target);
  let vNull = new Float32Array(0);
  return (x, t, out) => {
    if (vNull.length !== out.length) vNull = new Float32Array(out.length);
    uncond(x, t, vNull);
    cond(x, t, out);
    guidedVelocity(out, vNull, w, out);
  };
}

/**
 * n labels in the classes' proportions among `targetLabels` (∅ entries ignored), in random
 * order: class c gets round(n·π_c) by largest remainder, π_c = #{i: cⁱ = c} / #{i: cⁱ ≠ ∅}
 * (ties to the smaller class), then a Fisher–Yates shuffle drawn from `rng` (n − 1 uniforms).
 * Throws when no target point has a class.
 */
export function labelsInProportion(
  targetLabels: Uint8Array,
  classes: number,
  n: number,
  rng: Rng,
): Uint8Array {
  const counts = new Array<number>(classes).fill(0);
  let total = 0;
  for (const c of targetLabels) {
    if (c === NULL_LABEL || c >= classes) continue;
    counts[c]!++;
    total++;
  }
  if (total === 0) throw new Error('no target point has a class label');
  const exact = counts.map((k) => (n * k) / total);
  const take = exact.map(Math.floor);
  const order = exact
    .map((_, c) => c)
    .sort((a, b) => exact[b]! - take[b]! - (exact[a]! - take[a]!) || a - b);
  for (let r = n - take.reduce((s, k) => s + k, 0), i = 0; r > 0; r--, i++) take[order[i]!]!++;
  const out = new Uint8Array(n);
  let j = 0;
  take.forEach((k, c) => out.fill(c, j, (j += k)));
  for (let i = n - 1; i > 0; i--) {
    const k = rng.int(i + 1);
    [out[i], out[k]] = [out[k]!, out[i]!];
  }
  return out;
}

/** Per-class scores of labelled samples: exact W2 to each class's reference, and accuracy. */
export interface ClassScores {
  /** W2(samples with label c, referenceByClass[c]) (Infinity if any sample is not finite). */
  w2: number[];
  /** Share of the samples with label c whose nearest `pool` point has label c. */
  accuracy: number[];
}

/**
 * Scores `x` (labels `labels`) class by class: exact W2 (MATH.md §5) of class c's samples to
 * `referenceByClass[c]` (as many points), and the nearest-neighbour accuracy against the
 * labelled `pool` (`classAccuracy`).
 */
export function classScores(
  x: Points,
  labels: Uint8Array,
  referenceByClass: readonly Points[],
  pool: Points,
  poolLabels: Uint8Array,
): ClassScores {
  const w2: number[] = [];
  const accuracy: number[] = [];
  referenceByClass.forEach((ref, c) => {
    const mine = classPoints(x, labels, c);
    const n = mine.length / 2;
    w2.push(mine.every(Number.isFinite) ? w2Exact(mine, ref) : Infinity);
    const mineLabels = new Uint8Array(n).fill(c);
    accuracy.push(classAccuracy(mine, mineLabels, pool, poolLabels, referenceByClass.length));
  });
  return { w2, accuracy };
}
