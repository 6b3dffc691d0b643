/** A lesson's captions, loaded with its text module when the lesson opens (null meanwhile). */
import { useEffect, useState } from 'react';
import type { Lesson, LessonText } from '../../lessons/types';

const loaded = new Map<string, LessonText>();

export function useCaptions(lesson: Lesson): LessonText | null {
  const [text, setText] = useState<LessonText | null>(() => loaded.get(lesson.id) ?? null);
  useEffect(() => {
    let live = true;
    const known = loaded.get(lesson.id);
    if (known) {
      setText(known);
      return;
    }
    setText(null);
    lesson
      .text()
      .then((m) => {
        loaded.set(lesson.id, m.default);
        if (live) setText(m.default);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [lesson]);
  return text;
}
