/**
 * The page's handle on the training worker: one promise-returning method per request, and
 * subscriptions for the pushed events. Large arrays travel as transferables (no copies).
 */
import type { Points, SolverId } from '../flow/types';
import type { BackendInfo, BackendPreference } from '../model/backend';
import type { TrainerCheckpoint } from '../model/trainer';
import type {
  QualityStats,
  ReplyResults,
  Request,
  SampleRequest,
  TrainerSetup,
  TrainingStats,
  WorkerEvent,
} from './protocol';

type Listener<T> = (value: T) => void;
type Body<K extends Request['type']> = Omit<Extract<Request, { type: K }>, 'requestId' | 'type'>;

/** A copy of the points the worker may own: the caller keeps its array, the copy is transferred. */
const own = (points: Points): Float32Array => Float32Array.from(points);

export class TrainingClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();
  private readonly listeners = {
    stats: new Set<Listener<TrainingStats>>(),
    quality: new Set<Listener<QualityStats>>(),
    error: new Set<Listener<{ id?: string; message: string }>>(),
    backend: new Set<Listener<BackendInfo>>(),
  };

  /** Spawns the worker; throws a clear error where Web Workers are unavailable. */
  constructor(worker?: Worker) {
    try {
      this.worker =
        worker ?? new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module' });
    } catch (e) {
      throw new Error(`Could not start the training worker: ${(e as Error).message}`);
    }
    this.worker.onmessage = (e: MessageEvent<WorkerEvent>) => this.receive(e.data);
    this.worker.onerror = (e) => {
      const message = `The training worker failed: ${e.message || 'unknown error'}`;
      this.listeners.error.forEach((l) => l({ message }));
      this.pending.forEach((p) => p.reject(new Error(message)));
      this.pending.clear();
    };
  }

  private receive(msg: WorkerEvent): void {
    if (msg.type === 'reply') {
      const p = this.pending.get(msg.requestId);
      this.pending.delete(msg.requestId);
      if (msg.ok) p?.resolve(msg.result);
      else p?.reject(new Error(msg.error));
    } else if (msg.type === 'stats') {
      this.listeners.stats.forEach((l) => l(msg));
    } else if (msg.type === 'quality') {
      this.listeners.quality.forEach((l) => l(msg));
    } else if (msg.type === 'error') {
      this.listeners.error.forEach((l) => l(msg));
    } else {
      this.listeners.backend.forEach((l) => l(msg.info));
    }
  }

  private request<K extends Request['type']>(
    type: K,
    body: Body<K>,
    transfer: Transferable[] = [],
  ): Promise<ReplyResults[K]> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...body, type, requestId }, transfer);
    });
  }

  /** Starts a tfjs backend in the worker; says which and why. */
  init(backend: BackendPreference): Promise<BackendInfo> {
    return this.request('init', { backend });
  }
  /** Builds (or rebuilds) trainer `id`; an invalid setup is refused and the old one kept. */
  configure(id: string, setup: TrainerSetup): Promise<{ step: number }> {
    const target = own(setup.target);
    return this.request('configure', { id, setup: { ...setup, target } }, [target.buffer]);
  }
  /** Trains these ids round-robin until paused (others pause). */
  start(ids: string[]): Promise<null> {
    return this.request('start', { ids });
  }
  /** Pauses all training. */
  pause(): Promise<null> {
    return this.request('pause', {});
  }
  /** Runs exactly n steps of `id` now. */
  step(id: string, n: number): Promise<TrainingStats> {
    return this.request('step', { id, n });
  }
  /** Fresh weights from the same setup and seed. */
  reset(id: string): Promise<{ step: number }> {
    return this.request('reset', { id });
  }
  /** Changes the learning rate live (keeps Adam's moments). */
  setLearningRate(id: string, lr: number): Promise<null> {
    return this.request('setLearningRate', { id, lr });
  }
  /** Samples the weight average with this decay from now on (0: the last weights). */
  setEma(id: string, ema: number): Promise<null> {
    return this.request('setEma', { id, ema });
  }
  /** Trains toward new target points from now on (keeps the network). */
  setTarget(id: string, target: Points): Promise<null> {
    const copy = own(target);
    return this.request('setTarget', { id, target: copy }, [copy.buffer]);
  }
  /** Integrates x0 through the learned field; the trajectory arrives as a transferable. */
  sample(id: string, req: SampleRequest): Promise<ReplyResults['sample']> {
    const x0 = own(req.x0);
    return this.request('sample', { id, ...req, x0 }, [x0.buffer]);
  }
  /** The learned velocity at these points and time. */
  field(id: string, points: Points, t: number): Promise<Points> {
    const copy = own(points);
    return this.request('field', { id, points: copy, t }, [copy.buffer]);
  }
  /** Mean CFM loss per time bin on fresh samples. */
  lossByTime(id: string, bins: number): Promise<Float32Array> {
    return this.request('lossByTime', { id, bins });
  }
  /** Sliced W2 to `reference` for each solver and NFE budget (quality versus NFE). */
  nfeSweep(
    id: string,
    x0: Points,
    solvers: SolverId[],
    nfes: number[],
    reference: Points,
  ): Promise<ReplyResults['nfeSweep']> {
    const [start, ref] = [own(x0), own(reference)];
    return this.request('nfeSweep', { id, x0: start, solvers, nfes, reference: ref }, [
      start.buffer,
      ref.buffer,
    ]);
  }
  /** The current model as a versioned JSON file. */
  exportModel(id: string, dataset: string): Promise<ReplyResults['exportModel']> {
    return this.request('exportModel', { id, dataset });
  }
  /** Loads a model file (validated; a mismatch is refused with a clear message). */
  importModel(id: string, file: unknown): Promise<{ step: number }> {
    return this.request('importModel', { id, file });
  }
  /** A resumable snapshot of trainer `id`. */
  checkpoint(id: string): Promise<TrainerCheckpoint> {
    return this.request('checkpoint', { id });
  }
  /** Resumes trainer `id` from a snapshot. */
  restore(id: string, checkpoint: TrainerCheckpoint): Promise<{ step: number }> {
    return this.request('restore', { id, checkpoint });
  }
  /** Frees trainer `id`. */
  remove(id: string): Promise<null> {
    return this.request('remove', { id });
  }

  onStats(l: Listener<TrainingStats>): () => void {
    return this.subscribe(this.listeners.stats, l);
  }
  onQuality(l: Listener<QualityStats>): () => void {
    return this.subscribe(this.listeners.quality, l);
  }
  onError(l: Listener<{ id?: string; message: string }>): () => void {
    return this.subscribe(this.listeners.error, l);
  }
  /** Fires when the backend changes after a lost GPU device. */
  onBackend(l: Listener<BackendInfo>): () => void {
    return this.subscribe(this.listeners.backend, l);
  }

  private subscribe<T>(set: Set<Listener<T>>, l: Listener<T>): () => void {
    set.add(l);
    return () => set.delete(l);
  }

  /** Terminates the worker; pending requests are rejected. */
  dispose(): void {
    this.worker.terminate();
    this.pending.forEach((p) => p.reject(new Error('the training worker was stopped')));
    this.pending.clear();
  }
}
