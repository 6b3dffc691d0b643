/**
 * Which shipped pretrained network (public/pretrained/, made by `npm run pretrained`) fits a
 * setup: every preset × OT, VP, VE with independent pairs, plus OT with minibatch-OT pairs on
 * the default target (the comparison's fourth trainer), all with the default network and
 * path parameters. Pure: the pretrain script and the app read the same table.
 */
import { DATASET_IDS } from '../flow/datasets';
import { DEFAULT_SCHEDULER_PARAMS } from '../flow/schedulers';
import type { CouplingId, DatasetId, SchedulerId, SchedulerParams } from '../flow/types';
import { DEFAULT_SETTINGS, type Settings, type TargetSource } from './settings';

/** Folder of the files, relative to the app's address (copied from public/ by Vite). */
export const PRETRAINED_DIR = 'pretrained/';
/** The paths that have pretrained networks. */
export const PRETRAINED_SCHEDULERS = ['ot', 'vp', 've'] as const satisfies readonly SchedulerId[];

/** One shipped network: the file name and what it was trained for. */
export interface PretrainedEntry {
  file: string;
  dataset: DatasetId;
  scheduler: (typeof PRETRAINED_SCHEDULERS)[number];
  coupling: CouplingId;
}

const fileName = (d: DatasetId, s: SchedulerId, c: CouplingId) =>
  `${d}-${s}${c === 'ot' ? '-otpairs' : ''}.json`;

/** Every shipped network, in the order the pretrain script makes them. */
export const PRETRAINED: readonly PretrainedEntry[] = [
  ...DATASET_IDS.flatMap((dataset) =>
    PRETRAINED_SCHEDULERS.map((scheduler) => ({
      file: fileName(dataset, scheduler, 'independent'),
      dataset,
      scheduler,
      coupling: 'independent' as CouplingId,
    })),
  ),
  {
    file: fileName(DEFAULT_SETTINGS.target as DatasetId, 'ot', 'ot'),
    dataset: DEFAULT_SETTINGS.target as DatasetId,
    scheduler: 'ot',
    coupling: 'ot',
  },
];

/** The fields of a setup that decide whether a pretrained network fits it. */
export type PretrainedQuery = Pick<
  Settings,
  'scheduler' | 'schedulerParams' | 'coupling' | 'width' | 'depth' | 'activation' | 'seed'
> & { target: TargetSource; pathSigma?: number; conditional?: boolean };

/**
 * A file to load, or why none fits: a drawn target, a class-conditional setup (every shipped
 * network is unconditional: it has no label input), or another network or path.
 */
export type PretrainedMatch = { file: string } | { missing: 'drawn' | 'conditional' | 'setup' };

const defaultParams = (p: SchedulerParams) =>
  Object.entries(p).every(
    ([k, v]) => v === DEFAULT_SCHEDULER_PARAMS[k as keyof SchedulerParams] || v === undefined,
  );

/** The pretrained network for this setup, if one was shipped. */
export function pretrainedFor(q: PretrainedQuery): PretrainedMatch {
  if (q.target === 'drawn') return { missing: 'drawn' };
  // Every preset has classes, so `conditional` alone decides (state/classes.ts isConditional).
  if (q.conditional) return { missing: 'conditional' };
  const d = DEFAULT_SETTINGS;
  // The seed too: Reset and a fresh run must start from the seed the link names.
  const sameNet =
    q.width === d.width &&
    q.depth === d.depth &&
    q.activation === d.activation &&
    q.seed === d.seed;
  const entry = PRETRAINED.find(
    (e) => e.dataset === q.target && e.scheduler === q.scheduler && e.coupling === q.coupling,
  );
  // Shipped networks learned the exact path (σ around the path = 0).
  const exactPath = (q.pathSigma ?? 0) === 0;
  if (!sameNet || !entry || !exactPath || !defaultParams(q.schedulerParams)) {
    return { missing: 'setup' };
  }
  return { file: entry.file };
}
