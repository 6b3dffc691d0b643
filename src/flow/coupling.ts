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
