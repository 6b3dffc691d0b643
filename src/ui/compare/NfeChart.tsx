/**
 * Sample quality (sliced W₂ to the target) against the number of network evaluations, log–log,
 * one colour per trainer and one dash per solver, with the sampling floor; the sweep's solvers
 * are chosen here and a sweep can be run on demand.
 */
import { PALETTE } from '../../render/palette';
import { axisBottom, axisLeft, line, scaleLog, select, symbol, symbolDiamond } from 'd3';
import { useId, useRef } from 'react';
import { ADAPTIVE_SOLVER, SOLVER_IDS, SOLVERS } from '../../flow/solvers';
import type { SolverId } from '../../flow/types';
import { useT, type MessageKey } from '../../i18n';
import { compareStore, type SweepState } from '../../state/compareStore';
import { useStore } from '../../state/store';
import { useSizedDraw } from '../charts/useSizedDraw';
import { SavePng } from '../io/SavePng';
import type { NfePoint } from '../../worker/protocol';
import { fmt } from './findings';
import { COLORS, type CompareId } from './compareSetup';
import { useComparedIds, useCompare, useNames } from './context';
import { SWEEP_SAMPLES } from './readings';

export const SOLVER_DASH: Record<SolverId, string | null> = {
  euler: null,
  midpoint: '8 3 2 3',
  heun: '6 4',
  rk4: '2 3',
};

const M = { top: 10, right: 14, bottom: 34, left: 46 };

