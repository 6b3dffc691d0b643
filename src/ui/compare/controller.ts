/**
 * The comparison's imperative side, outside React: one RemoteTrainer handle per scheduler
 * (plus OT with minibatch-OT pairs) in the page's ONE worker, configured from the
 * playground's settings; it trains them together round-robin, fetches and measures their
 * learned trajectories a few times a second and runs the quality-versus-NFE sweep (two
 * Repeaters); its canvases are `views` (compareViews.ts). React sees figures through
 * compareStore; trajectories and t stay here. The handles drop replies about replaced networks.
 */
import type { BackendPreference } from '../../model/backend';
import { appStore } from '../../state/appStore';
import { compareStore, EMPTY_FIGURES, patchSweep, patchTrainer } from '../../state/compareStore';
import { pretrainedFor } from '../../state/pretrained';
import { MIN_POINTS, type Settings } from '../../state/settings';
import { setupKey } from '../../state/setup';
import { targetPoints } from '../../state/target';
import type { Trajectory } from '../../render/trajectory';
import { fetchPretrained } from '../engine/pretrained';
import { RemoteTrainer, thin, type StatsBatch } from '../engine/remoteTrainer';
import { Repeater } from '../engine/repeater';
import { buildScene, withPair, type CompareScene } from './compareScene';
import {
  COLUMN_IDS,
  COMPARE_IDS,
  compareSetups,
  couplingOf,
  schedulerIdOf,
  schedulerParamsFor,
  type CompareId,
  type CompareParams,
} from './compareSetup';
import { CompareViews } from './compareViews';
import { applyParamEdit, type ParamGroup } from './params';
import { CompareReadings, errorText, type CompareClient } from './readings';

export type { CompareClient };
import { installCompareHook } from './testHook';

/** The page's worker link (ui/scene/workerLink.ts), shared with the playground. */
export interface CompareLink {
  readonly client: CompareClient | null;
  boot(pref: BackendPreference): Promise<void>;
  attach(attach: (client: CompareClient) => (() => void)[]): () => void;
  onRestart(listener: () => void): () => void;
}

const REFRESH_MS = 900;
const FLUSH_MS = 1000;
const SWEEP_FIRST_MS = 10_000;
const SWEEP_EVERY_MS = 60_000;

const isCompareId = (id: string | undefined): id is CompareId =>
  COMPARE_IDS.includes(id as CompareId);
/** The trainers Train all trains: the three columns, plus OT pairs when asked for. */
const trainedIds = (): CompareId[] =>
  compareStore.getState().withPairs ? [...COMPARE_IDS] : [...COLUMN_IDS];

export class CompareController {
  scene: CompareScene;
  readonly views: CompareViews;
  /** One handle per trainer in the page's worker. */
  readonly trainers = Object.fromEntries(
    COMPARE_IDS.map((id) => [
      id,
      new RemoteTrainer(id, { flushMs: FLUSH_MS, flush: (b) => this.applyStats(id, b) }),
    ]),
  ) as Record<CompareId, RemoteTrainer>;
  readonly readings: CompareReadings;
  private readonly cleanups: (() => void)[];
  private settingsUsed: Settings | null = null;
  private readonly refresher = new Repeater(
    () => this.refreshNow(),
    (took) => Math.max(REFRESH_MS, 3 * took),
    () => this.trainingShown(),
  );
  private readonly sweeper = new Repeater(
    () => (this.trainingShown() ? this.runSweep() : Promise.resolve()),
    () => SWEEP_EVERY_MS,
    () => this.trainingShown(),
  );
  private active = false;
  private settingsDirty = false;
  /** The shipped networks were tried for this page (once: later a choice or Train decides). */
  private pretrainedTried = false;

  constructor(private readonly link: CompareLink) {
    const { params, pair } = compareStore.getState();
    this.scene = buildScene(appStore.getState().settings, params, pair);
    this.readings = new CompareReadings({
      client: () => this.link.client,
      scene: () => this.scene,
      trainer: (id) => this.trainers[id],
      seed: () => (this.settingsUsed ?? appStore.getState().settings).seed,
      changed: (id) => this.views.trajectoryChanged(id),
    });
    this.views = new CompareViews({
      scene: () => this.scene,
      trajectory: (id) => this.trajectory(id),
      playing: () => compareStore.getState().playing,
    });
    this.cleanups = [
      link.attach((client) => [
        client.onStats((s) => isCompareId(s.id) && this.trainers[s.id].stats(s)),
        client.onError((e) => {
          if (e.id === undefined || isCompareId(e.id)) compareStore.setState({ error: e.message });
        }),
      ]),
      link.onRestart(() => this.restarted()),
      appStore.subscribe((s, prev) => {
        if (s.settings !== prev.settings) this.settingsChanged();
      }),
      this.views.clock.onPlaying((on) => {
        if (compareStore.getState().playing !== on) compareStore.setState({ playing: on });
      }),
      compareStore.subscribe((s, prev) => {
        if (s.pair !== prev.pair) this.scene = withPair(this.scene, s.pair);
        if (s.playing !== prev.playing) {
          if (s.playing) this.views.clock.play();
          else this.views.clock.pause();
        }
        if (s.pair !== prev.pair) this.views.clock.invalidate();
      }),
      installCompareHook(this),
    ];
  }

