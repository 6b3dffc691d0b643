/**
 * Opening a scene: its settings (only the fields that differ, so an unchanged network is kept
 * and nothing is rebuilt), a clean slate for marks (no launched particle, no highlighted pair),
 * then its actions in order. Leaving the scene aborts what is still running; training that an
 * action started keeps going (the next scene may build on it).
 */
import { useEffect, useState } from 'react';
import { scenePatch } from '../../lessons/scenePatch';
import type { Lesson } from '../../lessons/types';
import { appStore, updateSettings } from '../../state/appStore';
import type { Settings } from '../../state/settings';
import { useCompare } from '../compare/context';
import { useEngine } from '../engineContext';
import { lessonEngine } from './sceneEngine';
import { runActions, type ActionProgress } from './actions';

/** Settle time after a settings change before actions run (the engine debounces by 200 ms). */
const SETTLE_MS = 300;

/** The fields of `patch` whose values differ from `current`. */
export function changedFields(current: Settings, patch: Partial<Settings>): Partial<Settings> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (JSON.stringify(current[k as keyof Settings]) !== JSON.stringify(v)) out[k] = v;
  }
  return out as Partial<Settings>;
}

/** Applies scene `index` of `lesson` whenever it changes; returns a long action's progress. */
export function useScene(lesson: Lesson, index: number): ActionProgress | null {
  const engine = useEngine();
  const compare = useCompare();
  const [progress, setProgress] = useState<ActionProgress | null>(null);
  useEffect(() => {
    if (!engine || !compare) return;
    const abort = new AbortController();
    const signal = abort.signal;
    setProgress(null);
    const changed = changedFields(appStore.getState().settings, scenePatch(lesson, index));
    if (Object.keys(changed).length > 0) updateSettings(changed);
    engine.highlightPair(null);
    void engine.launchFrom(null);
    const clock =
      lessonEngine(appStore.getState().settings) === 'compare' ? compare.views.clock : engine.clock;
    const report = (p: ActionProgress | null) => !signal.aborted && setProgress(p);
    const start = Object.keys(changed).length > 0 ? SETTLE_MS : 0;
    const timer = setTimeout(() => {
      const actions = lesson.scenes[index]?.actions ?? [];
      void runActions(actions, { engine, compare, clock, signal, report }).catch(() => undefined);
    }, start);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [engine, compare, lesson, index]);
  return progress;
}
