/**
 * The pushed events of the training worker (stats, quality, errors, engine changes) and who
 * listens to them: the supervisor (supervisor.ts) hands each event here, the client's `on…`
 * methods subscribe.
 */
import type { BackendInfo } from '../model/backend';
import type { QualityStats, TrainingStats, WorkerEvent } from './protocol';

/** Called with each event of one kind. */
export type Listener<T> = (value: T) => void;

/** What each kind of listener hears. */
interface Heard {
  stats: TrainingStats;
  quality: QualityStats;
  error: { id?: string; message: string };
  backend: BackendInfo;
}

/** The listeners of each kind of pushed event. */
export class WorkerEvents {
  private readonly listeners: { [K in keyof Heard]: Set<Listener<Heard[K]>> } = {
    stats: new Set(),
    quality: new Set(),
    error: new Set(),
    backend: new Set(),
  };

  /** Hands a pushed event (anything but a reply) to its listeners. */
  emit(msg: Exclude<WorkerEvent, { type: 'reply' }>): void {
    if (msg.type === 'stats') {
      this.listeners.stats.forEach((l) => l(msg));
    } else if (msg.type === 'quality') {
      this.listeners.quality.forEach((l) => l(msg));
    } else if (msg.type === 'error') {
      this.listeners.error.forEach((l) => l(msg));
    } else {
      this.listeners.backend.forEach((l) => l(msg.info));
    }
  }

  /** Tells the error listeners something the page, not the worker, has to say. */
  error(message: string): void {
    this.listeners.error.forEach((l) => l({ message }));
  }

  /** Subscribes `l` to one kind of event; returns the unsubscribe. */
  on<K extends keyof Heard>(kind: K, l: Listener<Heard[K]>): () => void {
    const set = this.listeners[kind] as Set<Listener<Heard[K]>>;
    set.add(l);
    return () => set.delete(l);
  }
}
