/**
 * The slow-motion step inside React: its state, and its actions bound to the playground's
 * engine (from context). A lesson scene or a button calls `start()`; the panel calls the rest.
 */
import { useMemo } from 'react';
import { useStore } from '../../state/store';
import { useEngine } from '../engineContext';
import {
  closeSlowMotion,
  goToStage,
  nextStage,
  previousStage,
  setAuto,
  slowMoStore,
  startSlowMotion,
  type SlowMoState,
} from './slowMotion';
import type { SlowMoNumbers } from './stages';

export interface SlowMotion {
  state: SlowMoState;
  /** Pauses training, takes one real step and shows its first stage (auto: walks through). */
  start(options?: { auto?: boolean; stageMs?: number }): Promise<SlowMoNumbers | null>;
  next(): void;
  previous(): void;
  goTo(stage: number): void;
  setAuto(on: boolean): void;
  /** Back to the live views; training resumes if it ran before. */
  close(): Promise<void>;
}

const select = (s: SlowMoState) => s;

export function useSlowMotion(): SlowMotion {
  const engine = useEngine();
  const state = useStore(slowMoStore, select);
  return useMemo(
    () => ({
      state,
      start: (options) => (engine ? startSlowMotion(engine, options) : Promise.resolve(null)),
      next: () => engine && nextStage(engine),
      previous: () => engine && previousStage(engine),
      goTo: (stage) => engine && goToStage(engine, stage),
      setAuto: (on) => engine && setAuto(engine, on),
      close: () => (engine ? closeSlowMotion(engine) : Promise.resolve()),
    }),
    [engine, state],
  );
}
