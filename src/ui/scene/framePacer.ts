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
