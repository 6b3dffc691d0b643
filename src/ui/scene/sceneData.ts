/**
 * The derived data the views draw, computed from the settings with flow/ (never re-derived
 * here): the scheduler, the paired particles, a sample of conditional path lines, the exact
 * marginal field on a grid (cached per t), and a launched particle's conditional paths.
 */
import { marginalVelocity } from '../../flow/marginal';
import { conditionalPathPolyline, noiseThrough } from '../../flow/paths';
import { createRng, sampleNormal } from '../../flow/rng';
import { makeScheduler } from '../../flow/schedulers';
import type { Points, Scheduler } from '../../flow/types';
import type { Settings } from '../../state/settings';
import { fieldGrid } from '../../render/overlays';
import { makeParticles, type ParticleSet } from '../../render/particles';
import { WORLD_HALF } from '../../render/canvas';
import {
  isConditional,
  sampleLabels,
  targetClasses,
  targetLabels,
  targetPoints,
} from '../../state/target';
import { swatchIndex } from '../../render/classColors';
import type { FieldSample, SceneClasses, SceneData } from './views';

export const FIELD_GRID = 21;
const FIELD_CELL = (2 * WORLD_HALF) / FIELD_GRID;
const PATH_LINES = 200;
const PATH_FRAMES = 48;
/** The exact field sums over every target point per grid point; a subsample keeps it cheap. */
const EXACT_FIELD_TARGETS = 600;
const LAUNCH_TARGETS = 6;

export const GRID: Points = fieldGrid(WORLD_HALF, FIELD_GRID);

export function schedulerOf(s: Settings): Scheduler {
  try {
    return makeScheduler(s.scheduler, s.schedulerParams);
  } catch {
    return makeScheduler(s.scheduler);
  }
}

export function particlesOf(s: Settings, target: Points): ParticleSet {
  return makeParticles(s.particles, s.seed, target, s.coupling, targetLabels(s), isConditional(s));
}

/**
 * The views' class colours of a conditional setup (null otherwise): the conditional view
 * colours each pair by its target point's class, the learned view each particle by the class
 * it is sampled with (∅ grey), and the target points behind them by theirs.
 */
export function classesOf(s: Settings, p: ParticleSet): SceneClasses | null {
  if (!isConditional(s)) return null;
  const k = targetClasses(s);
  const sample = sampleLabels(s, p.n) ?? new Uint8Array(p.n);
  return {
    pair: swatchIndex(p.pairLabel ?? new Uint8Array(p.n), k),
    sample: swatchIndex(sample, k),
    target: swatchIndex(targetLabels(s), k),
  };
}

/**
 * Each particle's fixed offset σ ε around its path (seeded; null when σ = 0). The view keeps
 * one ε per particle so points move smoothly; training draws a fresh ε for every sample.
 */
export function pathNoiseOf(s: Settings, n: number): Points | null {
  if (!(s.pathSigma > 0)) return null;
  return sampleNormal(n, createRng((s.seed ^ 0x51d3) >>> 0), s.pathSigma);
}

/** Polylines of the first pairs' conditional paths (straight for OT, arcs for VP, …). */
export function pathLinesOf(sch: Scheduler, p: ParticleSet): Points[] {
  const lines: Points[] = [];
  for (let i = 0; i < Math.min(PATH_LINES, p.n); i++) {
    const x0: [number, number] = [p.x0[2 * i]!, p.x0[2 * i + 1]!];
    const x1: [number, number] = [p.x1[2 * i]!, p.x1[2 * i + 1]!];
    lines.push(conditionalPathPolyline(sch, x0, x1, PATH_FRAMES));
  }
  return lines;
}

/** Every k-th point so that at most `max` remain. */
function subsample(points: Points, max: number): Points {
  const n = points.length / 2;
  if (n <= max) return points;
  const out = new Float32Array(2 * max);
  for (let i = 0; i < max; i++) {
    const j = Math.floor((i * n) / max);
    out[2 * i] = points[2 * j]!;
    out[2 * i + 1] = points[2 * j + 1]!;
  }
  return out;
}

/**
 * u*_t on the grid, from flow/marginal.ts, memoised per t (to 1/200); with σ around the path
 * the field the network is trained toward, weights ∝ N(x; α_t x1ⁱ, (σ_t² + σ²) I).
 */
export function exactFieldOf(
  sch: Scheduler,
  target: Points,
  pathSigma: number,
): ((t: number) => FieldSample) | null {
  if (target.length < 2) return null;
  const u = marginalVelocity(sch, subsample(target, EXACT_FIELD_TARGETS), pathSigma);
  const cache = new Map<number, Points>();
  return (t) => {
    const key = Math.round(t * 200);
    let v = cache.get(key);
    if (!v) {
      v = new Float32Array(GRID.length);
      u(GRID, key / 200, v);
      cache.set(key, v);
    }
    return { grid: GRID, v, cell: FIELD_CELL };
  };
}

export function learnedFieldSample(v: Points): FieldSample {
  return { grid: GRID, v, cell: FIELD_CELL };
}

/** Conditional paths from a clicked point to a few target points (random, seeded by click). */
export function launchPaths(
  sch: Scheduler,
  start: [number, number],
  target: Points,
  clickCount: number,
): Points[] {
  const m = target.length / 2;
  if (m === 0) return [];
  const rng = createRng(0xc11c + clickCount);
  return Array.from({ length: Math.min(LAUNCH_TARGETS, m) }, () => {
    const j = rng.int(m);
    const x1: [number, number] = [target[2 * j]!, target[2 * j + 1]!];
    // Each path starts at the clicked point itself (VE's start is x1 + σ_max x0, not the click).
    return conditionalPathPolyline(sch, noiseThrough(sch, start, x1), x1, PATH_FRAMES);
  });
}

/** The scene the settings describe, before any training (no learned trajectories yet). */
export function sceneOf(s: Settings): SceneData {
  const target = targetPoints(s);
  const scheduler = schedulerOf(s);
  const particles = particlesOf(s, target);
  return {
    scheduler,
    target,
    particles,
    overlays: s.overlays,
    learned: null,
    launch: null,
    pathLines: pathLinesOf(scheduler, particles),
    pathSigma: s.pathSigma,
    pathNoise: pathNoiseOf(s, particles.n),
    exactField: exactFieldOf(scheduler, target, s.pathSigma),
    learnedField: null,
    pair: null,
    slowmo: null,
    classes: classesOf(s, particles),
  };
}
