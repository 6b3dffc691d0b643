/**
 * The supervision of the training worker: requests are numbered, posted and settled by their
 * one reply; a dead or wedged worker (silent too long while something is due, an unreadable
 * message, a failed post) is replaced, and the new one resumes from the last checkpoint the
 * page holds (see journal.ts), so a crash costs one message. The typed requests on top of it
 * are the client's (client.ts).
 */
import type { Request, ReplyResults, WorkerEvent } from './protocol';
import { WorkerEvents } from './events';
import { Journal, type Outgoing } from './journal';
import { kept, workOf, WORK_PER_BOUND } from './outgoing';
import { spawnTrainingWorker } from './spawn';

/** The fields of a request of type K that the caller gives (the id and type are added). */
export type Body<K extends Request['type']> = Omit<
  Extract<Request, { type: K }>,
  'requestId' | 'type'
>;
type Pending = {
  /** What the journal records on success (with its own copy of any transferred target). */
  request: Outgoing;
  /** Particle-evaluations it asks for, counted before its arrays are transferred. */
  work: number;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
};

/** How the client watches its worker; the defaults suit the app, tests shorten them. */
export interface SupervisionOptions {
  /** Makes a worker (the first and every replacement). */
  spawn?: () => Worker;
  /** Silence (no message at all) while a reply or training is due that counts as a dead worker. */
  silenceMs?: number;
  /** How often trainers that moved are checkpointed to the page (what a restart resumes). */
  checkpointEveryMs?: number;
  /** More restarts than this within a minute and the client gives up. */
  maxRestarts?: number;
}

const defaultSpawn = (): Worker => spawnTrainingWorker();

/** A test-only override of the silence bound (e2e sets it before the page loads). */
const testSilenceMs = () =>
  (globalThis as { __fmWorkerSilenceMs?: number }).__fmWorkerSilenceMs ?? undefined;

