/** Moving through a lesson: the next or previous scene, or a lesson from its first scene. */
import { lessonById } from '../../lessons';
import { appStore, updateSettings } from '../../state/appStore';

/** Moves `delta` scenes within the open lesson (stops at its ends); false outside a lesson. */
export function stepScene(delta: number): boolean {
  const s = appStore.getState().settings;
  const lesson = s.layout === 'lesson' ? lessonById(s.lesson) : undefined;
  if (!lesson) return false;
  const next = Math.min(lesson.scenes.length, Math.max(1, s.scene + delta));
  if (next !== s.scene) updateSettings({ scene: next });
  return true;
}

export function openLesson(id: string): void {
  updateSettings({ layout: 'lesson', lesson: id, scene: 1 });
}
