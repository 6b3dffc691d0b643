/**
 * The data every column shares: the target, one set of particles (the same standard-normal
 * x0 for all, each scaled to its scheduler's source), and the highlighted pair's conditional
 * path per scheduler. Derived from the settings with flow/ and the playground's helpers.
 */
import { conditionalPathPolyline } from '../../flow/paths';
import type { Points, Scheduler } from '../../flow/types';
import type { Settings } from '../../state/settings';
import { makeParticles, scaledSource, type ParticleSet } from '../../render/particles';
import { WORLD_HALF } from '../../render/canvas';
import { targetPoints } from '../../state/target';
import { TRAINER_IDS, schedulerOfId, type CompareId, type CompareParams } from './compareSetup';

/** Particles per column (the worker samples each trainer's flow for all of them). */
export const MAX_PARTICLES = 1000;
const PAIR_FRAMES = 64;

export interface CompareScene {
  target: Points;
  particles: ParticleSet;
  schedulers: Record<CompareId, Scheduler>;
  /** x0 scaled to each scheduler's source: where its flow starts (VE: σ_max · x0). */
  sources: Record<CompareId, Points>;
  pair: number;
  pairPaths: Record<CompareId, Points>;
}

export function buildScene(settings: Settings, params: CompareParams, pair: number): CompareScene {
  const target = targetPoints(settings);
  const n = Math.min(settings.particles, MAX_PARTICLES);
  const particles = makeParticles(n, settings.seed, target, 'independent');
  const schedulers = {} as Record<CompareId, Scheduler>;
  const sources = {} as Record<CompareId, Points>;
  for (const id of TRAINER_IDS) {
    schedulers[id] = schedulerOfId(id, params);
    sources[id] = scaledSource(particles.x0, schedulers[id].sourceScale);
  }
  return withPair({ target, particles, schedulers, sources, pair, pairPaths: sources }, pair);
}

/** The scene with pair i highlighted: its conditional path x_t = α_t x1 + σ_t x0 per path. */
export function withPair(scene: CompareScene, pair: number): CompareScene {
  const { particles: p } = scene;
  const i = p.n > 0 ? pair % p.n : 0;
  const x0: [number, number] = [p.x0[2 * i] ?? 0, p.x0[2 * i + 1] ?? 0];
  const x1: [number, number] = [p.x1[2 * i] ?? 0, p.x1[2 * i + 1] ?? 0];
  const pairPaths = {} as Record<CompareId, Points>;
  for (const id of TRAINER_IDS) {
    pairPaths[id] = conditionalPathPolyline(scene.schedulers[id], x0, x1, PAIR_FRAMES);
  }
  return { ...scene, pair: i, pairPaths };
}

/** Half-width of a zoomed-out view that holds a source of this scale (about 3σ), or 0. */
export function insetHalf(s: Scheduler): number {
  return s.sourceScale > 1 ? Math.max(WORLD_HALF * 1.5, 3 * s.sourceScale) : 0;
}
