/**
 * The shared time t of both views and the one requestAnimationFrame loop. The loop runs only
 * while something changes: while playing, or for a single frame after `invalidate()` (a scrub,
 * a new trajectory, a resize). t never goes through React: listeners get it every frame.
 */
import { appStore } from '../../state/appStore';
import { FramePacer } from '../engine/framePacer';

/** Seconds for t to go from 0 to 1 at speed 1. */
export const PASS_SECONDS = 4;
/** Pause at t = 1 before looping, so the finished picture can be seen. */
const HOLD_SECONDS = 0.8;

export type FrameListener = (t: number, now: number) => void;

export class Clock {
  private readonly pacer = new FramePacer();
  private time = 0;
  private raf = 0;
  private last = 0;
  private hold = 0;
  private readonly listeners = new Set<FrameListener>();
  private readonly unsubscribe: () => void;
  /** Frames drawn so far (read by the test hook to prove the loop runs). */
  frames = 0;

  constructor() {
    this.unsubscribe = appStore.subscribe((s, prev) => {
      if (s.playing !== prev.playing) {
        if (s.playing && this.time >= 1 && !s.settings.loop) this.time = 0;
        this.invalidate();
      }
    });
  }

  get t(): number {
    return this.time;
  }

  /** Jumps to t (scrubbing); draws one frame. */
  setT(t: number): void {
    this.time = Math.min(1, Math.max(0, t));
    this.hold = 0;
    this.invalidate();
  }

  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Schedules one frame (no-op when one is already scheduled). */
  invalidate(): void {
    if (this.raf || typeof requestAnimationFrame === 'undefined') return;
    this.last = performance.now();
    this.raf = requestAnimationFrame(this.tick);
  }

  private readonly tick = (now: number): void => {
    this.raf = 0;
    const { playing, settings } = appStore.getState();
    const interval = now - this.last;
    const dt = Math.min(0.1, Math.max(0, interval / 1000));
    this.last = now;
    if (playing) this.advance(dt, settings.speed, settings.loop);
    if (this.pacer.skip(playing, interval)) {
      this.raf = requestAnimationFrame(this.tick);
      return;
    }
    this.frames++;
    this.listeners.forEach((l) => l(this.time, now));
    if (appStore.getState().playing) {
      this.raf = requestAnimationFrame(this.tick);
    }
  };

  private advance(dt: number, speed: number, loop: boolean): void {
    if (this.time >= 1) {
      if (!loop) {
        appStore.setState({ playing: false });
        return;
      }
      this.hold += dt;
      if (this.hold < HOLD_SECONDS) return;
      this.hold = 0;
      this.time = 0;
      return;
    }
    this.time = Math.min(1, this.time + (dt * speed) / PASS_SECONDS);
  }

  dispose(): void {
    if (this.raf) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.listeners.clear();
    this.unsubscribe();
  }
}
