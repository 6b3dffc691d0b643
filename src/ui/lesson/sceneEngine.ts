/** Which page's engine the open scene drives: the comparison's when it shows any of its views. */
import { lessonById } from '../../lessons';
import type { Settings } from '../../state/settings';
import { VIEWS } from '../viewParts';

export function lessonEngine(s: Settings): 'playground' | 'compare' {
  const scene = lessonById(s.lesson)?.scenes[s.scene - 1];
  return scene?.views.some((id) => VIEWS[id].needs === 'compare') ? 'compare' : 'playground';
}
