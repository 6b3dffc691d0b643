/**
 * The one place that turns the layout mode of the settings into components. A layout is a
 * composition of parts around the page's engines: panels, and views mounted by id from `VIEWS`
 * (`ui/viewParts.tsx`), e.g. `<ViewParts ids={['learned', 'loss']} />`. A new mode (an
 * embedded single view, a lesson) is one more entry here and in LAYOUT_MODES.
 */
import type { ReactElement } from 'react';
import { embedPage } from '../state/embed';
import type { LayoutMode, Settings } from '../state/settings';
import { CompareTimeBar } from './compare/Columns';
import { ComparePage } from './compare/ComparePage';
import { CouplingSection, Findings, ParamsEditor } from './compare/Tables';
import { EmbedLayout } from './embed/EmbedLayout';
import { Notices } from './Notices';
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

/** A layout: its component, the page-level engine it drives (Space, visibility), and
 * whether it goes without the header and page navigation (an embed). */
export interface Layout {
  Component: () => ReactElement;
  engine: 'playground' | 'compare';
  bare?: boolean;
}

/** Each layout mode's entry; `embed` and `embed-compare` are the link's embed mode
 * (`#embed=…`, ui/embed/) on the playground's or the comparison's views. */
export const LAYOUTS: Record<LayoutMode | 'embed' | 'embed-compare', Layout> = {
  playground: { Component: PlaygroundLayout, engine: 'playground' },
  compare: { Component: CompareLayout, engine: 'compare' },
  embed: { Component: EmbedLayout, engine: 'playground', bare: true },
  'embed-compare': { Component: EmbedLayout, engine: 'compare', bare: true },
};

/** The layout the settings pick: an embed whenever the link names views, else the mode. */
export function pickLayout(s: Settings): Layout {
  const page = embedPage(s.embed);
  if (page) return LAYOUTS[page === 'compare' ? 'embed-compare' : 'embed'];
  return LAYOUTS[s.layout];
}
