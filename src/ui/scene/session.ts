/**
 * The glue between the store and the training worker (worker/client.ts): configures the
 * trainer from the settings, runs Train/Pause/Step/Reset, hands stats to the run report, and
 * fetches fresh learned trajectories every few hundred milliseconds while training. A
 * version counter keeps replies about an old network away from the views.
 */
import type { Points } from '../../flow/types';
import type { TrainerSetup } from '../../worker/protocol';
import { appStore, patchRun } from '../../state/appStore';
import { pretrainedFor } from '../../state/pretrained';
import { MIN_POINTS, type Settings } from '../../state/settings';
import { fetchPretrained } from './pretrained';
import { RunReport } from './runReport';
import { targetPoints } from './target';
import type { Trajectory } from './trajectory';
import type { WorkerLink } from './workerLink';

export const TRAINER_ID = 'main';
const REFRESH_MS = 350;

const WEIGHT_DECAY = 1e-5;

/** The fields whose change needs a fresh network (the target, lr and ema change live). */
export function setupKey(s: Settings): string {
  const { scheduler, schedulerParams, coupling, width, depth, activation, batch, seed } = s;
  const fields = [scheduler, schedulerParams, coupling, width, depth, activation, batch, seed];
  return JSON.stringify(fields);
}

export function trainerSetup(s: Settings): TrainerSetup {
  return {
    model: { width: s.width, depth: s.depth, activation: s.activation, timeEncoding: 'linear' },
    scheduler: s.scheduler,
    schedulerParams: s.schedulerParams,
    coupling: s.coupling,
    batch: s.batch,
    lr: s.lr,
    weightDecay: WEIGHT_DECAY,
    ema: s.ema,
    seed: s.seed,
    target: targetPoints(s),
  };
}

export interface SessionHooks {
  /** The x0 the learned view shows, already scaled to the source. */
  source(): Points;
  onTrajectory(traj: Trajectory | null): void;
}

export class Session {
  private configuredKey: string | null = null;
  private version = 0;
  private refreshing = false;
  private refreshAgain = false;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly report = new RunReport(TRAINER_ID);
  private readonly cleanups: (() => void)[];

  constructor(
    private readonly link: WorkerLink,
    private readonly hooks: SessionHooks,
  ) {
    this.cleanups = [
      link.attach((client) => [
        client.onStats((s) => this.report.stats(s)),
        client.onQuality((q) => this.report.quality(q)),
        client.onError((e) => patchRun({ error: e.message })),
      ]),
      link.onRestart(() => {
        this.configuredKey = null;
        this.version++;
      }),
    ];
  }

  private get client() {
    return this.link.client;
  }

  /** Starts the worker and its backend (so the backend shows before the first Train). */
  boot(): Promise<void> {
    return this.link.boot(appStore.getState().settings.backend);
  }

  get configured(): boolean {
    return this.configuredKey !== null;
  }

  /** Builds the trainer when the settings need a fresh network; returns whether one exists. */
  private async ensureConfigured(): Promise<boolean> {
    await this.boot();
    const s = appStore.getState().settings;
    const key = setupKey(s);
    if (key === this.configuredKey) return true;
    if (!this.client) return false;
    this.version++;
    await this.client.configure(TRAINER_ID, trainerSetup(s));
    this.configuredKey = key;
    this.clearHistory();
    return true;
  }

  /**
   * Shows the shipped network for the current setup (first paint, or a new setup while
   * nothing trains): configures the trainer and loads the file's weights into it, so Train
   * continues from them. Without one, records why the view waits for Train.
   */
  async showPretrained(): Promise<void> {
    const s = appStore.getState().settings;
    const match = pretrainedFor(s);
    patchRun({ pretrained: null, needsTraining: 'missing' in match ? match.missing : null });
    if ('missing' in match) return this.boot();
    await this.guard(async () => {
      const [file] = await Promise.all([fetchPretrained(match.file), this.boot()]);
      // Unreachable file (offline without a cached copy): the view simply waits for Train.
      if (file === null || !(await this.ensureConfigured())) return;
      const now = appStore.getState();
      const busy = now.run.status === 'training' || now.run.status === 'starting';
      // Train, or a newer choice, came first: this file is for an old state.
      const same = setupKey(now.settings) === setupKey(s) && now.settings.target === s.target;
      if (!this.client || busy || !same) return;
      const { step } = await this.client.importModel(TRAINER_ID, file);
      patchRun({ step, status: 'idle', pretrained: match.file });
      this.refresh();
    });
  }

  private clearHistory(): void {
    this.report.clear();
    this.hooks.onTrajectory(null);
  }

  private tooFew(): boolean {
    return targetPoints(appStore.getState().settings).length / 2 < MIN_POINTS;
  }

