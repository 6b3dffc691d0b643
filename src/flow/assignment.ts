/**
 * Exact linear assignment (minimum-cost perfect matching on a dense n×n cost matrix) by
 * shortest augmenting paths with dual potentials (Jonker–Volgenant / Kuhn–Munkres, O(n³)
 * worst case, far less on the random geometric costs met here). Used by the minibatch OT
 * coupling (every training step) and the exact W2 metric (n ≤ 10 000).
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
  const matched = jvInitialize(cost, n, u, v, rowOfCol);
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
 * Jonker–Volgenant initialisation: column reduction (v_j = min_i c_ij, each column offered to
 * its cheapest row) and two rounds of augmenting row reduction, which hand each free row the
 * column of its smallest reduced cost and lower that column's price by the gap to the second
 * smallest. Afterwards every matched edge is tight and u_i = min_j (c_ij − v_j) keeps the duals
 * feasible, so usually only a few rows are left for the shortest-path phase.
 */
function jvInitialize(
  cost: Float64Array,
  n: number,
  u: Float64Array,
  v: Float64Array,
  rowOfCol: Int32Array,
): Uint8Array {
  const colOfRow = new Int32Array(n + 1);
  v.fill(Infinity, 1);
  const argmin = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    const base = (i - 1) * n - 1;
    for (let j = 1; j <= n; j++) {
      if (cost[base + j]! < v[j]!) {
        v[j] = cost[base + j]!;
        argmin[j] = i;
      }
    }
  }
  for (let j = n; j >= 1; j--) {
    const i = argmin[j]!;
    if (colOfRow[i] === 0) {
      colOfRow[i] = j;
      rowOfCol[j] = i;
    }
  }
  for (let round = 0; round < 2; round++) {
    const free: number[] = [];
    for (let i = 1; i <= n; i++) if (colOfRow[i] === 0) free.push(i);
    let k = 0;
    let guard = 0;
    while (k < free.length && guard++ < 10 * n) {
      const i = free[k++]!;
      const base = (i - 1) * n - 1;
      let u1 = Infinity;
      let u2 = Infinity;
      let j1 = 1;
      let j2 = 1;
      for (let j = 1; j <= n; j++) {
        const r = cost[base + j]! - v[j]!;
        if (r < u2) {
          if (r < u1) {
            u2 = u1;
            j2 = j1;
            u1 = r;
            j1 = j;
          } else {
            u2 = r;
            j2 = j;
          }
        }
      }
      let i0 = rowOfCol[j1]!;
      if (u1 < u2) v[j1] = v[j1]! - (u2 - u1);
      else if (i0 !== 0) {
        j1 = j2;
        i0 = rowOfCol[j1]!;
      }
      rowOfCol[j1] = i;
      colOfRow[i] = j1;
      if (i0 !== 0) {
        colOfRow[i0] = 0;
        if (u1 < u2) free[--k] = i0;
        else free.push(i0);
      }
    }
  }
  const matched = new Uint8Array(n + 1);
  for (let i = 1; i <= n; i++) {
    const base = (i - 1) * n - 1;
    let best = Infinity;
    for (let j = 1; j <= n; j++) best = Math.min(best, cost[base + j]! - v[j]!);
    u[i] = best;
    matched[i] = colOfRow[i] !== 0 ? 1 : 0;
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
