import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRng } from '../../flow/rng';
import type { Points } from '../../flow/types';
import { appStore, INITIAL_RUN, patchRun } from '../../state/appStore';
import { compareStore } from '../../state/compareStore';
import type { Trajectory } from '../../render/trajectory';
import { subsample } from '../compare/measures';
import type { CompareController } from '../compare/controller';
import type { Clock } from '../engine/clock';
import type { Engine } from '../scene/engine';
import { LAST_STAGE, slowMoStore } from '../slowmo/slowMotion';
import { slowMoParts } from '../slowmo/testing';
import { learnedW2, runActions, W2_SAMPLES, type ActionProgress } from './actions';

const N = 800;
/** A target of N points on a circle of radius 2. */
const target: Points = Float32Array.from({ length: 2 * N }, (_, i) =>
  i % 2 === 0 ? 2 * Math.cos((i / 2) * 0.1) : 2 * Math.sin(((i - 1) / 2) * 0.1),
);

/** A two-frame trajectory whose samples (last frame) are `ends`. */
function trajectory(ends: Points, step: number): Trajectory {
  const n = ends.length / 2;
  const data = new Float32Array(4 * n);
  data.set(ends, 2 * n);
  return { data, frames: 2, n, step };
}

/** The samples W2 is measured against, moved by (dx, dy). */
function shiftedReference(dx: number, dy: number): Points {
  const ref = subsample(target, W2_SAMPLES, createRng(17));
  return ref.map((v, i) => v + (i % 2 === 0 ? dx : dy));
}

/** A stand-in for the playground engine whose training advances `perPoll` steps a poll. */
function fakeEngine(perPoll: number, shiftAt: (step: number) => number) {
  let timer: ReturnType<typeof setInterval> | undefined;
  const engine = {
    scene: { target, learned: null as Trajectory | null },
    train: vi.fn(async () => {
      patchRun({ status: 'training' });
      timer = setInterval(() => {
        const step = appStore.getState().run.step + perPoll;
        patchRun({ step });
        const d = shiftAt(step);
        engine.scene.learned = trajectory(shiftedReference(0.6 * d, 0.8 * d), step);
      }, 1000);
    }),
    pause: vi.fn(async () => {
      clearInterval(timer);
      patchRun({ status: 'paused' });
    }),
    reset: vi.fn(async () => patchRun({ step: 0 })),
    launchFrom: vi.fn(async () => undefined),
    highlightPair: vi.fn(),
  };
  return engine;
}

