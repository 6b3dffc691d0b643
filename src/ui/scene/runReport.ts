/**
 * Turns the worker's stats and quality events into the store's run figures. Stats arrive
 * every ~40 ms while training; the store (and so React) hears about them at most every
 * 400 ms, and the histories stay bounded.
 */
import { appStore, INITIAL_RUN, patchRun, type RunStatus } from '../../state/appStore';
import type { QualityStats, TrainingStats } from '../../worker/protocol';

const FLUSH_MS = 400;
const MAX_HISTORY = 2000;

const STATUS: Record<TrainingStats['status'], RunStatus> = {
  idle: 'idle',
  training: 'training',
  paused: 'paused',
  diverged: 'paused',
  error: 'error',
};

/** Halves a history that grew past the cap (keeps every other point and the last). */
export function thin<T>(a: T[]): T[] {
  return a.length > MAX_HISTORY ? a.filter((_, i) => i % 2 === 1 || i === a.length - 1) : a;
}

export class RunReport {
  private losses: [number, number][] = [];
  private latest: TrainingStats | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly id: string) {}

  stats(s: TrainingStats): void {
    if (s.id !== this.id) return;
    if (Number.isFinite(s.loss)) this.losses.push([s.step, s.loss]);
    this.latest = s;
    if (s.status !== 'training' || this.losses.length === 1) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  quality(q: QualityStats): void {
    if (q.id !== this.id || !Number.isFinite(q.slicedW2)) return;
    patchRun({ quality: thin([...appStore.getState().run.quality, [q.step, q.slicedW2]]) });
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const s = this.latest;
    if (!s) return;
    const run = appStore.getState().run;
    const losses = this.losses.length ? thin([...run.losses, ...this.losses]) : run.losses;
    this.losses = [];
    this.latest = null;
    patchRun({
      step: s.step,
      loss: Number.isFinite(s.loss) ? s.loss : run.loss,
      stepsPerSec: s.status === 'training' ? s.stepsPerSec : 0,
      status: STATUS[s.status],
      losses,
      ...(s.message ? { error: s.message } : {}),
    });
  }

  /** A fresh network: empty histories, step 0 (backend and status kept). */
  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.losses = [];
    this.latest = null;
    const { backend, backendReason, status } = appStore.getState().run;
    patchRun({ ...INITIAL_RUN, backend, backendReason, status });
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
