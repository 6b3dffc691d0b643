/**
 * `window.__fm`: a read-only snapshot for end-to-end tests, the benchmark (and curious users)
 * so they read numbers, not pixels. Each access returns a fresh frozen object.
 * `window.__fmSamples(n)`: the learned flow's current samples.
 */
import { nfe } from '../../flow/solvers';
import { appStore } from '../../state/appStore';
import { classAccuracy } from '../../flow/classAccuracy';
import { targetCount } from '../../state/settings';
import {
  isConditional,
  sampleLabels,
  targetClasses,
  targetLabels,
  targetPoints,
} from '../../state/target';
import type { DrawSummary } from '../engine/framePacer';
import { slowMoStore } from '../slowmo/slowMotion';
import { SLOWMO_STAGES, type SlowMoNumbers } from '../slowmo/stages';
import type { Engine } from './engine';

export interface FmSnapshot {
  step: number;
  loss: number;
  backend: string | null;
  backendReason: string | null;
  status: string;
  error: string | null;
  /** Latest sliced W2 to the target (NaN before the first report). */
  quality: number;
  qualityHistory: [number, number][];
  lossCount: number;
  points: number;
  language: string;
  solver: string;
  steps: number;
  nfe: number;
  /** The adaptive solver's fewest and most evaluations over the shown particles (else null). */
  nfeRange: [number, number] | null;
  particles: number;
  /** Decay of the sampled weight average (0: the last weights). */
  ema: number;
  t: number;
  playing: boolean;
  /** Step of the network whose trajectories the learned view shows (−1: none). */
  shownStep: number;
  /** The shipped pretrained file the learned view shows (null: trained here, or none). */
  pretrained: string | null;
  frames: { conditional: number; learned: number };
  launched: boolean;
  /** Draw time of the recent frames in ms (both views): median and 95th percentile. */
  drawMs: DrawSummary;
  /** The slow-motion step on screen (null: none): its stage and the numbers the worker sent. */
  slowmo: { status: string; stage: string; index: number; numbers: SlowMoNumbers | null } | null;
  /**
   * A conditional setup's classes (null: unconditional): their count, the guidance scale and
   * class sampled, and the class accuracy of the shown samples (flow/classAccuracy.ts, first
   * ACCURACY_SAMPLES particles; NaN before a sample or for ∅).
   */
  classes: {
    count: number;
    guidance: number;
    sampleClass: string;
    accuracy: number;
    /** What the shown sample was drawn with (it lags a change of w or class until re-sampled). */
    shown: { sampleClass: string; guidance: number } | null;
  } | null;
}

const ACCURACY_SAMPLES = 600;

/** The class readout of the snapshot (computed on each read: a few milliseconds). */
function classSnapshot(engine: Engine): FmSnapshot['classes'] {
  const { settings: s } = appStore.getState();
  if (!isConditional(s)) return null;
  const traj = engine.scene.learned;
  const labels = sampleLabels(s, s.particles);
  const count = targetClasses(s);
  const samples = traj && labels && traj.n === labels.length ? endpoints(traj) : null;
  const accuracy = samples
    ? classAccuracy(samples, labels!, targetPoints(s), targetLabels(s), count, ACCURACY_SAMPLES)
    : NaN;
  const shown = appStore.getState().run.shownSampling;
  return { count, guidance: s.guidance, sampleClass: String(s.sampleClass), accuracy, shown };
}

/** Every particle's position at t = 1 of a learned trajectory. */
const endpoints = (traj: NonNullable<Engine['scene']['learned']>) =>
  traj.data.subarray(2 * traj.n * (traj.frames - 1), 2 * traj.n * traj.frames);

/**
 * The endpoints (t = 1) of the first n learned trajectories the view shows, interleaved
 * [x0, y0, …] (samples of the current network, for the benchmark); null before training.
 */
function finalSamples(engine: Engine, n: number): number[] | null {
  const traj = engine.scene.learned;
  if (!traj || traj.n < n) return null;
  const last = 2 * traj.n * (traj.frames - 1);
  return Array.from(traj.data.subarray(last, last + 2 * n));
}

function slowMoSnapshot(): FmSnapshot['slowmo'] {
  const s = slowMoStore.getState();
  if (s.status === 'off') return null;
  const stage = SLOWMO_STAGES[s.stage] ?? '';
  return { status: s.status, stage, index: s.stage, numbers: s.numbers && { ...s.numbers } };
}

export function installTestHook(engine: Engine): () => void {
  if (typeof window === 'undefined') return () => undefined;
  const snapshot = (): FmSnapshot => {
    const { run, settings, playing } = appStore.getState();
    const last = run.quality[run.quality.length - 1];
    return Object.freeze({
      step: run.step,
      loss: run.loss,
      backend: run.backend,
      backendReason: run.backendReason,
      status: run.status,
      error: run.error,
      quality: last ? last[1] : NaN,
      qualityHistory: run.quality.map(([a, b]) => [a, b] as [number, number]),
      lossCount: run.losses.length,
      points: targetCount(settings),
      language: settings.language,
      solver: settings.solver,
      steps: settings.steps,
      // The adaptive solver: the mean over the shown sample's particles (NaN before one).
      nfe:
        settings.solver === 'dopri5'
          ? (run.shownNfe?.mean ?? NaN)
          : nfe(settings.solver, settings.steps),
      nfeRange: run.shownNfe ? ([run.shownNfe.min, run.shownNfe.max] as [number, number]) : null,
      particles: settings.particles,
      ema: settings.ema,
      t: engine.clock.t,
      playing,
      shownStep: run.shownStep,
      pretrained: run.pretrained,
      frames: { ...engine.views.drawn },
      launched: engine.scene.launch?.path != null,
      drawMs: engine.views.drawMs.summary(),
      slowmo: slowMoSnapshot(),
      classes: classSnapshot(engine),
    });
  };
  Object.defineProperty(window, '__fm', { get: snapshot, configurable: true });
  Object.defineProperty(window, '__fmSamples', {
    value: (n: number) => finalSamples(engine, n),
    configurable: true,
  });
  return () => {
    delete (window as { __fm?: unknown }).__fm;
    delete (window as { __fmSamples?: unknown }).__fmSamples;
  };
}
