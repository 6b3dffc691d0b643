/**
 * Drawing one training step in slow motion, stage by stage (ui/slowmo/stages.ts names them):
 * 0 noise x0 (circles) and data x1 (squares), 1 the pairing as each pair's conditional path,
 * 2 the sampled t (the part of each path up to t, and a rug of all t on a 0–1 axis), 3 the
 * points xt, 4 the targets u, 5 the network's v, 6 the errors v − u with their size, 7 the same
 * while the update is shown. The conditional view draws the batch and u; the learned view
 * draws xt, v and the errors. Arrows share one scale so u and v compare by length. A
 * conditional step colours each row by its label (the data squares, and xt in the learned
 * view, where the label is the network's one-hot input); ∅ rows are grey.
 */
import { NULL_LABEL } from '../flow/guidance';
import type { Points } from '../flow/types';
import type { SquareMap } from './canvas';
import { tracePolyline } from './overlays';
import { CLASS_COLORS, NULL_CLASS_COLOR, PALETTE } from './palette';

/** The drawn pairs of one step (interleaved points of `n` pairs). */
export interface SlowMoPicture {
  n: number;
  /** x0 as the source gives it (scaled by the source's spread). */
  noise: Points;
  /** α_tMin x1 + σ_tMin x0, where each conditional path starts. */
  start: Points;
  /** The data point each x0 is paired with. */
  x1: Points;
  /** Each pair's conditional path from its start to x1. */
  paths: Points[];
  t: Float32Array;
  /** The times of the whole batch (the rug). */
  tAll: Float32Array;
  xt: Points;
  u: Points;
  v: Points;
  /** ½‖v − u‖² per pair. */
  err: Float32Array;
  /** A conditional step's row labels (NULL_LABEL = ∅, the label dropped). */
  labels?: Uint8Array;
}

/** The colour of a row's label: its class colour (palette.ts), or ∅'s grey. */
export const labelColor = (c: number): string =>
  c < NULL_LABEL ? CLASS_COLORS[c % CLASS_COLORS.length]! : NULL_CLASS_COLOR;

/** Marks of each label in its own colour (one path per colour), else all in `fill`. */
function byLabel(
  ctx: CanvasRenderingContext2D,
  map: SquareMap,
  p: SlowMoPicture,
  pts: Points,
  fill: string,
  mark: typeof dots,
  r: number,
) {
  if (!p.labels) {
    mark(ctx, map, pts, p.n, r);
    fillStroke(ctx, fill, map);
    return;
  }
  for (const c of new Set(p.labels)) {
    const mine = Array.from({ length: p.n }, (_, i) => i).filter((i) => p.labels![i] === c);
    const sub = Float32Array.from(mine.flatMap((i) => [pts[2 * i]!, pts[2 * i + 1]!]));
    mark(ctx, map, sub, mine.length, r);
    fillStroke(ctx, labelColor(c), map);
  }
}

/** World units per unit of velocity: the 90th percentile of ‖u‖ and ‖v‖ drawn 0.8 long. */
export function arrowScale(p: SlowMoPicture): number {
  const mags: number[] = [];
  for (const a of [p.u, p.v]) {
    for (let i = 0; i < p.n; i++) mags.push(Math.hypot(a[2 * i]!, a[2 * i + 1]!));
  }
  const sorted = mags.filter(Number.isFinite).sort((a, b) => a - b);
  const ref = sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0;
  return ref > 0 ? 0.8 / ref : 0;
}

function dots(ctx: CanvasRenderingContext2D, map: SquareMap, pts: Points, n: number, r: number) {
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const [x, y] = [map.x(pts[2 * i]!), map.y(pts[2 * i + 1]!)];
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
}

function squares(ctx: CanvasRenderingContext2D, map: SquareMap, pts: Points, n: number, r: number) {
  ctx.beginPath();
  for (let i = 0; i < n; i++)
    ctx.rect(map.x(pts[2 * i]!) - r, map.y(pts[2 * i + 1]!) - r, 2 * r, 2 * r);
}

/** Arrows from each xt along vec × k (world units), in one stroke. */
function arrows(
  ctx: CanvasRenderingContext2D,
  map: SquareMap,
  p: SlowMoPicture,
  vec: Points,
  k: number,
  color: string,
  width: number,
) {
  const head = 5 * map.dpr;
  ctx.strokeStyle = color;
  ctx.lineWidth = width * map.dpr;
  ctx.beginPath();
  for (let i = 0; i < p.n; i++) {
    const [x0, y0] = [map.x(p.xt[2 * i]!), map.y(p.xt[2 * i + 1]!)];
    const [dx, dy] = [vec[2 * i]! * k * map.scale, -vec[2 * i + 1]! * k * map.scale];
    const len = Math.hypot(dx, dy);
    if (!(len > 0.5)) continue;
    const [ux, uy] = [dx / len, dy / len];
    const [x1, y1] = [x0 + dx, y0 + dy];
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.moveTo(x1 - head * (ux - 0.5 * uy), y1 - head * (uy + 0.5 * ux));
    ctx.lineTo(x1, y1);
    ctx.lineTo(x1 - head * (ux + 0.5 * uy), y1 - head * (uy - 0.5 * ux));
  }
  ctx.stroke();
}

