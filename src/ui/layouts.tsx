/**
 * The one place that turns the layout mode of the settings into components. A layout is a
 * composition of parts around the page's engines: panels, and views mounted by id from `VIEWS`
 * (`ui/viewParts.tsx`), e.g. `<ViewParts ids={['learned', 'loss']} />`. A new mode (an
 * embedded single view, a lesson) is one more entry here and in LAYOUT_MODES.
 */
import { lazy, Suspense, type ReactElement } from 'react';
import type { LayoutMode, Settings } from '../state/settings';
import { CompareTimeBar } from './compare/Columns';
import { ComparePage } from './compare/ComparePage';
import { CouplingSection, Findings, ParamsEditor } from './compare/Tables';
import { lessonEngine } from './lesson/sceneEngine';
import { Notices } from './Notices';
import { PresentCompare, PresentPlayground } from './presenter/PresenterLayouts';
import { Sidebar } from './Sidebar';
import { TimeBar } from './TimeBar';
import { ViewParts } from './viewParts';

/** The playground: controls beside the two views on one time bar, and the training charts. */
function PlaygroundLayout() {
  return (
    <>
      <Notices />
      <main className="layout">
        <Sidebar />
        <section className="stage">
          <div className="views">
            <ViewParts ids={['conditional', 'learned']} />
          </div>
          <TimeBar />
          <section className="charts">
            <ViewParts ids={['loss', 'quality']} />
          </section>
        </section>
      </main>
    </>
  );
}

/** The scheduler comparison. */
function CompareLayout() {
  return (
    <main className="compare-main">
      <ComparePage>
        <div className="cmp-columns">
          <ViewParts ids={['ot', 'vp', 've']} />
        </div>
        <CompareTimeBar />
        <div className="cmp-grid">
          <ViewParts ids={['metrics', 'nfe']} />
          <Findings />
          <ViewParts ids={['schedules']} />
          <ParamsEditor />
          <CouplingSection />
        </div>
      </ComparePage>
    </main>
  );
}

/** Lessons load with their first use (their code, styles and captions are not in the entry). */
const LazyLesson = lazy(() => import('./lesson/LessonLayout'));
function LessonLayout() {
  return (
    <Suspense fallback={null}>
      <LazyLesson />
    </Suspense>
  );
}

type PageEngine = 'playground' | 'compare';

/**
 * Each layout mode's component, its presenter-mode component (default: the same), and which
 * page-level engine it drives (Space, T, R, visibility): fixed, or per settings (a lesson's
 * scene may show either page's views).
 */
export const LAYOUTS: Record<
  LayoutMode,
  {
    Component: () => ReactElement;
    Presenter?: () => ReactElement;
    engine: PageEngine | ((s: Settings) => PageEngine);
  }
> = {
  playground: { Component: PlaygroundLayout, Presenter: PresentPlayground, engine: 'playground' },
  compare: { Component: CompareLayout, Presenter: PresentCompare, engine: 'compare' },
  lesson: { Component: LessonLayout, engine: lessonEngine },
};

/** The page engine the settings' layout drives. */
export function engineOf(s: Settings): PageEngine {
  const { engine } = LAYOUTS[s.layout];
  return typeof engine === 'function' ? engine(s) : engine;
}
