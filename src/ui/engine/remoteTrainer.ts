/**
 * One handle per trainer id in the page's worker, used by every page: it builds the worker's
 * trainer when its setup key changes, numbers each network (a reply about an older one is
 * dropped), and batches the worker's stats events — the one path stats travel — into a few
 * store updates a second.
 */
import type { TrainerSetup, TrainingStats } from '../../worker/protocol';
import type { TrainingClient } from '../../worker/client';

/** The parts of the worker client a handle calls (a fake one in unit tests). */
export type HandleClient = Pick<TrainingClient, 'configure' | 'reset'>;

/** Stats gathered since the last flush: every (step, loss) and the latest event. */
export interface StatsBatch {
  losses: [number, number][];
  latest: TrainingStats;
}

export interface RemoteTrainerOptions {
  /** How long stats of a training run wait to be flushed together (ms). */
  flushMs: number;
  /** Writes a batch into the page's store. */
  flush(batch: StatsBatch): void;
  /** Hand a network's first stats over at once (the playground shows them as training starts). */
  flushFirst?: boolean;
}

/** Most points a history keeps before it is thinned. */
export const MAX_HISTORY = 2000;

/** Halves a history that grew past the cap (keeps every other point and the last). */
export function thin<T>(a: T[]): T[] {
  return a.length > MAX_HISTORY ? a.filter((_, i) => i % 2 === 1 || i === a.length - 1) : a;
}

export class RemoteTrainer {
  private key: string | null = null;
  private network = 0;
  private losses: [number, number][] = [];
  private latest: TrainingStats | null = null;
  /** Whether this network's stats have been handed over yet. */
  private reported = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly id: string,
    private readonly options: RemoteTrainerOptions,
  ) {}

  /** Whether the worker holds a trainer built by this handle. */
  get configured(): boolean {
    return this.key !== null;
  }

  /** The key of the setup the worker's trainer was built from (null: none). */
  get setupKey(): string | null {
    return this.key;
  }

  /** Number of the current network; it changes whenever the weights are replaced. */
  get version(): number {
    return this.network;
  }

  /**
   * Builds the worker's trainer from `setup` unless it was built from the same `key`.
   * Resolves true when a fresh network was built.
   */
  async configure(client: HandleClient, setup: TrainerSetup, key: string): Promise<boolean> {
    if (key === this.key) return false;
    this.forget();
    await client.configure(this.id, setup);
    this.key = key;
    return true;
  }

  /**
   * The worker's trainer was replaced by other means (a model file loaded with `key`'s setup):
   * it counts as built from `key`, and replies about the previous network are dropped.
   */
  adopt(key: string): void {
    this.forget();
    this.key = key;
  }

  /** Fresh weights from the same setup and seed. */
  async reset(client: HandleClient): Promise<void> {
    this.forget();
    await client.reset(this.id);
  }

  /** The worker's trainer is gone (a restarted worker) or must be rebuilt next time. */
  unconfigure(): void {
    this.key = null;
    this.forget();
  }

  /** A new network comes: replies and stats about the current one are dropped. */
  forget(): void {
    this.network++;
    this.losses = [];
    this.latest = null;
    this.reported = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Sends a request about the current network; resolves null if the network changed meanwhile. */
  async current<T>(request: () => Promise<T>): Promise<T | null> {
    const version = this.network;
    const reply = await request();
    return version === this.network ? reply : null;
  }

  /** One stats event of this trainer (others are ignored). */
  stats(s: TrainingStats): void {
    if (s.id !== this.id || !this.configured) return;
    if (Number.isFinite(s.loss)) this.losses.push([s.step, s.loss]);
    this.latest = s;
    const first = this.options.flushFirst === true && !this.reported;
    if (s.status !== 'training' || first) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.options.flushMs);
  }

  /** Hands the gathered stats to the store now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const latest = this.latest;
    if (!latest) return;
    const losses = this.losses;
    this.losses = [];
    this.latest = null;
    this.reported = true;
    this.options.flush({ losses, latest });
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
