import { afterEach, describe, expect, it, vi } from 'vitest';
import { appStore, patchRun } from '../../state/appStore';
import type { Engine } from '../scene/engine';
import {
  closeSlowMotion,
  LAST_STAGE,
  nextStage,
  previousStage,
  slowMoStore,
  startSlowMotion,
} from './slowMotion';
import { slowMoParts } from './testing';

/** The parts of the engine the controller uses; the slow step reports like the worker does. */
function fakeEngine() {
  const calls: string[] = [];
  const engine = {
    ...slowMoParts(calls, 8, -0.25),
    pause: async () => {
      calls.push('pause');
      patchRun({ status: 'paused' });
    },
    train: async () => {
      calls.push('train');
      patchRun({ status: 'training' });
    },
  };
  return { engine: engine as unknown as Engine & typeof engine, calls };
}

describe('the slow-motion controller', () => {
  afterEach(() => {
    vi.useRealTimers();
    slowMoStore.setState({ status: 'off' });
    patchRun({ status: 'idle', step: 0 });
  });

  it('pauses a running training, shows the step, walks the stages, and resumes on close', async () => {
    const { engine, calls } = fakeEngine();
    patchRun({ status: 'training', step: 40 });
    const numbers = await startSlowMotion(engine);
    expect(calls.filter((c) => c !== 'invalidate')).toEqual(['pause', 'slowStep']);
    expect(numbers).toMatchObject({ step: 41, loss: 0.0625, batch: 8, shown: 8 });
    expect(numbers!.meanError).toBeCloseTo(0.0625, 7);
    expect(slowMoStore.getState()).toMatchObject({ status: 'showing', stage: 0 });
    expect(engine.scene.slowmo).toMatchObject({ stage: 0 });
    previousStage(engine);
    expect(slowMoStore.getState().stage).toBe(0);
    for (let k = 0; k < LAST_STAGE + 3; k++) nextStage(engine);
    expect(slowMoStore.getState().stage).toBe(LAST_STAGE);
    expect(engine.scene.slowmo).toMatchObject({ stage: LAST_STAGE });
    await closeSlowMotion(engine);
    expect(engine.scene.slowmo).toBeNull();
    expect(calls.at(-1)).toBe('train');
    expect(slowMoStore.getState().status).toBe('off');
  });

  it('stays paused when it was paused, and a new step or new settings close it', async () => {
    const { engine, calls } = fakeEngine();
    patchRun({ status: 'paused', step: 7 });
    await startSlowMotion(engine);
    expect(calls).not.toContain('pause');
    patchRun({ step: 9 });
    expect(slowMoStore.getState().status).toBe('off');
    expect(engine.scene.slowmo).toBeNull();
    await startSlowMotion(engine);
    appStore.setState((s) => ({ settings: { ...s.settings, lr: s.settings.lr * 2 } }));
    expect(slowMoStore.getState().status).toBe('off');
    await closeSlowMotion(engine);
    expect(calls).not.toContain('train');
  });

  it('auto-advance shows one stage per interval and stops at the last', async () => {
    vi.useFakeTimers();
    const { engine } = fakeEngine();
    await startSlowMotion(engine, { auto: true, stageMs: 100 });
    vi.advanceTimersByTime(350);
    expect(slowMoStore.getState().stage).toBe(3);
    vi.advanceTimersByTime(10_000);
    expect(slowMoStore.getState()).toMatchObject({ stage: LAST_STAGE, auto: false });
  });

  it('a failed step says why and shows nothing', async () => {
    const { engine } = fakeEngine();
    engine.slowStep = async () => {
      throw new Error('the training worker was stopped');
    };
    expect(await startSlowMotion(engine)).toBeNull();
    expect(slowMoStore.getState()).toMatchObject({
      status: 'error',
      error: 'the training worker was stopped',
    });
    expect(engine.scene.slowmo).toBeNull();
  });
});
