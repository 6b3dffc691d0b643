/**
 * Sizing a canvas to its CSS box at the device pixel ratio, and the map between the square
 * world [−half, half]² (y up) and canvas pixels (y down), centred in the canvas.
 */
/** Half-width of the square world every view shows: all presets and most noise fit. */
export const WORLD_HALF = 4.5;

export interface SquareMap {
  /** Canvas pixels per world unit. */
  scale: number;
  /** Side of the world square in canvas pixels. */
  size: number;
  dpr: number;
  width: number;
  height: number;
  half: number;
  x(wx: number): number;
  y(wy: number): number;
  toWorld(px: number, py: number): [number, number];
}

export function squareMap(width: number, height: number, half: number, dpr: number): SquareMap {
  const size = Math.min(width, height);
  const scale = size / (2 * half);
  const ox = width / 2;
  const oy = height / 2;
  return {
    scale,
    size,
    dpr,
    width,
    height,
    half,
    x: (wx) => ox + wx * scale,
    y: (wy) => oy - wy * scale,
    toWorld: (px, py) => [(px - ox) / scale, (oy - py) / scale],
  };
}

/** Matches the canvas's pixel size to its CSS size × devicePixelRatio; returns the map. */
export function sizeCanvas(canvas: HTMLCanvasElement, half: number): SquareMap {
  const dpr = Math.min(globalThis.devicePixelRatio || 1, 2);
  const w = Math.max(1, Math.round(canvas.clientWidth * dpr));
  const h = Math.max(1, Math.round(canvas.clientHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  return squareMap(w, h, half, dpr);
}

/** Calls `onResize` whenever the element's box changes; returns the unsubscribe. */
export function watchResize(el: Element, onResize: () => void): () => void {
  const ro = new ResizeObserver(onResize);
  ro.observe(el);
  return () => ro.disconnect();
}
