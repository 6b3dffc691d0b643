/**
 * The comparison's page actions, outside React: Train all, Pause, Fresh networks, the optional
 * trainers (OT pairs, OT with σ around the path), the scheduler parameters, the refresh and
 * NFE-sweep timers (two Repeaters) and showing or hiding the panel. The worker side (handles,
 * setups, readings, canvases) is trainerSet.ts's; the instant start is pretrainedLoad.ts's.
 * React sees figures through compareStore; trajectories and t stay here.
 */
import { appStore, updateSettings } from '../../state/appStore';
import { compareStore, patchTrainer } from '../../state/compareStore';
import { MIN_POINTS } from '../../state/settings';
import { setupKey } from '../../state/setup';
import { targetPoints } from '../../state/target';
import { Repeater } from '../engine/repeater';
import { buildScene, withPair } from './compareScene';
import {
  comparedIds,
  compareSetups,
  PAIRS_ID,
  TRAINER_IDS,
  type CompareId,
  type CompareParams,
} from './compareSetup';
import { applyParamEdit, type ParamGroup } from './params';
import { loadPretrained } from './pretrainedLoad';
import type { CompareClient } from './readings';
import { installCompareHook } from './testHook';
import { CompareTrainerSet, sigmaOn, type CompareLink } from './trainerSet';

export type { CompareClient, CompareLink };

const REFRESH_MS = 900;
const SWEEP_FIRST_MS = 10_000;
const SWEEP_EVERY_MS = 60_000;

/** The trainers Train all trains: the three columns, plus OT pairs and OT with σ when asked for. */
const trainedIds = (): CompareId[] =>
  comparedIds(sigmaOn()).filter((id) => id !== PAIRS_ID || compareStore.getState().withPairs);

export class CompareController extends CompareTrainerSet {
  private readonly cleanups: (() => void)[];
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

  constructor(link: CompareLink) {
    super(link);
    this.cleanups = [
      appStore.subscribe((s, prev) => {
        if (s.settings !== prev.settings) this.settingsChanged();
        if (s.settings.compareSigma !== prev.settings.compareSigma) this.sigmaToggled();
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

  /** Training, with the panel shown: pictures refresh and the sweep repeats. */
  private trainingShown(): boolean {
    return compareStore.getState().status === 'training' && this.active;
  }

  // ── Training ────────────────────────────────────────────────────────────────────────────

  /** One button: (re)builds the trainers whose setup changed and trains them all together. */
  async train(): Promise<void> {
    const settings = appStore.getState().settings;
    const n = targetPoints(settings).length / 2;
    if (n < MIN_POINTS) {
      compareStore.setState({ notice: { key: 'cmpTooFew', values: { min: MIN_POINTS, n } } });
      return;
    }
    compareStore.setState({ status: 'starting', error: null, notice: null });
    for (const id of TRAINER_IDS) {
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

  /**
   * Whether OT with σ = 0.1 around the path trains as a fourth column (`Settings.compareSigma`,
   * link `csig`): a setting, so the link carries it; the store's change reaches `sigmaToggled`.
   */
  setWithSigma(on: boolean): void {
    updateSettings({ compareSigma: on });
  }

  /** The σ column came or went: while training, Train all again with the new set. */
  private sigmaToggled(): void {
    if (compareStore.getState().status === 'training') void this.train();
    else this.views.redrawAll();
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
      for (const id of TRAINER_IDS.filter((i) => this.configured(i))) {
        const reset = this.trainers[id].reset(client);
        this.forget(id);
        await reset;
      }
      this.views.redrawAll();
    });
  }

  /** Instant start with the shipped networks when the setup is the pretrained one. */
  async showPretrained(): Promise<void> {
    this.pretrainedTried = true;
    await loadPretrained({ set: this, refreshNow: this.refreshNow, runSweep: this.runSweep });
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

  private settingsChanged(): void {
    if (!this.active) {
      this.settingsDirty = true;
      return;
    }
    this.settingsDirty = false;
    const { settings } = appStore.getState();
    const { params, pair } = compareStore.getState();
    const setups = compareSetups(settings, params);
    const built = TRAINER_IDS.filter((id) => this.configured(id));
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

  protected stopTimers(): void {
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
    this.cleanups.forEach((c) => c());
    this.disposeTrainers();
  }
}
