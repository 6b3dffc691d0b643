/**
 * A small d3 line chart of [step, value] pairs (optionally with a trailing moving average),
 * drawn imperatively into an SVG; the y axis always includes 0 so a floor above zero shows.
 */
import { axisBottom, axisLeft, line, max, scaleLinear, select } from 'd3';
import { useRef } from 'react';
import { SavePng } from '../io/SavePng';
import { useSizedDraw } from './useSizedDraw';

export type Series = readonly (readonly [number, number])[];

/** Trailing mean over a window of `k` points. */
export function movingAverage(data: Series, k: number): [number, number][] {
  const out: [number, number][] = [];
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    sum += data[i]![1];
    if (i >= k) sum -= data[i - k]![1];
    out.push([data[i]![0], sum / Math.min(i + 1, k)]);
  }
  return out;
}

interface Props {
  data: Series;
  average?: number;
  label: string;
  color: string;
  averageColor?: string;
  empty: string;
  testId?: string;
  /** A "Save PNG" menu under the chart (views of their own): file and test id. */
  png?: string;
}

const M = { top: 8, right: 10, bottom: 20, left: 42 };

export function LineChart(props: Props) {
  const { data, average, label, color, averageColor, empty, testId, png } = props;
  const svgRef = useRef<SVGSVGElement>(null);
  useSizedDraw(
    svgRef,
    (svg, width, height) => {
      const root = select(svg);
      root.selectAll('*').remove();
      if (data.length === 0) return;
      const x = scaleLinear()
        .domain([data[0]![0], Math.max(data[data.length - 1]![0], data[0]![0] + 1)])
        .range([M.left, width - M.right]);
      const top = max(data, (d) => d[1]) ?? 1;
      const y = scaleLinear()
        .domain([0, Number.isFinite(top) && top > 0 ? top * 1.05 : 1])
        .nice(4)
        .range([height - M.bottom, M.top]);
      root
        .append('g')
        .attr('class', 'axis')
        .attr('transform', `translate(0,${height - M.bottom})`)
        .call(
          axisBottom(x)
            .ticks(Math.max(2, Math.floor(width / 80)))
            .tickSizeOuter(0),
        );
      root
        .append('g')
        .attr('class', 'axis')
        .attr('transform', `translate(${M.left},0)`)
        .call(axisLeft(y).ticks(4).tickSizeOuter(0));
      const path = line<readonly [number, number]>()
        .x((d) => x(d[0]))
        .y((d) => y(d[1]))
        .defined((d) => Number.isFinite(d[1]));
      root
        .append('path')
        .attr('fill', 'none')
        .attr('stroke', color)
        .attr('stroke-width', average ? 1 : 2)
        .attr('opacity', average ? 0.45 : 1)
        .attr('d', path(data));
      if (average) {
        root
          .append('path')
          .attr('fill', 'none')
          .attr('stroke', averageColor ?? color)
          .attr('stroke-width', 2.5)
          .attr('d', path(movingAverage(data, average)));
      }
    },
    [data, average, color, averageColor],
  );
  return (
    <>
      <div className="chart" data-testid={testId}>
        <svg ref={svgRef} role="img" aria-label={label} />
        {data.length === 0 && <p className="chart-empty">{empty}</p>}
      </div>
      {png && <SavePng id={png} view={label} target={svgRef} inline />}
    </>
  );
}
