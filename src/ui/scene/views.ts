/**
 * Per-frame drawing of the two views from the scene's current data and t. One CanvasView per
 * canvas keeps its context, pixel buffer and size; nothing here allocates per particle.
 */
import { conditionalPoint } from '../../flow/paths';
import type { Points, Scheduler } from '../../flow/types';
import type { Overlays } from '../../state/settings';
import { PALETTE, PARTICLE_HUES } from '../theme';
import { sizeCanvas, type SquareMap } from '../../render/canvas';
import { drawArrows, drawMarker, tracePolyline } from '../../render/overlays';
import type { ParticleSet } from '../../render/particles';
import { DensityLayer, Raster, rgba } from '../../render/raster';
import { WORLD_HALF } from '../../render/canvas';
import { positionsAt, traceTrail, type Trajectory } from '../../render/trajectory';

export interface Launch {
  x0: [number, number];
  path: Trajectory | null;
  /** Conditional paths from x0 to a few targets, as polylines. */
  conditional: Points[];
}

export interface FieldSample {
  grid: Points;
  v: Points;
  cell: number;
}

/** What a frame needs; the engine keeps it current. */
export interface SceneData {
  scheduler: Scheduler;
  target: Points;
  particles: ParticleSet;
  overlays: Overlays;
  learned: Trajectory | null;
  launch: Launch | null;
  pathLines: Points[];
  exactField: ((t: number) => FieldSample) | null;
  learnedField: FieldSample | null;
}

const HUES = PARTICLE_HUES.map((h) => rgba(h, 1));
const BACKGROUND = rgba(PALETTE.canvas);
const TARGET = rgba('#9aa1ab');
const TRAIL_PARTICLES = 1200;
const TRAIL_SPAN = 0.12;

export class CanvasView {
  readonly ctx: CanvasRenderingContext2D;
  readonly raster: Raster;
  readonly density = new DensityLayer();
  map: SquareMap;
  positions = new Float32Array(0);

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

  /** Background, optional density, faint targets and the particles at `pos`. */
  paint(scene: SceneData, pos: Points, n: number): void {
    const { map, raster } = this;
    raster.begin(map.width, map.height, BACKGROUND);
    raster.dots(map, scene.target, Math.max(1, Math.round(map.dpr)), () => TARGET);
    const hue = scene.particles.hue;
    const size = Math.max(2, Math.round(1.6 * map.dpr));
    raster.dots(map, pos.subarray(0, 2 * n), size, (i) => HUES[hue[i]!]!);
    raster.end();
    if (scene.overlays.density && n > 0) {
      this.density.draw(this.ctx, map, pos.subarray(0, 2 * n), '#56b4e9');
    }
  }

  ensure(n: number): Points {
    if (this.positions.length !== 2 * n) this.positions = new Float32Array(2 * n);
    return this.positions;
  }
}

/** Left: x_t = α_t x1 + σ_t x0 for each pair, optional path lines, the exact marginal field. */
export function drawConditional(view: CanvasView, scene: SceneData, t: number): void {
  const { particles: p, scheduler: s } = scene;
  const tc = Math.min(Math.max(t, s.tMin), s.tMax);
  const pos = conditionalPoint(s, p.x0, p.x1, tc, view.ensure(p.n));
  view.paint(scene, pos, p.n);
  const { ctx, map } = view;
  if (scene.overlays.pathLines && scene.pathLines.length > 0) {
    ctx.strokeStyle = 'rgba(204, 121, 167, 0.22)';
    ctx.lineWidth = map.dpr;
    ctx.beginPath();
    for (const line of scene.pathLines) tracePolyline(ctx, map, line);
    ctx.stroke();
  }
  if (scene.overlays.exactField && scene.exactField) {
    const f = scene.exactField(tc);
    drawArrows(ctx, map, f.grid, f.v, PALETTE.exactField, f.cell);
  }
}

/** Right: the learned trajectories at t, trails, the learned field, a launched particle. */
export function drawLearned(view: CanvasView, scene: SceneData, t: number): void {
  const { learned, particles: p } = scene;
  const usable = learned && learned.n <= p.n ? learned : null;
  const n = usable ? usable.n : p.n;
  const pos = usable ? positionsAt(usable, t, view.ensure(n)) : p.x0;
  view.paint(scene, pos, usable ? n : 0);
  const { ctx, map } = view;
  if (usable && scene.overlays.trails && t > 0) {
    ctx.lineWidth = map.dpr;
    const count = Math.min(n, TRAIL_PARTICLES);
    PARTICLE_HUES.forEach((hue, h) => {
      ctx.strokeStyle = hue;
      ctx.globalAlpha = 0.35;
      ctx.beginPath();
      for (let i = 0; i < count; i++) {
        if (p.hue[i] === h) traceTrail(ctx, map.x, map.y, usable, i, t, TRAIL_SPAN);
      }
      ctx.stroke();
    });
    ctx.globalAlpha = 1;
  }
  if (scene.overlays.learnedField && scene.learnedField) {
    const f = scene.learnedField;
    drawArrows(ctx, map, f.grid, f.v, PALETTE.field, f.cell);
  }
  if (scene.launch) drawLaunch(view, scene.launch, t);
}

function drawLaunch(view: CanvasView, launch: Launch, t: number): void {
  const { ctx, map } = view;
  ctx.setLineDash([6 * map.dpr, 4 * map.dpr]);
  ctx.strokeStyle = PALETTE.conditionalPath;
  ctx.lineWidth = 1.5 * map.dpr;
  ctx.beginPath();
  for (const line of launch.conditional) tracePolyline(ctx, map, line);
  ctx.stroke();
  ctx.setLineDash([]);
  let at: [number, number] = launch.x0;
  if (launch.path) {
    ctx.strokeStyle = PALETTE.launch;
    ctx.lineWidth = 2.5 * map.dpr;
    ctx.beginPath();
    traceTrail(ctx, map.x, map.y, launch.path, 0, 1, 1);
    ctx.stroke();
    const out = new Float32Array(2);
    positionsAt(launch.path, t, out);
    at = [out[0]!, out[1]!];
  }
  for (const line of launch.conditional) {
    const k = line.length - 2;
    drawMarker(ctx, map, line[k]!, line[k + 1]!, PALETTE.conditionalPath, 3);
  }
  drawMarker(ctx, map, at[0], at[1], PALETTE.launch, 5);
}