  /** Whether trainer `id` exists in the worker. */
  configured(id: CompareId): boolean {
    return this.trainers[id].configured;
  }

  /** Training, with the panel shown: pictures refresh and the sweep repeats. */
  private trainingShown(): boolean {
    return compareStore.getState().status === 'training' && this.active;
  }

  trajectory(id: CompareId): Trajectory | null {
    return this.readings.trajectory(id);
  }

  // ── Training ────────────────────────────────────────────────────────────────────────────

  /** One button: (re)builds the trainers whose setup changed and trains all four together. */
  async train(): Promise<void> {
    const settings = appStore.getState().settings;
    const n = targetPoints(settings).length / 2;
    if (n < MIN_POINTS) {
      compareStore.setState({ notice: { key: 'cmpTooFew', values: { min: MIN_POINTS, n } } });
      return;
    }
    compareStore.setState({ status: 'starting', error: null, notice: null });
    for (const id of COMPARE_IDS) {
      if (compareStore.getState().trainers[id].pretrained) patchTrainer(id, { pretrained: null });
    }
    await this.guard(async () => {
      const client = await this.ready(settings);
      const ids = trainedIds();
      await this.configure(client, settings, ids);
      this.settingsUsed = settings;
      await client.start(ids);
      compareStore.setState({ status: 'training' });
      if (this.active) {
        this.refresher.schedule(0);
        this.sweeper.schedule(SWEEP_FIRST_MS);
      }
    });
  }

  /**
   * Whether OT with minibatch-OT pairs trains too (the coupling comparison). Without it the
   * three schedulers share the worker's time three ways instead of four.
   */
  async setWithPairs(on: boolean): Promise<void> {
    compareStore.setState({ withPairs: on });
    if (compareStore.getState().status === 'training') await this.train();
  }

  /** Pauses training, then refreshes the pictures and runs the NFE sweep once. */
  async pause(): Promise<void> {
    this.stopTimers();
    await this.guard(async () => {
      await this.link.client?.pause();
      compareStore.setState({ status: 'paused' });
      await this.refreshNow();
      await this.runSweep();
    });
  }

  /** Fresh networks from the same setups and seed (training continues if it was running). */
  async reset(): Promise<void> {
    await this.guard(async () => {
      const client = this.link.client;
      if (!client) return;
      for (const id of COMPARE_IDS.filter((i) => this.configured(i))) {
        const reset = this.trainers[id].reset(client);
        this.forget(id);
        await reset;
      }
      this.views.redrawAll();
    });
  }

  /**
   * Instant start, as the playground's: when the page's setup is the pretrained one (default
   * target, network, seed and path parameters: `pretrainedFor`), builds the four trainers and
   * loads the shipped weights into them (public/pretrained/, through the worker's importModel),
   * so the columns move before any click and Train all continues from them. Then measures them
   * and runs the NFE sweep once, as a pause does, so the figures describe these networks. Any
   * other setup (or an unreachable file) leaves the page waiting for Train all.
   */
  async showPretrained(): Promise<void> {
    this.pretrainedTried = true;
    const settings = appStore.getState().settings;
    const { params } = compareStore.getState();
    const files = COMPARE_IDS.map((id) =>
      pretrainedFor({
        ...settings,
        pathSigma: 0,
        scheduler: schedulerIdOf(id),
        schedulerParams: schedulerParamsFor(id, params),
        coupling: couplingOf(id),
      }),
    );
    if (files.some((m) => 'missing' in m)) return;
    const untouched = () =>
      compareStore.getState().status === 'idle' &&
      appStore.getState().settings === settings &&
      compareStore.getState().params === params &&
      COMPARE_IDS.every((id) => !this.configured(id));
    if (!untouched()) return;
    await this.guard(async () => {
      const [loaded, client] = await Promise.all([
        Promise.all(files.map((m) => ('file' in m ? fetchPretrained(m.file) : null))),
        this.ready(settings),
      ]);
      // Unreachable files (offline without a cached copy): the page waits for Train all.
      if (loaded.some((f) => f === null) || !untouched()) return;
      await this.configure(client, settings, COMPARE_IDS);
      this.settingsUsed = settings;
      for (const [i, id] of COMPARE_IDS.entries()) {
        const m = files[i]!;
        // Train all or a new choice came first: these weights are for an old state.
        if (compareStore.getState().status !== 'idle' || !('file' in m)) return;
        this.trainers[id].forget();
        const { step } = await client.importModel(id, loaded[i]);
        patchTrainer(id, { step, status: 'idle', pretrained: m.file });
      }
      await this.refreshNow();
      if (compareStore.getState().status === 'idle') await this.runSweep();
    });
  }

