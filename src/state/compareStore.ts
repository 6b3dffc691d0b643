/**
 * State of the scheduler comparison panel that React shows: per-trainer figures (a few
 * updates a second), the NFE sweep, the adjustable scheduler parameters and their messages,
 * and which of the two pages (playground or comparison) is open. Trajectories and the
 * animation's t never live here (see ui/compare/controller.ts).
 */
import { DEFAULT_SCHEDULER_PARAMS } from '../flow/schedulers';
import type { SchedulerId, SchedulerParams, SolverId } from '../flow/types';
import type { NfePoint, TrainingStatus } from '../worker/protocol';
import { createStore } from './store';

export type CompareStatus = 'idle' | 'starting' | 'training' | 'paused' | 'error';
/** Keep these in step with ui/compare/compareSetup.ts (COMPARE_IDS). */
export type CompareTrainerId = 'ot' | 'vp' | 've' | 'ot-pairs' | 'ot-sigma';

/** A message key of the catalogue and its parameters (shown in the reader's language). */
export interface KeyedMessage {
  key: string;
  values: Record<string, string | number>;
}
/** A refused parameter value and why. */
export type ParamProblem = KeyedMessage;

export interface TrainerFigures {
  status: TrainingStatus | 'unconfigured';
  step: number;
  /** Latest mean loss and its moving average (NaN before the first). */
  loss: number;
  lossAvg: number;
  stepsPerSec: number;
  /** [step, loss] pairs, thinned to a bounded length. */
  losses: [number, number][];
  /** Mean CFM loss per time bin (lossByTime), or null before the first. */
  profile: number[] | null;
  /** Training step of the network the figures below come from (−1: none yet). */
  shownStep: number;
  /** Sliced W2 of the shown samples to the target. */
  slicedW2: number;
  /** Mean ‖x(1) − x(0)‖ / trajectory length (1 = straight), on the fixed RK4 100-step grid. */
  straightness: number;
  /** Mean ∫‖v‖² dt, on the same fixed grid. */
  energy: number;
  /** Mean ∫‖v‖² dt / ‖x(1) − x(0)‖² (1 = straight at constant speed). */
  energyRatio: number;
  /** Exact W2 on demand (null: not computed for this network). */
  exactW2: number | null;
  exactStep: number;
  /** The shipped pretrained file these weights came from, until training or a reset. */
  pretrained: string | null;
}

export interface SweepState {
  running: boolean;
  /** The solvers and NFE budgets of the last sweep, exactly as requested. */
  solvers: SolverId[];
  nfes: number[];
  /** Dormand–Prince's tolerance for its one point per trainer (NaN before a sweep). */
  tol: number;
  points: Partial<Record<CompareTrainerId, NfePoint[]>>;
  /** Training step of each network when it was swept. */
  steps: Partial<Record<CompareTrainerId, number>>;
  /** Sliced W2 between a subsample of the target and the target: the sampling floor. */
  floor: number;
}

export interface CompareState {
  status: CompareStatus;
  /** The worker's own words when something failed. */
  error: string | null;
  /** Why training did not start (e.g. too few target points). */
  notice: KeyedMessage | null;
  params: Required<SchedulerParams>;
  /** Per scheduler: why its last parameter edit was refused. */
  paramErrors: Partial<Record<SchedulerId, ParamProblem>>;
  trainers: Record<CompareTrainerId, TrainerFigures>;
  sweep: SweepState;
  /** Solvers the next sweep will use. */
  sweepSolvers: SolverId[];
  exactRunning: boolean;
  /** The playground's settings changed since the networks were built. */
  stale: boolean;
  playing: boolean;
  /** Index of the highlighted pair among the particles. */
  pair: number;
  /** Train OT with minibatch-OT pairs too (the coupling comparison). */
  withPairs: boolean;
}

export const EMPTY_FIGURES: TrainerFigures = {
  status: 'unconfigured',
  step: 0,
  loss: NaN,
  lossAvg: NaN,
  stepsPerSec: 0,
  losses: [],
  profile: null,
  shownStep: -1,
  slicedW2: NaN,
  straightness: NaN,
  energy: NaN,
  energyRatio: NaN,
  exactW2: null,
  exactStep: -1,
  pretrained: null,
};

export const DEFAULT_SWEEP_SOLVERS: SolverId[] = ['euler', 'heun', 'rk4'];

export function initialCompareState(): CompareState {
  return {
    status: 'idle',
    error: null,
    notice: null,
    params: { ...DEFAULT_SCHEDULER_PARAMS },
    paramErrors: {},
    trainers: {
      ot: EMPTY_FIGURES,
      vp: EMPTY_FIGURES,
      ve: EMPTY_FIGURES,
      'ot-pairs': EMPTY_FIGURES,
      'ot-sigma': EMPTY_FIGURES,
    },
    sweep: { running: false, solvers: [], nfes: [], tol: NaN, points: {}, steps: {}, floor: NaN },
    sweepSolvers: [...DEFAULT_SWEEP_SOLVERS],
    exactRunning: false,
    stale: false,
    playing: true,
    pair: 0,
    withPairs: true,
  };
}

export const compareStore = createStore<CompareState>(initialCompareState());

/** Merges figures into one trainer's entry. */
export function patchTrainer(id: CompareTrainerId, patch: Partial<TrainerFigures>): void {
  compareStore.setState((s) => ({
    trainers: { ...s.trainers, [id]: { ...s.trainers[id], ...patch } },
  }));
}

export function patchSweep(patch: Partial<SweepState>): void {
  compareStore.setState((s) => ({ sweep: { ...s.sweep, ...patch } }));
}
