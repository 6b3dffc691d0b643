/**
 * What the scheduler comparison trains: one trainer per scheduler (OT, VP, VE) plus OT with
 * minibatch-OT pairs for the coupling comparison, and optionally OT with σ = 0.1 around the
 * path (a fourth column, `Settings.compareSigma`). Every setup is the playground's own
 * (trainerSetup: same target, seed, network, batch, learning rate); only the path, the
 * pairing and σ differ. Pure: no worker, no DOM.
 */
import { TRAINER_COLORS } from '../../render/palette';
import { makeScheduler, resolveParams } from '../../flow/schedulers';
import type { CouplingId, Scheduler, SchedulerId, SchedulerParams } from '../../flow/types';
import type { CompareTrainerId } from '../../state/compareStore';
import type { Settings } from '../../state/settings';
import { trainerSetup } from '../../state/setup';
import type { TrainerSetup } from '../../worker/protocol';

/** The three columns, one per scheduler. */
export const COLUMN_IDS = ['ot', 'vp', 've'] as const satisfies readonly CompareTrainerId[];
export type ColumnId = (typeof COLUMN_IDS)[number];
/** The fourth trainer: the OT path with minibatch-OT pairs (coupling comparison). */
export const PAIRS_ID = 'ot-pairs' satisfies CompareTrainerId;
export type CompareId = CompareTrainerId;
/** The trainers the panel runs by default, round-robin in the page's one worker. */
export const COMPARE_IDS: readonly CompareId[] = [...COLUMN_IDS, PAIRS_ID];
/** The optional trainer: the OT path with σ around it (torchcfm's σ = 0.1), off by default. */
export const SIGMA_ID = 'ot-sigma' satisfies CompareTrainerId;
/** σ around the path of the SIGMA_ID trainer (docs/sigma-and-reflow.md). */
export const COMPARE_PATH_SIGMA = 0.1;
/** Every trainer the panel may run (the handles, the store, the readings). */
export const TRAINER_IDS: readonly CompareId[] = [...COMPARE_IDS, SIGMA_ID];
/** The animated columns: the three schedulers, then OT with σ when it is on. */
export const VIEW_COLUMN_IDS = [...COLUMN_IDS, SIGMA_ID] as const;
export type ViewColumnId = (typeof VIEW_COLUMN_IDS)[number];
/** The trainers in use: the default four, plus OT with σ when the link asks for it. */
export function comparedIds(withSigma: boolean): CompareId[] {
  return withSigma ? [...TRAINER_IDS] : [...COMPARE_IDS];
}

/** The adjustable parameters (VP: β_min, β_max; VE: σ_min, σ_max), always all four. */
export type CompareParams = Required<SchedulerParams>;

/** Okabe–Ito colours (colour-blind safe), one per trainer. */
export const COLORS: Record<CompareId, string> = TRAINER_COLORS;

export const schedulerIdOf = (id: CompareId): SchedulerId =>
  id === PAIRS_ID || id === SIGMA_ID ? 'ot' : id;
/** σ around the path of trainer `id`: COMPARE_PATH_SIGMA for SIGMA_ID, else 0. */
export const pathSigmaOf = (id: CompareId): number => (id === SIGMA_ID ? COMPARE_PATH_SIGMA : 0);
export const couplingOf = (id: CompareId): CouplingId => (id === PAIRS_ID ? 'ot' : 'independent');

/** Only the parameters that the trainer's scheduler uses (so unrelated edits change nothing). */
export function schedulerParamsFor(id: CompareId, p: CompareParams): SchedulerParams {
  return resolveParams(schedulerIdOf(id), p);
}

/** The scheduler of one trainer (parameters already validated). */
export function schedulerOfId(id: CompareId, p: CompareParams): Scheduler {
  return makeScheduler(schedulerIdOf(id), schedulerParamsFor(id, p));
}

/**
 * One setup per trainer: the playground's setup with this trainer's path, pairing and σ
 * around the path (0 except for SIGMA_ID).
 */
export function compareSetups(
  settings: Settings,
  params: CompareParams,
): Record<CompareId, TrainerSetup> {
  // The comparison trains the exact paths (σ around the path = 0), as its pretrained networks
  // and the published figures do, whatever σ the playground uses; only SIGMA_ID has σ = 0.1.
  const base = trainerSetup({ ...settings, pathSigma: 0 });
  const out = {} as Record<CompareId, TrainerSetup>;
  for (const id of TRAINER_IDS) {
    const sigma = pathSigmaOf(id);
    out[id] = {
      ...base,
      ...(sigma > 0 ? { pathSigma: sigma } : {}),
      scheduler: schedulerIdOf(id),
      schedulerParams: schedulerParamsFor(id, params),
      coupling: couplingOf(id),
    };
  }
  return out;
}
