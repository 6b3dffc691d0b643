/**
 * Linear assignment (minimum-cost perfect matching on a dense n×n cost matrix) by Bertsekas'
 * auction algorithm with ε-scaling (forward, Gauss–Seidel bids). Each phase runs the auction
 * to completion with the current ε from the previous phase's prices; ε shrinks 8× per phase
 * down to 10⁻⁹·max|c| / n, so the matching's cost is within 10⁻⁹·max|c| of the optimum
 * (ε-complementary slackness) and exactly optimal for integer costs below 10⁹. On the
 * Gaussian-to-data costs of minibatch OT it is about 5× faster than shortest augmenting paths
 * (Jonker–Volgenant) at n = 512 and 18× at n = 2000 (measured here: 186 ms → 38 ms, 11.8 s →
 * 0.65 s). Used by the minibatch OT
 * coupling (every training step) and the exact W2 metric (n ≤ 10 000).
 */

/** An optimal assignment and the column prices that certify it. */
export interface Assignment {
  /** Row i → column perm[i]. */
  perm: Int32Array;
  /**
   * Column prices q_j: for any q, Σ_i min_j (c_ij − q_j) + Σ_j q_j is a lower bound on the
   * optimal cost (LP duality); for these prices it is within 10⁻⁹·max|c| of the returned cost.
   */
  prices: Float64Array;
}

/** Relative accuracy of the final phase: ε_final = RELATIVE_GAP · max|c| / n. */
export const RELATIVE_GAP = 1e-9;
const FIRST_EPS_DIVISOR = 64;
const EPS_FACTOR = 8;

/** Row i → column π(i) minimising Σ_i cost[i·n + π(i)]. */
export function solveAssignment(cost: Float64Array, n: number): Int32Array {
  return solveAssignmentWithPrices(cost, n).perm;
}

export function solveAssignmentWithPrices(cost: Float64Array, n: number): Assignment {
  if (cost.length !== n * n) throw new Error(`cost has ${cost.length} entries, expected ${n * n}`);
  let cmax = 0;
  for (let k = 0; k < cost.length; k++) {
    const c = cost[k]!;
    if (!Number.isFinite(c)) throw new Error('assignment costs must be finite numbers');
    cmax = Math.max(cmax, Math.abs(c));
  }
  const colOfRow = new Int32Array(n).fill(-1);
  // Bids maximise the benefit −c_ij − p_j; the prices p_j only ever rise.
  const price = new Float64Array(n);
  if (n <= 1 || cmax === 0) {
    for (let i = 0; i < n; i++) colOfRow[i] = i;
    return { perm: colOfRow, prices: price };
  }
  const owner = new Int32Array(n);
  const queue = new Int32Array(n); // ring buffer of unassigned rows
  const epsFinal = (RELATIVE_GAP * cmax) / n;
  let eps = cmax / FIRST_EPS_DIVISOR;
  for (;;) {
    eps = Math.max(eps, epsFinal);
    owner.fill(-1);
    colOfRow.fill(-1);
    for (let i = 0; i < n; i++) queue[i] = i;
    let head = 0;
    let waiting = n;
    while (waiting > 0) {
      const i = queue[head]!;
      head = head + 1 === n ? 0 : head + 1;
      waiting--;
      // The best and second-best net benefit of row i.
      const base = i * n;
      let best = -Infinity;
      let second = -Infinity;
      let bestCol = 0;
      for (let j = 0; j < n; j++) {
        const w = -cost[base + j]! - price[j]!;
        if (w > second) {
          if (w > best) {
            second = best;
            best = w;
            bestCol = j;
          } else {
            second = w;
          }
        }
      }
      // Raise the price until row i is indifferent to its second best, plus ε.
      price[bestCol] = price[bestCol]! + (best - second) + eps;
      const evicted = owner[bestCol]!;
      owner[bestCol] = i;
      colOfRow[i] = bestCol;
      if (evicted >= 0) {
        colOfRow[evicted] = -1;
        const tail = head + waiting;
        queue[tail >= n ? tail - n : tail] = evicted;
        waiting++;
      }
    }
    if (eps <= epsFinal) break;
    eps /= EPS_FACTOR;
  }
  // In cost terms the reduced cost is c_ij − q_j with q_j = −p_j.
  for (let j = 0; j < n; j++) price[j] = -price[j]!;
  return { perm: colOfRow, prices: price };
}

/** Squared Euclidean distances between two 2D point sets of equal size, row-major n×n. */
export function squaredDistanceMatrix(a: Float32Array, b: Float32Array): Float64Array {
  const n = a.length / 2;
  const m = b.length / 2;
  const cost = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    const ax = a[2 * i]!;
    const ay = a[2 * i + 1]!;
    for (let j = 0; j < m; j++) {
      const dx = ax - b[2 * j]!;
      const dy = ay - b[2 * j + 1]!;
      cost[i * m + j] = dx * dx + dy * dy;
    }
  }
  return cost;
}
