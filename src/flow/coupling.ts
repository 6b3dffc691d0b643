/**
 * Couplings of noise and data within a training batch (MATH.md §4, minibatch OT):
 * independent pairs, or the optimal assignment on squared distance, which makes the
 * learned paths straighter and few-step sampling better.
 */
import { solveAssignment, squaredDistanceMatrix } from './assignment';
import type { CouplingId, Points } from './types';

export const COUPLING_IDS: readonly CouplingId[] = ['independent', 'ot'];

/** π minimising Σ_i ‖x0_i − x1_π(i)‖² (exact assignment; equal batch sizes). */
export function otCouple(x0: Points, x1: Points): Int32Array {
  if (x0.length !== x1.length) {
    throw new Error(`OT coupling needs equal batches, got ${x0.length / 2} and ${x1.length / 2}`);
  }
  return solveAssignment(squaredDistanceMatrix(x0, x1), x0.length / 2);
}

/** out_i = points_π(i). */
export function applyPermutation(
  points: Points,
  perm: Int32Array,
  out: Points = new Float32Array(points.length),
): Points {
  for (let i = 0; i < perm.length; i++) {
    const j = perm[i]!;
    out[2 * i] = points[2 * j]!;
    out[2 * i + 1] = points[2 * j + 1]!;
  }
  return out;
}

/**
 * Minibatch OT within each class: rows are grouped by their x1's class and each group is
 * paired by its own exact assignment, so x0 given c stays N(0, I) — the class-c flow starts
 * from the whole source, as sampling with label c does. (One assignment across classes would
 * hand class c only the noise nearest to it, and v(x, t, c) would be trained on a source it
 * is never sampled from.) Returns π with x0_i paired with x1_π(i).
 */
export function otWithinClasses(x0: Points, x1: Points, labels: Uint8Array): Int32Array {
  const n = labels.length;
  const perm = new Int32Array(n);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = groups.get(labels[i]!);
    if (g) g.push(i);
    else groups.set(labels[i]!, [i]);
  }
  for (const rows of groups.values()) {
    const pick = (p: Points) => Float32Array.from(rows.flatMap((r) => [p[2 * r]!, p[2 * r + 1]!]));
    const sub = otCouple(pick(x0), pick(x1));
    rows.forEach((r, a) => (perm[r] = rows[sub[a]!]!));
  }
  return perm;
}
