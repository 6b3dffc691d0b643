/**
 * What the page has asked of the training worker that defines its trainers (the backend, each
 * trainer's setup, the last checkpoint of each, which ones train), so that a fresh worker can
 * be brought to the same place after the old one died. Only successful requests are recorded.
 */
import type { BackendPreference } from '../model/backend';
import type { TrainerCheckpoint } from '../model/trainer';
import type { Request, TrainerSetup, TrainingStatus } from './protocol';

interface Entry {
  setup: TrainerSetup;
  checkpoint: TrainerCheckpoint | null;
  /** Latest step the worker reported for this trainer. */
  step: number;
}

/** A request as the client hands it over, before it is numbered. */
export type Outgoing = Request extends infer R
  ? R extends unknown
    ? Omit<R, 'requestId'>
    : never
  : never;

/** Sends one request to the new worker and resolves with its reply. */
export type Send = (request: Outgoing) => Promise<unknown>;

export class Journal {
  backend: BackendPreference | null = null;
  readonly trainers = new Map<string, Entry>();
  running: string[] = [];

  /** Records a request the worker has carried out. */
  record(req: Outgoing, result: unknown): void {
    const entry = 'id' in req ? this.trainers.get(req.id as string) : undefined;
    switch (req.type) {
      case 'init':
        this.backend = req.backend;
        break;
      case 'configure':
        this.trainers.set(req.id, { setup: req.setup, checkpoint: null, step: 0 });
        break;
      case 'start':
        this.running = req.ids.filter((id) => this.trainers.has(id));
        break;
      case 'pause':
        this.running = [];
        break;
      case 'reset':
        if (entry) Object.assign(entry, { checkpoint: null, step: 0 });
        break;
      case 'setLearningRate':
        if (entry) entry.setup = { ...entry.setup, lr: req.lr };
        break;
      case 'setEma':
        if (entry) entry.setup = { ...entry.setup, ema: req.ema };
        break;
      case 'setTarget':
        if (entry) entry.setup = { ...entry.setup, target: req.target, labels: req.labels };
        break;
      case 'restore':
      case 'checkpoint': {
        const ckpt = req.type === 'restore' ? req.checkpoint : (result as TrainerCheckpoint);
        if (entry) Object.assign(entry, { checkpoint: ckpt, step: ckpt.step });
        break;
      }
      case 'importModel': {
        // The imported file changes the architecture: the client checkpoints right after.
        const setup = req.setup ?? entry?.setup;
        if (setup) this.trainers.set(req.id, { setup, checkpoint: null, step: -1 });
        break;
      }
      case 'remove':
        this.trainers.delete(req.id);
        this.running = this.running.filter((r) => r !== req.id);
        break;
      default:
        break;
    }
  }

  /**
   * Notes what the worker reported for a trainer (stats): its step, so only changed trainers
   * are checkpointed, and whether it still trains (a diverged or failed one stops by itself,
   * and its silence is then no sign of a dead worker).
   */
  sawStats(id: string, step: number, status: TrainingStatus): void {
    const entry = this.trainers.get(id);
    if (!entry) return;
    entry.step = step;
    const listed = this.running.includes(id);
    if (status === 'training' && !listed) this.running = [...this.running, id];
    if (status !== 'training' && listed) this.running = this.running.filter((r) => r !== id);
  }

  /** Ids whose network moved since their last checkpoint. */
  stale(): string[] {
    return [...this.trainers]
      .filter(([, e]) => e.step !== (e.checkpoint?.step ?? 0))
      .map(([id]) => id);
  }

  /** "step 1 234" for one trainer, "steps ot 120, vp 98" for several. */
  describeSteps(): string {
    const parts = [...this.trainers].map(([id, e]) => [id, e.checkpoint?.step ?? 0] as const);
    if (parts.length === 1) return `step ${parts[0]![1]}`;
    return `steps ${parts.map(([id, s]) => `${id} ${s}`).join(', ')}`;
  }

  /**
   * Brings a fresh worker to the recorded place: backend, every trainer from its setup and its
   * last checkpoint (weights, Adam state, weight average, RNG, step), with the learning rate
   * and weight average set since, then training resumes for the ids that were training.
   */
  async replay(send: Send): Promise<void> {
    if (this.backend) await send({ type: 'init', backend: this.backend });
    for (const [id, e] of this.trainers) {
      const ckpt = e.checkpoint;
      const setup: TrainerSetup = ckpt
        ? { ...e.setup, ...ckpt.config, lr: e.setup.lr, ema: e.setup.ema ?? 0 }
        : e.setup;
      await send({ type: 'configure', id, setup });
      if (!ckpt) continue;
      await send({ type: 'restore', id, checkpoint: ckpt });
      // The checkpoint carries the settings of its time; later live changes win.
      if (ckpt.config.lr !== setup.lr) await send({ type: 'setLearningRate', id, lr: setup.lr });
      if ((ckpt.config.ema ?? 0) !== setup.ema) {
        await send({ type: 'setEma', id, ema: setup.ema ?? 0 });
      }
      e.setup = setup;
      e.step = ckpt.step;
    }
    if (this.running.length > 0) await send({ type: 'start', ids: this.running });
  }
}