/** Posts requests to the training worker and keeps a live one answering them. */
export class WorkerSupervisor {
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The pushed events' listeners (the client's `on…` methods subscribe to them). */
  protected readonly events = new WorkerEvents();
  private readonly journal = new Journal();
  private readonly spawn: () => Worker;
  private readonly silenceMs: number;
  private readonly maxRestarts: number;
  private lastHeard = performance.now();
  private heardAny = false;
  /** Resolves when a replacement worker has been brought to the recorded place. */
  private ready: Promise<void> = Promise.resolve();
  private restarts: number[] = [];
  private checkpointing = false;
  private lastWorkerError = '';
  private stopped = false;
  /** Why requests fail once the client has stopped. */
  private failure = 'the training worker was stopped';
  private readonly timers: ReturnType<typeof setInterval>[] = [];

  /**
   * Spawns the worker and watches it; throws a clear error where Web Workers are unavailable.
   * A dead or wedged worker is replaced and restored from the last checkpoint by itself.
   */
  constructor(worker?: Worker, options: SupervisionOptions = {}) {
    this.spawn = options.spawn ?? defaultSpawn;
    this.silenceMs = options.silenceMs ?? testSilenceMs() ?? 45_000;
    this.maxRestarts = options.maxRestarts ?? 3;
    try {
      this.worker = worker ?? this.spawn();
    } catch (e) {
      throw new Error(`Could not start the training worker: ${(e as Error).message}`);
    }
    this.wire(this.worker);
    const watchEvery = Math.max(50, Math.min(1000, this.silenceMs / 4));
    this.timers.push(setInterval(() => this.watch(), watchEvery));
    this.timers.push(
      setInterval(() => void this.checkpointStale(), options.checkpointEveryMs ?? 5000),
    );
  }

  private wire(worker: Worker): void {
    worker.onmessage = (e: MessageEvent<WorkerEvent>) => {
      if (worker !== this.worker) return;
      this.lastHeard = performance.now();
      this.heardAny = true;
      this.receive(e.data);
    };
    worker.onmessageerror = () => {
      if (worker === this.worker) this.restart('sent a message that could not be read');
    };
    worker.onerror = (e) => {
      if (worker !== this.worker) return;
      e.preventDefault?.();
      const detail = e.message || 'unknown error';
      if (!this.heardAny) {
        // It never ran (a failed script load): restarting would fail the same way.
        this.fail(`The training worker failed to start: ${detail}`);
        return;
      }
      // An uncaught error the worker survives: said once, pending requests are not its.
      if (detail === this.lastWorkerError) return;
      this.lastWorkerError = detail;
      this.events.error(`The training worker reported an error: ${detail}`);
    };
  }

  private receive(msg: WorkerEvent): void {
    if (msg.type === 'reply') {
      const p = this.pending.get(msg.requestId);
      this.pending.delete(msg.requestId);
      if (!p) return;
      if (msg.ok) {
        this.journal.record(p.request, msg.result);
        p.resolve(msg.result);
      } else p.reject(new Error(msg.error));
      return;
    }
    if (msg.type === 'stats') this.journal.sawStats(msg.id, msg.step, msg.status);
    this.events.emit(msg);
  }

  /**
   * Declares the worker dead when nothing came back for too long while something was due.
   * Sampling runs in one synchronous stretch, so the bound grows with the largest pending
   * sampling job (50 000 particles × 800 RK4 evaluations take minutes on a CPU).
   */
  private watch(): void {
    if (this.stopped) return;
    const due = this.pending.size > 0 || this.journal.running.length > 0;
    let work = 0;
    for (const p of this.pending.values()) work = Math.max(work, p.work);
    const bound = this.silenceMs * (1 + work / WORK_PER_BOUND);
    if (due && performance.now() - this.lastHeard > bound) {
      this.restart(`stopped responding (nothing for ${+(bound / 1000).toFixed(1)} s)`);
    }
  }

  /** Copies the trainers that moved since their last checkpoint to the page. */
  private async checkpointStale(): Promise<void> {
    if (this.checkpointing || this.stopped) return;
    this.checkpointing = true;
    try {
      for (const id of this.journal.stale()) {
        await this.request('checkpoint', { id }).catch(() => undefined);
      }
    } finally {
      this.checkpointing = false;
    }
  }

  private settleAll(message: string): void {
    const error = new Error(message);
    const all = [...this.pending.values()];
    this.pending.clear();
    all.forEach((p) => p.reject(error));
  }

  /** Gives up for good: every request fails with `message`. */
  private fail(message: string): void {
    this.stopped = true;
    this.failure = message;
    this.timers.forEach((t) => clearInterval(t));
    this.worker.terminate();
    this.settleAll(message);
    this.events.error(message);
  }

  /**
   * Replaces a dead worker: pending requests fail with one plain message (also said once to
   * the error listeners), a new worker is started and brought back to the last checkpoint.
   */
  private restart(why: string): void {
    if (this.stopped) return;
    const now = performance.now();
    this.restarts = [...this.restarts.filter((t) => now - t < 60_000), now];
    if (this.restarts.length > this.maxRestarts) {
      this.fail(`The training worker ${why} again; reload the page to continue.`);
      return;
    }
    const old = this.worker;
    old.onmessage = old.onerror = old.onmessageerror = null;
    old.terminate();
    const message =
      `The training worker ${why}. A new one was started and resumed from the last ` +
      `checkpoint (${this.journal.describeSteps()}); the drawing and settings are unchanged.`;
    this.settleAll(message);
    this.events.error(message);
    try {
      this.worker = this.spawn();
    } catch (e) {
      this.fail(`Could not restart the training worker: ${(e as Error).message}`);
      return;
    }
    this.lastHeard = performance.now();
    this.heardAny = false;
    this.lastWorkerError = '';
    this.wire(this.worker);
    this.ready = this.journal
      .replay((req) => this.post(req))
      .catch((e: Error) => this.events.error(`The training worker could not resume: ${e.message}`));
  }

  private post(request: Outgoing, transfer: Transferable[] = []) {
    const requestId = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      if (this.stopped) {
        reject(new Error(this.failure));
        return;
      }
      this.pending.set(requestId, {
        request: kept(request),
        work: workOf(request),
        resolve,
        reject,
      });
      try {
        this.worker.postMessage({ ...request, requestId }, transfer);
      } catch (e) {
        this.pending.delete(requestId);
        reject(new Error(`The request could not be sent: ${(e as Error).message}`));
        // A request that cannot be copied is the request's fault; anything else is the worker's.
        if ((e as Error).name !== 'DataCloneError') this.restart('could not be reached');
      }
    });
  }

  protected async request<K extends Request['type']>(
    type: K,
    body: Body<K>,
    transfer: Transferable[] = [],
  ): Promise<ReplyResults[K]> {
    await this.ready;
    const request = { ...body, type } as unknown as Outgoing;
    return (await this.post(request, transfer)) as ReplyResults[K];
  }

  /** Terminates the worker; pending requests are rejected. */
  dispose(): void {
    this.stopped = true;
    this.timers.forEach((t) => clearInterval(t));
    this.worker.terminate();
    this.settleAll('the training worker was stopped');
  }
}
