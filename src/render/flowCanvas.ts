/**
 * What both pages draw particles with: a canvas sized to the world square, a pixel raster for
 * the target points and the particles (one colour per x0 sector), and trails of the learned
 * trajectories. Plain functions of the data; nothing allocates per particle.
 */
import type { Points } from '../flow/types';
import { sizeCanvas, squareMap, WORLD_HALF, type SquareMap } from './canvas';
import { PALETTE, PARTICLE_HUES } from './palette';
import { Raster, rgba } from './raster';
import { positionsAt, traceTrail, type Trajectory } from './trajectory';

const HUES = PARTICLE_HUES.map((h) => rgba(h, 1));
const BACKGROUND = rgba(PALETTE.canvas);
const TARGET = rgba(PALETTE.targetFaint);
/** Length of a trail in t (the last 12 % of the path so far). */
export const TRAIL_SPAN = 0.12;

/** A canvas, its 2D context, its raster and its world map, kept across frames. */
export class FlowCanvas {
  readonly ctx: CanvasRenderingContext2D;
  readonly raster: Raster;
  map: SquareMap;
  private positions = new Float32Array(0);

  constructor(readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2D context unavailable');
    this.ctx = ctx;
    this.raster = new Raster(ctx);
    this.map = sizeCanvas(canvas, WORLD_HALF);
  }

  /** The canvas changed size: refit the world square. */
  resize(): void {
    this.map = sizeCanvas(this.canvas, WORLD_HALF);
  }

  /** Fixes the pixel size (exports: a detached canvas has no CSS box); dpr scales dots and lines. */
  fixSize(width: number, height: number, dpr: number): void {
    this.canvas.width = width;
    this.canvas.height = height;
    this.map = squareMap(width, height, WORLD_HALF, dpr);
  }

  /** A reusable buffer for n positions. */
  buffer(n: number): Points {
    if (this.positions.length !== 2 * n) this.positions = new Float32Array(2 * n);
    return this.positions;
  }

  /** Positions of a trajectory's particles at t, in the reusable buffer. */
  positionsAt(traj: Trajectory, t: number): Points {
    return positionsAt(traj, t, this.buffer(traj.n));
  }
}

/**
 * Background, the faint target points, and the first n particles at `pos` coloured by hue
 * (or by `colorOf`, e.g. the NFE heat map).
 */
export function paintParticles(
  view: FlowCanvas,
  target: Points,
  pos: Points,
  n: number,
  hue: Uint8Array,
  colorOf?: (i: number) => number,
  targetColorOf?: (i: number) => number,
): void {
  const { map, raster } = view;
  raster.begin(map.width, map.height, BACKGROUND);
  raster.dots(map, target, Math.max(1, Math.round(map.dpr)), targetColorOf ?? (() => TARGET));
  const size = Math.max(2, Math.round(1.6 * map.dpr));
  raster.dots(map, pos.subarray(0, 2 * n), size, colorOf ?? ((i) => HUES[hue[i]!]!));
  raster.end();
}

/**
 * Trails of the first `count` particles, from t − span to t, one stroke per hue (an index
 * into `colors`, PARTICLE_HUES unless given, e.g. the class colours).
 * span = t and alpha 0.7 at t = 1 draws whole trajectories (the static path pictures).
 */
export function drawTrails(
  ctx: CanvasRenderingContext2D,
  map: SquareMap,
  traj: Trajectory,
  hue: Uint8Array,
  t: number,
  options: {
    count: number;
    span?: number;
    alpha?: number;
    width?: number;
    colors?: readonly string[];
  },
): void {
  const count = Math.min(traj.n, options.count);
  ctx.lineWidth = (options.width ?? 1) * map.dpr;
  ctx.globalAlpha = options.alpha ?? 0.35;
  (options.colors ?? PARTICLE_HUES).forEach((color, h) => {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (let i = 0; i < count; i++) {
      if (hue[i] === h) traceTrail(ctx, map.x, map.y, traj, i, t, options.span ?? TRAIL_SPAN);
    }
    ctx.stroke();
  });
  ctx.globalAlpha = 1;
}
