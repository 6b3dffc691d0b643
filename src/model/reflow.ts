/**
 * Reflow (rectified flow, Liu, Gong & Liu 2022; docs/sigma-and-reflow.md): sample fixed pairs
 * (x0, x1 = ODE_θ(x0)) from a trained flow, train a second network on exactly those pairs on
 * the same path, and repeat. The new coupling is deterministic, so its conditional paths
 * cross less, the learned flow is straighter and one or two Euler steps land closer to the
 * target. Its settings are in flow/reflow.ts. Shared by the worker (the playground's Reflow button) and the headless trainer.
 */
import { straightness, w2Exact } from '../flow/metrics';
import { reflowSeed, type ReflowOptions } from '../flow/reflow';
import { createRng, sampleNormal } from '../flow/rng';
import type { Points, Rng, Scheduler } from '../flow/types';
import type { AnyTrainer } from './engine';
import type { VelocityMlp } from './mlp';
import { sampleFlow } from './sampler';
import type { TrainerConfig } from './trainerConfig';

/** Fixed pairs: x0 standard normal (as training draws it), x1 the flow's image of x0. */
export interface ReflowPairs {
  x0: Points;
  x1: Points;
}

/**
 * n pairs (x0, x1 = ODE_θ(x0)): x0 ~ N(0, I) from `rng`, integrated from sourceScale·x0 (the
 * ODE's start, σ_max·x0 for VE) with RK4 over `steps` steps. x0 is kept unscaled, because
 * training forms xt = α_t x1 + σ_t x0 from a standard x0.
 */
export async function reflowPairs(
  mlp: VelocityMlp,
  scheduler: Scheduler,
  n: number,
  steps: number,
  rng: Rng,
): Promise<ReflowPairs> {
  const x0 = sampleNormal(n, rng);
  const start = x0.map((v) => v * scheduler.sourceScale);
  const { x } = await sampleFlow(mlp, start, { solver: 'rk4', steps, scheduler });
  if (!x.every(Number.isFinite)) throw new Error('the flow sent some points to infinity');
  return { x0, x1: x };
}

/** What the Reflow table shows for one flow. */
export interface FlowFigures {
  /** Mean chord / length of the learned trajectories on the fixed RK4 100-step grid. */
  straightness: number;
  /** Exact W2 to the reference after one Euler step (NFE 1), and after two (NFE 2). */
  w2Euler1: number;
  w2Euler2: number;
  /** The 1-step Euler samples themselves (what the mini views draw). */
  oneStep: Points;
}

/** Path metrics on a fixed fine grid (MATH.md §2), never on the display's grid. */
export const STRAIGHTNESS_GRID = { solver: 'rk4', steps: 100 } as const;

const w2Of = (x: Points, reference: Points) =>
  x.every(Number.isFinite) ? w2Exact(x, reference) : Infinity;

/**
 * Straightness and 1- and 2-step Euler quality of a flow, all from the same standard x0
 * (scaled to the source inside) against the same `reference` target points (equal counts).
 */
export async function flowFigures(
  mlp: VelocityMlp,
  scheduler: Scheduler,
  x0: Points,
  reference: Points,
): Promise<FlowFigures> {
  const start = x0.map((v) => v * scheduler.sourceScale);
  const n = start.length / 2;
  const fine = await sampleFlow(mlp, start, { ...STRAIGHTNESS_GRID, scheduler, record: true });
  const one = await sampleFlow(mlp, start, { solver: 'euler', steps: 1, scheduler });
  const two = await sampleFlow(mlp, start, { solver: 'euler', steps: 2, scheduler });
  return {
    straightness: straightness(fine.trajectory!, n, fine.frames),
    w2Euler1: w2Of(one.x, reference),
    w2Euler2: w2Of(two.x, reference),
    oneStep: one.x,
  };
}

/** Builds a trainer of the running kind on fixed pairs (engine.createTrainer with `source`). */
export type TrainerFactory = (config: TrainerConfig, target: Points, source: Points) => AnyTrainer;

/** Hooks of a long reflow: a turn for other work between chunks, and a way to stop. */
export interface ReflowHooks {
  /** Awaited between training chunks (the worker answers its messages there). */
  pause?: () => Promise<void>;
  /** Checked between chunks: true stops with an error ('reflow was cancelled'). */
  cancelled?: () => boolean;
  /** Training progress of this round, 0–1. */
  progress?: (done: number) => void;
}

const CHUNK = 100;

/**
 * One reflow round: pairs from `teacher`'s sampled network, then a new trainer (same network,
 * path, σ around the path, batch, optimiser; seed + round) that starts from the teacher's
 * weights and trains `trainSteps` steps on the fixed pairs. The caller owns (and disposes)
 * the returned trainer. Throws when training diverges.
 */
export async function reflowRound(
  teacher: AnyTrainer,
  create: TrainerFactory,
  opts: ReflowOptions,
  round: number,
  hooks: ReflowHooks = {},
): Promise<AnyTrainer> {
  const base = teacher.settings;
  const seed = reflowSeed(base.seed, round);
  const pairs = await reflowPairs(
    teacher.sampleMlp,
    teacher.scheduler,
    opts.pairs,
    opts.pairSteps,
    createRng(seed + 7),
  );
  const config: TrainerConfig = { ...structuredClone(base), coupling: 'independent', seed };
  const student = create(config, pairs.x1, pairs.x0);
  try {
    // A warm start: the teacher already knows where mass goes; reflow straightens it.
    const weights = await teacher.sampleMlp.getWeights();
    await student.restore({
      version: 1,
      config: structuredClone(student.settings),
      step: 0,
      rngState: createRng(seed).state(),
      weights: weights.map((w) => Array.from(w)),
      optimizer: [],
      lossHistory: [],
    });
    while (student.step < opts.trainSteps) {
      if (hooks.cancelled?.()) throw new Error('reflow was cancelled');
      const stats = await student.train(Math.min(CHUNK, opts.trainSteps - student.step));
      if (stats.status === 'diverged') throw new Error(stats.message ?? 'reflow diverged');
      hooks.progress?.(student.step / opts.trainSteps);
      await hooks.pause?.();
    }
    return student;
  } catch (e) {
    student.dispose();
    throw e;
  }
}
