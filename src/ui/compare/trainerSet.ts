/**
 * The comparison's worker side: one RemoteTrainer handle per trainer (OT, VP, VE, OT with
 * minibatch-OT pairs, OT with σ around the path) in the page's ONE worker, their setups, the
 * readings taken from them and the canvases that draw them. It configures trainers whose setup
 * changed, forgets what was shown of a replaced network, and turns the worker's stats, errors
 * and restarts into compareStore. The page's actions and timers are controller.ts's.
 */
import type { BackendPreference } from '../../model/backend';
import { appStore } from '../../state/appStore';
import { compareStore, EMPTY_FIGURES, patchSweep, patchTrainer } from '../../state/compareStore';
import type { Settings } from '../../state/settings';
import { setupKey } from '../../state/setup';
import type { Trajectory } from '../../render/trajectory';
import { RemoteTrainer, thin, type StatsBatch } from '../engine/remoteTrainer';
import { buildScene, type CompareScene } from './compareScene';
import { compareSetups, comparedIds, TRAINER_IDS, type CompareId } from './compareSetup';
import { CompareViews } from './compareViews';
import { CompareReadings, errorText, type CompareClient } from './readings';

/** The page's worker link (ui/scene/workerLink.ts), shared with the playground. */
export interface CompareLink {
  readonly client: CompareClient | null;
  boot(pref: BackendPreference): Promise<void>;
  attach(attach: (client: CompareClient) => (() => void)[]): () => void;
  onRestart(listener: () => void): () => void;
}

const FLUSH_MS = 1000;

const isCompareId = (id: string | undefined): id is CompareId =>
  TRAINER_IDS.includes(id as CompareId);

/** Whether the link asks for the optional OT-with-σ column. */
export const sigmaOn = (): boolean => appStore.getState().settings.compareSigma;

export abstract class CompareTrainerSet {
  scene: CompareScene;
  readonly views: CompareViews;
  /** One handle per trainer in the page's worker. */
  readonly trainers = Object.fromEntries(
    TRAINER_IDS.map((id) => [
      id,
      new RemoteTrainer(id, { flushMs: FLUSH_MS, flush: (b) => this.applyStats(id, b) }),
    ]),
  ) as Record<CompareId, RemoteTrainer>;
  readonly readings: CompareReadings;
  /** The settings the built networks come from (null: none built yet). */
  settingsUsed: Settings | null = null;
  protected readonly workerCleanups: (() => void)[];

  constructor(protected readonly link: CompareLink) {
    const { params, pair } = compareStore.getState();
    this.scene = buildScene(appStore.getState().settings, params, pair);
    this.readings = new CompareReadings({
      client: () => this.link.client,
      scene: () => this.scene,
      trainer: (id) => this.trainers[id],
      included: (id) => comparedIds(sigmaOn()).includes(id),
      seed: () => (this.settingsUsed ?? appStore.getState().settings).seed,
      changed: (id) => this.views.trajectoryChanged(id),
    });
    this.views = new CompareViews({
      scene: () => this.scene,
      trajectory: (id) => this.trajectory(id),
      playing: () => compareStore.getState().playing,
    });
    this.workerCleanups = [
      link.attach((client) => [
        client.onStats((s) => isCompareId(s.id) && this.trainers[s.id].stats(s)),
        client.onError((e) => {
          if (e.id === undefined || isCompareId(e.id)) compareStore.setState({ error: e.message });
        }),
      ]),
      link.onRestart(() => this.restarted()),
    ];
  }

  /** Stops the refresh and sweep timers (the controller owns them). */
  protected abstract stopTimers(): void;

  /** Whether trainer `id` exists in the worker. */
  configured(id: CompareId): boolean {
    return this.trainers[id].configured;
  }

  trajectory(id: CompareId): Trajectory | null {
    return this.readings.trajectory(id);
  }

  /** The worker, booted with the settings' backend. */
  async ready(settings: Settings): Promise<CompareClient> {
    await this.link.boot(settings.backend);
    const client = this.link.client;
    if (!client) throw new Error('The training worker is not available.');
    return client;
  }

  /** Configures the given trainers whose setup differs from what the worker has. */
  async configure(
    client: CompareClient,
    settings: Settings,
    ids: readonly CompareId[],
  ): Promise<void> {
    const { params, pair } = compareStore.getState();
    const setups = compareSetups(settings, params);
    const changed = ids.filter((id) => this.trainers[id].setupKey !== setupKey(setups[id]));
    if (changed.length === 0) return;
    this.scene = buildScene(settings, params, pair);
    for (const id of changed) {
      const built = this.trainers[id].configure(client, setups[id], setupKey(setups[id]));
      this.forget(id);
      await built;
      patchTrainer(id, { status: 'idle' });
    }
    compareStore.setState({ stale: false });
    this.views.redrawAll();
  }

  /** Drops everything shown about trainer `id` (a new network comes). */
  forget(id: CompareId): void {
    this.readings.forget(id);
    patchTrainer(id, { ...EMPTY_FIGURES, status: this.configured(id) ? 'idle' : 'unconfigured' });
    const { points, steps } = compareStore.getState().sweep;
    patchSweep({ points: { ...points, [id]: undefined }, steps: { ...steps, [id]: undefined } });
  }

  /** Runs `work`; a failure becomes the page's error status and message. */
  async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      compareStore.setState({ status: 'error', error: errorText(e) });
    }
  }

  /** One batch of trainer `id`'s stats (from its handle) into the store. */
  private applyStats(id: CompareId, { losses: fresh, latest: s }: StatsBatch): void {
    const old = compareStore.getState().trainers[id];
    patchTrainer(id, {
      step: s.step,
      loss: Number.isFinite(s.loss) ? s.loss : old.loss,
      lossAvg: Number.isFinite(s.lossAvg) ? s.lossAvg : old.lossAvg,
      stepsPerSec: s.status === 'training' ? s.stepsPerSec : 0,
      status: s.status,
      losses: fresh.length ? thin([...old.losses, ...fresh]) : old.losses,
    });
    this.updateStatus();
  }

  /** Overall status from the trainers' (another panel's Train pauses these). */
  private updateStatus(): void {
    const { trainers, status } = compareStore.getState();
    const ids = TRAINER_IDS.filter((id) => this.configured(id));
    const anyTraining = ids.some((id) => trainers[id].status === 'training');
    if (anyTraining && status !== 'training') compareStore.setState({ status: 'training' });
    if (!anyTraining && (status === 'training' || status === 'starting') && ids.length > 0) {
      this.stopTimers();
      compareStore.setState({ status: 'paused' });
    }
  }

  /** The worker restarted (a new backend): every trainer in it is gone. */
  private restarted(): void {
    this.stopTimers();
    for (const id of TRAINER_IDS) {
      this.trainers[id].unconfigure();
      this.forget(id);
    }
    compareStore.setState({ status: 'idle' });
    this.views.redrawAll();
  }

  /** Frees the handles, the worker listeners and the canvases. */
  protected disposeTrainers(): void {
    TRAINER_IDS.forEach((id) => this.trainers[id].dispose());
    this.workerCleanups.forEach((c) => c());
    this.views.dispose();
  }
}
