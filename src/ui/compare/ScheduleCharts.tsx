/**
 * α_t and σ_t of OT, VP and VE on shared axes (linear, or log to see VE's σ_max), and the
 * log signal-to-noise ratio log-SNR = log(α_t²/σ_t²): d3 scales, axes and line shapes into SVG.
 */
import {
  axisBottom,
  axisLeft,
  line,
  scaleLinear,
  scaleLog,
  select,
  type ScaleContinuousNumeric,
} from 'd3';
import { useId, useMemo, useRef, useState } from 'react';
import { logSnr } from '../../flow/schedulers';
import type { Scheduler } from '../../flow/types';
import { useT } from '../../i18n';
import { compareStore } from '../../state/compareStore';
import { useStore } from '../../state/store';
import { useSizedDraw } from '../charts/useSizedDraw';
import { SavePng } from '../io/SavePng';
import { Tex } from '../Tex';
import { COLORS, COLUMN_IDS, schedulerOfId, type ColumnId } from './compareSetup';
import { useNames } from './context';

const M = { top: 8, right: 12, bottom: 22, left: 40 };
const SAMPLES = 200;
const LOG_FLOOR = 1e-3;

type Curve = [number, number][];

/** t on [max(tMin, lo), min(tMax, hi)], evenly spaced. */
function grid(s: Scheduler, lo = 0, hi = 1): number[] {
  const a = Math.max(s.tMin, lo);
  const b = Math.min(s.tMax, hi);
  return Array.from({ length: SAMPLES + 1 }, (_, k) => a + ((b - a) * k) / SAMPLES);
}

/** α_t, σ_t and log-SNR = log(α_t²/σ_t²) (SNR is a ratio of variances) on a grid of t. */
export function scheduleCurves(s: Scheduler): { alpha: Curve; sigma: Curve; snr: Curve } {
  const ts = grid(s);
  const snrTs = grid(s, 0.005, 0.995);
  return {
    alpha: ts.map((t) => [t, s.alpha(t)]),
    sigma: ts.map((t) => [t, s.sigma(t)]),
    snr: snrTs.map((t) => [t, logSnr(s, t)] as [number, number]),
  };
}

function drawChart(
  svg: SVGSVGElement,
  width: number,
  height: number,
  series: { curve: Curve; color: string; dash?: string }[],
  y: ScaleContinuousNumeric<number, number>,
): void {
  const root = select(svg);
  root.selectAll('*').remove();
  const x = scaleLinear()
    .domain([0, 1])
    .range([M.left, width - M.right]);
  y.range([height - M.bottom, M.top]);
  const [y0, y1] = y.domain() as [number, number];
  root
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - M.bottom})`)
    .call(axisBottom(x).ticks(5).tickSizeOuter(0));
  root
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(${M.left},0)`)
    .call(axisLeft(y).ticks(5, '~g').tickSizeOuter(0));
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', width - M.right)
    .attr('y', height - M.bottom - 4)
    .attr('text-anchor', 'end')
    .text('t');
  const path = line<[number, number]>()
    .x((d) => x(d[0]))
    .y((d) => y(d[1]))
    .defined((d) => Number.isFinite(d[1]) && d[1] >= Math.min(y0, y1) && d[1] <= Math.max(y0, y1));
  for (const s of series) {
    root
      .append('path')
      .attr('fill', 'none')
      .attr('stroke', s.color)
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', s.dash ?? null)
      .attr('d', path(s.curve));
  }
}

export function ScheduleCharts() {
  const t = useT();
  const names = useNames();
  const params = useStore(compareStore, (s) => s.params);
  const [log, setLog] = useState(false);
  const logId = useId();
  const abRef = useRef<SVGSVGElement>(null);
  const snrRef = useRef<SVGSVGElement>(null);
  const sigmaMax = params.sigmaMax;
  const curves = useMemo(() => {
    const out = {} as Record<ColumnId, ReturnType<typeof scheduleCurves>>;
    for (const id of COLUMN_IDS) out[id] = scheduleCurves(schedulerOfId(id, params));
    return out;
  }, [params]);
  useSizedDraw(
    abRef,
    (svg, w, h) => {
      const y = log
        ? scaleLog().domain([LOG_FLOOR, Math.max(1.2, sigmaMax * 1.3)])
        : scaleLinear().domain([0, 1.05]);
      drawChart(
        svg,
        w,
        h,
        COLUMN_IDS.flatMap((id) => [
          { curve: curves[id].alpha, color: COLORS[id] },
          { curve: curves[id].sigma, color: COLORS[id], dash: '6 4' },
        ]),
        y,
      );
    },
    [curves, log, sigmaMax],
  );
  useSizedDraw(
    snrRef,
    (svg, w, h) => {
      const finite = COLUMN_IDS.flatMap((id) => curves[id].snr.map((d) => d[1])).filter(
        Number.isFinite,
      );
      const y = scaleLinear()
        .domain([Math.min(...finite), Math.max(...finite)])
        .nice(5);
      drawChart(
        svg,
        w,
        h,
        COLUMN_IDS.map((id) => ({ curve: curves[id].snr, color: COLORS[id] })),
        y,
      );
    },
    [curves],
  );
  return (
    <section className="cmp-card" aria-labelledby={`${logId}-h`}>
      <h3 id={`${logId}-h`}>{t('cmpSchedulesTitle')}</h3>
      <p className="legend">
        {COLUMN_IDS.map((id) => (
          <span key={id}>
            <i style={{ background: COLORS[id] }} /> {names[id]}{' '}
          </span>
        ))}
      </p>
      <div className="cmp-two">
        <figure className="cmp-figure">
          <figcaption>
            <Tex source={t('cmpAlphaSigma')} />{' '}
            <label className="check-inline" htmlFor={logId}>
              <input
                id={logId}
                type="checkbox"
                checked={log}
                onChange={(e) => setLog(e.target.checked)}
              />{' '}
              {t('cmpLogScale')}
            </label>
          </figcaption>
          <svg
            ref={abRef}
            className="cmp-svg"
            role="img"
            aria-label={t('cmpAlphaSigma').replace(/\$/g, '')}
            data-testid="schedule-chart"
          />
          <SavePng
            id="schedules"
            view={t('cmpAlphaSigma').replace(/\$/g, '')}
            target={abRef}
            inline
          />
          {!log && <Tex as="p" source={t('cmpOffScale', { v: sigmaMax })} />}
        </figure>
        <figure className="cmp-figure">
          <figcaption>
            <Tex source={t('cmpSnr')} />
          </figcaption>
          <svg
            ref={snrRef}
            className="cmp-svg"
            role="img"
            aria-label={t('cmpSnr').replace(/\$/g, '')}
            data-testid="snr-chart"
          />
          <SavePng id="log-snr" view={t('cmpSnr').replace(/\$/g, '')} target={snrRef} inline />
        </figure>
      </div>
      <Tex as="p" source={t('cmpSchedulesNote')} />
    </section>
  );
}
