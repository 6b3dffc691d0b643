/**
 * `window.__fmCompare`: a read-only snapshot of the comparison for end-to-end tests and the
 * benchmark (numbers, not pixels). Each access returns a fresh frozen object.
 */
import { appStore } from '../../state/appStore';
import { compareStore } from '../../state/compareStore';
import type { DrawSummary } from '../engine/framePacer';
import { TRAINER_IDS, type ColumnId, type CompareId, type ViewColumnId } from './compareSetup';
import type { CompareScene } from './compareScene';
import type { CompareController } from './controller';
import { sceneConditionalFigures, type PathFigures } from './measures';

type PerTrainer<T> = Record<CompareId, T>;

export interface FmCompareSnapshot {
  view: string;
  status: string;
  error: string | null;
  notice: string | null;
  stale: boolean;
  steps: PerTrainer<number>;
  /** The shipped file each trainer's weights came from (null: trained here or fresh). */
  pretrained: PerTrainer<string | null>;
  shownStep: PerTrainer<number>;
  lossCount: PerTrainer<number>;
  profileBins: PerTrainer<number>;
  slicedW2: PerTrainer<number>;
  straightness: PerTrainer<number>;
  energy: PerTrainer<number>;
  energyRatio: PerTrainer<number>;
  /** Straightness and energy / chord² of each column's conditional paths (from the formulas). */
  conditional: Record<ColumnId, PathFigures>;
  exactW2: PerTrainer<number | null>;
  /** Points of the last NFE sweep per trainer, and what it asked for. */
  sweepPoints: PerTrainer<number>;
  /** Training step of each network when it was last swept (−1: not yet). */
  sweepSteps: PerTrainer<number>;
  sweepSolvers: string[];
  sweepNfes: number[];
  sweepRunning: boolean;
  params: Record<string, number>;
  paramErrors: string[];
  t: number;
  playing: boolean;
  withPairs: boolean;
  /** The optional OT-with-σ column is on (link `csig`). */
  withSigma: boolean;
  frames: Record<ViewColumnId, number>;
  drawMs: DrawSummary;
}

function per<T>(f: (id: CompareId) => T): PerTrainer<T> {
  return Object.fromEntries(TRAINER_IDS.map((id) => [id, f(id)])) as PerTrainer<T>;
}

export function installCompareHook(ctl: CompareController): () => void {
  if (typeof window === 'undefined') return () => undefined;
  let cond: { scene: CompareScene; figures: Record<ColumnId, PathFigures> } | null = null;
  const conditional = () => {
    if (cond?.scene !== ctl.scene) {
      cond = { scene: ctl.scene, figures: sceneConditionalFigures(ctl.scene) };
    }
    return cond.figures;
  };
  const snapshot = (): FmCompareSnapshot => {
    const s = compareStore.getState();
    const tr = s.trainers;
    return Object.freeze({
      view: appStore.getState().settings.layout,
      status: s.status,
      error: s.error,
      notice: s.notice?.key ?? null,
      stale: s.stale,
      steps: per((id) => tr[id].step),
      pretrained: per((id) => tr[id].pretrained),
      shownStep: per((id) => tr[id].shownStep),
      lossCount: per((id) => tr[id].losses.length),
      profileBins: per((id) => tr[id].profile?.length ?? 0),
      slicedW2: per((id) => tr[id].slicedW2),
      straightness: per((id) => tr[id].straightness),
      energy: per((id) => tr[id].energy),
      energyRatio: per((id) => tr[id].energyRatio),
      conditional: conditional(),
      exactW2: per((id) => tr[id].exactW2),
      sweepPoints: per((id) => s.sweep.points[id]?.length ?? 0),
      sweepSteps: per((id) => s.sweep.steps[id] ?? -1),
      sweepSolvers: [...s.sweep.solvers],
      sweepNfes: [...s.sweep.nfes],
      sweepRunning: s.sweep.running,
      params: { ...s.params },
      paramErrors: Object.values(s.paramErrors).map((p) => p.key),
      t: ctl.views.clock.t,
      playing: s.playing,
      withPairs: s.withPairs,
      withSigma: appStore.getState().settings.compareSigma,
      frames: { ...ctl.views.drawn },
      drawMs: ctl.views.drawMs.summary(),
    });
  };
  Object.defineProperty(window, '__fmCompare', { get: snapshot, configurable: true });
  return () => {
    delete (window as { __fmCompare?: unknown }).__fmCompare;
  };
}