function draw(
  svg: SVGSVGElement,
  width: number,
  height: number,
  sweep: SweepState,
  ids: readonly CompareId[],
  xLabel: string,
  yLabel: string,
): void {
  const root = select(svg);
  root.selectAll('*').remove();
  const all: NfePoint[] = ids.flatMap((id) => sweep.points[id] ?? []);
  const values = all.map((p) => p.slicedW2).filter((v) => Number.isFinite(v) && v > 0);
  if (values.length === 0) return;
  const lo = Math.min(...values, Number.isFinite(sweep.floor) ? sweep.floor : Infinity);
  const hi = Math.max(...values);
  const adaptive = all.filter((p) => p.solver === ADAPTIVE_SOLVER);
  const x = scaleLog()
    .domain([1, Math.max(100, ...adaptive.map((p) => p.nfe * 1.15))])
    .range([M.left, width - M.right]);
  const y = scaleLog()
    .domain([lo * 0.8, hi * 1.25])
    .range([height - M.bottom, M.top]);
  root
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(0,${height - M.bottom})`)
    .call(
      axisBottom(x)
        .tickValues([1, 2, 4, 8, 16, 32, 64, 100])
        .tickFormat((d) => String(d)),
    );
  root
    .append('g')
    .attr('class', 'axis')
    .attr('transform', `translate(${M.left},0)`)
    .call(axisLeft(y).ticks(4, '~g'));
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('x', (M.left + width - M.right) / 2)
    .attr('y', height - 3)
    .attr('text-anchor', 'middle')
    .text(xLabel);
  root
    .append('text')
    .attr('class', 'axis-label')
    .attr('transform', `translate(11,${(M.top + height - M.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(yLabel);
  if (Number.isFinite(sweep.floor) && sweep.floor > 0) {
    root
      .append('line')
      .attr('class', 'floor-line')
      .attr('x1', M.left)
      .attr('x2', width - M.right)
      .attr('y1', y(sweep.floor))
      .attr('y2', y(sweep.floor))
      .attr('stroke', PALETTE.reference)
      .attr('stroke-dasharray', '3 3');
  }
  const path = line<NfePoint>()
    .x((p) => x(p.nfe))
    .y((p) => y(p.slicedW2))
    .defined((p) => Number.isFinite(p.slicedW2) && p.slicedW2 > 0);
  for (const id of ids) {
    const pts = sweep.points[id] ?? [];
    for (const solver of sweep.solvers) {
      const mine = pts.filter((p) => p.solver === solver).sort((a, b) => a.nfe - b.nfe);
      if (mine.length === 0) continue;
      root
        .append('path')
        .attr('fill', 'none')
        .attr('stroke', COLORS[id])
        .attr('stroke-width', 2)
        .attr('stroke-dasharray', SOLVER_DASH[solver])
        .attr('data-series', `${id}/${solver}`)
        .attr('d', path(mine));
      root
        .append('g')
        .selectAll('circle')
        .data(mine.filter((p) => Number.isFinite(p.slicedW2) && p.slicedW2 > 0))
        .join('circle')
        .attr('cx', (p) => x(p.nfe))
        .attr('cy', (p) => y(p.slicedW2))
        .attr('r', 2.5)
        .attr('fill', COLORS[id]);
    }
    // Dormand–Prince: one point per trainer, at its mean NFE over the particles.
    const dp = pts.filter((p) => p.solver === ADAPTIVE_SOLVER && Number.isFinite(p.slicedW2));
    root
      .append('g')
      .selectAll('path')
      .data(dp.filter((p) => p.slicedW2 > 0))
      .join('path')
      .attr('d', symbol(symbolDiamond, 120)())
      .attr('transform', (p) => `translate(${x(p.nfe)},${y(p.slicedW2)})`)
      .attr('fill', COLORS[id])
      .attr('stroke', PALETTE.markerRing)
      .attr('data-series', `${id}/${ADAPTIVE_SOLVER}`);
  }
}

export function NfeChart() {
  const t = useT();
  const names = useNames();
  const ctl = useCompare();
  const sweep = useStore(compareStore, (s) => s.sweep);
  const chosen = useStore(compareStore, (s) => s.sweepSolvers);
  const svgRef = useRef<SVGSVGElement>(null);
  const hid = useId();
  const xLabel = t('cmpNfeAxis');
  const yLabel = t('cmpNfeYAxis');
  const ids = useComparedIds();
  useSizedDraw(svgRef, (svg, w, h) => draw(svg, w, h, sweep, ids, xLabel, yLabel), [
    sweep,
    ids,
    xLabel,
    yLabel,
  ]);
  const toggle = (id: SolverId, on: boolean) => {
    const next = SOLVER_IDS.filter((s) => (s === id ? on : chosen.includes(s)));
    if (next.length > 0) compareStore.setState({ sweepSolvers: next });
  };
  const count = ids.reduce((n, id) => n + (sweep.points[id]?.length ?? 0), 0);
  const steps = ids
    .filter((id) => sweep.steps[id] !== undefined)
    .map((id) => `${names[id]} ${sweep.steps[id]}`)
    .join(', ');
  return (
    <section className="cmp-card cmp-nfe" aria-labelledby={hid}>
      <h3 id={hid}>{t('cmpNfeTitle')}</h3>
      <div className="cmp-toolbar">
        <fieldset className="solver-set">
          <legend>{t('cmpSweepSolvers')}</legend>
          {SOLVER_IDS.map((s) => (
            <label key={s} className="check-inline">
              <input
                type="checkbox"
                checked={chosen.includes(s)}
                onChange={(e) => toggle(s, e.target.checked)}
              />{' '}
              <svg width="22" height="8" aria-hidden="true">
                <line
                  x1="0"
                  x2="22"
                  y1="4"
                  y2="4"
                  stroke="currentColor"
                  strokeWidth="2"
                  strokeDasharray={SOLVER_DASH[s] ?? undefined}
                />
              </svg>{' '}
              {t(`solver_${s}` as MessageKey)} ({SOLVERS[s].b.length}×)
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          disabled={sweep.running || !ctl}
          onClick={() => void ctl?.runSweep()}
          data-testid="sweep-now"
        >
          {sweep.running ? t('cmpSweepRunning') : t('cmpSweepNow')}
        </button>
      </div>
      <div className="cmp-nfe-box">
        <svg
          ref={svgRef}
          className="cmp-svg cmp-nfe-svg"
          role="img"
          aria-label={`${t('cmpNfeTitle')}: ${yLabel} / ${xLabel}`}
          data-testid="nfe-chart"
          data-points={count}
        />
        {count === 0 && <p className="chart-empty">{t('cmpNfeEmpty')}</p>}
      </div>
      <SavePng id="nfe" view={t('cmpNfeTitle')} target={svgRef} inline />
      <p className="legend">
        {ids.map((id) => (
          <span key={id}>
            <i style={{ background: COLORS[id] }} /> {names[id]}{' '}
          </span>
        ))}
      </p>
      <p className="cmp-note">
        {Number.isFinite(sweep.floor) &&
          `${t('cmpNfeFloor', { v: fmt(sweep.floor, 3), n: SWEEP_SAMPLES })}. `}
        {steps && `${t('cmpSweepAt', { steps })}. `}
        {t('cmpNfeNote', { n: SWEEP_SAMPLES })}{' '}
        {Number.isFinite(sweep.tol) && t('cmpNfeAdaptive', { tol: sweep.tol.toExponential(1) })}
      </p>
    </section>
  );
}
