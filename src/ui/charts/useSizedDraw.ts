/**
 * Redraws an SVG chart when its data changes or its box resizes, with the size taken from a
 * ResizeObserver. Reading clientWidth inside a redraw forces a synchronous reflow of the whole
 * page; on the comparison page that cost more main-thread time than drawing the views.
 */
import { useEffect, useRef, type DependencyList, type RefObject } from 'react';

export type SizedDraw = (svg: SVGSVGElement, width: number, height: number) => void;

export function useSizedDraw(
  ref: RefObject<SVGSVGElement | null>,
  draw: SizedDraw,
  deps: DependencyList,
): void {
  const size = useRef<{ width: number; height: number } | null>(null);
  useEffect(() => {
    const svg = ref.current;
    if (!svg) return;
    if (size.current) draw(svg, size.current.width, size.current.height);
    const ro = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (!box || (box.width === size.current?.width && box.height === size.current?.height)) {
        return;
      }
      size.current = { width: box.width, height: box.height };
      draw(svg, box.width, box.height);
    });
    ro.observe(svg);
    return () => ro.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists draw's inputs
  }, deps);
}
