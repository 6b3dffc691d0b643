/**
 * The lessons, in the order the lessons list shows them. A new lesson is one data file
 * (scenes and their captions in both languages) and one line here; the unit tests check
 * every scene's settings, views and captions.
 */
import { beyond } from './beyond';
import { intro } from './intro';
import { noise } from './noise';
import type { Lesson } from './types';

export type { Lesson, LessonAction, Scene } from './types';

export const LESSONS: readonly Lesson[] = [intro, noise, beyond];

export const LESSON_IDS: readonly string[] = LESSONS.map((l) => l.id);

/** The most scenes a lesson may have (the link's `scene=` bound). */
export const MAX_SCENES = 40;

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
