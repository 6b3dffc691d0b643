/**
 * Class accuracy of class-conditional samples: the share of samples whose nearest target point
 * carries the class the sample was drawn with (the headless trainer's measure too, in
 * scripts/headlessGuidance.ts). Samples drawn with no class (label ≥ `classes`, e.g. the null
 * label ∅) are left out.
 */
import type { Points } from './types';

/** Index of the target point nearest to (x, y) (squared Euclidean distance). */
function nearest(target: Points, x: number, y: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < target.length / 2; i++) {
    const d = (target[2 * i]! - x) ** 2 + (target[2 * i + 1]! - y) ** 2;
    if (d < bestD) [best, bestD] = [i, d];
  }
  return best;
}

/**
 * accuracy = #{i : label(nearest(x_i)) = c_i} / #{i : c_i < classes}, over the first n samples;
 * NaN when none has a class.
 */
export function classAccuracy(
  samples: Points,
  labels: Uint8Array,
  target: Points,
  targetLabels: Uint8Array,
  classes: number,
  n = labels.length,
): number {
  let right = 0;
  let counted = 0;
  for (let i = 0; i < Math.min(n, labels.length, samples.length / 2); i++) {
    const c = labels[i]!;
    if (c >= classes) continue;
    counted++;
    if (targetLabels[nearest(target, samples[2 * i]!, samples[2 * i + 1]!)] === c) right++;
  }
  return counted ? right / counted : NaN;
}
