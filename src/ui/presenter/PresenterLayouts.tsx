/**
 * What presenter mode shows of each page: its views large and only the controls a live demo
 * needs (the time bar, Train / Pause / Reset, a slow-motion step when one is shown); the panels
 * stay behind. A lesson is already built that way and shows itself (layouts.tsx).
 */
import { CompareTimeBar } from '../compare/Columns';
import { CompareColumns } from '../compare/CompareColumns';
import { ComparePage } from '../compare/ComparePage';
import { Notices } from '../Notices';
import { RunBar } from '../RunBar';
import { SlowMoPanel } from '../slowmo/SlowMoPanel';
import { TimeBar } from '../TimeBar';
import { ViewParts } from '../viewParts';

export function PresentPlayground() {
  return (
    <>
      <Notices />
      <main className="present-main" data-testid="present-playground">
        <div className="views">
          <ViewParts ids={['conditional', 'learned']} />
        </div>
        <SlowMoPanel />
        <TimeBar />
        <RunBar />
      </main>
    </>
  );
}

export function PresentCompare() {
  return (
    <main className="compare-main present-main" data-testid="present-compare">
      <ComparePage>
        <CompareColumns />
        <CompareTimeBar />
      </ComparePage>
    </main>
  );
}
