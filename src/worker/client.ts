/**
 * The page's handle on the training worker: one promise-returning method per request, and
 * subscriptions for the pushed events. Large arrays travel as transferables (no copies).
 * The worker under it is supervised (supervisor.ts): a dead or wedged one is replaced, and
 * the new one resumes from the last checkpoint the page holds (see journal.ts), so a crash
 * costs one message.
 */
import type { Points, SolverId } from '../flow/types';
import type { BackendInfo, BackendPreference } from '../model/backend';
import type { TrainerCheckpoint } from '../model/trainer';
import type { Conditioning } from '../model/sampler';
import type { Listener } from './events';
import type {
  QualityStats,
  ReflowRequest,
  ReplyResults,
  SampleRequest,
  TrainerSetup,
  TrainingStats,
} from './protocol';
import { WorkerSupervisor } from './supervisor';

export { spawnTrainingWorker } from './spawn';
export type { SupervisionOptions } from './supervisor';

/** A copy of the points the worker may own: the caller keeps its array, the copy is transferred. */
const own = (points: Points): Float32Array => Float32Array.from(points);

/**
 * Spawns the worker and watches it (`new TrainingClient(worker?, options?)`); throws a clear
 * error where Web Workers are unavailable. A dead or wedged worker is replaced and restored
 * from the last checkpoint by itself.
 */
export class TrainingClient extends WorkerSupervisor {
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
    return this.events.on('stats', l);
  }
  onQuality(l: Listener<QualityStats>): () => void {
    return this.events.on('quality', l);
  }
  onError(l: Listener<{ id?: string; message: string }>): () => void {
    return this.events.on('error', l);
  }
  /** Fires when the engine is chosen after a first one, or changes after a lost GPU device. */
  onBackend(l: Listener<BackendInfo>): () => void {
    return this.events.on('backend', l);
  }
}
