/**
 * The playground's trainer: one RemoteTrainer handle ('main') configured from the settings,
 * Train/Pause/Step/Reset, stats into the run report, and fresh learned trajectories every few
 * hundred milliseconds while training (a Repeater); the handle drops replies about a network
 * that has since been replaced.
 */
import { REFLOW_BROWSER } from '../../flow/reflow';
import type { Points } from '../../flow/types';
import type { StepTrace } from '../../model/stepTrace';
import { nfeRange } from '../../render/nfeHeat';
import type { Trajectory } from '../../render/trajectory';
import { appStore, patchRun, updateSettings } from '../../state/appStore';
import { pretrainedFor } from '../../state/pretrained';
import { MIN_POINTS, type Settings } from '../../state/settings';
import { networkKey, trainerSetup } from '../../state/setup';
import { isConditional, targetLabels, targetPoints } from '../../state/target';
import { fieldConditioning, sampleConditioning } from './conditioning';
import { RemoteTrainer } from '../engine/remoteTrainer';
import { Repeater } from '../engine/repeater';
import type { WorkerLink } from '../engine/workerLink';
import { fetchPretrained } from '../engine/pretrained';
import { clearRun, reportQuality, reportStats } from './runReport';
import { REFLOW_IDLE, REFLOW_ROUNDS, REFLOW_SAMPLES, reflowStore } from './reflowStore';

export const TRAINER_ID = 'main';
const REFRESH_MS = 350;
const FLUSH_MS = 400;

export interface SessionHooks {
  /** The x0 the learned view shows, already scaled to the source. */
  source(): Points;
  onTrajectory(traj: Trajectory | null): void;
}

export class Session {
  private readonly trainer = new RemoteTrainer(TRAINER_ID, {
    flushMs: FLUSH_MS,
    flush: reportStats,
    flushFirst: true,
  });
  private readonly refresher = new Repeater(
    () => this.fetchTrajectories(),
    (took) => Math.max(REFRESH_MS, 3 * took),
    // 'starting' too: the first sample can come back before the first stats event marks the
    // run as training, and a refresher that stopped then would freeze the learned view.
    () => ['training', 'starting'].includes(appStore.getState().run.status),
  );
  private readonly cleanups: (() => void)[];
  /** Model files loaded so far: a pretrained file fetched before one arrived is not used. */
  private loads = 0;

