/**
 * What the comparison reads back from its networks and measures: learned trajectories from the
 * shared x0 (sliced W2 on the display's grid; straightness and path energy on a fixed RK4 grid),
 * loss-by-time profiles, the quality-versus-NFE
 * sweep and exact W2 on demand. Each trainer's readings carry a version, so a reply about a
 * network that has since been rebuilt is dropped.
 */
import { slicedW2, w2Exact } from '../../flow/metrics';
import { createRng } from '../../flow/rng';
import { appStore } from '../../state/appStore';
import { compareStore, patchSweep, patchTrainer, type SweepState } from '../../state/compareStore';
import type { TrainingClient } from '../../worker/client';
import type { Trajectory } from '../../render/trajectory';
import type { RemoteTrainer } from '../engine/remoteTrainer';
import type { CompareScene } from './compareScene';
import { TRAINER_IDS, type CompareId } from './compareSetup';
import { endpoints, pathFigures, subsample } from './measures';

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
  | 'importModel'
  | 'onStats'
  | 'onError'
>;

/**
 * NFE budgets of the sweep, 1 to 100 (a budget that is not whole steps of a solver is skipped).
 * A sweep pauses training while it runs (about 2–3 s for four trainers here), so it stays small.
 */
export const NFES = [1, 2, 4, 8, 16, 32, 64, 100];
export const SWEEP_SAMPLES = 300;
export const EXACT_SAMPLES = 1000;
export const PROFILE_BINS = 20;
export const QUALITY_PROJECTIONS = 32;
const PROFILE_EVERY = 3;
/**
 * Path metrics are measured on this fixed fine grid whatever solver and step count the
 * display uses (MATH.md §2): on the display's grid a 1-step path would be "straight".
 */
export const PATH_METRIC_GRID = { solver: 'rk4', steps: 100 } as const;
/** Trajectories measured on that grid (the first of the shared x0): 400 evaluations each. */
export const PATH_METRIC_SAMPLES = 128;

export const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const nextTurn = () => new Promise((r) => setTimeout(r, 0));

/** What the readings need from the controller. */
export interface ReadingsDeps {
  client(): CompareClient | null;
  scene(): CompareScene;
  /** The handle of trainer `id` (is it configured, which network is current). */
  trainer(id: CompareId): RemoteTrainer;
  /** Whether trainer `id` is in use (OT with σ only while its column is on). */
  included(id: CompareId): boolean;
  /** Seed of the networks' settings (picks the exact-W2 reference subsample). */
  seed(): number;
  /** Trainer `id` has new trajectories. */
  changed(id: CompareId): void;
}

export class CompareReadings {
  private readonly trajs: Partial<Record<CompareId, Trajectory>> = {};
  private floorCache: { target: Float32Array; value: number } | null = null;
  private refreshing = false;
  private refreshes = 0;

  constructor(private readonly deps: ReadingsDeps) {}

  trajectory(id: CompareId): Trajectory | null {
    return this.trajs[id] ?? null;
  }

  /** Trainer `id` gets a new network: what was read of the old one is dropped. */
  forget(id: CompareId): void {
    delete this.trajs[id];
  }

  /** Built in the worker and in use: what is sampled, swept and measured. */
  private configured(id: CompareId): boolean {
    return this.deps.trainer(id).configured && this.deps.included(id);
  }

  /** Samples every trainer's flow from the shared x0 and measures it; loss profiles too. */
  async refreshNow(): Promise<void> {
    const client = this.deps.client();
    if (!client || this.refreshing) return;
    this.refreshing = true;
    try {
      for (const id of TRAINER_IDS) if (this.configured(id)) await this.sampleOne(client, id);
      if (this.refreshes++ % PROFILE_EVERY === 0) await this.fetchProfiles(client);
    } catch (e) {
      compareStore.setState({ error: errorText(e) });
    } finally {
      this.refreshing = false;
    }
  }

  private async sampleOne(client: CompareClient, id: CompareId): Promise<void> {
    const { solver, steps, tol } = appStore.getState().settings;
    const source = this.deps.scene().sources[id];
    const trainer = this.deps.trainer(id);
    const r = await trainer.current(() =>
      client.sample(id, { x0: source, solver, steps, tol, record: true }),
    );
    if (!r || r.n !== source.length / 2) return;
    const grid = await trainer.current(() =>
      client.sample(id, {
        x0: source.slice(0, 2 * PATH_METRIC_SAMPLES),
        ...PATH_METRIC_GRID,
        record: true,
      }),
    );
    if (!grid) return;
    const traj: Trajectory = { data: r.trajectory, frames: r.frames, n: r.n, step: r.step };
    this.trajs[id] = traj;
    const end = endpoints(traj.data, traj.n, traj.frames);
    const quality = end.every(Number.isFinite)
      ? slicedW2(end, this.deps.scene().target, createRng(7), QUALITY_PROJECTIONS)
      : Infinity;
    patchTrainer(id, {
      shownStep: r.step,
      slicedW2: quality,
      ...pathFigures(grid.trajectory, grid.n, grid.frames),
    });
    this.deps.changed(id);
  }

  private async fetchProfiles(client: CompareClient): Promise<void> {
    for (const id of TRAINER_IDS) {
      if (!this.configured(id)) continue;
      const profile = await this.deps
        .trainer(id)
        .current(() => client.lossByTime(id, PROFILE_BINS));
      if (profile) patchTrainer(id, { profile: Array.from(profile) });
    }
  }

  /** Sliced W2 between a subsample of the target and the whole target: the sweep's floor. */
  private floor(): number {
    const target = this.deps.scene().target;
    if (this.floorCache?.target !== target) {
      const sub = subsample(target, SWEEP_SAMPLES, createRng(99));
      this.floorCache = { target, value: slicedW2(sub, target, createRng(7), 64) };
    }
    return this.floorCache.value;
  }

  /** Quality versus NFE for every trainer, with the solvers chosen in the store. */
  async runSweep(): Promise<void> {
    const client = this.deps.client();
    const state = compareStore.getState();
    const ids = TRAINER_IDS.filter((id) => this.configured(id));
    if (!client || state.sweep.running || ids.length === 0) return;
    const solvers = [...state.sweepSolvers];
    const nfes = [...NFES];
    const { tol } = appStore.getState().settings;
    patchSweep({ running: true, solvers, nfes, tol, floor: this.floor() });
    try {
      for (const id of ids) {
        const step = compareStore.getState().trainers[id].step;
        const x0 = this.deps.scene().sources[id].slice(0, 2 * SWEEP_SAMPLES);
        const target = this.deps.scene().target;
        const points = await this.deps
          .trainer(id)
          .current(() => client.nfeSweep(id, x0, solvers, nfes, target, tol));
        if (!points) continue;
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
      const seed = this.deps.seed();
      for (const id of TRAINER_IDS) {
        await nextTurn(); // one assignment per task: the page stays responsive in between
        // Read after the pause and measured without one: a refresh cannot void the result.
        const traj = this.trajs[id];
        if (!traj) continue;
        const n = Math.min(EXACT_SAMPLES, traj.n, this.deps.scene().target.length / 2);
        const generated = endpoints(traj.data, traj.n, traj.frames).slice(0, 2 * n);
        const reference = subsample(this.deps.scene().target, n, createRng(seed + 17));
        const value = generated.every(Number.isFinite) ? w2Exact(generated, reference) : Infinity;
        patchTrainer(id, { exactW2: value, exactStep: traj.step });
      }
    } finally {
      compareStore.setState({ exactRunning: false });
    }
  }
}
