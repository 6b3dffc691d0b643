/**
 * What each lesson action does (the kinds are declared in lessons/types.ts): one runner per
 * kind, run in order when a scene opens, each a promise that settles when its work is done or
 * the scene is left (`signal`). A new kind is one entry in `ActionParams` and one runner here.
 */
import { w2Exact } from '../../flow/metrics';
import { createRng } from '../../flow/rng';
import type { ActionKind, ActionParams, LessonAction } from '../../lessons/types';
import { appStore, updateSettings } from '../../state/appStore';
import { compareStore } from '../../state/compareStore';
import type { Clock } from '../engine/clock';
import { endpoints, subsample } from '../compare/measures';
import type { CompareController } from '../compare/controller';
import type { Engine } from '../scene/engine';
import { closeSlowMotion, LAST_STAGE, slowMoStore, startSlowMotion } from '../slowmo/slowMotion';

/** What a runner may drive, and where it reports progress. */
export interface ActionContext {
  engine: Engine;
  compare: CompareController;
  /** The clock of the views the scene shows (the playground's or the comparison's). */
  clock: Clock;
  signal: AbortSignal;
  /** Live progress of a long action (null: none), in the reader's language by the caller. */
  report(progress: ActionProgress | null): void;
}

export interface ActionProgress {
  step: number;
  /** Exact W2 of the learned samples (NaN: not measured yet). */
  w2: number;
  goal: ActionParams['train'];
  /** The goal was reached or the step budget spent: training paused. */
  done: boolean;
}

/** Exact W2 is measured on this many learned samples and target points. */
export const W2_SAMPLES = 500;
/** How often a training action looks at the step count (so it stops close to its budget). */
const POLL_MS = 200;
/** Exact W2 costs tens of milliseconds on the main thread: at most once a second. */
const MEASURE_MS = 1000;

/** Waits `ms`, or less when the scene is left (its listener goes with it: polls add none). */
const wait = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const stop = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(() => (signal.removeEventListener('abort', stop), resolve()), ms);
    signal.addEventListener('abort', stop, { once: true });
  });

/** Exact W2 between the learned view's first samples and a seeded subsample of the target. */
export function learnedW2(engine: Engine): number {
  const traj = engine.scene.learned;
  const target = engine.scene.target;
  const n = Math.min(W2_SAMPLES, traj?.n ?? 0, target.length / 2);
  if (!traj || n < 1) return NaN;
  const generated = endpoints(traj.data, traj.n, traj.frames).slice(0, 2 * n);
  if (!generated.every(Number.isFinite)) return Infinity;
  return w2Exact(generated, subsample(target, n, createRng(17)));
}

/** Waits until the learned view shows a network (a pretrained one loads after first paint). */
async function learnedShown(signal: AbortSignal, ms = 15_000): Promise<boolean> {
  for (let waited = 0; waited < ms && !signal.aborted; waited += 200) {
    if (appStore.getState().run.shownStep >= 0) return true;
    await wait(200, signal);
  }
  return appStore.getState().run.shownStep >= 0;
}

type Runner<K extends ActionKind> = (
  action: { kind: K } & ActionParams[K],
  ctx: ActionContext,
) => Promise<void>;

const RUNNERS: { [K in ActionKind]: Runner<K> } = {
  async train({ steps, w2, fresh }, ctx) {
    const { engine, signal } = ctx;
    if (fresh) {
      await learnedShown(signal);
      await engine.reset();
    }
    if (signal.aborted) return;
    const start = appStore.getState().run.step;
    await engine.train();
    let measured = -1;
    let measuredAt = -Infinity;
    let value = NaN;
    while (!signal.aborted) {
      const { run } = appStore.getState();
      if (run.status === 'error' || run.status === 'idle' || run.status === 'paused') break;
      const shown = engine.scene.learned?.step ?? -1;
      const due = Date.now() - measuredAt >= MEASURE_MS;
      if (w2 !== undefined && shown > measured && shown > start && due) {
        measured = shown;
        measuredAt = Date.now();
        value = learnedW2(engine);
      }
      const done = run.step - start >= steps || (w2 !== undefined && value <= w2);
      ctx.report({ step: run.step - start, w2: value, goal: { steps, w2 }, done });
      if (done) {
        await engine.pause();
        break;
      }
      await wait(POLL_MS, signal);
    }
  },
  play: ({ from, to }, { clock }) => clock.playRange(from, to),
  async launch({ at }, { engine, signal }) {
    await learnedShown(signal);
    if (!signal.aborted) await engine.launchFrom(at);
  },
  async pair({ index }, { engine }) {
    engine.highlightPair(index);
    compareStore.setState({ pair: index });
  },
  async guidance({ w }, { engine, signal }) {
    await learnedShown(signal);
    const before = engine.scene.learned;
    updateSettings({ guidance: w });
    // The session re-samples once the settings settle: wait for that sample (or 10 s).
    for (let waited = 0; waited < 10_000 && !signal.aborted; waited += POLL_MS) {
      if (engine.scene.learned !== before && engine.scene.learned) break;
      await wait(POLL_MS, signal);
    }
  },
  async scheduler({ id }) {
    updateSettings({ scheduler: id });
  },
  async compare({ train }, { compare }) {
    if (train) await compare.train();
  },
  async slowStep({ stageMs }, { engine, signal }) {
    await learnedShown(signal);
    if (signal.aborted) return;
    const close = () => void closeSlowMotion(engine, false);
    signal.addEventListener('abort', close, { once: true });
    const numbers = await startSlowMotion(engine, { auto: true, stageMs });
    // Left while the step was being taken: nothing of it stays on screen.
    if (signal.aborted) return close();
    if (!numbers) return;
    // Settles when the walk reaches its last stage, is closed, or the scene is left.
    while (!signal.aborted) {
      const { status, stage } = slowMoStore.getState();
      if (status !== 'showing' || stage >= LAST_STAGE) break;
      await wait(POLL_MS, signal);
    }
  },
};

/** Runs one action (the runner of its kind). */
export function runAction(action: LessonAction, ctx: ActionContext): Promise<void> {
  return (RUNNERS[action.kind] as Runner<ActionKind>)(action, ctx);
}

/** Runs a scene's actions in order; stops when the scene is left. */
export async function runActions(
  actions: readonly LessonAction[],
  ctx: ActionContext,
): Promise<void> {
  for (const action of actions) {
    if (ctx.signal.aborted) return;
    await runAction(action, ctx);
  }
}
