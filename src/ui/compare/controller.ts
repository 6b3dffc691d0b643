/**
 * The comparison's imperative side, outside React: it configures one trainer per scheduler
 * (plus OT with minibatch-OT pairs) in the page's ONE worker from the playground's settings,
 * trains them together round-robin, fetches their learned trajectories a few times a second,
 * measures them, runs the quality-versus-NFE sweep and draws the columns every frame. React
 * sees figures through compareStore; trajectories and t stay here. Per-trainer version
 * counters keep replies about an old network away from the views.
 */
import { slicedW2, w2Exact } from '../../flow/metrics';
import { createRng } from '../../flow/rng';
import type { BackendPreference } from '../../model/backend';
import { appStore } from '../../state/appStore';
import {
  compareStore,
  EMPTY_FIGURES,
  patchSweep,
  patchTrainer,
  type SweepState,
} from '../../state/compareStore';
import { MIN_POINTS, type Settings } from '../../state/settings';
import type { TrainingClient } from '../../worker/client';
import type { TrainingStats } from '../../worker/protocol';
import { thin } from '../scene/runReport';
import { targetPoints } from '../scene/target';
import type { Trajectory } from '../scene/trajectory';
import { ColumnCanvas, drawPaths } from './columnView';
import { CompareClock } from './compareClock';
import { buildScene, insetHalf, withPair, type CompareScene } from './compareScene';
import {
  COLUMN_IDS,
  COMPARE_IDS,
  compareSetups,
  setupKey,
  type ColumnId,
  type CompareId,
  type CompareParams,
} from './compareSetup';
import { endpoints, pathFigures, subsample } from './measures';
import { applyParamEdit, type ParamGroup } from './params';
import { installCompareHook } from './testHook';

/** The parts of the worker client the comparison uses (a fake one in unit tests). */
export type CompareClient = Pick<
  TrainingClient,
  | 'configure'
  | 'start'
  | 'pause'
  | 'reset'
  | 'sample'
  | 'lossByTime'
  | 'nfeSweep'
  | 'onStats'
  | 'onError'
>;

/** The page's worker link (ui/scene/workerLink.ts), shared with the playground. */
export interface CompareLink {
  readonly client: CompareClient | null;
  boot(pref: BackendPreference): Promise<void>;
  attach(attach: (client: CompareClient) => (() => void)[]): () => void;
  onRestart(listener: () => void): () => void;
}

/**
 * NFE budgets of the sweep, 1 to 100 (a budget that is not whole steps of a solver is skipped).
 * A sweep pauses training while it runs (about 2–3 s for four trainers here), so it stays small.
 */
export const NFES = [1, 2, 4, 8, 16, 32, 64, 100];
export const SWEEP_SAMPLES = 300;
export const EXACT_SAMPLES = 1000;
export const PROFILE_BINS = 20;
export const QUALITY_PROJECTIONS = 32;
const REFRESH_MS = 900;
const FLUSH_MS = 1000;
const PROFILE_EVERY = 3;
const SWEEP_FIRST_MS = 10_000;
const SWEEP_EVERY_MS = 60_000;

const isCompareId = (id: string | undefined): id is CompareId =>
  COMPARE_IDS.includes(id as CompareId);
/** The trainers Train all trains: the three columns, plus OT pairs when asked for. */
const trainedIds = (): CompareId[] =>
  compareStore.getState().withPairs ? [...COMPARE_IDS] : [...COLUMN_IDS];
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const nextTurn = () => new Promise((r) => setTimeout(r, 0));

export class CompareController {
  scene: CompareScene;
  readonly clock: CompareClock;
  /** Draw time of the recent frames (ms), for the benchmark and the test hook. */
  readonly drawMs: number[] = [];
  readonly drawn: Record<ColumnId, number> = { ot: 0, vp: 0, ve: 0 };
  private readonly keys: Partial<Record<CompareId, string>> = {};
  private readonly versions: Record<CompareId, number> = { ot: 0, vp: 0, ve: 0, 'ot-pairs': 0 };
  private readonly trajs: Partial<Record<CompareId, Trajectory>> = {};
  private readonly columns = new Map<ColumnId, ColumnCanvas>();
  private readonly pathCanvases = new Map<CompareId, HTMLCanvasElement>();
  private readonly tickers = new Set<(t: number) => void>();
  private readonly pending: Record<CompareId, [number, number][]> = {
    ot: [],
    vp: [],
    ve: [],
    'ot-pairs': [],
  };
  private readonly latest: Partial<Record<CompareId, TrainingStats>> = {};
  private readonly cleanups: (() => void)[];
  private settingsUsed: Settings | null = null;
  private floorCache: { target: Float32Array; value: number } | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private sweepTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshing = false;
  private refreshes = 0;
  private active = false;
  private settingsDirty = false;