  async train(): Promise<void> {
    if (this.tooFew()) return;
    patchRun({ status: 'starting', error: null, pretrained: null });
    await this.guard(async () => {
      if (!(await this.ensureConfigured())) return;
      await this.client?.start([TRAINER_ID]);
      this.scheduleRefresh(0);
    });
  }

  async pause(): Promise<void> {
    await this.guard(async () => {
      await this.client?.pause();
      this.refresh();
    });
  }

  async step(): Promise<void> {
    if (this.tooFew()) return;
    patchRun({ pretrained: null });
    await this.guard(async () => {
      if (!(await this.ensureConfigured())) return;
      const stats = await this.client?.step(TRAINER_ID, 1);
      if (stats) this.report.stats({ ...stats, status: 'paused' });
      this.report.flush();
      this.refresh();
    });
  }

  async reset(): Promise<void> {
    await this.guard(async () => {
      if (!this.configured || !this.client) return;
      this.version++;
      await this.client.reset(TRAINER_ID);
      this.clearHistory();
      patchRun({ pretrained: null });
      if (appStore.getState().run.status !== 'training') patchRun({ status: 'idle' });
    });
  }

  /** Settings changed: a fresh network, a live target or learning rate, or a new sample. */
  async settingsChanged(s: Settings, prev: Settings): Promise<void> {
    if (s.backend !== prev.backend) {
      const wasTraining = appStore.getState().run.status === 'training';
      this.configuredKey = null;
      patchRun({ status: 'idle' });
      this.clearHistory();
      await this.boot();
      if (wasTraining) await this.train();
      return;
    }
    const run = appStore.getState().run;
    const training = run.status === 'training';
    const newTarget = s.target !== prev.target || s.drawn !== prev.drawn;
    // Nothing trained here would be lost: show the new setup's pretrained flow, if any.
    const fresh = !this.configured || setupKey(s) !== this.configuredKey;
    if (!training && run.status !== 'starting' && (fresh || (run.pretrained && newTarget))) {
      this.configuredKey = null;
      this.clearHistory();
      return this.showPretrained();
    }
    if (!this.configured || !this.client) return;
    await this.guard(async () => {
      if (setupKey(s) !== this.configuredKey) {
        if (training) await this.train();
        else this.configuredKey = null;
        if (!training) this.clearHistory();
        return;
      }
      if (s.lr !== prev.lr) await this.client?.setLearningRate(TRAINER_ID, s.lr);
      if (s.ema !== prev.ema) await this.client?.setEma(TRAINER_ID, s.ema);
      if (s.target !== prev.target || s.drawn !== prev.drawn || s.seed !== prev.seed) {
        if (this.tooFew()) await this.client?.pause();
        else await this.client?.setTarget(TRAINER_ID, targetPoints(s));
      }
      if (!training) this.refresh();
    });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      patchRun({ status: 'error', error: (e as Error).message });
    }
  }

  private scheduleRefresh(delay: number): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), delay);
  }

  /** Fetches the learned trajectories of the current network; repeats while training. */
  refresh(): void {
    if (!this.configured || !this.client) return;
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshAgain = false;
    const { settings } = appStore.getState();
    const version = this.version;
    const started = performance.now();
    this.refreshing = true;
    this.client
      .sample(TRAINER_ID, {
        x0: this.hooks.source(),
        solver: settings.solver,
        steps: settings.steps,
        record: true,
      })
      .then(
        (r) => {
          if (version !== this.version) return;
          this.hooks.onTrajectory({ data: r.trajectory, frames: r.frames, n: r.n, step: r.step });
          patchRun({ shownStep: r.step });
        },
        (e: Error) => patchRun({ error: e.message }),
      )
      .finally(() => {
        this.refreshing = false;
        // Sampling many particles shares the worker with training: keep it under ~40 %.
        const took = performance.now() - started;
        const training = appStore.getState().run.status === 'training';
        // Sampling for the view runs in the worker between training chunks: waiting 3× as
        // long as it took keeps it under a quarter of the worker's time.
        if (training) this.scheduleRefresh(Math.max(REFRESH_MS, 3 * took));
        else if (this.refreshAgain) this.refresh();
      });
  }

  /** The learned trajectory of one particle from x0 (the click-to-launch particle). */
  async sampleOne(x0: [number, number]): Promise<Trajectory | null> {
    if (!this.configured || !this.client) return null;
    const { solver, steps } = appStore.getState().settings;
    const r = await this.client.sample(TRAINER_ID, {
      x0: Float32Array.from(x0),
      solver,
      steps,
      record: true,
    });
    return { data: r.trajectory, frames: r.frames, n: 1, step: r.step };
  }

  /** The learned velocity on a grid at time t. */
  async field(points: Points, t: number): Promise<Points | null> {
    if (!this.configured || !this.client) return null;
    return this.client.field(TRAINER_ID, points, t);
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.report.dispose();
    this.cleanups.forEach((c) => c());
  }
}
