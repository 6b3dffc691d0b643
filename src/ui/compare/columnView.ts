/**
 * Per-frame drawing of one comparison column: the learned flow of the shared x0 at time t,
 * short trails, the highlighted pair's conditional path (dashed) beside the learned trajectory
 * from the same x0 (solid), and for VE an inset that shows its wide source to scale. Also the
 * static "paths" pictures of the coupling comparison. Nothing here allocates per particle.
 */
import type { Points, Scheduler } from '../../flow/types';
import { sizeCanvas, type SquareMap } from '../../render/canvas';
import { drawMarker, tracePolyline } from '../../render/overlays';
import { Raster, rgba } from '../../render/raster';
import type { ParticleSet } from '../../render/particles';
import { WORLD_HALF } from '../../render/canvas';
import { positionsAt, traceTrail, type Trajectory } from '../../render/trajectory';
import { PALETTE, PARTICLE_HUES } from '../theme';

/** What one column shows; the controller keeps it current. */
export interface ColumnScene {
  scheduler: Scheduler;
  target: Points;
  particles: ParticleSet;
  /** x0 scaled to this scheduler's source (VE: σ_max · x0), where the flow starts. */
  source: Points;
  traj: Trajectory | null;
  /** Index of the highlighted pair (x0_i, x1_i). */
  pair: number;
  /** The pair's conditional path as a polyline over t ∈ [0, 1]. */
  pairPath: Points;
  /** Half-width of the zoomed-out inset (VE), or 0 for none. */
  insetHalf: number;
}

const HUES = PARTICLE_HUES.map((h) => rgba(h, 1));
const BACKGROUND = rgba(PALETTE.canvas);
const TARGET = rgba('#9aa1ab');
const TRAILS = 300;
const TRAIL_SPAN = 0.12;
const INSET_FRACTION = 0.36;

/** A square map of side `size` px centred at (cx, cy): the inset's coordinates. */
function boxMap(cx: number, cy: number, size: number, half: number, dpr: number): SquareMap {
  const scale = size / (2 * half);
  return {
    scale,
    size,
    dpr,
    width: size,
    height: size,
    half,
    x: (wx) => cx + wx * scale,
    y: (wy) => cy - wy * scale,
    toWorld: (px, py) => [(px - cx) / scale, (cy - py) / scale],
  };
}

/** Particle i of a trajectory at t (linear between recorded frames). */
function pointOf(traj: Trajectory, i: number, t: number): [number, number] {
  const last = traj.frames - 1;
  if (last < 1) return [traj.data[2 * i]!, traj.data[2 * i + 1]!];
  const f = Math.min(1, Math.max(0, t)) * last;
  const k = Math.min(last - 1, Math.floor(f));
  const w = f - k;
  const a = 2 * (traj.n * k + i);
  const b = a + 2 * traj.n;
  return [
    traj.data[a]! + w * (traj.data[b]! - traj.data[a]!),
    traj.data[a + 1]! + w * (traj.data[b + 1]! - traj.data[a + 1]!),
  ];
}

/** Point of the polyline at t ∈ [0, 1] (linear between its vertices). */
function along(line: Points, t: number): [number, number] {
  const last = line.length / 2 - 1;
  const f = Math.min(1, Math.max(0, t)) * last;
  const k = Math.min(last - 1, Math.floor(f));
  const w = f - k;
  return [
    line[2 * k]! + w * (line[2 * k + 2]! - line[2 * k]!),
    line[2 * k + 1]! + w * (line[2 * k + 3]! - line[2 * k + 1]!),
  ];
}

export class ColumnCanvas {
  readonly ctx: CanvasRenderingContext2D;
  private readonly raster: Raster;
  private map: SquareMap;
  private positions = new Float32Array(0);