  private async ready(settings: Settings): Promise<CompareClient> {
    await this.link.boot(settings.backend);
    const client = this.link.client;
    if (!client) throw new Error('The training worker is not available.');
    return client;
  }

  /** Configures the given trainers whose setup differs from what the worker has. */
  private async configure(
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
  private forget(id: CompareId): void {
    this.readings.forget(id);
    patchTrainer(id, { ...EMPTY_FIGURES, status: this.configured(id) ? 'idle' : 'unconfigured' });
    const { points, steps } = compareStore.getState().sweep;
    patchSweep({ points: { ...points, [id]: undefined }, steps: { ...steps, [id]: undefined } });
  }

  private async guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      compareStore.setState({ status: 'error', error: errorText(e) });
    }
  }

  // ── Scheduler parameters ────────────────────────────────────────────────────────────────

  /**
   * Edits VP's or VE's parameters. Invalid values are refused with a message and the last
   * valid ones kept; a valid edit rebuilds that one trainer (if it exists) with fresh weights.
   */
  async setParams(group: ParamGroup, edit: Partial<CompareParams>): Promise<boolean> {
    const state = compareStore.getState();
    const { params, problem } = applyParamEdit(state.params, group, edit);
    const paramErrors = { ...state.paramErrors };
    if (problem) paramErrors[group] = problem;
    else delete paramErrors[group];
    compareStore.setState({ paramErrors, params });
    if (problem) return false;
    const client = this.link.client;
    if (client && this.configured(group) && this.settingsUsed) {
      await this.guard(() => this.configure(client, this.settingsUsed!, [group]));
    } else {
      this.scene = buildScene(
        this.settingsUsed ?? appStore.getState().settings,
        params,
        state.pair,
      );
      this.views.redrawAll();
    }
    return true;
  }

  // ── Worker events ───────────────────────────────────────────────────────────────────────

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
    const ids = COMPARE_IDS.filter((id) => this.configured(id));
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
    for (const id of COMPARE_IDS) {
      this.trainers[id].unconfigure();
      this.forget(id);
    }
    compareStore.setState({ status: 'idle' });
    this.views.redrawAll();
  }

  private settingsChanged(): void {
    if (!this.active) {
      this.settingsDirty = true;
      return;
    }
    this.settingsDirty = false;
    const { settings } = appStore.getState();
    const { params, pair } = compareStore.getState();
    const setups = compareSetups(settings, params);
    const built = COMPARE_IDS.filter((id) => this.configured(id));
    if (built.length === 0) {
      this.scene = buildScene(settings, params, pair);
      this.views.redrawAll();
    }
    const stale = built.some((id) => this.trainers[id].setupKey !== setupKey(setups[id]));
    compareStore.setState({ stale });
  }

  // ── Fetching and measuring ──────────────────────────────────────────────────────────────

  /** Samples every trainer's flow from the shared x0 and measures it; loss profiles too. */
  refreshNow = (): Promise<void> => this.readings.refreshNow();
  /** Quality versus NFE for every trainer, with the solvers chosen in the store. */
  runSweep = (): Promise<void> => this.readings.runSweep();
  /** Exact W2 (optimal assignment) of each shown sample to a subsample of the target. */
  computeExact = (): Promise<void> => this.readings.computeExact();

  private stopTimers(): void {
    this.refresher.stop();
    this.sweeper.stop();
  }

  // ── Showing ─────────────────────────────────────────────────────────────────────────────

  /** The panel is shown (animate, refresh while training) or hidden (training goes on). */
  setActive(on: boolean): void {
    this.active = on;
    this.views.setActive(on);
    if (!on) {
      this.stopTimers();
      return;
    }
    if (this.settingsDirty) this.settingsChanged();
    if (!this.pretrainedTried) void this.showPretrained();
    if (compareStore.getState().status === 'training') {
      this.refresher.schedule(0);
      this.sweeper.schedule(SWEEP_FIRST_MS);
    }
  }

  dispose(): void {
    this.stopTimers();
    COMPARE_IDS.forEach((id) => this.trainers[id].dispose());
    this.cleanups.forEach((c) => c());
    this.views.dispose();
  }
}
