/** Where an embed's views go in its frame. */

/**
 * Columns for n views in a w×h box: the grid whose cells have the largest shorter side
 * (the views draw any aspect); on a tie, fewer columns.
 */
export function arrangeViews(n: number, w: number, h: number): { cols: number; rows: number } {
  let best = { cols: 1, rows: Math.max(1, n), side: -1 };
  for (let cols = 1; cols <= Math.max(1, n); cols++) {
    const rows = Math.ceil(n / cols);
    const side = Math.min(w / cols, h / rows);
    if (side > best.side + 1e-9) best = { cols, rows, side };
  }
  return { cols: best.cols, rows: best.rows };
}