  constructor(
    private readonly link: WorkerLink,
    private readonly hooks: SessionHooks,
  ) {
    this.cleanups = [
      link.attach((client) => [
        client.onStats((s) => this.trainer.stats(s)),
        client.onQuality((q) => reportQuality(TRAINER_ID, q)),
        client.onError((e) => patchRun({ error: e.message })),
      ]),
      link.onRestart(() => this.trainer.unconfigure()),
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
    return this.trainer.configured;
  }

  /** Builds the trainer when the settings need a fresh network; returns whether one exists. */
  private async ensureConfigured(): Promise<boolean> {
    await this.boot();
    if (!this.client) return false;
    const setup = trainerSetup(appStore.getState().settings);
    if (await this.trainer.configure(this.client, setup, networkKey(setup))) this.clearHistory();
    return true;
  }

  /**
   * Shows the shipped network for the current setup (first paint, or a new setup while
   * nothing trains): configures the trainer and loads the file's weights into it, so Train
   * continues from them. Without one, records why the view waits for Train. The engine
   * measurement waits for the first frames of this flow (or runs at once when there is none).
   */
  async showPretrained(): Promise<void> {
    const s = appStore.getState().settings;
    const match = pretrainedFor(s);
    patchRun({ pretrained: null, needsTraining: 'missing' in match ? match.missing : null });
    let shown = false;
    if ('missing' in match) {
      await this.boot();
      this.link.chooseEngine();
      return;
    }
    const loads = this.loads;
    await this.guard(async () => {
      const [file] = await Promise.all([fetchPretrained(match.file), this.boot()]);
      // Unreachable file (offline without a cached copy): the view simply waits for Train.
      if (file === null || !(await this.ensureConfigured())) return;
      const now = appStore.getState();
      const busy = now.run.status === 'training' || now.run.status === 'starting';
      // Train, or a newer choice, came first: this file is for an old state.
      const key = (x: Settings) => networkKey(trainerSetup(x));
      const same = key(now.settings) === key(s) && now.settings.target === s.target;
      if (!this.client || busy || !same || loads !== this.loads) return;
      this.trainer.forget();
      const { step } = await this.client.importModel(TRAINER_ID, file);
      patchRun({ step, status: 'idle', pretrained: match.file });
      shown = true;
      this.refresh();
    });
    if (!shown) this.link.chooseEngine();
  }

  /**
   * Loads a model file (already checked by the page, io/modelFile.ts) together with the
   * settings it implies, in one step: the worker builds the new trainer from the file and
   * `next`'s setup, and only once it has, the settings change (the handle adopts the new
   * setup, so the change keeps that network). A refusal changes nothing: training that was
   * running resumes on the old network. Resolves with the file's step.
   */
  async loadModel(file: unknown, next: Settings): Promise<number> {
    await this.boot();
    const client = this.client;
    if (!client) throw new Error('the training worker is not running');
    this.loads++;
    const wasTraining = ['training', 'starting'].includes(appStore.getState().run.status);
    if (wasTraining) await client.pause();
    const setup = trainerSetup(next);
    let step: number;
    try {
      ({ step } = await client.importModel(TRAINER_ID, file, setup));
    } catch (e) {
      if (wasTraining) await client.start([TRAINER_ID]);
      throw e;
    }
    this.trainer.adopt(networkKey(setup));
    this.clearHistory();
    patchRun({ step, status: 'idle', pretrained: null, needsTraining: null, error: null });
    // A link's network comes with the settings already in place (the link keeps its `m=`).
    if (next !== appStore.getState().settings) updateSettings(next);
    this.refresh();
    return step;
  }

  /** The weights and step of the network the views show (for the link), or null. */
  async exportModel(dataset: string) {
    if (!this.configured || !this.client) return null;
    return this.client.exportModel(TRAINER_ID, dataset);
  }

  private clearHistory(): void {
    clearRun();
    reflowStore.setState(REFLOW_IDLE);
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
      this.refresher.schedule(0);
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
      // The step's stats arrive as an event (the one path); its reply only says it is done.
      await this.client?.step(TRAINER_ID, 1);
      this.trainer.flush();
      this.refresh();
    });
  }

  /**
   * One real training step that reports everything about itself (model/stepTrace.ts); it
   * counts as a step like Step's. Null when there is nothing to train or the network changed
   * meanwhile; throws the worker's message when it fails.
   */
  async slowStep(): Promise<StepTrace | null> {
    if (this.tooFew()) return null;
    patchRun({ pretrained: null });
    if (!(await this.ensureConfigured()) || !this.client) return null;
    const client = this.client;
    const reply = await this.trainer.current(() => client.slowStep(TRAINER_ID));
    this.trainer.flush();
    this.refresh();
    return reply?.trace ?? null;
  }

  async reset(): Promise<void> {
    await this.guard(async () => {
      if (!this.configured || !this.client) return;
      await this.trainer.reset(this.client);
      this.clearHistory();
      patchRun({ pretrained: null });
      if (appStore.getState().run.status !== 'training') patchRun({ status: 'idle' });
    });
  }

  /**
   * Reflow: pauses training, then the worker reflows the current network twice and measures
   * the three flows (worker/reflow.ts); the network itself is unchanged. A reply about a
   * network that has since been replaced is dropped.
   */
  async reflow(): Promise<void> {
    const client = this.client;
    if (!this.configured || !client || reflowStore.getState().status === 'running') return;
    reflowStore.setState({ status: 'running', error: null, report: null });
    try {
      if (['training', 'starting'].includes(appStore.getState().run.status)) await this.pause();
      const report = await this.trainer.current(() =>
        client.reflow(TRAINER_ID, {
          rounds: REFLOW_ROUNDS,
          samples: REFLOW_SAMPLES,
          ...REFLOW_BROWSER,
        }),
      );
      reflowStore.setState(report ? { status: 'done', report } : REFLOW_IDLE);
    } catch (e) {
      reflowStore.setState({ status: 'error', error: (e as Error).message });
    }
  }

  /** Settings changed: a fresh network, a live target or learning rate, or a new sample. */
  async settingsChanged(s: Settings, prev: Settings): Promise<void> {
    if (s.backend !== prev.backend) {
      const wasTraining = appStore.getState().run.status === 'training';
      this.trainer.unconfigure();
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
    const fresh = !this.configured || networkKey(trainerSetup(s)) !== this.trainer.setupKey;
    if (!training && run.status !== 'starting' && (fresh || (run.pretrained && newTarget))) {
      this.trainer.unconfigure();
      this.clearHistory();
      return this.showPretrained();
    }
    if (!this.configured || !this.client) return;
    await this.guard(async () => {
      if (networkKey(trainerSetup(s)) !== this.trainer.setupKey) {
        if (training) await this.train();
        else this.trainer.unconfigure();
        if (!training) this.clearHistory();
        return;
      }
      if (s.lr !== prev.lr) await this.client?.setLearningRate(TRAINER_ID, s.lr);
      if (s.ema !== prev.ema) await this.client?.setEma(TRAINER_ID, s.ema);
      const newLabels = s.drawnLabels !== prev.drawnLabels;
      if (s.target !== prev.target || s.drawn !== prev.drawn || s.seed !== prev.seed || newLabels) {
        const labels = isConditional(s) ? targetLabels(s) : undefined;
        if (this.tooFew()) await this.client?.pause();
        else await this.client?.setTarget(TRAINER_ID, targetPoints(s), labels);
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

  /** Fetches the learned trajectories of the current network; repeats while training. */
  refresh(): void {
    if (this.configured && this.client) this.refresher.run();
  }

  private async fetchTrajectories(): Promise<void> {
    const client = this.client;
    if (!this.configured || !client) return;
    const s = appStore.getState().settings;
    const { solver, steps, tol } = s;
    const x0 = this.hooks.source();
    // A conditional network samples each particle with its class and guidance w.
    const c = sampleConditioning(s, x0.length / 2);
    try {
      const r = await this.trainer.current(() =>
        client.sample(TRAINER_ID, { x0, solver, steps, tol, record: true, ...c }),
      );
      if (!r) return;
      const { trajectory: data, frames, n, step, nfePer: nfe } = r;
      this.hooks.onTrajectory({ data, frames, n, step, nfe });
      const sampling = c.labels
        ? { sampleClass: String(s.sampleClass), guidance: c.guidance ?? 0 }
        : null;
      patchRun({
        shownStep: r.step,
        shownNfe: nfe ? nfeRange(nfe) : null,
        shownSampling: sampling,
      });
      this.link.chooseAfterFrames();
    } catch (e) {
      patchRun({ error: (e as Error).message });
    }
  }

  /** The learned trajectory of one particle from x0 (the click-to-launch particle). */
  async sampleOne(x0: [number, number]): Promise<Trajectory | null> {
    if (!this.configured || !this.client) return null;
    const s = appStore.getState().settings;
    const { solver, steps, tol } = s;
    const r = await this.client.sample(TRAINER_ID, {
      x0: Float32Array.from(x0),
      solver,
      steps,
      tol,
      record: true,
      ...fieldConditioning(s, 1),
    });
    return { data: r.trajectory, frames: r.frames, n: 1, step: r.step };
  }

  /** log p₁ of the current network at the points (nats), with its training step; null: none. */
  async logLikelihood(points: Points, steps: number): Promise<Float32Array | null> {
    if (!this.configured || !this.client) return null;
    return this.client.logLikelihood(TRAINER_ID, points, steps);
  }

  /**
   * The learned velocity on a grid at time t; for a conditional network the field of the
   * class sampled, guided with w (∅'s field when the classes are mixed or none).
   */
  async field(points: Points, t: number): Promise<Points | null> {
    if (!this.configured || !this.client) return null;
    const c = fieldConditioning(appStore.getState().settings, points.length / 2);
    return this.client.field(TRAINER_ID, points, t, c);
  }

  dispose(): void {
    this.refresher.stop();
    this.trainer.dispose();
    this.cleanups.forEach((c) => c());
  }
}
