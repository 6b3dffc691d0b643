/**
 * Per-frame drawing of the two views from the scene's current data and t. One CanvasView per
 * canvas keeps its context, pixel buffer and size; nothing here allocates per particle.
 */
import { conditionalPathPolyline, conditionalPoint } from '../../flow/paths';
import type { Points, Scheduler } from '../../flow/types';
import type { Overlays } from '../../state/settings';
import { drawTrails, FlowCanvas, paintParticles } from '../../render/flowCanvas';
import { drawArrows, drawMarker, drawPathBands, tracePolyline } from '../../render/overlays';
import { nfeColorOf, nfeRange } from '../../render/nfeHeat';
import { PALETTE } from '../../render/palette';
import { CLASS_RGBA, CLASS_RGBA_FAINT, CLASS_SWATCHES } from '../../render/classColors';
import type { ParticleSet } from '../../render/particles';
import { DensityLayer } from '../../render/raster';
import { drawSlowMoBatch, drawSlowMoNetwork, type SlowMoPicture } from '../../render/slowmo';
import type { MountedView, ViewRegistry } from '../engine/viewHost';
import { pointAt, traceTrail, type Trajectory } from '../../render/trajectory';

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
  /** σ around the path (0: none) and each particle's fixed offset σ ε (null when σ = 0). */
  pathSigma: number;
  pathNoise: Points | null;
  exactField: ((t: number) => FieldSample) | null;
  learnedField: FieldSample | null;
  /** Index of the highlighted pair (a lesson's `pair` action), or null. */
  pair: number | null;
  /** A training step shown in slow motion (ui/slowmo/): its pairs and the stage shown. */
  slowmo: { picture: SlowMoPicture; stage: number } | null;
  /** Class colours (render/classColors.ts swatch indices) when conditional; null: by x0's angle. */
  classes: SceneClasses | null;
}

/** Swatch indices: of each pair's target class, each sampled particle's class, each target point. */
export interface SceneClasses {
  pair: Uint8Array;
  sample: Uint8Array;
  target: Uint8Array;
}

const classColor = (idx: Uint8Array) => (i: number) => CLASS_RGBA[idx[i]!]!;

const TRAIL_PARTICLES = 1200;
/** Paths drawn with their σ band: enough to see the tube, few enough to see each band. */
const BAND_PATHS = 16;
const PAIR_FRAMES = 48;

/** One view's canvas, plus the density layer of the particles. */
export class CanvasView extends FlowCanvas {
  /** Made on first use: most sessions never switch the density overlay on. */
  private density: DensityLayer | null = null;

  /** Background, optional density, faint targets and the particles at `pos`. */
  paint(scene: SceneData, pos: Points, n: number, colorOf?: (i: number) => number): void {
    const c = scene.classes;
    const faint = c && c.target.length === scene.target.length / 2 ? c.target : null;
    const targetColor = faint ? (i: number) => CLASS_RGBA_FAINT[faint[i]!]! : undefined;
    paintParticles(this, scene.target, pos, n, scene.particles.hue, colorOf, targetColor);
    if (scene.overlays.density && n > 0) {
      this.density ??= new DensityLayer();
      this.density.draw(this.ctx, this.map, pos.subarray(0, 2 * n), PALETTE.density);
    }
  }
}

/**
 * Left: x_t = α_t x1 + σ_t x0 (+ σ ε) for each pair, the ±2σ bands when σ > 0, optional path
 * lines, the exact marginal field.
 */
export function drawConditional(view: CanvasView, scene: SceneData, t: number): void {
  const { particles: p, scheduler: s } = scene;
  if (scene.slowmo) {
    view.paint(scene, p.x0, 0);
    drawSlowMoBatch(view.ctx, view.map, scene.slowmo.picture, scene.slowmo.stage);
    return;
  }
  const tc = Math.min(Math.max(t, s.tMin), s.tMax);
  const pos = conditionalPoint(s, p.x0, p.x1, tc, view.buffer(p.n));
  const noise = scene.pathNoise;
  if (noise && noise.length === pos.length)
    for (let i = 0; i < pos.length; i++) pos[i]! += noise[i]!;
  view.paint(scene, pos, p.n, scene.classes ? classColor(scene.classes.pair) : undefined);
  const { ctx, map } = view;
  if (scene.pathSigma > 0) {
    drawPathBands(ctx, map, scene.pathLines.slice(0, BAND_PATHS), 2 * scene.pathSigma);
  }
  if (scene.overlays.pathLines && scene.pathLines.length > 0) {
    ctx.strokeStyle = PALETTE.pathLine;
    ctx.lineWidth = map.dpr;
    ctx.beginPath();
    for (const line of scene.pathLines) tracePolyline(ctx, map, line);
    ctx.stroke();
  }
  if (scene.overlays.exactField && scene.exactField) {
    const f = scene.exactField(tc);
    drawArrows(ctx, map, f.grid, f.v, PALETTE.exactField, f.cell);
  }
  if (scene.pair !== null && scene.pair < p.n) drawPair(view, s, p, scene.pair, tc);
}

