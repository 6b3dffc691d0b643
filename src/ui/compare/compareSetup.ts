/**
 * What the scheduler comparison trains: one trainer per scheduler (OT, VP, VE) plus OT with
 * minibatch-OT pairs for the coupling comparison. Every setup is the playground's own
 * (trainerSetup: same target, seed, network, batch, learning rate); only the path and the
 * pairing differ. Pure: no worker, no DOM.
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
/** All trainers the panel runs, round-robin in the page's one worker. */
export const COMPARE_IDS: readonly CompareId[] = [...COLUMN_IDS, PAIRS_ID];

/** The adjustable parameters (VP: β_min, β_max; VE: σ_min, σ_max), always all four. */
export type CompareParams = Required<SchedulerParams>;

/** Okabe–Ito colours (colour-blind safe), one per trainer. */
export const COLORS: Record<CompareId, string> = TRAINER_COLORS;

export const schedulerIdOf = (id: CompareId): SchedulerId => (id === PAIRS_ID ? 'ot' : id);
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
 * One setup per trainer: the playground's setup with this trainer's path and pairing, and
 * no σ around the path.
 */
export function compareSetups(
  settings: Settings,
  params: CompareParams,
): Record<CompareId, TrainerSetup> {
  // The comparison trains the exact paths (σ around the path = 0), as its pretrained networks
  // and the published figures do, whatever σ the playground uses.
  const base = trainerSetup({ ...settings, pathSigma: 0 });
  const out = {} as Record<CompareId, TrainerSetup>;
  for (const id of COMPARE_IDS) {
    out[id] = {
      ...base,
      scheduler: schedulerIdOf(id),
      schedulerParams: schedulerParamsFor(id, params),
      coupling: couplingOf(id),
    };
  }
  return out;
}
