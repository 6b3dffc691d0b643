/**
 * Reflow (rectified flow, Liu, Gong & Liu 2022; docs/sigma-and-reflow.md): sample fixed pairs
 * (x0, x1 = ODE_θ(x0)) from a trained flow, train a second network on exactly those pairs on
 * the same path, and repeat. The new coupling is deterministic, so its conditional paths
 * cross less, the learned flow is straighter and one or two Euler steps land closer to the
 * target. Its settings are in flow/reflow.ts. Shared by the worker (the playground's Reflow button) and the headless trainer.
 */
import { labelsInProportion } from '../flow/guidance';
import { straightness, w2Exact } from '../flow/metrics';
import { reflowSeed, type ReflowOptions } from '../flow/reflow';
import { createRng, sampleNormal } from '../flow/rng';
import type { Points, Rng, Scheduler } from '../flow/types';
import type { AnyTrainer } from './engine';
import type { VelocityMlp } from './mlp';
import { sampleFlow } from './sampler';
import type { TrainerConfig } from './trainerConfig';

/**
 * Fixed pairs: x0 standard normal (as training draws it), x1 the flow's image of x0; for a
 * conditional network also the class c each pair was made with (x1 = ODE(x0; c)).
 */
export interface ReflowPairs {
  x0: Points;
  x1: Points;
  labels?: Uint8Array;
}

/**
 * n pairs (x0, x1 = ODE_θ(x0)): x0 ~ N(0, I) from `rng`, integrated from sourceScale·x0 (the
 * ODE's start, σ_max·x0 for VE) with RK4 over `steps` steps. x0 is kept unscaled, because
 * training forms xt = α_t x1 + σ_t x0 from a standard x0. A conditional network (classes ≥ 2)
 * needs `targetLabels`: then, after x0, labels c are drawn from `rng` in the target's class
 * proportions (`labelsInProportion`) and x1 = ODE(x0; c) follows the plain class field (w = 0).
 * An unconditional network draws nothing more (its pairs are unchanged).
 */
export async function reflowPairs(
  mlp: VelocityMlp,
  scheduler: Scheduler,
  n: number,
  steps: number,
  rng: Rng,
  targetLabels?: Uint8Array,
): Promise<ReflowPairs> {
  const x0 = sampleNormal(n, rng);
  const classes = mlp.config.classes ?? 0;
  if (classes > 0 && !targetLabels) {
    throw new Error('reflowing a conditional network needs the class labels of its target');
  }
  const labels = classes > 0 ? labelsInProportion(targetLabels!, classes, n, rng) : undefined;
  const start = x0.map((v) => v * scheduler.sourceScale);
  const cond = labels ? { labels, guidance: 0 } : {};
  const { x } = await sampleFlow(mlp, start, { solver: 'rk4', steps, scheduler, ...cond });
  if (!x.every(Number.isFinite)) throw new Error('the flow sent some points to infinity');
  return labels ? { x0, x1: x, labels } : { x0, x1: x };
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
 * With `labels` (a conditional network), particle i follows the class field v(x, t, cⁱ)
 * (w = 0); `reference` is then the labelled mixture the labels were drawn from.
 */
export async function flowFigures(
  mlp: VelocityMlp,
  scheduler: Scheduler,
  x0: Points,
  reference: Points,
  labels?: Uint8Array,
): Promise<FlowFigures> {
  const start = x0.map((v) => v * scheduler.sourceScale);
  const n = start.length / 2;
  const c = labels && (mlp.config.classes ?? 0) > 0 ? { labels, guidance: 0 } : {};
  const grid = { ...STRAIGHTNESS_GRID, scheduler, record: true, ...c };
  const fine = await sampleFlow(mlp, start, grid);
  const one = await sampleFlow(mlp, start, { solver: 'euler', steps: 1, scheduler, ...c });
  const two = await sampleFlow(mlp, start, { solver: 'euler', steps: 2, scheduler, ...c });
  return {
    straightness: straightness(fine.trajectory!, n, fine.frames),
    w2Euler1: w2Of(one.x, reference),
    w2Euler2: w2Of(two.x, reference),
    oneStep: one.x,
  };
}

/**
 * Builds a trainer of the running kind on fixed pairs (engine.createTrainer with `source`, and
 * for a conditional network the pairs' `labels`).
 */
export type TrainerFactory = (
  config: TrainerConfig,
  target: Points,
  source: Points,
  labels?: Uint8Array,
) => AnyTrainer;

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
 * weights and trains `trainSteps` steps on the fixed pairs. A conditional teacher needs
 * `targetLabels` (the original target's, for every round): its pairs carry their labels and
 * the student trains on them with the teacher's label dropout p, so it keeps a ∅ field for
 * guidance. The caller owns (and disposes) the returned trainer. Throws when training diverges.
 */
export async function reflowRound(
  teacher: AnyTrainer,
  create: TrainerFactory,
  opts: ReflowOptions,
  round: number,
  hooks: ReflowHooks = {},
  targetLabels?: Uint8Array,
): Promise<AnyTrainer> {
  const base = teacher.settings;
  const seed = reflowSeed(base.seed, round);
  const pairs = await reflowPairs(
    teacher.sampleMlp,
    teacher.scheduler,
    opts.pairs,
    opts.pairSteps,
    createRng(seed + 7),
    targetLabels,
  );
  const config: TrainerConfig = { ...structuredClone(base), coupling: 'independent', seed };
  const student = pairs.labels
    ? create(config, pairs.x1, pairs.x0, pairs.labels)
    : create(config, pairs.x1, pairs.x0);
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
