/**
 * The page's handle on the training worker: one promise-returning method per request, and
 * subscriptions for the pushed events. Large arrays travel as transferables (no copies).
 * It also supervises the worker: a dead or wedged one is replaced, and the new one resumes
 * from the last checkpoint the page holds (see journal.ts), so a crash costs one message.
 */
import { ADAPTIVE_SOLVER, nfe } from '../flow/solvers';
import type { Points, SolverId } from '../flow/types';
import type { BackendInfo, BackendPreference } from '../model/backend';
import type { TrainerCheckpoint } from '../model/trainer';
import type { Conditioning } from '../model/sampler';
import type {
  QualityStats,
  ReflowRequest,
  ReplyResults,
  Request,
  SampleRequest,
  TrainerSetup,
  TrainingStats,
  WorkerEvent,
} from './protocol';
import { Journal, type Outgoing } from './journal';
import workerUrl from './training.worker?worker&url';

/**
 * A classic-script worker body that imports the module at `url` and holds the messages that
 * arrive before the import finishes, then replays them in order. Chromium refuses module
 * workers from Blob URLs made in an opaque origin; classic Blob workers and import() work.
 */
function importShim(url: string): string {
  return `const held = []; let ready = false;
addEventListener('message', (e) => { if (!ready) { e.stopImmediatePropagation(); held.push(e); } });
import(${JSON.stringify(url)}).then(() => {
  ready = true;
  for (const e of held) dispatchEvent(new MessageEvent('message', { data: e.data, ports: [...e.ports] }));
}, (err) => setTimeout(() => { throw err; }));`;
}

/**
 * Starts the training worker from its bundled module. A page with an opaque origin (an
 * `<iframe sandbox="allow-scripts">`) or on another origin than its files may not start a
 * worker from the server's URL, so then a Blob worker imports it: the module's own
 * `import.meta.url` stays the server's, so its chunks and .wasm files load from there
 * (which needs `Access-Control-Allow-Origin` on the files: README, "Hosting").
 */
export function spawnTrainingWorker(): Worker {
  const url = new URL(workerUrl, location.href).href;
  try {
    return new Worker(url, { type: 'module' });
  } catch {
    const shim = new Blob([importShim(url)], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(shim));
  }
}

type Listener<T> = (value: T) => void;
type Body<K extends Request['type']> = Omit<Extract<Request, { type: K }>, 'requestId' | 'type'>;
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

/** Particle-evaluations that one more silence bound is allowed for (WASM: ~10 s' worth). */
const WORK_PER_BOUND = 1e6;

/** Particle × network evaluations a request asks for (0: cheap). */
function workOf(req: Outgoing): number {
  if (req.type === 'sample') {
    // Dormand–Prince: about 60–150 evaluations a particle at the tolerances offered.
    const each = req.solver === ADAPTIVE_SOLVER ? 150 : nfe(req.solver, req.steps);
    // Guidance evaluates the network twice: v(x, t, c) and v(x, t, ∅).
    const guided = req.labels && (req.guidance ?? 0) > 0 ? 2 : 1;
    return (req.x0.length / 2) * each * guided;
  }
  // RK4: 4 stages a step, each a forward and two backward passes (≈ 3 evaluations).
  if (req.type === 'logLikelihood') return (req.points.length / 2) * req.steps * 12;
  if (req.type === 'nfeSweep') {
    const evals =
      req.nfes.reduce((a, n) => a + n, 0) * req.solvers.length + (req.adaptiveTol ? 150 : 0);
    return (req.x0.length / 2) * evals;
  }
  if (req.type === 'reflow') {
    // Per round: the pairs' ODE (4 evaluations per step) and the training steps' batches.
    return req.rounds * (req.pairs * 4 * req.pairSteps + req.trainSteps * 1000);
  }
  return 0;
}

/**
 * The request as the journal must keep it: a target that goes to the worker as a transferable
 * is gone from the page once posted, and a replacement worker needs it again.
 */
function kept(req: Outgoing): Outgoing {
  const labels = (l?: Uint8Array) => (l ? { labels: Uint8Array.from(l) } : {});
  if (req.type === 'configure') {
    const { setup } = req;
    const target = Float32Array.from(setup.target);
    return { ...req, setup: { ...setup, target, ...labels(setup.labels) } };
  }
  if (req.type === 'setTarget') {
    return { ...req, target: Float32Array.from(req.target), ...labels(req.labels) };
  }
  return req;
}

const defaultSpawn = (): Worker => spawnTrainingWorker();

/** A test-only override of the silence bound (e2e sets it before the page loads). */
const testSilenceMs = () =>
  (globalThis as { __fmWorkerSilenceMs?: number }).__fmWorkerSilenceMs ?? undefined;

/** A copy of the points the worker may own: the caller keeps its array, the copy is transferred. */
const own = (points: Points): Float32Array => Float32Array.from(points);

