/**
 * Per-frame drawing of one comparison column: the learned flow of the shared x0 at time t,
 * short trails, the highlighted pair's conditional path (dashed) beside the learned trajectory
 * from the same x0 (solid), and for VE an inset that shows its wide source to scale. Also the
 * static "paths" pictures of the coupling comparison. Nothing here allocates per particle.
 */
import type { Points, Scheduler } from '../../flow/types';
import { sizeCanvas, WORLD_HALF, type SquareMap } from '../../render/canvas';
import { drawTrails, FlowCanvas, paintParticles } from '../../render/flowCanvas';
import { drawMarker, drawPathBands, tracePolyline } from '../../render/overlays';
import { PALETTE, PARTICLE_HUES } from '../../render/palette';
import type { ParticleSet } from '../../render/particles';
import { pointAt, traceTrail, type Trajectory } from '../../render/trajectory';

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
  /** σ around the path (OT with σ): a band of half-width 2σ around the pair's path; else 0. */
  pathSigma?: number;
}

const TRAILS = 300;
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

export class ColumnCanvas extends FlowCanvas {
  draw(scene: ColumnScene, t: number): void {
    const { map, ctx } = this;
    const traj = scene.traj;
    // Before training the particles sit at the source the flow will start from.
    const pos = traj ? this.positionsAt(traj, t) : scene.source;
    const hue = scene.particles.hue;
    paintParticles(this, scene.target, pos, pos.length / 2, hue);
    if (traj && t > 0) drawTrails(ctx, map, traj, hue, t, { count: TRAILS });
    // 95 % of the training points of this pair lie in the band (as in the conditional view).
    if (scene.pathSigma) drawPathBands(ctx, map, [scene.pairPath], 2 * scene.pathSigma);
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
      const [px, py] = pointAt(traj, i, t);
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
    ctx.fillStyle = PALETTE.insetBackground;
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
    ctx.strokeStyle = PALETTE.target;
    ctx.lineWidth = map.dpr;
    const side = 2 * WORLD_HALF * inset.scale;
    ctx.strokeRect(inset.x(-WORLD_HALF), inset.y(WORLD_HALF), side, side);
    ctx.setLineDash([]);
    this.drawPair(inset, scene, t, true);
    ctx.restore();
    ctx.strokeStyle = PALETTE.insetFrame;
    ctx.lineWidth = map.dpr;
    ctx.strokeRect(left + 0.5, top + 0.5, size - 1, size - 1);
    ctx.fillStyle = PALETTE.insetText;
    ctx.font = `${Math.round(12 * map.dpr)}px system-ui, sans-serif`;
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
  ctx.fillStyle = PALETTE.targetFaint;
  const dot = Math.max(1, Math.round(map.dpr));
  for (let i = 0; i < target.length / 2; i++) {
    ctx.fillRect(map.x(target[2 * i]!), map.y(target[2 * i + 1]!), dot, dot);
  }
  if (!traj) return;
  drawTrails(ctx, map, traj, particles.hue, 1, { count, span: 1, alpha: 0.7, width: 1.2 });
}
