import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { appStore } from '../state/appStore';
import { VIEWS, ViewParts, type ViewId } from './viewParts';

/** The test ids of the views' roots, to tell which views a markup holds. */
const ROOTS: Record<ViewId, string> = {
  conditional: 'view-conditional',
  learned: 'view-learned',
  loss: 'loss-chart',
  quality: 'quality-chart',
  density: 'density-view',
  ot: 'cmp-view-ot',
  vp: 'cmp-view-vp',
  ve: 'cmp-view-ve',
  schedules: 'schedule-chart',
  nfe: 'nfe-chart',
  metrics: 'cmp-metrics',
  reflow: 'reflow',
};

function shown(ids: readonly ViewId[]): ViewId[] {
  const html = renderToStaticMarkup(createElement(ViewParts, { ids }));
  return (Object.keys(ROOTS) as ViewId[]).filter((id) =>
    html.includes(`data-testid="${ROOTS[id]}"`),
  );
}

const initial = appStore.getState();
afterEach(() => appStore.setState(() => initial));

describe('views mounted by id', () => {
  it('the loss chart alone, outside any page, shows the run it reads', () => {
    appStore.setState((s) => ({
      run: {
        ...s.run,
        losses: [
          [1, 0.9],
          [2, 0.7],
        ],
      },
    }));
    const html = renderToStaticMarkup(createElement(ViewParts, { ids: ['loss'] }));
    expect(html).toContain('data-testid="loss-chart"');
    expect(html).not.toContain('chart-empty'); // it has data
    expect(shown(['loss'])).toEqual(['loss']);
  });

  it('a layout gets exactly the views it lists, from either page', () => {
    expect(shown(['learned', 'loss'])).toEqual(['learned', 'loss']);
    expect(shown(['nfe', 'quality'])).toEqual(['quality', 'nfe']);
    for (const id of Object.keys(VIEWS) as ViewId[]) expect(shown([id])).toEqual([id]);
  });
});
