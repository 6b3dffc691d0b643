/**
 * One training step in slow motion, the controller: it pauses training, takes one real step
 * through the worker (`slowStep`: the step counts, the run continues from it), puts the step's
 * pairs into the playground's views and walks through the stages (Next, Previous, auto-advance).
 * Closing it resumes training when it was training before. Its state lives in `slowMoStore`
 * (the panel and the test hook read it); the views read `engine.scene.slowmo`.
 *
 * Entry point for lessons: `startSlowMotion(engine, { auto: true, stageMs })`, then `goToStage`,
 * `nextStage`, `closeSlowMotion` (or the `useSlowMotion()` hook inside React).
 */
import type { LayerUpdate, WeightSample } from '../../model/stepTrace';
import { appStore } from '../../state/appStore';
import { createStore } from '../../state/store';
import type { Engine } from '../scene/engine';
import { numbersOf, pictureOf, SLOWMO_STAGES, type SlowMoNumbers } from './stages';

export interface SlowMoState {
  /** off: nothing shown; stepping: the step is being taken; showing: a stage is on screen. */
  status: 'off' | 'stepping' | 'showing' | 'error';
  /** Index into SLOWMO_STAGES. */
  stage: number;
  numbers: SlowMoNumbers | null;
  coupling: 'independent' | 'ot' | null;
  layers: LayerUpdate[];
  samples: WeightSample[];
  auto: boolean;
  error: string | null;
}

const OFF: SlowMoState = {
  status: 'off',
  stage: 0,
  numbers: null,
  coupling: null,
  layers: [],
  samples: [],
  auto: false,
  error: null,
};

export const slowMoStore = createStore<SlowMoState>(OFF);

/** How long auto-advance shows each stage unless `startSlowMotion` is told otherwise. */
export const AUTO_STAGE_MS = 2500;
export const LAST_STAGE = SLOWMO_STAGES.length - 1;

let stageMs = AUTO_STAGE_MS;
let resumeAfter = false;
let autoTimer: ReturnType<typeof setTimeout> | undefined;
let unwatch: (() => void) | null = null;

function show(engine: Engine, stage: number): void {
  const k = Math.max(0, Math.min(LAST_STAGE, stage));
  if (engine.scene.slowmo) engine.scene.slowmo.stage = k;
  engine.clock.invalidate();
  slowMoStore.setState({ stage: k });
  scheduleAuto(engine);
}

function scheduleAuto(engine: Engine): void {
  clearTimeout(autoTimer);
  const { auto, stage, status } = slowMoStore.getState();
  if (!auto || status !== 'showing') return;
  if (stage >= LAST_STAGE) {
    slowMoStore.setState({ auto: false });
    return;
  }
  autoTimer = setTimeout(() => show(engine, slowMoStore.getState().stage + 1), stageMs);
}

/** Leaves the views as they were; training resumes only when `resume` and it ran before. */
function hide(engine: Engine): void {
  clearTimeout(autoTimer);
  unwatch?.();
  unwatch = null;
  engine.scene.slowmo = null;
  engine.clock.invalidate();
}

/**
 * Pauses training, takes one real training step and shows its first stage. Resolves with the
 * step's numbers (null when there was nothing to train, or it failed: the panel says why).
 */
export async function startSlowMotion(
  engine: Engine,
  options: { auto?: boolean; stageMs?: number } = {},
): Promise<SlowMoNumbers | null> {
  if (slowMoStore.getState().status === 'stepping') return null;
  stageMs = options.stageMs ?? AUTO_STAGE_MS;
  const { status } = appStore.getState().run;
  const training = status === 'training' || status === 'starting';
  // A second slow step while one is shown keeps the first one's promise to resume.
  if (slowMoStore.getState().status === 'off') resumeAfter = training;
  hide(engine);
  slowMoStore.setState({ ...OFF, status: 'stepping', auto: options.auto ?? false });
  try {
    if (training) await engine.pause();
    const trace = await engine.slowStep();
    if (!trace) {
      slowMoStore.setState(OFF);
      return null;
    }
    const numbers = numbersOf(trace);
    engine.scene.slowmo = { picture: pictureOf(trace, engine.scene.scheduler), stage: 0 };
    slowMoStore.setState({
      status: 'showing',
      numbers,
      coupling: trace.coupling,
      layers: trace.layers,
      samples: trace.samples,
      error: trace.message ?? null,
    });
    // New settings, Train, Step or Reset: this step no longer describes the run, so it goes.
    unwatch = appStore.subscribe((s, prev) => {
      const started = s.run.status === 'training' || s.run.status === 'starting';
      const moved = s.run.step !== prev.run.step && s.run.step !== numbers.step;
      if (s.settings !== prev.settings || started || moved) void closeSlowMotion(engine, false);
    });
    show(engine, 0);
    return numbers;
  } catch (e) {
    slowMoStore.setState({ ...OFF, status: 'error', error: (e as Error).message });
    return null;
  }
}

export function goToStage(engine: Engine, stage: number): void {
  if (slowMoStore.getState().status === 'showing') show(engine, stage);
}

export function nextStage(engine: Engine): void {
  goToStage(engine, slowMoStore.getState().stage + 1);
}

export function previousStage(engine: Engine): void {
  goToStage(engine, slowMoStore.getState().stage - 1);
}

/** Auto-advance on (from the current stage, one every AUTO_STAGE_MS) or off. */
export function setAuto(engine: Engine, on: boolean): void {
  const { stage } = slowMoStore.getState();
  slowMoStore.setState({ auto: on });
  // Switched on at the end: start over from the first stage.
  if (on && stage >= LAST_STAGE) show(engine, 0);
  else scheduleAuto(engine);
}

/** Back to the live views; training resumes if it ran before the slow step (and `resume`). */
export async function closeSlowMotion(engine: Engine, resume = true): Promise<void> {
  const again = resume && resumeAfter;
  resumeAfter = false;
  hide(engine);
  slowMoStore.setState(OFF);
  if (again) await engine.train();
}