function context(engine: ReturnType<typeof fakeEngine>, signal = new AbortController().signal) {
  const reports: (ActionProgress | null)[] = [];
  const clock = { playRange: vi.fn(async () => undefined) };
  const compare = { train: vi.fn(async () => undefined) };
  return {
    reports,
    clock,
    compare,
    ctx: {
      engine: engine as unknown as Engine,
      compare: compare as unknown as CompareController,
      clock: clock as unknown as Clock,
      signal,
      report: (p: ActionProgress | null) => reports.push(p),
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  appStore.setState({ run: { ...INITIAL_RUN, step: 3000, shownStep: 3000 } });
});
afterEach(() => vi.useRealTimers());

describe('lesson actions', () => {
  it('exact W2 of the learned samples: 0 on the reference itself, the shift’s length when moved', () => {
    const engine = fakeEngine(0, () => 0) as unknown as Engine;
    expect(learnedW2(engine)).toBeNaN();
    engine.scene.learned = trajectory(shiftedReference(0, 0), 1);
    expect(learnedW2(engine)).toBeCloseTo(0, 6);
    // A translation keeps the identity matching optimal: W2 = |(0.3, 0.4)| = 0.5.
    engine.scene.learned = trajectory(shiftedReference(0.3, 0.4), 1);
    expect(learnedW2(engine)).toBeCloseTo(0.5, 5);
  });

  it('train for N steps from fresh weights: resets, trains, pauses at the budget, says done', async () => {
    const engine = fakeEngine(700, () => 1);
    const { ctx, reports } = context(engine);
    const run = runActions([{ kind: 'train', steps: 1500, fresh: true }], ctx);
    await vi.advanceTimersByTimeAsync(5000);
    await run;
    expect(engine.reset).toHaveBeenCalledTimes(1);
    expect(engine.train).toHaveBeenCalledTimes(1);
    expect(engine.pause).toHaveBeenCalledTimes(1);
    expect(appStore.getState().run.step).toBe(2100); // three training ticks of 700 steps
    const last = reports[reports.length - 1]!;
    expect(last).toMatchObject({ step: 2100, done: true });
  });

  it('train until W2 ≤ bar stops when the measured W2 gets there, before the step budget', async () => {
    // W2 = shift: 1.0, 0.6, 0.2 after the first, second and third poll.
    const engine = fakeEngine(100, (step) => 1.4 - (0.4 * (step - 3000)) / 100);
    const { ctx, reports } = context(engine);
    const run = runActions([{ kind: 'train', steps: 100_000, w2: 0.25 }], ctx);
    await vi.advanceTimersByTimeAsync(6000);
    await run;
    expect(engine.reset).not.toHaveBeenCalled();
    expect(engine.pause).toHaveBeenCalledTimes(1);
    const last = reports[reports.length - 1]!;
    expect(last.done).toBe(true);
    expect(last.w2).toBeCloseTo(0.2, 4);
    expect(last.step).toBe(300);
    expect(reports.some((r) => r && Math.abs(r.w2 - 0.6) < 1e-4 && !r.done)).toBe(true);
  });

  it('leaving the scene stops watching (training goes on) and skips the remaining actions', async () => {
    const engine = fakeEngine(100, () => 1);
    const abort = new AbortController();
    const { ctx, clock } = context(engine, abort.signal);
    const run = runActions(
      [
        { kind: 'train', steps: 1_000_000 },
        { kind: 'play', from: 0, to: 1 },
      ],
      ctx,
    );
    await vi.advanceTimersByTimeAsync(2500);
    abort.abort();
    await vi.advanceTimersByTimeAsync(1000);
    await run;
    expect(engine.pause).not.toHaveBeenCalled();
    expect(clock.playRange).not.toHaveBeenCalled();
  });

  it('runs actions in order: highlight a pair, launch a particle, play a range, train the comparison', async () => {
    const engine = fakeEngine(0, () => 1);
    const { ctx, clock, compare } = context(engine);
    await runActions(
      [
        { kind: 'pair', index: 7 },
        { kind: 'launch', at: [-2.5, -2.5] },
        { kind: 'play', from: 0.2, to: 0.9 },
        { kind: 'compare', train: true },
      ],
      ctx,
    );
    expect(engine.highlightPair).toHaveBeenCalledWith(7);
    expect(compareStore.getState().pair).toBe(7);
    expect(engine.launchFrom).toHaveBeenCalledWith([-2.5, -2.5]);
    expect(clock.playRange).toHaveBeenCalledWith(0.2, 0.9);
    expect(compare.train).toHaveBeenCalledTimes(1);
  });

  it('slow step: takes one real step, walks its stages every stageMs, closes when the scene is left', async () => {
    const { scene, clock, slowStep } = slowMoParts([], 4, 0.5);
    const engine = Object.assign(
      fakeEngine(0, () => 1),
      { clock, slowStep: vi.fn(slowStep) },
    );
    Object.assign(engine.scene, scene);
    const abort = new AbortController();
    const { ctx } = context(engine, abort.signal);
    let settled = false;
    const run = runActions([{ kind: 'slowStep', stageMs: 1000 }], ctx).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(10);
    expect(engine.slowStep).toHaveBeenCalledTimes(1);
    expect(slowMoStore.getState()).toMatchObject({ status: 'showing', stage: 0, auto: true });
    // ½‖v − u‖² = ½ (0.5² + 0.5²) = 0.25 for every point.
    expect(slowMoStore.getState().numbers?.meanError).toBeCloseTo(0.25, 6);
    await vi.advanceTimersByTimeAsync(3000);
    expect(slowMoStore.getState().stage).toBe(3);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1000 * (LAST_STAGE - 3) + 300);
    await run;
    expect(slowMoStore.getState()).toMatchObject({ status: 'showing', stage: LAST_STAGE });
    // It stays on its last stage until the scene is left; leaving closes it, training stays off.
    abort.abort();
    await vi.advanceTimersByTimeAsync(10);
    expect(slowMoStore.getState().status).toBe('off');
    expect(engine.scene).toMatchObject({ slowmo: null });
    expect(engine.train).not.toHaveBeenCalled();
  });
});
