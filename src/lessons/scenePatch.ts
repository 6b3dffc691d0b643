/**
 * The settings a scene opens with: the experiment's defaults, then the lesson's settings, then
 * the scene's own. Each scene is absolute, not a change to the one before, so a scene link
 * opens exactly as walking there does. The reader's own choices (language, backend, playback
 * speed, the drawing, brush) and the lesson fields themselves are left alone.
 */
import { DEFAULT_SETTINGS, type Settings } from '../state/settings';
import type { Lesson } from './types';

const KEPT: readonly (keyof Settings)[] = [
  'drawn',
  'drawnLabels',
  'brushClass',
  'language',
  'backend',
  'speed',
  'loop',
  'brushSize',
  'brushDensity',
  'layout',
  'lesson',
  'scene',
];

/** The full patch scene `index` (from 0) of `lesson` applies. */
export function scenePatch(lesson: Lesson, index: number): Partial<Settings> {
  const base = Object.fromEntries(
    Object.entries(DEFAULT_SETTINGS).filter(([k]) => !KEPT.includes(k as keyof Settings)),
  ) as Partial<Settings>;
  return { ...base, ...lesson.settings, ...lesson.scenes[index]?.settings };
}