  constructor(private readonly link: CompareLink) {
    const { params, pair } = compareStore.getState();
    this.scene = buildScene(appStore.getState().settings, params, pair);
    this.clock = new CompareClock(
      (t) => this.frame(t),
      () => compareStore.getState().playing,
    );
    this.cleanups = [
      link.attach((client) => [
        client.onStats((s) => this.stats(s)),
        client.onError((e) => {
          if (e.id === undefined || isCompareId(e.id)) compareStore.setState({ error: e.message });
        }),
      ]),
      link.onRestart(() => this.restarted()),
      appStore.subscribe((s, prev) => {
        if (s.settings !== prev.settings) this.settingsChanged();
      }),
      compareStore.subscribe((s, prev) => {
        if (s.pair !== prev.pair) this.scene = withPair(this.scene, s.pair);
        if (s.playing !== prev.playing || s.pair !== prev.pair) this.clock.invalidate();
      }),
      installCompareHook(this),
    ];
  }

  /** Whether trainer `id` exists in the worker. */
  configured(id: CompareId): boolean {
    return this.keys[id] !== undefined;
  }

  trajectory(id: CompareId): Trajectory | null {
    return this.trajs[id] ?? null;
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
    await this.guard(async () => {
      const client = await this.ready(settings);
      const ids = trainedIds();
      await this.configure(client, settings, ids);
      this.settingsUsed = settings;
      await client.start(ids);
      compareStore.setState({ status: 'training' });
      if (this.active) {
        this.scheduleRefresh(0);
        this.scheduleSweep(SWEEP_FIRST_MS);
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
        this.forget(id);
        await client.reset(id);
      }
      this.redrawAll();
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
    const changed = ids.filter((id) => this.keys[id] !== setupKey(setups[id]));
    if (changed.length === 0) return;
    this.scene = buildScene(settings, params, pair);
    for (const id of changed) {
      this.forget(id);
      await client.configure(id, setups[id]);
      this.keys[id] = setupKey(setups[id]);
      patchTrainer(id, { status: 'idle' });
    }
    compareStore.setState({ stale: false });
    this.redrawAll();
  }

  /** Drops everything shown about trainer `id` (a new network comes). */
  private forget(id: CompareId): void {
    this.versions[id]++;
    delete this.trajs[id];
    this.pending[id] = [];
    delete this.latest[id];
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
      this.redrawAll();
    }
    return true;
  }

  // ── Worker events ───────────────────────────────────────────────────────────────────────

  private stats(s: TrainingStats): void {
    if (!isCompareId(s.id) || !this.configured(s.id)) return;
    if (Number.isFinite(s.loss)) this.pending[s.id].push([s.step, s.loss]);
    this.latest[s.id] = s;
    if (s.status !== 'training') this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const { trainers } = compareStore.getState();
    for (const id of COMPARE_IDS) {
      const s = this.latest[id];
      if (!s) continue;
      const old = trainers[id];
      const losses = this.pending[id].length
        ? thin([...old.losses, ...this.pending[id]])
        : old.losses;
      this.pending[id] = [];
      delete this.latest[id];
      patchTrainer(id, {
        step: s.step,
        loss: Number.isFinite(s.loss) ? s.loss : old.loss,
        lossAvg: Number.isFinite(s.lossAvg) ? s.lossAvg : old.lossAvg,
        stepsPerSec: s.status === 'training' ? s.stepsPerSec : 0,
        status: s.status,
        losses,
      });
    }
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
      delete this.keys[id];
      this.forget(id);
    }
    compareStore.setState({ status: 'idle' });
    this.redrawAll();
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
      this.redrawAll();
    }
    const stale = built.some((id) => this.keys[id] !== setupKey(setups[id]));
    compareStore.setState({ stale });
  }

  // ── Fetching and measuring ──────────────────────────────────────────────────────────────

  /** Samples every trainer's flow from the shared x0 and measures it; loss profiles too. */
  async refreshNow(): Promise<void> {
    const client = this.link.client;
    if (!client || this.refreshing) return;
    this.refreshing = true;
    try {
      for (const id of COMPARE_IDS) if (this.configured(id)) await this.sampleOne(client, id);
      if (this.refreshes++ % PROFILE_EVERY === 0) await this.fetchProfiles(client);
    } catch (e) {
      compareStore.setState({ error: errorText(e) });
    } finally {
      this.refreshing = false;
    }
  }

  private async sampleOne(client: CompareClient, id: CompareId): Promise<void> {
    const { solver, steps } = appStore.getState().settings;
    const version = this.versions[id];
    const source = this.scene.sources[id];
    const r = await client.sample(id, { x0: source, solver, steps, record: true });
    if (version !== this.versions[id] || r.n !== source.length / 2) return;
    const traj: Trajectory = { data: r.trajectory, frames: r.frames, n: r.n, step: r.step };
    this.trajs[id] = traj;
    const end = endpoints(traj.data, traj.n, traj.frames);
    const quality = end.every(Number.isFinite)
      ? slicedW2(end, this.scene.target, createRng(7), QUALITY_PROJECTIONS)
      : Infinity;
    patchTrainer(id, {
      shownStep: r.step,
      slicedW2: quality,
      ...pathFigures(traj.data, r.n, r.frames),
    });
    this.drawPathsOf(id);
    this.clock.invalidate();
  }

  private async fetchProfiles(client: CompareClient): Promise<void> {
    for (const id of COMPARE_IDS) {
      if (!this.configured(id)) continue;
      const version = this.versions[id];
      const profile = await client.lossByTime(id, PROFILE_BINS);
      if (version === this.versions[id]) patchTrainer(id, { profile: Array.from(profile) });
    }
  }

  /** Sliced W2 between a subsample of the target and the whole target: the sweep's floor. */
  private floor(): number {
    const target = this.scene.target;
    if (this.floorCache?.target !== target) {
      const sub = subsample(target, SWEEP_SAMPLES, createRng(99));
      this.floorCache = { target, value: slicedW2(sub, target, createRng(7), 64) };
    }
    return this.floorCache.value;
  }

  /** Quality versus NFE for every trainer, with the solvers chosen in the store. */
  async runSweep(): Promise<void> {
    const client = this.link.client;
    const state = compareStore.getState();
    const ids = COMPARE_IDS.filter((id) => this.configured(id));
    if (!client || state.sweep.running || ids.length === 0) return;
    const solvers = [...state.sweepSolvers];
    const nfes = [...NFES];
    patchSweep({ running: true, solvers, nfes, floor: this.floor() });
    try {
      for (const id of ids) {
        const version = this.versions[id];
        const step = compareStore.getState().trainers[id].step;
        const x0 = this.scene.sources[id].slice(0, 2 * SWEEP_SAMPLES);
        const points = await client.nfeSweep(id, x0, solvers, nfes, this.scene.target);
        if (version !== this.versions[id]) continue;
        const sweep: SweepState = compareStore.getState().sweep;
        patchSweep({
          points: { ...sweep.points, [id]: points },
          steps: { ...sweep.steps, [id]: step },
        });
      }
    } catch (e) {
      compareStore.setState({ error: errorText(e) });
    } finally {
      patchSweep({ running: false });
    }
  }

  /** Exact W2 (optimal assignment) of each shown sample to a subsample of the target. */
  async computeExact(): Promise<void> {
    if (compareStore.getState().exactRunning) return;
    compareStore.setState({ exactRunning: true });
    try {
      const seed = (this.settingsUsed ?? appStore.getState().settings).seed;
      for (const id of COMPARE_IDS) {
        const traj = this.trajs[id];
        if (!traj) continue;
        await nextTurn(); // one assignment per task: the page stays responsive in between
        const n = Math.min(EXACT_SAMPLES, traj.n, this.scene.target.length / 2);
        const generated = endpoints(traj.data, traj.n, traj.frames).slice(0, 2 * n);
        const reference = subsample(this.scene.target, n, createRng(seed + 17));
        const value = generated.every(Number.isFinite) ? w2Exact(generated, reference) : Infinity;
        if (this.trajs[id] === traj) patchTrainer(id, { exactW2: value, exactStep: traj.step });
      }
    } finally {
      compareStore.setState({ exactRunning: false });
    }
  }

  // ── Timers ──────────────────────────────────────────────────────────────────────────────

  private scheduleRefresh(delay: number): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      const started = performance.now();
      void this.refreshNow().then(() => {
        if (compareStore.getState().status === 'training' && this.active) {
          // At most a quarter of the worker's time goes to pictures; the rest trains.
          this.scheduleRefresh(Math.max(REFRESH_MS, 3 * (performance.now() - started)));
        }
      });
    }, delay);
  }

  private scheduleSweep(delay: number): void {
    clearTimeout(this.sweepTimer);
    this.sweepTimer = setTimeout(() => {
      if (compareStore.getState().status !== 'training' || !this.active) return;
      void this.runSweep().then(() => this.scheduleSweep(SWEEP_EVERY_MS));
    }, delay);
  }

  private stopTimers(): void {
    clearTimeout(this.refreshTimer);
    clearTimeout(this.sweepTimer);
  }

  // ── Views ───────────────────────────────────────────────────────────────────────────────

  /** The panel is shown (animate, refresh while training) or hidden (training goes on). */
  setActive(on: boolean): void {
    this.active = on;
    this.clock.setEnabled(on);
    if (!on) {
      this.stopTimers();
      return;
    }
    if (this.settingsDirty) this.settingsChanged();
    if (compareStore.getState().status === 'training') {
      this.scheduleRefresh(0);
      this.scheduleSweep(SWEEP_FIRST_MS);
    }
    this.redrawAll();
  }

  attachColumn(id: ColumnId, canvas: HTMLCanvasElement): () => void {
    const view = new ColumnCanvas(canvas);
    this.columns.set(id, view);
    const ro = new ResizeObserver(() => {
      view.resize();
      this.clock.invalidate();
    });
    ro.observe(canvas);
    this.clock.invalidate();
    return () => {
      ro.disconnect();
      if (this.columns.get(id) === view) this.columns.delete(id);
    };
  }

  /** A static picture of the whole learned trajectories of trainer `id` (coupling section). */
  attachPaths(id: CompareId, canvas: HTMLCanvasElement): () => void {
    this.pathCanvases.set(id, canvas);
    const ro = new ResizeObserver(() => this.drawPathsOf(id));
    ro.observe(canvas);
    return () => {
      ro.disconnect();
      if (this.pathCanvases.get(id) === canvas) this.pathCanvases.delete(id);
    };
  }

  /** Called every frame with t (the time slider and its readout follow it imperatively). */
  onTick(listener: (t: number) => void): () => void {
    this.tickers.add(listener);
    return () => this.tickers.delete(listener);
  }

  private drawPathsOf(id: CompareId): void {
    const canvas = this.pathCanvases.get(id);
    if (canvas && this.active) {
      drawPaths(canvas, this.scene.target, this.scene.particles, this.trajs[id] ?? null);
    }
  }

  private redrawAll(): void {
    for (const id of this.pathCanvases.keys()) this.drawPathsOf(id);
    this.clock.invalidate();
  }

  private frame(t: number): void {
    const started = performance.now();
    const sc = this.scene;
    for (const [id, view] of this.columns) {
      view.draw(
        {
          scheduler: sc.schedulers[id],
          target: sc.target,
          particles: sc.particles,
          source: sc.sources[id],
          traj: this.trajs[id] ?? null,
          pair: sc.pair,
          pairPath: sc.pairPaths[id],
          insetHalf: insetHalf(sc.schedulers[id]),
        },
        t,
      );
      this.drawn[id]++;
    }
    this.tickers.forEach((l) => l(t));
    this.drawMs.push(performance.now() - started);
    if (this.drawMs.length > 240) this.drawMs.shift();
  }

  dispose(): void {
    this.stopTimers();
    clearTimeout(this.flushTimer);
    this.cleanups.forEach((c) => c());
    this.clock.dispose();
  }
}
