/**
 * Vector overlays stroked on top of the particle raster: velocity arrows on a grid, polylines
 * (conditional path lines, trails, a launched particle's trajectory).
 */
import { PALETTE } from './palette';
import type { Points } from '../flow/types';
import type { SquareMap } from './canvas';

/** A g × g grid of points covering the world square (cell centres). */
export function fieldGrid(half: number, g: number): Points {
  const pts = new Float32Array(2 * g * g);
  const cell = (2 * half) / g;
  for (let j = 0; j < g; j++) {
    for (let i = 0; i < g; i++) {
      pts[2 * (j * g + i)] = -half + (i + 0.5) * cell;
      pts[2 * (j * g + i) + 1] = -half + (j + 0.5) * cell;
    }
  }
  return pts;
}

/**
 * Arrows of v at the grid points. Lengths are relative to a robust maximum (the 90th
 * percentile of |v|), so the field's shape stays readable whatever its overall scale.
 */
export function drawArrows(
  ctx: CanvasRenderingContext2D,
  map: SquareMap,
  grid: Points,
  v: Points,
  color: string,
  cellWorld: number,
): void {
  const n = grid.length / 2;
  const mags = Array.from({ length: n }, (_, i) => Math.hypot(v[2 * i]!, v[2 * i + 1]!));
  const sorted = mags.filter(Number.isFinite).sort((a, b) => a - b);
  const ref = sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0;
  if (!(ref > 0)) return;
  const maxLen = 0.9 * cellWorld * map.scale;
  const head = 3 * map.dpr;
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.2 * map.dpr;
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const m = mags[i]!;
    if (!Number.isFinite(m) || m === 0) continue;
    const len = maxLen * Math.min(1, m / ref);
    const ux = v[2 * i]! / m;
    const uy = -v[2 * i + 1]! / m;
    const x0 = map.x(grid[2 * i]!) - (ux * len) / 2;
    const y0 = map.y(grid[2 * i + 1]!) - (uy * len) / 2;
    const x1 = x0 + ux * len;
    const y1 = y0 + uy * len;
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.moveTo(x1 - head * (ux - 0.5 * uy), y1 - head * (uy + 0.5 * ux));
    ctx.lineTo(x1, y1);
    ctx.lineTo(x1 - head * (ux + 0.5 * uy), y1 - head * (uy - 0.5 * ux));
  }
  ctx.stroke();
}

/** Adds one polyline of interleaved world points to the current path. */
export function tracePolyline(ctx: CanvasRenderingContext2D, map: SquareMap, pts: Points): void {
  for (let k = 0; k < pts.length / 2; k++) {
    const x = map.x(pts[2 * k]!);
    const y = map.y(pts[2 * k + 1]!);
    if (k === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
}

/**
 * σ around the path: a band of half-width `halfWidth` (world units; the conditional view uses
 * 2σ, where 95 % of the points fall across the path) around each polyline, with its centre
 * line. One translucent stroke per band, so where bands overlap the colour deepens.
 */
export function drawPathBands(
  ctx: CanvasRenderingContext2D,
  map: SquareMap,
  lines: readonly Points[],
  halfWidth: number,
): void {
  ctx.save();
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = PALETTE.pathBand;
  ctx.lineWidth = Math.max(map.dpr, 2 * halfWidth * map.scale);
  for (const line of lines) {
    ctx.beginPath();
    tracePolyline(ctx, map, line);
    ctx.stroke();
  }
  ctx.strokeStyle = PALETTE.pathBandCentre;
  ctx.lineWidth = map.dpr;
  ctx.beginPath();
  for (const line of lines) tracePolyline(ctx, map, line);
  ctx.stroke();
  ctx.restore();
}

/**
 * A small scatter picture: background, the target faint, then the samples (the Reflow mini
 * views: where one Euler step lands). Plain canvas calls; a thousand points at most.
 */
export function drawScatter(
  ctx: CanvasRenderingContext2D,
  map: SquareMap,
  target: Points,
  samples: Points,
  color: string,
): void {
  ctx.fillStyle = PALETTE.canvas;
  ctx.fillRect(0, 0, map.width, map.height);
  const dot = (pts: Points, size: number) => {
    for (let i = 0; i < pts.length; i += 2) {
      ctx.fillRect(map.x(pts[i]!) - size / 2, map.y(pts[i + 1]!) - size / 2, size, size);
    }
  };
  ctx.fillStyle = PALETTE.targetFaint;
  dot(target, Math.max(1, map.dpr));
  ctx.fillStyle = color;
  dot(samples, Math.max(2, 1.5 * map.dpr));
}

/** A filled circle marker with an outline (the launched particle). */
export function drawMarker(
  ctx: CanvasRenderingContext2D,
  map: SquareMap,
  x: number,
  y: number,
  fill: string,
  radius = 5,
): void {
  ctx.beginPath();
  ctx.arc(map.x(x), map.y(y), radius * map.dpr, 0, 2 * Math.PI);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 1.5 * map.dpr;
  ctx.strokeStyle = PALETTE.markerRing;
  ctx.stroke();
}
