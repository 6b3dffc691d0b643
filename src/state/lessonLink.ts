/**
 * The lesson fields of the settings (`lesson`, `scene`; link `#lesson=intro&scene=5`) and the
 * layout, kept consistent after every patch (settings.ts calls `settleLesson`):
 * - leaving the lesson layout forgets the lesson (its link would otherwise reopen it);
 * - naming a lesson opens the lesson layout (so `#lesson=intro` is a whole link);
 * - a scene beyond the lesson's last is refused with a message, and without a lesson the
 *   scene is 1.
 */
import { lessonById } from '../lessons';
import type { Settings, SettingsErrors } from './settings';

export function settleLesson(
  current: Settings,
  next: Settings,
  patch: Partial<Settings>,
  errors: SettingsErrors,
): void {
  if (patch.layout !== undefined && next.layout !== 'lesson') next.lesson = '';
  else if (next.lesson !== '') next.layout = 'lesson';
  const lesson = lessonById(next.lesson);
  if (!lesson) {
    if (patch.scene !== undefined && next.scene !== 1 && !errors.scene && next.lesson === '') {
      errors.scene = `a scene needs a lesson, got ${next.scene}`;
    }
    next.scene = 1;
    return;
  }
  const count = lesson.scenes.length;
  if (next.scene > count) {
    errors.scene = `scene must be from 1 to ${count} in lesson ${lesson.id}, got ${next.scene}`;
    next.scene = current.lesson === next.lesson && current.scene <= count ? current.scene : 1;
  }
}
