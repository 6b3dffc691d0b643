/**
 * Work that repeats while a condition holds (refreshing the views, probing quality), spaced
 * by how long it took: it shares the worker with training, so waiting 3× as long as a refresh
 * took keeps it under a quarter of the worker's time. A call while it runs is coalesced.
 */
export class Repeater {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private stopped = false;

  /**
   * @param work the job; its rejections are the job's to report
   * @param next the delay before the next run, given how long this one took (ms)
   * @param keepGoing whether to schedule another run after this one
   */
  constructor(
    private readonly work: () => Promise<void>,
    private readonly next: (tookMs: number) => number,
    private readonly keepGoing: () => boolean,
  ) {}

  /** Runs now, or once more right after the run in progress. */
  run(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.again = false;
    this.stopped = false;
    this.running = true;
    const started = performance.now();
    void this.work()
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        if (this.stopped) return;
        if (this.keepGoing()) this.schedule(this.next(performance.now() - started));
        else if (this.again) this.run();
      });
  }

  /** Runs after `delay` ms (replacing a run already scheduled). */
  schedule(delay: number): void {
    clearTimeout(this.timer);
    this.stopped = false;
    this.timer = setTimeout(() => this.run(), delay);
  }

  /** No further runs (one in progress finishes). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.again = false;
    this.stopped = true;
  }
}
