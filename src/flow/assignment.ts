/**
 * Exact linear assignment (minimum-cost perfect matching on a dense n×n cost matrix) by
 * shortest augmenting paths with dual potentials (Jonker–Volgenant / Kuhn–Munkres, O(n³)
 * worst case, far less on the random geometric costs met here). Used by the minibatch OT
 * coupling (n ≤ 512 every training step) and the exact W2 metric (n ≤ 2000).
 */

/** Row i → column π(i) minimising Σ_i cost[i·n + π(i)]. */
export function solveAssignment(cost: Float64Array, n: number): Int32Array {
  if (cost.length !== n * n) throw new Error(`cost has ${cost.length} entries, expected ${n * n}`);
  // 1-based arrays in the classic formulation: column 0 is the virtual start.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOfCol = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  const minv = new Float64Array(n + 1);
  const used = new Uint8Array(n + 1);
  const matched = greedyTightStart(cost, n, u, v, rowOfCol);
  for (let i = 1; i <= n; i++) {
    if (matched[i]) continue;
    rowOfCol[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0]!;
      const base = (i0 - 1) * n - 1;
      const ui0 = u[i0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost[base + j]! - ui0 - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[rowOfCol[j]!] = u[rowOfCol[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else {
          minv[j] = minv[j]! - delta;
        }
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    do {
      const j1 = way[j0]!;
      rowOfCol[j0] = rowOfCol[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const perm = new Int32Array(n);
  for (let j = 1; j <= n; j++) perm[rowOfCol[j]! - 1] = j - 1;
  return perm;
}

/**
 * Feasible duals by column then row reduction (v_j = min_i c_ij, u_i = min_j c_ij − v_j) and a
 * greedy matching on tight edges: most rows start matched, so few augmenting paths remain.
 */
function greedyTightStart(
  cost: Float64Array,
  n: number,
  u: Float64Array,
  v: Float64Array,
  rowOfCol: Int32Array,
): Uint8Array {
  v.fill(Infinity, 1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = cost[i * n + j]!;
      if (c < v[j + 1]!) v[j + 1] = c;
    }
  }
  const matched = new Uint8Array(n + 1);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bestJ = -1;
    for (let j = 0; j < n; j++) {
      const r = cost[i * n + j]! - v[j + 1]!;
      // Among the tight columns prefer a free one, so that the greedy matching grows.
      if (
        r < best ||
        (r === best && rowOfCol[j + 1] === 0 && bestJ >= 0 && rowOfCol[bestJ + 1] !== 0)
      ) {
        best = r;
        bestJ = j;
      }
    }
    u[i + 1] = best;
    if (bestJ >= 0 && rowOfCol[bestJ + 1] === 0) {
      rowOfCol[bestJ + 1] = i + 1;
      matched[i + 1] = 1;
    }
  }
  return matched;
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
