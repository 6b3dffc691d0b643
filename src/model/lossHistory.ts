/**
 * The training loss history, bounded so an hour of live training costs the same memory as a
 * minute: the latest steps at full resolution (a short tail), older steps averaged into bins
 * that double in width whenever there are too many of them. A checkpoint copies at most
 * `2 · (tail + coarse)` pairs, whatever the step count.
 */

/** A bin of consecutive steps: mean step, mean loss and how many steps it holds. */
type Bin = [step: number, loss: number, count: number];

export class LossHistory {
  private coarse: Bin[] = [];
  private fine: [number, number][] = [];

  /**
   * @param tail steps kept at full resolution (between `tail` and `2·tail` are held)
   * @param coarseLimit bins of older steps; past it, neighbouring bins merge pairwise
   */
  constructor(
    readonly tail = 1000,
    readonly coarseLimit = 1000,
  ) {}

  /** Appends one step's loss. */
  push(step: number, loss: number): void {
    this.fine.push([step, loss]);
    if (this.fine.length < 2 * this.tail) return;
    // Move the older half of the tail into unit bins in one splice (amortised O(1) per step).
    for (const [s, l] of this.fine.splice(0, this.tail)) this.coarse.push([s, l, 1]);
    while (this.coarse.length > this.coarseLimit) this.coarse = mergePairs(this.coarse);
  }

  /** Number of (step, loss) pairs held. */
  get length(): number {
    return this.coarse.length + this.fine.length;
  }

  /** (step, loss) pairs, oldest first: binned means, then the full-resolution tail. */
  points(): [number, number][] {
    return [
      ...this.coarse.map(([s, l]): [number, number] => [s, l]),
      ...this.fine.map(([s, l]): [number, number] => [s, l]),
    ];
  }

  /** Replaces the history with these pairs (a checkpoint's), re-bounding them. */
  load(points: readonly (readonly [number, number])[]): void {
    this.clear();
    for (const [s, l] of points) this.push(s, l);
  }

  clear(): void {
    this.coarse = [];
    this.fine = [];
  }
}

/** Neighbouring bins merged: count-weighted means, so every step weighs the same. */
function mergePairs(bins: Bin[]): Bin[] {
  const out: Bin[] = [];
  for (let i = 0; i < bins.length; i += 2) {
    const a = bins[i]!;
    const b = bins[i + 1];
    if (!b) {
      out.push(a);
      continue;
    }
    const n = a[2] + b[2];
    out.push([(a[0] * a[2] + b[0] * b[2]) / n, (a[1] * a[2] + b[1] * b[2]) / n, n]);
  }
  return out;
}
