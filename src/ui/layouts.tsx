/**
 * The one place that turns the layout mode of the settings into components. A layout is a
 * composition of parts (panels, views mounted by id, charts) around the page's engines; a new
 * mode (an embedded single view, a lesson) is one more entry here and in LAYOUT_MODES.
 */
import type { ReactElement } from 'react';
import type { LayoutMode } from '../state/settings';
import { Charts } from './charts/Charts';
import { ComparePage } from './compare/ComparePage';
import { Notices } from './Notices';
import { Sidebar } from './Sidebar';
import { TimeBar } from './TimeBar';
import { Views } from './Views';

/** The playground: controls beside the two views on one time bar, and the training charts. */
function PlaygroundLayout() {
  return (
    <>
      <Notices />
      <main className="layout">
        <Sidebar />
        <section className="stage">
          <Views />
          <TimeBar />
          <Charts />
        </section>
      </main>
    </>
  );
}

/** The scheduler comparison. */
function CompareLayout() {
  return (
    <main className="compare-main">
      <ComparePage />
    </main>
  );
}

/** Each layout mode's component, and which page-level engine it drives (Space, visibility). */
export const LAYOUTS: Record<
  LayoutMode,
  { Component: () => ReactElement; engine: 'playground' | 'compare' }
> = {
  playground: { Component: PlaygroundLayout, engine: 'playground' },
  compare: { Component: CompareLayout, engine: 'compare' },
};