/** One pair's whole conditional path, dashed, and its particle at t, ringed. */
function drawPair(view: CanvasView, s: Scheduler, p: ParticleSet, i: number, t: number): void {
  const { ctx, map } = view;
  const x0: [number, number] = [p.x0[2 * i]!, p.x0[2 * i + 1]!];
  const x1: [number, number] = [p.x1[2 * i]!, p.x1[2 * i + 1]!];
  ctx.setLineDash([6 * map.dpr, 4 * map.dpr]);
  ctx.strokeStyle = PALETTE.conditionalPath;
  ctx.lineWidth = 2.5 * map.dpr;
  ctx.beginPath();
  tracePolyline(ctx, map, conditionalPathPolyline(s, x0, x1, PAIR_FRAMES));
  ctx.stroke();
  ctx.setLineDash([]);
  const at = conditionalPoint(s, Float32Array.from(x0), Float32Array.from(x1), t);
  drawMarker(ctx, map, x1[0], x1[1], PALETTE.conditionalPath, 4);
  drawMarker(ctx, map, at[0]!, at[1]!, PALETTE.launch, 6);
}

/** Right: the learned trajectories at t, trails, the learned field, a launched particle. */
export function drawLearned(view: CanvasView, scene: SceneData, t: number): void {
  const { learned, particles: p } = scene;
  if (scene.slowmo) {
    view.paint(scene, p.x0, 0);
    drawSlowMoNetwork(view.ctx, view.map, scene.slowmo.picture, scene.slowmo.stage);
    return;
  }
  const usable = learned && learned.n <= p.n ? learned : null;
  const n = usable ? usable.n : p.n;
  const pos = usable ? view.positionsAt(usable, t) : p.x0;
  const classes = scene.classes && scene.classes.sample.length >= n ? scene.classes.sample : null;
  const heat = scene.overlays.nfeHeat && usable?.nfe ? heatColors(usable.nfe) : undefined;
  view.paint(scene, pos, usable ? n : 0, heat ?? (classes ? classColor(classes) : undefined));
  const { ctx, map } = view;
  if (usable && scene.overlays.trails && t > 0) {
    const colors = classes ? { colors: CLASS_SWATCHES } : {};
    drawTrails(ctx, map, usable, classes ?? p.hue, t, { count: TRAIL_PARTICLES, ...colors });
  }
  if (scene.overlays.learnedField && scene.learnedField) {
    const f = scene.learnedField;
    drawArrows(ctx, map, f.grid, f.v, PALETTE.field, f.cell);
  }
  if (scene.launch) drawLaunch(view, scene.launch, t);
}

/** Viridis by each particle's adaptive NFE, between the sample's fewest and most. */
function heatColors(nfe: Uint16Array): (i: number) => number {
  const { min, max } = nfeRange(nfe);
  return nfeColorOf(nfe, min, max);
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
    at = pointAt(launch.path, 0, t);
  }
  for (const line of launch.conditional) {
    const k = line.length - 2;
    drawMarker(ctx, map, line[k]!, line[k + 1]!, PALETTE.conditionalPath, 3);
  }
  drawMarker(ctx, map, at[0], at[1], PALETTE.launch, 5);
}

/** The playground's views by id: each draws the engine's current scene data. */
export type PlaygroundViewId = 'conditional' | 'learned';

/** The registry of the playground's views, reading the scene the engine keeps current. */
export function playgroundViews(scene: () => SceneData): ViewRegistry<PlaygroundViewId> {
  const part = (view: CanvasView, draw: typeof drawLearned): MountedView => ({
    draw: (t) => draw(view, scene(), t),
    resize: () => view.resize(),
    toWorld: (x, y) => view.map.toWorld(x * view.map.dpr, y * view.map.dpr),
  });
  return {
    conditional: (canvas) => part(new CanvasView(canvas), drawConditional),
    learned: (canvas) => part(new CanvasView(canvas), drawLearned),
  };
}

/**
 * One frame of view `kind` at t on a new detached canvas of (cssWidth × cssHeight) × scale
 * pixels (exports: PNG, GIF and WebM frames), drawn exactly as on screen at that pixel ratio.
 */
export function renderView(
  kind: PlaygroundViewId,
  scene: SceneData,
  cssWidth: number,
  cssHeight: number,
  scale: number,
  t: number,
  canvas: HTMLCanvasElement = document.createElement('canvas'),
): HTMLCanvasElement {
  const view = new CanvasView(canvas);
  view.fixSize(Math.round(cssWidth * scale), Math.round(cssHeight * scale), scale);
  (kind === 'learned' ? drawLearned : drawConditional)(view, scene, t);
  return canvas;
}
