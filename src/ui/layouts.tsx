/**
 * The one place that turns the layout mode of the settings into components. A layout is a
 * composition of parts around the page's engines: panels, and views mounted by id from `VIEWS`
 * (`ui/viewParts.tsx`), e.g. `<ViewParts ids={['learned', 'loss']} />`. A new mode (an
 * embedded single view, a lesson) is one more entry here and in LAYOUT_MODES.
 */
import { lazy, Suspense, type ReactElement } from 'react';
import { embedPage } from '../state/embed';
import type { LayoutMode, Settings } from '../state/settings';
import { CompareTimeBar } from './compare/Columns';
import { CompareColumns } from './compare/CompareColumns';
import { ComparePage } from './compare/ComparePage';
import { CouplingSection, Findings, ParamsEditor } from './compare/Tables';
import { EmbedLayout } from './embed/EmbedLayout';
import { lessonEngine } from './lesson/sceneEngine';
import { Notices } from './Notices';
import { PresentCompare, PresentPlayground } from './presenter/PresenterLayouts';
import { Sidebar } from './Sidebar';
import { SlowMoPanel } from './slowmo/SlowMoPanel';
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
          <SlowMoPanel />
          <TimeBar />
          <section className="charts">
            <ViewParts ids={['loss', 'quality']} />
          </section>
        </section>
      </main>
    </>
  );
}

/** The scheduler comparison (a fourth column, OT with σ, while its toggle is on). */
function CompareLayout() {
  return (
    <main className="compare-main">
      <ComparePage>
        <CompareColumns />
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

/** A layout: its component, its presenter-mode component (default: the same), the page-level
 * engine it drives (Space, T, R, visibility), and whether it goes without the header and
 * page navigation (an embed). */
export interface Layout {
  Component: () => ReactElement;
  Presenter?: () => ReactElement;
  engine: 'playground' | 'compare';
  bare?: boolean;
}

/** Each layout mode's entry; `embed` and `embed-compare` are the link's embed mode
 * (`#embed=…`, ui/embed/) on the playground's or the comparison's views, and `lesson-compare`
 * a lesson whose open scene shows the comparison's views (ui/lesson/sceneEngine.ts). */
export const LAYOUTS: Record<LayoutMode | 'embed' | 'embed-compare' | 'lesson-compare', Layout> = {
  playground: { Component: PlaygroundLayout, Presenter: PresentPlayground, engine: 'playground' },
  compare: { Component: CompareLayout, Presenter: PresentCompare, engine: 'compare' },
  lesson: { Component: LessonLayout, engine: 'playground' },
  'lesson-compare': { Component: LessonLayout, engine: 'compare' },
  embed: { Component: EmbedLayout, engine: 'playground', bare: true },
  'embed-compare': { Component: EmbedLayout, engine: 'compare', bare: true },
};

/** The layout the settings pick: an embed whenever the link names views, else the mode. */
export function pickLayout(s: Settings): Layout {
  const page = embedPage(s.embed);
  if (page) return LAYOUTS[page === 'compare' ? 'embed-compare' : 'embed'];
  if (s.layout === 'lesson' && lessonEngine(s) === 'compare') return LAYOUTS['lesson-compare'];
  return LAYOUTS[s.layout];
}
