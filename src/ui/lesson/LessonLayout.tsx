/**
 * The lesson layout (`view=lesson`): the lessons list, or the open lesson's scene: its views
 * large, its caption with formulas, the controls it needs and the scene navigation
 * ("3 / 9", previous, next; PageUp/PageDown anywhere). Scene and lesson live in the settings,
 * so the link follows (`#lesson=intro&scene=3`) and a link opens at its scene.
 */
import { useLanguage, useT } from '../../i18n';
import { LESSONS, lessonById } from '../../lessons';
import type { Lesson, Scene } from '../../lessons/types';
import { appStore } from '../../state/appStore';
import { useStore } from '../../state/store';
import { Notices } from '../Notices';
import { SlowMoPanel } from '../slowmo/SlowMoPanel';
import { Tex } from '../Tex';
import { ViewParts } from '../viewParts';
import { openLesson, stepScene } from './nav';
import { ProgressNote, SceneControls } from './SceneControls';
import { useCaptions } from './useCaptions';
import { useScene } from './useScene';
import './lesson.css';

function LessonList() {
  const t = useT();
  const lang = useLanguage();
  return (
    <main className="lesson lesson-list" data-testid="lesson-list">
      <Notices />
      <h2>{t('lessonsHeading')}</h2>
      <p>{t('lessonsIntro')}</p>
      <ul>
        {LESSONS.map((l) => (
          <li key={l.id}>
            <button type="button" onClick={() => openLesson(l.id)} data-testid={`open-${l.id}`}>
              <strong>{l.title[lang]}</strong>
              <span>{t('lessonScenes', { n: l.scenes.length })}</span>
            </button>
            <p>{l.summary[lang]}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}

function SceneNav({ lesson, index }: { lesson: Lesson; index: number }) {
  const t = useT();
  const n = lesson.scenes.length;
  return (
    <nav className="scene-nav" aria-label={t('sceneNav')}>
      <button
        type="button"
        disabled={index === 0}
        onClick={() => stepScene(-1)}
        data-testid="scene-prev"
      >
        <span aria-hidden="true">‹ </span>
        {t('scenePrev')}
      </button>
      <span
        className="scene-progress"
        role="status"
        aria-label={t('sceneOf', { i: index + 1, n })}
        data-testid="scene-progress"
      >
        {index + 1} / {n}
      </span>
      <button
        type="button"
        className="primary"
        disabled={index === n - 1}
        onClick={() => stepScene(1)}
        data-testid="scene-next"
      >
        {t('sceneNext')}
        <span aria-hidden="true"> ›</span>
      </button>
    </nav>
  );
}

function SceneView({ lesson, scene, index }: { lesson: Lesson; scene: Scene; index: number }) {
  const t = useT();
  const lang = useLanguage();
  const progress = useScene(lesson, index);
  const captions = useCaptions(lesson);
  const caption = captions?.[scene.id]?.[lang];
  const headingId = `scene-title-${scene.id}`;
  return (
    <main className="lesson" data-testid="lesson" data-lesson={lesson.id} data-scene={scene.id}>
      <Notices />
      <div className="lesson-top">
        <button type="button" className="lesson-back" onClick={() => openLesson('')}>
          {t('lessonBack')}
        </button>
        <h2 className="lesson-title">{lesson.title[lang]}</h2>
        <SceneNav lesson={lesson} index={index} />
      </div>
      <div className="lesson-stage">
        <div
          className={`lesson-views lesson-views-${scene.views.length}`}
          data-testid="lesson-views"
          data-views={scene.views.join(' ')}
        >
          <ViewParts ids={scene.views} />
        </div>
        <section className="lesson-caption" aria-labelledby={headingId} data-testid="caption">
          <h3 id={headingId}>{scene.title[lang]}</h3>
          {caption ? <Tex as="p" source={caption} /> : <p aria-busy="true">…</p>}
          {progress && <ProgressNote progress={progress} />}
          <p className="lesson-hint">{t('lessonKeysHint')}</p>
        </section>
      </div>
      <SlowMoPanel />
      <SceneControls scene={scene} />
    </main>
  );
}

export default function LessonLayout() {
  const id = useStore(appStore, (s) => s.settings.lesson);
  const number = useStore(appStore, (s) => s.settings.scene);
  const lesson = lessonById(id);
  if (!lesson) return <LessonList />;
  const index = Math.min(lesson.scenes.length, Math.max(1, number)) - 1;
  const scene = lesson.scenes[index]!;
  return <SceneView key={lesson.id} lesson={lesson} scene={scene} index={index} />;
}
