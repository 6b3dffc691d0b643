/**
 * The time t of a set of views and their one requestAnimationFrame loop, driven by a layout
 * (play, pause, seek, speed, loop) or by a script (`playRange(a, b)` resolves at b). It knows
 * no store: a page mirrors `playing` into its own with `onPlaying`. The loop runs only while
 * something changes (playing, or one frame after `invalidate()`) and while enabled; t never
 * goes through React.
 */
import { FramePacer } from './framePacer';

/** Seconds for t to go from 0 to 1 at speed 1. */
export const PASS_SECONDS = 4;
/** Pause at t = 1 before looping, so the finished picture can be seen. */
const HOLD_SECONDS = 0.8;

export type FrameListener = (t: number, now: number) => void;

export interface ClockOptions {
  playing?: boolean;
  /** t advances by speed / PASS_SECONDS per second. */
  speed?: number;
  /** At t = 1: hold, then start again (true), or stop (false). */
  loop?: boolean;
}

export class Clock {
  private readonly pacer = new FramePacer();
  private time = 0;
  private raf = 0;
  private last = 0;
  private hold = 0;
  private isPlaying: boolean;
  private enabled = true;
  private speed: number;
  private loop: boolean;
  /** The end of a `playRange`, and who waits for it. */
  private range: { end: number; done: () => void } | null = null;
  private readonly listeners = new Set<FrameListener>();
  private readonly playingListeners = new Set<(playing: boolean) => void>();
  /** Frames drawn so far (read by the test hooks to prove the loop runs). */
  frames = 0;

  constructor(options: ClockOptions = {}) {
    this.isPlaying = options.playing ?? false;
    this.speed = options.speed ?? 1;
    this.loop = options.loop ?? true;
  }

  get t(): number {
    return this.time;
  }

  get playing(): boolean {
    return this.isPlaying;
  }

  play(): void {
    if (this.time >= 1 && !this.loop) this.time = 0;
    this.setPlaying(true);
  }

  /** Stops where it is (a pending `playRange` resolves). */
  pause(): void {
    this.setPlaying(false);
  }

  /** Jumps to t (scrubbing); draws one frame. */
  seek(t: number): void {
    this.time = Math.min(1, Math.max(0, t));
    this.hold = 0;
    this.invalidate();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
  }

  setLoop(loop: boolean): void {
    this.loop = loop;
  }

  /** Plays from a to b (0 ≤ a, b ≤ 1), stops at b; resolves then, or when paused or replaced. */
  playRange(a: number, b: number): Promise<void> {
    this.endRange();
    this.seek(a);
    const end = Math.min(1, Math.max(this.time, b));
    return new Promise((resolve) => {
      this.range = { end, done: resolve };
      this.setPlaying(true);
    });
  }

  /** Starts or stops the loop (the views are shown or hidden); t and playing are kept. */
  setEnabled(on: boolean): void {
    this.enabled = on;
    if (on) this.invalidate();
    else this.cancel();
  }

  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when playing starts or stops (by a call, the end of a range, or the end without loop). */
  onPlaying(listener: (playing: boolean) => void): () => void {
    this.playingListeners.add(listener);
    return () => this.playingListeners.delete(listener);
  }

  /** Schedules one frame (no-op when one is pending, disabled, or outside a browser). */
  invalidate(): void {
    if (!this.enabled || this.raf || typeof requestAnimationFrame === 'undefined') return;
    this.last = performance.now();
    this.raf = requestAnimationFrame(this.tick);
  }

  private setPlaying(on: boolean): void {
    if (!on) this.endRange();
    if (on === this.isPlaying) return;
    this.isPlaying = on;
    this.invalidate();
    this.playingListeners.forEach((l) => l(on));
  }

  private endRange(): void {
    const range = this.range;
    this.range = null;
    range?.done();
  }

  private readonly tick = (now: number): void => {
    this.raf = 0;
    const interval = now - this.last;
    const dt = Math.min(0.1, Math.max(0, interval / 1000));
    this.last = now;
    const playing = this.isPlaying;
    if (playing) this.advance(dt);
    if (this.pacer.skip(playing, interval)) {
      if (this.enabled) this.raf = requestAnimationFrame(this.tick);
      return;
    }
    this.frames++;
    this.listeners.forEach((l) => l(this.time, now));
    if (this.range && this.time >= this.range.end) this.pause();
    if (this.isPlaying && this.enabled) this.raf = requestAnimationFrame(this.tick);
  };

  private advance(dt: number): void {
    if (this.range) {
      this.time = Math.min(this.range.end, this.time + (dt * this.speed) / PASS_SECONDS);
      return;
    }
    if (this.time >= 1) {
      if (!this.loop) {
        this.pause();
        return;
      }
      this.hold += dt;
      if (this.hold < HOLD_SECONDS) return;
      this.hold = 0;
      this.time = 0;
      return;
    }
    this.time = Math.min(1, this.time + (dt * this.speed) / PASS_SECONDS);
  }

  private cancel(): void {
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  dispose(): void {
    this.enabled = false;
    this.cancel();
    this.endRange();
    this.listeners.clear();
    this.playingListeners.clear();
  }
}
