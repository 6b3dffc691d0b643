/**
 * Graceful degradation of an animation when the CPU is saturated (two cores, one of them
 * training): after a late frame (a missed vsync), the next tick advances time but does not
 * draw, so the main thread catches up; never two skips in a row, so the animation keeps at
 * least half the display rate. Scrubbing and paused frames always draw.
 */
export class FramePacer {
  private skipped = false;

  /** Whether to skip drawing this tick, given the time since the previous tick (ms). */
  skip(playing: boolean, intervalMs: number, frameMs = 1000 / 60): boolean {
    const late = playing && !this.skipped && intervalMs > 1.5 * frameMs;
    this.skipped = late;
    return late;
  }
}

/** Median and 95th percentile of recent draw times (ms), for the test hooks and the bench. */
export interface DrawSummary {
  p50: number;
  p95: number;
  count: number;
}

/** The draw times of the last `keep` frames. */
export class DrawTimes {
  private readonly times: number[] = [];

  constructor(private readonly keep = 240) {}

  record(ms: number): void {
    this.times.push(ms);
    if (this.times.length > this.keep) this.times.shift();
  }

  summary(): DrawSummary {
    const s = [...this.times].sort((a, b) => a - b);
    const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
    return { p50: at(0.5), p95: at(0.95), count: s.length };
  }
}
