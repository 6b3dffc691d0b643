/**
 * Test-only: a hand-made slow-motion step and the engine parts the slow-motion controller
 * uses (ui/slowmo/slowMotion.ts), shared by its tests and the lesson actions' tests.
 */
import { makeScheduler } from '../../flow/schedulers';
import { pointErrors, type StepTrace } from '../../model/stepTrace';
import { appStore, patchRun } from '../../state/appStore';

/**
 * A trace of `n` pairs whose prediction misses the target velocity by `offset` in both
 * coordinates: v = u + offset, so every point's error ½‖v − u‖² = offset², and so is the
 * loss. u_i = i / 4 unless given; any other field can be given too.
 */
export function fakeStepTrace({
  n,
  step,
  offset,
  u = Float32Array.from({ length: 2 * n }, (_, i) => i / 4),
  ...fields
}: { n: number; step: number; offset: number } & Partial<StepTrace>): StepTrace {
  const v = u.map((x) => x + offset);
  return {
    scheduler: 'ot',
    coupling: 'independent',
    lr: 0.001,
    batch: n,
    x0: new Float32Array(2 * n),
    x1: new Float32Array(2 * n),
    perm: Int32Array.from({ length: n }, (_, i) => i),
    t: Float32Array.from({ length: n }, (_, i) => i / n),
    xt: new Float32Array(2 * n),
    layers: [],
    updateNorm: 0.002,
    samples: [],
    status: 'ok',
    ...fields,
    step,
    u,
    v,
    err: pointErrors(v, u),
    loss: offset * offset,
  };
}

/**
 * The playground engine's slow-motion parts: the scene's slow-motion slot and path, the clock
 * (`invalidate` logged in `calls`), and a slow step that reports as the worker does (one more
 * step, paused) and returns `fakeStepTrace` of `n` pairs missing by `offset`.
 */
export function slowMoParts(calls: string[], n: number, offset: number) {
  return {
    scene: { slowmo: null, scheduler: makeScheduler('ot') },
    clock: { invalidate: () => calls.push('invalidate') },
    slowStep: async (): Promise<StepTrace> => {
      calls.push('slowStep');
      const step = appStore.getState().run.step + 1;
      patchRun({ step, status: 'paused' });
      return fakeStepTrace({ n, step, offset });
    },
  };
}