/** Each path from its start up to its t (the part already travelled), thick. */
function travelled(ctx: CanvasRenderingContext2D, map: SquareMap, p: SlowMoPicture) {
  ctx.strokeStyle = PALETTE.slowPoint;
  ctx.lineWidth = 2 * map.dpr;
  ctx.beginPath();
  p.paths.forEach((line, i) => {
    const frames = line.length / 2 - 1;
    const upTo = Math.max(1, Math.round(p.t[i]! * frames));
    tracePolyline(ctx, map, line.subarray(0, 2 * (upTo + 1)));
  });
  ctx.stroke();
}

/** A 0–1 axis along the bottom with a tick at every sampled t. */
function timeRug(ctx: CanvasRenderingContext2D, map: SquareMap, t: Float32Array) {
  const d = map.dpr;
  const [left, right, y] = [map.width * 0.12, map.width * 0.88, map.height - 22 * d];
  ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
  ctx.fillRect(left - 24 * d, y - 14 * d, right - left + 48 * d, 30 * d);
  ctx.strokeStyle = PALETTE.target;
  ctx.lineWidth = d;
  ctx.beginPath();
  ctx.moveTo(left, y);
  ctx.lineTo(right, y);
  ctx.stroke();
  ctx.strokeStyle = PALETTE.slowPoint;
  ctx.lineWidth = 1.5 * d;
  ctx.beginPath();
  for (const ti of t) {
    const x = left + ti * (right - left);
    ctx.moveTo(x, y - 9 * d);
    ctx.lineTo(x, y);
  }
  ctx.stroke();
  ctx.fillStyle = PALETTE.insetText;
  ctx.font = `${12 * d}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'center';
  ctx.fillText('t = 0', left, y + 3 * d);
  ctx.fillText('t = 1', right, y + 3 * d);
}

function fillStroke(ctx: CanvasRenderingContext2D, fill: string, map: SquareMap) {
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = map.dpr;
  ctx.strokeStyle = PALETTE.markerRing;
  ctx.stroke();
}

/** The conditional view at `stage`: the batch, its pairing, t, xt and the targets u. */
export function drawSlowMoBatch(
  ctx: CanvasRenderingContext2D,
  map: SquareMap,
  p: SlowMoPicture,
  stage: number,
): void {
  const d = map.dpr;
  if (stage >= 1) {
    ctx.strokeStyle = PALETTE.slowPair;
    ctx.lineWidth = d;
    ctx.beginPath();
    for (const line of p.paths) tracePolyline(ctx, map, line);
    ctx.stroke();
  }
  // The way travelled by t matters while t and xt are new; later it would hide the arrows.
  if (stage === 2 || stage === 3) travelled(ctx, map, p);
  dots(ctx, map, stage >= 1 ? p.start : p.noise, p.n, 3.5 * d);
  fillStroke(ctx, PALETTE.slowNoise, map);
  byLabel(ctx, map, p, p.x1, PALETTE.slowData, squares, 3.5 * d);
  if (stage >= 3) {
    dots(ctx, map, p.xt, p.n, 4.5 * d);
    fillStroke(ctx, PALETTE.slowPoint, map);
  }
  if (stage >= 4) arrows(ctx, map, p, p.u, arrowScale(p), PALETTE.slowTarget, 2);
  if (stage === 2) timeRug(ctx, map, p.tAll);
}

/** The learned view at `stage`: xt, then the network's v, then the errors v − u and their size. */
export function drawSlowMoNetwork(
  ctx: CanvasRenderingContext2D,
  map: SquareMap,
  p: SlowMoPicture,
  stage: number,
): void {
  if (stage < 3) return;
  const d = map.dpr;
  const k = arrowScale(p);
  if (stage >= 6) {
    // The size of each error: a ring of area ∝ ½‖v − u‖² (the largest 14 px across).
    const top = Math.max(...p.err);
    ctx.strokeStyle = PALETTE.slowError;
    ctx.lineWidth = d;
    ctx.beginPath();
    for (let i = 0; i < p.n && top > 0; i++) {
      const r = 14 * d * Math.sqrt(p.err[i]! / top);
      const [x, y] = [map.x(p.xt[2 * i]!), map.y(p.xt[2 * i + 1]!)];
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
    ctx.stroke();
    arrows(ctx, map, p, p.u, k, PALETTE.slowTarget, 1.5);
  }
  byLabel(ctx, map, p, p.xt, PALETTE.slowPoint, dots, 4 * d);
  if (stage >= 5) arrows(ctx, map, p, p.v, k, PALETTE.slowNetwork, 2);
  if (stage >= 6) {
    // v − u: dashed from the tip of u to the tip of v.
    ctx.setLineDash([4 * d, 3 * d]);
    ctx.strokeStyle = PALETTE.slowError;
    ctx.lineWidth = 1.5 * d;
    ctx.beginPath();
    for (let i = 0; i < p.n; i++) {
      const [x, y] = [p.xt[2 * i]!, p.xt[2 * i + 1]!];
      ctx.moveTo(map.x(x + k * p.u[2 * i]!), map.y(y + k * p.u[2 * i + 1]!));
      ctx.lineTo(map.x(x + k * p.v[2 * i]!), map.y(y + k * p.v[2 * i + 1]!));
    }
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