export class TrainingClient {
  private worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = {
    stats: new Set<Listener<TrainingStats>>(),
    quality: new Set<Listener<QualityStats>>(),
    error: new Set<Listener<{ id?: string; message: string }>>(),
    backend: new Set<Listener<BackendInfo>>(),
  };
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
      this.emitError(`The training worker reported an error: ${detail}`);
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
    } else if (msg.type === 'stats') {
      this.journal.sawStats(msg.id, msg.step, msg.status);
      this.listeners.stats.forEach((l) => l(msg));
    } else if (msg.type === 'quality') {
      this.listeners.quality.forEach((l) => l(msg));
    } else if (msg.type === 'error') {
      this.listeners.error.forEach((l) => l(msg));
    } else {
      this.listeners.backend.forEach((l) => l(msg.info));
    }
  }

  private emitError(message: string): void {
    this.listeners.error.forEach((l) => l({ message }));
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
    this.emitError(message);
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
    this.emitError(message);
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
      .catch((e: Error) => this.emitError(`The training worker could not resume: ${e.message}`));
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

  private async request<K extends Request['type']>(
    type: K,
    body: Body<K>,
    transfer: Transferable[] = [],
  ): Promise<ReplyResults[K]> {
    await this.ready;
    const request = { ...body, type } as unknown as Outgoing;
    return (await this.post(request, transfer)) as ReplyResults[K];
  }

  /**
   * Starts the engine in the worker; says which and why. On 'auto' that is at first the fused
   * kernel alone (`pending`: the measured choice follows, see `chooseEngine`).
   */
  init(backend: BackendPreference): Promise<ReplyResults['init']> {
    return this.request('init', { backend });
  }
  /**
   * Makes the measured engine choice now if it is still due (it is also made before the first
   * training step); the choice arrives as a backend event too.
   */
  chooseEngine(): Promise<BackendInfo> {
    return this.request('chooseEngine', {});
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
  /**
   * One real training step of `id` that reports everything about itself (batch, pairing, t,
   * xt, u, v, errors, loss, weight update); it counts as a step, and its stats arrive as an
   * event like any step's.
   */
  slowStep(id: string): Promise<ReplyResults['slowStep']> {
    return this.request('slowStep', { id });
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
  /**
   * Trains toward new target points from now on (keeps the network); `labels`: one class per
   * point, required when the network is conditional.
   */
  setTarget(id: string, target: Points, labels?: Uint8Array): Promise<null> {
    const copy = own(target);
    const extra = labels ? { labels: Uint8Array.from(labels) } : {};
    return this.request('setTarget', { id, target: copy, ...extra }, [copy.buffer]);
  }
  /** Integrates x0 through the learned field; the trajectory arrives as a transferable. */
  sample(id: string, req: SampleRequest): Promise<ReplyResults['sample']> {
    const x0 = own(req.x0);
    return this.request('sample', { id, ...req, x0 }, [x0.buffer]);
  }
  /**
   * The learned velocity at these points and time; with `c.labels` (one per point, or one for
   * all) the class field, with `c.guidance` = w the guided (1 + w) v(x, t, c) − w v(x, t, ∅).
   */
  field(id: string, points: Points, t: number, c: Conditioning = {}): Promise<Points> {
    const copy = own(points);
    return this.request('field', { id, points: copy, t, ...c }, [copy.buffer]);
  }
  /**
   * log p₁ of the learned flow at the points (nats), RK4 backward in `steps` steps; `label`:
   * a conditional network's class-c density (NULL_LABEL: ∅).
   */
  logLikelihood(id: string, points: Points, steps: number, label?: number): Promise<Float32Array> {
    const pts = own(points);
    const extra = label === undefined ? {} : { label };
    return this.request('logLikelihood', { id, points: pts, steps, ...extra }, [pts.buffer]);
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
    adaptiveTol?: number,
  ): Promise<ReplyResults['nfeSweep']> {
    const [start, ref] = [own(x0), own(reference)];
    const req = { id, x0: start, solvers, nfes, reference: ref, adaptiveTol };
    return this.request('nfeSweep', req, [start.buffer, ref.buffer]);
  }
  /**
   * Reflows trainer `id`'s network `req.rounds` times (in the worker, on temporary trainers)
   * and reports straightness and 1/2-step W2 of each flow; the trainer is not changed.
   */
  reflow(id: string, req: ReflowRequest): Promise<ReplyResults['reflow']> {
    return this.request('reflow', { id, ...req });
  }
  /** The current model as a versioned JSON file. */
  exportModel(id: string, dataset: string): Promise<ReplyResults['exportModel']> {
    return this.request('exportModel', { id, dataset });
  }
  /**
   * Loads a model file (validated; a mismatch is refused with a clear message and the trainer
   * is left as it was). With `setup`, the new trainer takes it (target, batch, …) instead of the
   * current one's, and needs no trainer configured before.
   */
  importModel(id: string, file: unknown, setup?: TrainerSetup): Promise<{ step: number }> {
    return this.request('importModel', setup ? { id, file, setup } : { id, file });
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
  /** Fires when the engine is chosen after a first one, or changes after a lost GPU device. */
  onBackend(l: Listener<BackendInfo>): () => void {
    return this.subscribe(this.listeners.backend, l);
  }

  private subscribe<T>(set: Set<Listener<T>>, l: Listener<T>): () => void {
    set.add(l);
    return () => set.delete(l);
  }

  /** Terminates the worker; pending requests are rejected. */
  dispose(): void {
    this.stopped = true;
    this.timers.forEach((t) => clearInterval(t));
    this.worker.terminate();
    this.settleAll('the training worker was stopped');
  }
}
