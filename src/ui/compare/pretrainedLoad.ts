/**
 * The comparison's instant start: when the page's setup is the pretrained one (default target,
 * network, seed and path parameters: `pretrainedFor`), the four default trainers (OT, VP, VE,
 * OT pairs) get the shipped weights (public/pretrained/, through the worker's importModel), so
 * the columns move before any click. OT with σ around the path has no shipped network: it
 * waits for Train all.
 */
import { appStore } from '../../state/appStore';
import { compareStore, patchTrainer } from '../../state/compareStore';
import { pretrainedFor } from '../../state/pretrained';
import { fetchPretrained } from '../engine/pretrained';
import {
  COMPARE_IDS,
  couplingOf,
  schedulerIdOf,
  schedulerParamsFor,
  TRAINER_IDS,
} from './compareSetup';
import type { CompareTrainerSet } from './trainerSet';

/** What the loader needs besides the trainer set: measuring and sweeping what it loaded. */
export interface PretrainedHost {
  readonly set: CompareTrainerSet;
  refreshNow(): Promise<void>;
  runSweep(): Promise<void>;
}

/**
 * Builds the four default trainers and loads the shipped weights into them, then measures
 * them and runs the NFE sweep once, as a pause does, so the figures describe these networks.
 * Any other setup (or an unreachable file) leaves the page waiting for Train all.
 */
export async function loadPretrained({ set, refreshNow, runSweep }: PretrainedHost) {
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
    TRAINER_IDS.every((id) => !set.configured(id));
  if (!untouched()) return;
  await set.guard(async () => {
    const [loaded, client] = await Promise.all([
      Promise.all(files.map((m) => ('file' in m ? fetchPretrained(m.file) : null))),
      set.ready(settings),
    ]);
    // Unreachable files (offline without a cached copy): the page waits for Train all.
    if (loaded.some((f) => f === null) || !untouched()) return;
    await set.configure(client, settings, COMPARE_IDS);
    set.settingsUsed = settings;
    for (const [i, id] of COMPARE_IDS.entries()) {
      const m = files[i]!;
      // Train all or a new choice came first: these weights are for an old state.
      if (compareStore.getState().status !== 'idle' || !('file' in m)) return;
      set.trainers[id].forget();
      const { step } = await client.importModel(id, loaded[i]);
      patchTrainer(id, { step, status: 'idle', pretrained: m.file });
    }
    await refreshNow();
    if (compareStore.getState().status === 'idle') await runSweep();
  });
}
