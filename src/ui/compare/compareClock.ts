/**
 * The comparison's own time t and requestAnimationFrame loop (the playground's clock belongs
 * to its two views). The loop runs only while the panel is visible and either playing or
 * asked for one frame; t never goes through React.
 */

import { FramePacer } from '../engine/framePacer';

/** Seconds for t to go from 0 to 1, and the pause at t = 1 before looping. */
export const PASS_SECONDS = 4;
const HOLD_SECONDS = 0.8;

export class CompareClock {
  private readonly pacer = new FramePacer();
  private time = 0;
  private raf = 0;
  private last = 0;
  private hold = 0;
  private enabled = false;
  /** Frames drawn so far (the test hook reads it). */
  frames = 0;

  constructor(
    private readonly onFrame: (t: number) => void,
    private readonly playing: () => boolean,
  ) {}

  get t(): number {
    return this.time;
  }

  /** Starts or stops the loop (the panel is shown or hidden). */
  setEnabled(on: boolean): void {
    this.enabled = on;
    if (on) this.invalidate();
    else this.cancel();
  }

  /** Jumps to t (scrubbing) and draws one frame. */
  setT(t: number): void {
    this.time = Math.min(1, Math.max(0, t));
    this.hold = 0;
    this.invalidate();
  }

  /** Schedules one frame (no-op when one is pending, hidden, or outside a browser). */
  invalidate(): void {
    if (!this.enabled || this.raf || typeof requestAnimationFrame === 'undefined') return;
    this.last = performance.now();
    this.raf = requestAnimationFrame(this.tick);
  }

  private readonly tick = (now: number): void => {
    this.raf = 0;
    const interval = now - this.last;
    const dt = Math.min(0.1, Math.max(0, interval / 1000));
    this.last = now;
    const playing = this.playing();
    if (playing) this.advance(dt);
    if (this.pacer.skip(playing, interval)) {
      if (this.enabled) this.raf = requestAnimationFrame(this.tick);
      return;
    }
    this.frames++;
    this.onFrame(this.time);
    if (this.playing() && this.enabled) this.raf = requestAnimationFrame(this.tick);
  };

  private advance(dt: number): void {
    if (this.time >= 1) {
      this.hold += dt;
      if (this.hold >= HOLD_SECONDS) {
        this.hold = 0;
        this.time = 0;
      }
      return;
    }
    this.time = Math.min(1, this.time + dt / PASS_SECONDS);
  }

  private cancel(): void {
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  dispose(): void {
    this.enabled = false;
    this.cancel();
  }
}