  constructor(readonly canvas: HTMLCanvasElement) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2D context unavailable');
    this.ctx = ctx;
    this.raster = new Raster(ctx);
    this.map = sizeCanvas(canvas, WORLD_HALF);
  }

  resize(): void {
    this.map = sizeCanvas(this.canvas, WORLD_HALF);
  }

  /** The particles' positions at t: learned trajectories, or the source before training. */
  private positionsAt(scene: ColumnScene, t: number): Points {
    const { traj, source } = scene;
    if (!traj) return source;
    if (this.positions.length !== 2 * traj.n) this.positions = new Float32Array(2 * traj.n);
    return positionsAt(traj, t, this.positions);
  }

  draw(scene: ColumnScene, t: number): void {
    const { map, raster, ctx } = this;
    const pos = this.positionsAt(scene, t);
    const hue = scene.particles.hue;
    raster.begin(map.width, map.height, BACKGROUND);
    raster.dots(map, scene.target, Math.max(1, Math.round(map.dpr)), () => TARGET);
    raster.dots(map, pos, Math.max(2, Math.round(1.6 * map.dpr)), (i) => HUES[hue[i]!]!);
    raster.end();
    const traj = scene.traj;
    if (traj && t > 0) {
      ctx.lineWidth = map.dpr;
      ctx.globalAlpha = 0.35;
      PARTICLE_HUES.forEach((color, h) => {
        ctx.strokeStyle = color;
        ctx.beginPath();
        for (let i = 0; i < Math.min(traj.n, TRAILS); i++) {
          if (hue[i] === h) traceTrail(ctx, map.x, map.y, traj, i, t, TRAIL_SPAN);
        }
        ctx.stroke();
      });
      ctx.globalAlpha = 1;
    }
    this.drawPair(map, scene, t);
    if (scene.insetHalf > 0) this.drawInset(scene, pos, t);
  }

  /** Dashed conditional path of the pair, its x1, the learned path from the same x0. */
  private drawPair(map: SquareMap, scene: ColumnScene, t: number, small = false): void {
    const { ctx } = this;
    const i = scene.pair;
    const r = small ? 0.6 : 1;
    ctx.setLineDash([5 * map.dpr * r, 4 * map.dpr * r]);
    ctx.strokeStyle = PALETTE.conditionalPath;
    ctx.lineWidth = 2 * map.dpr * r;
    ctx.beginPath();
    tracePolyline(ctx, map, scene.pairPath);
    ctx.stroke();
    ctx.setLineDash([]);
    const x1: [number, number] = [scene.particles.x1[2 * i]!, scene.particles.x1[2 * i + 1]!];
    const [cx, cy] = along(scene.pairPath, t);
    const traj = scene.traj;
    if (traj && i < traj.n) {
      ctx.strokeStyle = PALETTE.launch;
      ctx.lineWidth = 2 * map.dpr * r;
      ctx.beginPath();
      traceTrail(ctx, map.x, map.y, traj, i, t, t);
      ctx.stroke();
      const [px, py] = pointOf(traj, i, t);
      drawMarker(ctx, map, px, py, PALETTE.launch, 4 * r);
    }
    ctx.beginPath();
    ctx.arc(map.x(x1[0]), map.y(x1[1]), 6 * map.dpr * r, 0, 2 * Math.PI);
    ctx.strokeStyle = PALETTE.conditionalPath;
    ctx.lineWidth = 2 * map.dpr * r;
    ctx.stroke();
    drawMarker(ctx, map, cx, cy, PALETTE.conditionalPath, 4.5 * r);
  }

  /** A zoomed-out square in the top-right corner, the main view's square outlined. */
  private drawInset(scene: ColumnScene, pos: Points, t: number): void {
    const { ctx, map } = this;
    const size = Math.round(INSET_FRACTION * Math.min(map.width, map.height));
    const pad = 4 * map.dpr;
    const left = map.width - size - pad;
    const top = pad;
    const inset = boxMap(left + size / 2, top + size / 2, size, scene.insetHalf, map.dpr);
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, size, size);
    ctx.fillStyle = '#fbfbfc';
    ctx.fill();
    ctx.clip();
    const dot = Math.max(1, Math.round(map.dpr));
    const hue = scene.particles.hue;
    PARTICLE_HUES.forEach((color, h) => {
      ctx.fillStyle = color;
      for (let i = 0; i < pos.length / 2; i++) {
        if (hue[i] === h) ctx.fillRect(inset.x(pos[2 * i]!), inset.y(pos[2 * i + 1]!), dot, dot);
      }
    });
    ctx.setLineDash([3 * map.dpr, 3 * map.dpr]);
    ctx.strokeStyle = '#3a3f47';
    ctx.lineWidth = map.dpr;
    const side = 2 * WORLD_HALF * inset.scale;
    ctx.strokeRect(inset.x(-WORLD_HALF), inset.y(WORLD_HALF), side, side);
    ctx.setLineDash([]);
    this.drawPair(inset, scene, t, true);
    ctx.restore();
    ctx.strokeStyle = '#545d69';
    ctx.lineWidth = map.dpr;
    ctx.strokeRect(left + 0.5, top + 0.5, size - 1, size - 1);
    ctx.fillStyle = '#1b2129';
    ctx.font = `${Math.round(11 * map.dpr)}px system-ui, sans-serif`;
    ctx.fillText(
      `×${(scene.insetHalf / WORLD_HALF).toFixed(1)}`,
      left + 4 * map.dpr,
      top + size - 5 * map.dpr,
    );
  }
}

/** Full learned trajectories of the first `count` particles (static; the coupling pictures). */
export function drawPaths(
  canvas: HTMLCanvasElement,
  target: Points,
  particles: ParticleSet,
  traj: Trajectory | null,
  count = 150,
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const map = sizeCanvas(canvas, WORLD_HALF);
  ctx.fillStyle = PALETTE.canvas;
  ctx.fillRect(0, 0, map.width, map.height);
  ctx.fillStyle = '#9aa1ab';
  const dot = Math.max(1, Math.round(map.dpr));
  for (let i = 0; i < target.length / 2; i++) {
    ctx.fillRect(map.x(target[2 * i]!), map.y(target[2 * i + 1]!), dot, dot);
  }
  if (!traj) return;
  ctx.lineWidth = 1.2 * map.dpr;
  ctx.globalAlpha = 0.7;
  PARTICLE_HUES.forEach((color, h) => {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (let i = 0; i < Math.min(count, traj.n); i++) {
      if (particles.hue[i] === h) traceTrail(ctx, map.x, map.y, traj, i, 1, 1);
    }
    ctx.stroke();
  });
  ctx.globalAlpha = 1;
}
