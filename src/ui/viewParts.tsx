/**
 * Every view of both pages by id: the flow views, the comparison columns, the training charts,
 * the Reflow panel, the schedule plots, the NFE chart and the metrics table. A layout (an embed, a lesson) lists
 * the ids it shows, `<ViewParts ids={['learned', 'loss']} />`, and gets exactly those, alone or
 * with others. Each view reads what it needs from the page's store and engine by context
 * (`needs`: the playground's `appStore` and `EngineContext`, or the comparison's `compareStore`
 * and `CompareContext`); App provides both, so any layout may mix them. Canvas views hand
 * their canvas to their page's `ViewHost`, which draws them on the page's clock.
 */
import type { ReactElement } from 'react';
import { LossChart, QualityChart } from './charts/Charts';
import { Column } from './compare/Columns';
import { NfeChart } from './compare/NfeChart';
import { ScheduleCharts } from './compare/ScheduleCharts';
import { MetricsTable } from './compare/Tables';
import { ReflowPanel } from './ReflowPanel';
import { DensityView } from './DensityView';
import { FlowView } from './Views';

/** A view: its component, and which page's store and engine it reads. */
export interface ViewPart {
  Component: () => ReactElement | null;
  needs: 'playground' | 'compare';
}

export const VIEWS = {
  conditional: { Component: () => <FlowView kind="conditional" />, needs: 'playground' },
  learned: { Component: () => <FlowView kind="learned" />, needs: 'playground' },
  loss: { Component: LossChart, needs: 'playground' },
  quality: { Component: QualityChart, needs: 'playground' },
  /** Reflow: the button, the table of three flows and their one-step mini views. */
  reflow: { Component: ReflowPanel, needs: 'playground' },
  /** The learned flow's exact density beside a KDE of the target, on demand. */
  density: { Component: DensityView, needs: 'playground' },
  ot: { Component: () => <Column id="ot" />, needs: 'compare' },
  vp: { Component: () => <Column id="vp" />, needs: 'compare' },
  ve: { Component: () => <Column id="ve" />, needs: 'compare' },
  /** α/σ and log-SNR side by side (one log-scale switch). */
  schedules: { Component: ScheduleCharts, needs: 'compare' },
  nfe: { Component: NfeChart, needs: 'compare' },
  metrics: { Component: MetricsTable, needs: 'compare' },
} satisfies Record<string, ViewPart>;

export type ViewId = keyof typeof VIEWS;

/** The views `ids`, in that order, mounted side by side (the layout's CSS places them). */
export function ViewParts({ ids }: { ids: readonly ViewId[] }) {
  return (
    <>
      {ids.map((id) => {
        const { Component } = VIEWS[id];
        return <Component key={id} />;
      })}
    </>
  );
}
