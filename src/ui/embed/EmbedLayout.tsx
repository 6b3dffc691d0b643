/**
 * Embed mode (`#embed=learned&controls=train,time&autoplay`): only the chosen views, sized to
 * the frame from 320×240 up, side by side or stacked by the frame's aspect ratio, and one row
 * of controls. No header, no sidebar, nothing scrolls sideways. Without `autoplay` the flow
 * waits at t = 1, paused, for its play button.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { appStore } from '../../state/appStore';
import { compareStore } from '../../state/compareStore';
import { embedPage } from '../../state/embed';
import { useStore } from '../../state/store';
import { useCompare } from '../compare/context';
import { useEngine } from '../engineContext';
import { Notices } from '../Notices';
import { ViewParts, type ViewId } from '../viewParts';
import { arrangeViews } from './arrange';
import { EmbedBar } from './EmbedBar';
import './embed.css';

/** The size of an element's content box, followed as it changes. */
function useBoxSize(): [React.RefObject<HTMLDivElement | null>, { w: number; h: number }] {
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ w: 320, h: 240 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setSize({ w: el.clientWidth, h: el.clientHeight });
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

/** Puts the page's clock at t = 1, paused, unless the link says `autoplay`. */
function useStartPaused(page: 'playground' | 'compare', autoplay: boolean): void {
  const engine = useEngine();
  const ctl = useCompare();
  const clock = page === 'compare' ? ctl?.views.clock : engine?.clock;
  const done = useRef(false);
  useEffect(() => {
    if (!clock || done.current) return;
    done.current = true;
    if (autoplay) return;
    if (page === 'compare') compareStore.setState({ playing: false });
    else appStore.setState({ playing: false });
    clock.pause();
    clock.seek(1);
  }, [clock, page, autoplay]);
}

export function EmbedLayout() {
  const t = useT();
  const views = useStore(appStore, (s) => s.settings.embed);
  const controls = useStore(appStore, (s) => s.settings.controls);
  const autoplay = useStore(appStore, (s) => s.settings.autoplay);
  const page = embedPage(views) ?? 'playground';
  useStartPaused(page, autoplay);
  const [box, size] = useBoxSize();
  const { cols, rows } = arrangeViews(views.length, size.w, size.h);
  return (
    <main className={`embed embed-${page}`} aria-label={t('appTitle')} data-testid="embed">
      <Notices />
      <div
        ref={box}
        className="embed-views"
        style={{
          gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
        }}
      >
        {views.map((id) => (
          <div key={id} className="embed-cell" data-testid={`embed-view-${id}`}>
            <ViewParts ids={[id as ViewId]} />
          </div>
        ))}
      </div>
      <EmbedBar page={page} controls={controls} />
    </main>
  );
}
